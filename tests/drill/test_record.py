"""``--record``: only the dry_run keys change, every other byte stays."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint.drill import DrillError
from ops_lint.drill.record import record

DAY = dt.date(2026, 12, 2)
HEAD = "---\ntitle: T  # keep this comment\ntype: runbook\n"
TAIL = "owner: team\n---\n\n# T\n\ndry_run:\n  last_run: not front-matter\n"


def _record(tmp_path: Path, text: str | bytes, result: str = "passed") -> bytes:
    path = tmp_path / "ops-docs" / "runbooks" / "r.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    evidence = tmp_path / ".ops_lint_cache" / "drills" / "r.json"
    record(path, by="cruiz", as_of=DAY, result=result, evidence=evidence)
    return path.read_bytes()


def _front(data: bytes) -> dict[str, object]:
    loaded = yaml.safe_load(data.decode().split("---")[1])
    assert isinstance(loaded, dict)
    return loaded


WANT = {
    "last_run": DAY,
    "result": "passed",
    "by": "@cruiz",
    "evidence": "../../.ops_lint_cache/drills/r.json",
}


def test_only_the_four_lines_change(tmp_path: Path) -> None:
    before = (
        HEAD + "dry_run:\n"
        '  method: "game day"   # staging\n'
        "  last_run: 2026-01-01\n"
        "  result: failed\n"
        "  by: '@ana'\n"
        "  evidence: https://tickets.example.org/OPS-1\n"
        "  valid_days: 90\n" + TAIL
    )
    after = _record(tmp_path, before)
    want = before.replace("2026-01-01", "2026-12-02").replace("result: failed", "result: passed")
    want = want.replace("by: '@ana'", 'by: "@cruiz"')
    want = want.replace(
        "https://tickets.example.org/OPS-1", '"../../.ops_lint_cache/drills/r.json"'
    )
    assert after == want.encode()


def test_missing_keys_are_added_at_the_end_of_the_mapping(tmp_path: Path) -> None:
    before = HEAD + "dry_run:\n    method: game day\n    valid_days: 90\n\n" + TAIL
    after = _record(tmp_path, before, "failed")
    lines_before = before.encode().splitlines(keepends=True)
    lines_after = after.splitlines(keepends=True)
    added = [line for line in lines_after if line not in lines_before]
    assert added == [
        b"    last_run: 2026-12-02\n",
        b"    result: failed\n",
        b'    by: "@cruiz"\n',
        b'    evidence: "../../.ops_lint_cache/drills/r.json"\n',
    ]
    assert after.replace(b"".join(added), b"") == before.encode()
    assert _front(after)["dry_run"] == {
        "method": "game day",
        "valid_days": 90,
        **WANT,
        "result": "failed",
    }


def test_a_runbook_without_dry_run_gets_one(tmp_path: Path) -> None:
    after = _record(tmp_path, HEAD + TAIL)
    assert _front(after)["dry_run"] == WANT
    assert after.decode().endswith(TAIL.split("---\n", 1)[1])
    assert after.startswith(HEAD.encode())


def test_crlf_line_endings_are_kept(tmp_path: Path) -> None:
    before = (HEAD + "dry_run:\n  last_run: 2026-01-01\n  result: failed\n" + TAIL).replace(
        "\n", "\r\n"
    )
    after = _record(tmp_path, before.encode())
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert _front(after.replace(b"\r\n", b"\n"))["dry_run"] == WANT


def test_an_old_multi_line_value_is_replaced_whole(tmp_path: Path) -> None:
    before = (
        HEAD + "dry_run:\n  evidence: >\n    see the ticket\n\n    and the recording\n"
        "  valid_days: 30\n" + TAIL
    )
    after = _record(tmp_path, before)
    assert b"recording" not in after
    assert _front(after)["dry_run"] == {**WANT, "valid_days": 30}


@pytest.mark.parametrize(
    "value", ["dry_run: {last_run: 2026-01-01, result: passed}\n", "dry_run: game day\n"]
)
def test_a_dry_run_not_in_block_style_is_left_alone(tmp_path: Path, value: str) -> None:
    path = tmp_path / "r.md"
    path.write_text(HEAD + value + TAIL)
    with pytest.raises(DrillError, match="not a block mapping"):
        record(path, by="@a", as_of=DAY, result="passed", evidence=tmp_path / "t.json")
    assert path.read_text() == HEAD + value + TAIL


def test_the_freshness_report_shows_the_recorded_drill(tmp_path: Path, ops_lint: Any) -> None:
    from tests.drill.test_runner import RUNBOOK, make_project

    root = make_project(tmp_path, {"dlq.md": RUNBOOK})
    before = ops_lint(root, "freshness", "--format", "json", "--as-of", "2026-12-02")
    (doc,) = [d for d in json.loads(before.out)["docs"] if d["path"].endswith("dlq.md")]
    assert doc["last_drill"] is None
    ran = ops_lint(
        root, "drill", "--no-sandbox", "--record", "--by", "@cruiz", "--as-of", "2026-12-02"
    )
    assert ran.code == 0, ran.err
    after = ops_lint(root, "freshness", "--format", "json", "--as-of", "2026-12-02")
    (doc,) = [d for d in json.loads(after.out)["docs"] if d["path"].endswith("dlq.md")]
    assert doc["last_drill"] == {"date": "2026-12-02", "result": "passed"}
    table = ops_lint(root, "freshness", "--format", "markdown", "--as-of", "2026-12-02")
    assert "| 2026-12-02 passed |" in table.out
