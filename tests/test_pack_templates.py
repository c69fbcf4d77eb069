"""A pack entry's ``message`` and ``hint`` replace the check's texts in every finding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_tree

DOC = "# A\n\nTBD\n"
RULE = "  - {code: OPS700, name: my-rule, check: placeholders, summary: x, severity: error%s}\n"


def _finding(tmp_path: Path, ops_lint: Any, extra: str) -> dict[str, Any]:
    write_tree(
        tmp_path,
        {
            "ops-docs/a.md": DOC,
            "packs/mine.yaml": "pack: mine\nrules:\n" + RULE % extra,
            ".ops-lint.yaml": "packs: [packs/mine.yaml]\n",
        },
    )
    result = ops_lint(tmp_path, "check", "--format", "json")
    assert result.code == 1, result.err
    (diag,) = result.json()["diagnostics"]
    assert diag["code"] == "OPS700"
    return dict(diag)


def test_without_templates_the_check_speaks(tmp_path: Path, ops_lint: Any) -> None:
    diag = _finding(tmp_path, ops_lint, "")
    assert "TBD" in diag["message"] and diag["hint"]


@pytest.mark.parametrize(
    ("extra", "message", "hint"),
    [
        (", message: 'Team policy: {message}'", "Team policy: {original}", "{hint}"),
        (
            ", message: 'Fill in the runbook before release'",
            "Fill in the runbook before release",
            "{hint}",
        ),
        (", hint: 'ask #ops-docs for the value'", "{original}", "ask #ops-docs for the value"),
        (", message: '[{message}] {message}', hint: 'h'", "[{original}] {original}", "h"),
    ],
    ids=["message-wraps-original", "message-replaces", "hint-replaces", "both"],
)
def test_message_and_hint_templates(
    extra: str, message: str, hint: str, tmp_path: Path, ops_lint: Any
) -> None:
    plain = _finding(tmp_path / "plain", ops_lint, "")
    diag = _finding(tmp_path / "templated", ops_lint, extra)
    assert diag["message"] == message.format(original=plain["message"])
    assert diag["hint"] == hint.format(hint=plain["hint"])
    assert (diag["line"], diag["column"]) == (plain["line"], plain["column"])
