"""The suppression quick fix's comments, applied to real docs and linted again; unsaved
buffers standing in for the files on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from ops_lint.lsp_edits import REASON, suppression_inserts, token_at
from ops_lint.pipeline import RunOptions, lint
from tests.conftest import write_tree

TODAY = dt.date(2026, 12, 2)
UNTIL = "until=2027-03-02"


def _apply(text: str, inserts: list[tuple[int, str]]) -> str:
    lines = text.splitlines(keepends=True)
    for index, new in sorted(inserts, reverse=True):
        lines.insert(index, new)
    return "".join(lines)


def _findings(tmp_path: Path, text: str, on_disk: str | None = None) -> list[str]:
    config = {"docs": ["ops-docs"], "select": ["OPS004", "OPS9"]}
    write_tree(tmp_path, {".ops-lint.yaml": yaml.safe_dump(config)})
    write_tree(tmp_path, {"ops-docs/a.md": on_disk if on_disk is not None else text})
    path = str(tmp_path / "ops-docs" / "a.md")
    options = RunOptions(
        cwd=tmp_path, paths=(path,), as_of=TODAY, use_git=False, overrides=((path, text.encode()),)
    )
    return [f"{d.line}:{d.code}" for d in lint(options).report.diagnostics]


def test_the_buffer_stands_in_for_the_file(tmp_path: Path) -> None:
    assert _findings(tmp_path, "# Plan\n\nOwner: TBD.\n", on_disk="# Plan\n") == ["3:OPS004"]
    assert _findings(tmp_path, "# Plan\n", on_disk="# Plan\n\nOwner: TBD.\n") == []


CASES = {
    "prose": ("---\ntitle: P\n---\n# Plan\n\nThe owner is TBD.\n", 5),
    "list-item": ("# Plan\n\n1. Page the lead.\n2. Escalate to TBD.\n3. Close.\n", 3),
    "table-row": ("# Plan\n\n| Role | Who |\n|---|---|\n| Lead | TBD |\n| Deputy | Ana |\n", 4),
    "fenced-block": ("# Plan\n\n```yaml\nowner: TBD\n```\n\nDone.\n", 3),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_inserted_comment_waives_the_finding(name: str, tmp_path: Path) -> None:
    text, line = CASES[name]
    if name == "fenced-block":  # OPS004 leaves code alone: waive a prose line after it
        text = text.replace("Done.", "Done by TBD.")
        line = 6
    before = _findings(tmp_path, text)
    assert f"{line + 1}:OPS004" in before
    inserts = suppression_inserts(text.splitlines(keepends=True), line, "OPS004", TODAY)
    assert inserts is not None
    assert all(UNTIL in new or "enable" in new for _, new in inserts)
    assert _findings(tmp_path, _apply(text, inserts)) == []  # waived, nothing unused


def test_a_table_is_waived_as_a_block_and_stays_one_table() -> None:
    text, line = CASES["table-row"]
    inserts = suppression_inserts(text.splitlines(keepends=True), line, "OPS004", TODAY)
    assert inserts == [
        (2, f"<!-- ops-lint-disable OPS004 {UNTIL} -- {REASON} -->\n"),
        (6, "\n<!-- ops-lint-enable OPS004 -->\n"),
    ]


def test_a_fence_is_waived_as_a_block() -> None:
    lines = "# Plan\n\n```sh\nrm -rf /tmp/x\n```\n".splitlines(keepends=True)
    inserts = suppression_inserts(lines, 3, "OPS601", TODAY)
    assert inserts is not None and [i for i, _ in inserts] == [2, 5]


def test_a_later_list_item_keeps_the_comment_inside_the_list() -> None:
    text, line = CASES["list-item"]
    inserts = suppression_inserts(text.splitlines(keepends=True), line, "OPS004", TODAY)
    assert inserts is not None and inserts[0][1].startswith("   <!-- ops-lint-disable-next-line")


def test_no_comment_in_front_matter() -> None:
    lines = "---\nowner: TBD\n---\n# Plan\n".splitlines(keepends=True)
    assert suppression_inserts(lines, 1, "OPS004", TODAY) is None
    assert suppression_inserts(lines, 3, "OPS004", TODAY) is not None


def test_token_at() -> None:
    text = "<!-- ops-lint-disable OPS304, OPS101 -->"
    assert token_at(text, text.index("OPS304") + 2) == "OPS304"
    assert token_at(text, text.index("OPS101") + 6) == "OPS101"
    assert token_at(text, 0) is None
