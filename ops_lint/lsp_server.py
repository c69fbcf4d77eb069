"""``ops-lint server``: the language server (LSP over stdio) for editors.

On open, change (after a pause in typing) and save, the open docs are linted by the same
pipeline as ``ops-lint check``: the whole doc set is read so that rules across documents
work, the editor's unsaved text standing in for the files on disk, and the findings of the
open docs are published as diagnostics. Hover on a finding (or on a rule code written in
the doc) shows the rule's docs, as ``ops-lint rules CODE`` prints them. Code actions
(``lsp_actions``) apply a finding's fix or add a suppression comment. Only these modules
import the LSP library, and only ``ops-lint server`` imports them.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from ops_lint import __version__
from ops_lint.diagnostic import Diagnostic, Severity
from ops_lint.errors import UsageError
from ops_lint.globs import posix_relpath
from ops_lint.lsp_actions import SOURCE, code_actions
from ops_lint.lsp_edits import token_at
from ops_lint.lsp_fixes import to_data
from ops_lint.packs import Rule

DEBOUNCE_SECONDS = 0.3
_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


class OpsLintServer(LanguageServer):
    """The server's state: the workspace root, the rules of the last run, the pending run."""

    def __init__(self, config: str | None) -> None:
        super().__init__("ops-lint", __version__)
        self.config_file = config
        self.rules: list[Rule] = []
        self.generation = 0  # bumped by every edit: a run only goes ahead if it is the last
        self.lock = asyncio.Lock()
        self.reported: str | None = None  # the last configuration error shown
        self.published: dict[str, list[lsp.Diagnostic]] = {}  # by URI, for hover
        self.project_root: str | None = None  # the root of the last run's config

    @property
    def root(self) -> Path:
        """The workspace root the editor gave (else its first folder, else the server's
        working directory): the config is looked up from there."""
        if self.workspace.root_path:
            return Path(self.workspace.root_path)
        folders = [to_fs_path(f.uri) for f in self.workspace.folders.values()]
        return Path(next((f for f in folders if f), None) or os.getcwd())

    def open_docs(self) -> dict[str, TextDocument]:
        """The open buffers of files that exist, by absolute path."""
        out: dict[str, TextDocument] = {}
        for uri, doc in self.workspace.text_documents.items():
            path = to_fs_path(uri) if uri.startswith("file:") else None
            if path is not None and os.path.isfile(path):
                out[os.path.normpath(path)] = doc
        return out

    def schedule(self, delay: float) -> None:
        self.generation += 1
        asyncio.get_running_loop().create_task(self.refresh(self.generation, delay))

    async def refresh(self, generation: int, delay: float) -> None:
        """Lint the open docs and publish their findings, unless a later edit came in."""
        if delay:
            await asyncio.sleep(delay)
        async with self.lock:
            if generation != self.generation:
                return  # a later edit has its own run queued
            docs = self.open_docs()
            if not docs:
                return
            try:
                found = await asyncio.to_thread(self.lint, docs)
            except UsageError as exc:
                self.config_problem(str(exc))
                return
            except Exception as exc:  # a bug: say so, keep serving
                self.log(f"internal error: {type(exc).__name__}: {exc}")
                return
        for path, doc in docs.items():
            items = [to_lsp(d, doc) for d in found.get(path, [])]
            self.published[doc.uri] = items
            params = lsp.PublishDiagnosticsParams(doc.uri, items, doc.version)
            self.text_document_publish_diagnostics(params)

    def lint(self, docs: dict[str, TextDocument]) -> dict[str, list[Diagnostic]]:
        """The findings of each open doc, by absolute path (runs in a worker thread)."""
        from ops_lint.pipeline import RunOptions, lint

        options = RunOptions(
            cwd=self.root,
            paths=tuple(sorted(docs)),
            config=self.config_file,
            overrides=tuple(
                (p, d.source.encode("utf-8", "surrogateescape")) for p, d in docs.items()
            ),
            jobs=1,  # no worker processes forked from the server's threads
            memo=False,  # a recalled run's findings carry no fix
        )
        result = lint(options)
        self.rules, self.project_root = result.rules, str(result.loaded.root)
        self.reported = None
        found: dict[str, list[Diagnostic]] = {}
        for diag in result.report.diagnostics:
            path = os.path.normpath(os.path.join(result.loaded.root, diag.path))
            found.setdefault(path, []).append(diag)
        return found

    def config_problem(self, message: str) -> None:
        if message != self.reported:  # once, not at every keystroke
            self.reported = message
            text = f"ops-lint: {message}"
            self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, text))
        self.log(message)

    def log(self, message: str) -> None:
        self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Log, f"ops-lint: {message}"))

    def text_of(self, rel: str) -> str | None:
        """The text of the project file ``rel``: the editor's buffer, else the file (read
        as ``check`` reads side files: inside the project, bounded)."""
        from ops_lint.safe_files import read_bytes

        root = self.project_root or str(self.root)
        abspath = os.path.normpath(os.path.join(root, rel))
        uri = from_fs_path(abspath)
        if uri is not None and uri in self.workspace.text_documents:
            return str(self.workspace.text_documents[uri].source)
        try:
            return read_bytes(abspath, root).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def client_range(self, uri: str, span: list[int]) -> lsp.Range:
        """A range of code points in ``uri``'s current text, in the editor's units."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            codec = self.workspace.position_codec
            doc = TextDocument(uri, source=self.text_of_uri(uri), position_codec=codec)
        start, end = ServerTextPosition(*span[:2]), ServerTextPosition(*span[2:])
        found: lsp.Range = doc.range_to_client_units(ServerTextRange(start, end))
        return found

    def text_of_uri(self, uri: str) -> str:
        path, root = to_fs_path(uri), self.project_root
        found = self.text_of(posix_relpath(path, root)) if path and root else None
        return found or ""

    def rule_docs(self, code: str) -> str | None:
        """What ``ops-lint rules CODE`` prints, or None for a code no rule has."""
        from ops_lint.rule_docs import explain

        rules = self.rules or self.load_rules()
        found = [r for r in rules if r.code == code]
        return explain(found[0], rules) if found else None

    def load_rules(self) -> list[Rule]:
        from ops_lint import config as config_mod
        from ops_lint.packs import load_rules

        try:
            self.rules = load_rules(config_mod.load(self.config_file, self.root))
        except UsageError as exc:
            self.config_problem(str(exc))
        return self.rules


def to_lsp(diag: Diagnostic, doc: TextDocument) -> lsp.Diagnostic:
    """A finding as the editor shows it: from its column to the end of its line."""
    lines = doc.lines
    line = max(0, min(diag.line - 1, len(lines) - 1)) if lines else 0
    text = lines[line].rstrip("\r\n") if lines else ""
    start = max(0, min(diag.column - 1, len(text)))
    end = len(text) if len(text) > start else start
    span = ServerTextRange(ServerTextPosition(line, start), ServerTextPosition(line, end))
    message = f"{diag.message}\n{diag.hint}" if diag.hint else diag.message
    return lsp.Diagnostic(
        range=doc.range_to_client_units(span),
        message=message,
        severity=_SEVERITY[diag.severity],
        code=diag.code,
        source=SOURCE,
        data={"rule": diag.rule, **({"fix": to_data(diag.fix)} if diag.fix else {})},
    )


def hover(ls: OpsLintServer, params: lsp.HoverParams) -> lsp.Hover | None:
    """The docs of the rule code under the cursor, else of the finding there."""
    doc = ls.workspace.get_text_document(params.text_document.uri)
    where = doc.position_from_client_units(params.position)
    text = doc.lines[where.line] if where.line < len(doc.lines) else ""
    code = token_at(text, where.character)
    docs = ls.rule_docs(code) if code else None
    if docs is None:
        docs = next(filter(None, (ls.rule_docs(c) for c in _codes_at(ls, doc, where))), None)
    if docs is None:
        return None
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.PlainText, docs))


def _codes_at(server: OpsLintServer, doc: TextDocument, where: ServerTextPosition) -> list[str]:
    codes: list[str] = []
    for diag in server.published.get(doc.uri, []):
        span = doc.range_from_client_units(diag.range)
        if span.start.line <= where.line <= span.end.line and isinstance(diag.code, str):
            codes.append(diag.code)
    return codes


def build(config: str | None) -> OpsLintServer:
    server = OpsLintServer(config)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: OpsLintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: OpsLintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(DEBOUNCE_SECONDS)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: OpsLintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.schedule(0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: OpsLintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.published.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))

    server.feature(lsp.TEXT_DOCUMENT_HOVER)(hover)
    kinds = lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix])
    server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, kinds)(code_actions)
    return server


def serve(config: str | None) -> int:
    """Serve one editor over stdin and stdout until it shuts the server down."""
    build(config).start_io()
    return 0
