"""``ops-lint server`` driven by a real LSP client over stdio (``python -m ops_lint server``)."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
import yaml
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.conftest import run_cli, write_tree

PLAN = "ops-docs/plan.md"
PLAN_TEXT = "---\ntitle: Plan\n---\n# Plan\n\nThe owner is TBD.\n"
HANDOVER = (
    "---\ntype: handover\n---\n# EDI\n\n## Runbook Inventory\n\n"
    "| Runbook | Trigger | Owner |\n|---|---|---|\n| [A](../runbooks/a.md) | x | edi-l2 |\n"
)
RUNBOOK_B = "---\ntype: runbook\n---\n# B\n\nRestart the consumer.\n"
RUNBOOK_C = "---\ntype: runbook\ntrigger: CertExpiry\nowner: edi-l2\n---\n# Cert rotation\n"
DOCS = {
    PLAN: PLAN_TEXT,
    "ops-docs/runbooks/c.md": RUNBOOK_C,
    "ops-docs/handover/edi.md": HANDOVER,
    "ops-docs/runbooks/a.md": "---\ntype: runbook\n---\n# A\n",
    "ops-docs/runbooks/b.md": RUNBOOK_B,
}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    write_tree(tmp_path, DOCS)
    config = {"docs": ["ops-docs"], "select": ["OPS004", "OPS304"]}
    (tmp_path / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp_path


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "ops_lint", "server"])
)
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    params = lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=workspace.as_uri(),
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, workspace: Path, rel: str) -> str:
    uri = (workspace / rel).as_uri()
    item = lsp.TextDocumentItem(uri, "markdown", 1, DOCS[rel])
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(item))
    return uri


async def _published(client: LanguageClient, uri: str) -> Sequence[lsp.Diagnostic]:
    """The next diagnostics published for ``uri``."""
    client.diagnostics.pop(uri, None)
    async with asyncio.timeout(30):
        while uri not in client.diagnostics:
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


@pytest.mark.asyncio(loop_scope="function")
async def test_diagnostics_on_open_then_cleared_by_an_edit(
    client: LanguageClient, workspace: Path
) -> None:
    waiting = asyncio.ensure_future(_published(client, (workspace / PLAN).as_uri()))
    uri = _open(client, workspace, PLAN)
    found = await waiting
    assert [(d.code, d.source, d.range.start.line, d.range.start.character) for d in found] == [
        ("OPS004", "ops-lint", 5, 13)
    ]
    assert found[0].severity == lsp.DiagnosticSeverity.Error
    assert "TBD" in found[0].message

    waiting = asyncio.ensure_future(_published(client, uri))
    fixed = lsp.TextDocumentContentChangeWholeDocument(PLAN_TEXT.replace("TBD", "edi-l2"))
    doc = lsp.VersionedTextDocumentIdentifier(uri=uri, version=2)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(doc, [fixed]))
    assert list(await waiting) == []  # the unsaved buffer, not the file on disk
    assert "TBD" in (workspace / PLAN).read_text(encoding="utf-8")


@pytest.mark.asyncio(loop_scope="function")
async def test_cross_file_finding_runbook_not_in_the_inventory(
    client: LanguageClient, workspace: Path
) -> None:
    rel = "ops-docs/runbooks/b.md"
    waiting = asyncio.ensure_future(_published(client, (workspace / rel).as_uri()))
    _open(client, workspace, rel)
    found = await waiting
    assert [d.code for d in found] == ["OPS304"]
    assert "ops-docs/handover/edi.md" in found[0].message

    # the inventory is edited in the editor, not saved: the runbook's finding goes
    handover = "ops-docs/handover/edi.md"
    uri = _open(client, workspace, handover)
    waiting = asyncio.ensure_future(_published(client, (workspace / rel).as_uri()))
    row = HANDOVER + "| [B](../runbooks/b.md) | y | edi-l2 |\n"
    doc = lsp.VersionedTextDocumentIdentifier(uri=uri, version=2)
    change = lsp.TextDocumentContentChangeWholeDocument(row)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(doc, [change]))
    while list(found := await waiting):  # the open of the inventory may publish first
        waiting = asyncio.ensure_future(_published(client, (workspace / rel).as_uri()))
    assert list(found) == []


async def _hover(client: LanguageClient, uri: str, line: int, character: int) -> str | None:
    params = lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(line, character))
    hover = await client.text_document_hover_async(params)
    if hover is None:
        return None
    assert isinstance(hover.contents, lsp.MarkupContent)
    return hover.contents.value


@pytest.mark.slow  # an LSP server per test: the core run keeps two
@pytest.mark.asyncio(loop_scope="function")
async def test_hover_shows_the_rule_docs(client: LanguageClient, workspace: Path) -> None:
    waiting = asyncio.ensure_future(_published(client, (workspace / PLAN).as_uri()))
    uri = _open(client, workspace, PLAN)
    await waiting
    on_finding = await _hover(client, uri, 5, 15)
    assert on_finding is not None
    assert on_finding.rstrip() == run_cli(workspace, "rules", "OPS004").out.rstrip()
    assert await _hover(client, uri, 3, 3) is None  # no finding, no code there

    # a rule code written in the doc (a suppression comment, say): that rule's docs
    waiting = asyncio.ensure_future(_published(client, uri))
    text = PLAN_TEXT + "\nSee OPS304 for the inventory.\n"
    doc = lsp.VersionedTextDocumentIdentifier(uri=uri, version=2)
    change = lsp.TextDocumentContentChangeWholeDocument(text)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(doc, [change]))
    await waiting
    on_code = await _hover(client, uri, 7, 6)
    assert on_code is not None and on_code.startswith("OPS304 runbook-not-in-inventory")


@pytest.mark.slow  # an LSP server per test: the core run keeps two
@pytest.mark.asyncio(loop_scope="function")
async def test_suppression_code_action(client: LanguageClient, workspace: Path) -> None:
    waiting = asyncio.ensure_future(_published(client, (workspace / PLAN).as_uri()))
    uri = _open(client, workspace, PLAN)
    found = list(await waiting)
    params = lsp.CodeActionParams(
        lsp.TextDocumentIdentifier(uri), found[0].range, lsp.CodeActionContext(found)
    )
    actions = await client.text_document_code_action_async(params)
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, lsp.CodeAction) and action.edit and action.edit.changes
    until = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    [edit] = action.edit.changes[uri]
    assert edit.range == lsp.Range(lsp.Position(5, 0), lsp.Position(5, 0))
    assert edit.new_text.startswith(f"<!-- ops-lint-disable-next-line OPS004 until={until} -- ")

    # applied and saved, the finding is waived and the suppression is not reported
    lines = PLAN_TEXT.splitlines(keepends=True)
    lines.insert(5, edit.new_text)
    (workspace / PLAN).write_text("".join(lines), encoding="utf-8")
    waiting = asyncio.ensure_future(_published(client, uri))
    doc = lsp.VersionedTextDocumentIdentifier(uri=uri, version=2)
    change = lsp.TextDocumentContentChangeWholeDocument("".join(lines))
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(doc, [change]))
    assert list(await waiting) == []


@pytest.mark.slow  # an LSP server per test: the core run keeps two
@pytest.mark.asyncio(loop_scope="function")
async def test_a_config_error_is_shown_once(client: LanguageClient, workspace: Path) -> None:
    (workspace / ".ops-lint.yaml").write_text("select: [OPS004\n", encoding="utf-8")
    uri = _open(client, workspace, PLAN)
    for version in (2, 3):  # two edits, two runs: one message
        doc = lsp.VersionedTextDocumentIdentifier(uri=uri, version=version)
        change = lsp.TextDocumentContentChangeWholeDocument(PLAN_TEXT + "\n" * version)
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(doc, [change]))
        async with asyncio.timeout(30):
            while sum("ops-lint:" in m.message for m in client.log_messages) < version:
                await client.wait_for_notification(lsp.WINDOW_LOG_MESSAGE)
    shown = [m for m in client.messages if m.type == lsp.MessageType.Error]
    assert len(shown) == 1 and ".ops-lint.yaml" in shown[0].message
    assert uri not in client.diagnostics


@pytest.mark.slow  # an LSP server per test: the core run keeps two
@pytest.mark.asyncio(loop_scope="function")
async def test_a_findings_fix_is_a_quick_fix_across_files(
    client: LanguageClient, workspace: Path
) -> None:
    rel, handover = "ops-docs/runbooks/c.md", (workspace / "ops-docs/handover/edi.md").as_uri()
    waiting = asyncio.ensure_future(_published(client, (workspace / rel).as_uri()))
    uri = _open(client, workspace, rel)
    assert [d.code for d in await waiting] == ["OPS304"]
    # the same text again: the run is not recalled from memory without its fixes
    waiting = asyncio.ensure_future(_published(client, uri))
    doc = lsp.VersionedTextDocumentIdentifier(uri=uri, version=2)
    change = lsp.TextDocumentContentChangeWholeDocument(RUNBOOK_C)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(doc, [change]))
    found = list(await waiting)
    params = lsp.CodeActionParams(
        lsp.TextDocumentIdentifier(uri), found[0].range, lsp.CodeActionContext(found)
    )
    actions = await client.text_document_code_action_async(params)
    assert actions is not None
    fixes = [a for a in actions if isinstance(a, lsp.CodeAction) and a.title.startswith("Fix")]
    assert len(fixes) == 1 and fixes[0].is_preferred
    assert fixes[0].edit is not None and fixes[0].edit.changes is not None
    [edit] = fixes[0].edit.changes[handover]  # the row goes into the handover doc
    assert edit.range == lsp.Range(lsp.Position(10, 0), lsp.Position(10, 0))
    assert edit.new_text == "| [Cert rotation](../runbooks/c.md) | CertExpiry | edi-l2 |\n"
