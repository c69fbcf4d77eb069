"""The code actions of ``ops-lint server``: a finding's fix, and a suppression comment."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from lsprotocol import types as lsp
from pygls.uris import from_fs_path, to_fs_path

from ops_lint.globs import posix_relpath
from ops_lint.lsp_edits import SUPPRESSION_DAYS, suppression_inserts
from ops_lint.lsp_fixes import from_data, place

if TYPE_CHECKING:
    from ops_lint.lsp_server import OpsLintServer

SOURCE = "ops-lint"


def code_actions(ls: OpsLintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    """For each ops-lint finding asked about: its fix, if it has one, and a suppression
    (with a reason and an expiry)."""
    uri = params.text_document.uri
    doc = ls.workspace.get_text_document(uri)
    lines = list(doc.lines)
    actions: list[lsp.CodeAction] = []
    for diag in params.context.diagnostics:
        if diag.source != SOURCE or not isinstance(diag.code, str):
            continue
        fixed = _fix_action(ls, uri, diag)
        if fixed is not None:
            actions.append(fixed)
        line = doc.range_from_client_units(diag.range).start.line
        inserts = suppression_inserts(lines, line, diag.code, dt.date.today())
        if inserts is None:
            continue  # in front-matter: only per-file-ignores in the config waive it
        edits = [
            lsp.TextEdit(lsp.Range(lsp.Position(index, 0), lsp.Position(index, 0)), text)
            for index, text in inserts
        ]
        actions.append(
            lsp.CodeAction(
                title=f"Suppress {diag.code} here ({SUPPRESSION_DAYS} days, with a reason)",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diag],
                edit=lsp.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions


def _fix_action(server: OpsLintServer, uri: str, diag: lsp.Diagnostic) -> lsp.CodeAction | None:
    """The finding's own fix, placed in the texts as they are now (None: it has none, or
    the text it expects is gone)."""
    fix = from_data(diag.data.get("fix")) if isinstance(diag.data, dict) else None
    root, path = server.project_root, to_fs_path(uri)
    if fix is None or root is None or path is None:
        return None
    placed = place(fix, posix_relpath(os.path.normpath(path), root), server.text_of)
    if placed is None:
        return None
    changes: dict[str, list[lsp.TextEdit]] = {}
    for rel, *span, new in placed:
        target = from_fs_path(os.path.join(root, rel)) or uri
        changes.setdefault(target, []).append(lsp.TextEdit(server.client_range(target, span), new))
    title = fix.title if fix.safe else f"{fix.title} (adds content to write)"
    return lsp.CodeAction(
        title=f"Fix: {title}",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=lsp.WorkspaceEdit(changes=changes),
        is_preferred=fix.safe,
    )
