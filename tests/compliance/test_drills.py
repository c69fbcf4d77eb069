"""The bundled runbooks are rehearsed offline, exactly as written, and a broken step fails
the drill for the right reason.

Each test drills a copy of ops-docs/ (transcripts go to the copy's cache folder). Under
bwrap when the machine has it; else with ``--no-sandbox``: the content is this
repository's own, and the unsandboxed path is what a machine without bubblewrap runs.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from ops_lint.document import from_bytes
from ops_lint.drill.convention import drill_plan, has_drill_blocks
from tests.conftest import ROOT

BWRAP = shutil.which("bwrap")
SANDBOX = () if BWRAP else ("--no-sandbox",)
DLQ = "runbooks/routing-dlq-backlog.md"
INGESTION = "runbooks/ingestion-outage.md"


def _copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if BWRAP:
        monkeypatch.setenv("OPS_LINT_BWRAP", BWRAP)
    shutil.copytree(ROOT / "ops-docs", tmp_path / "ops-docs")
    return tmp_path / "ops-docs"


def _drill(ops_lint: Any, root: Path, *runbooks: str) -> tuple[Any, dict[str, Any]]:
    out = root / "transcripts"
    paths = [f"ops-docs/{r}" for r in runbooks]
    result = ops_lint(root, "drill", *SANDBOX, "--output", str(out), *paths)
    transcripts = {}
    for path in out.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        transcripts[data["runbook"]] = data
    return result, transcripts


def _failed_block(transcript: dict[str, Any]) -> dict[str, Any]:
    return next(b for b in transcript["blocks"] if b["verdict"] != "passed")


def test_every_bundled_runbook_has_drill_blocks() -> None:
    runbooks = sorted((ROOT / "ops-docs" / "runbooks").glob("*.md"))
    assert runbooks
    docs = [from_bytes(p.name, str(p), p.read_bytes(), 5_000_000) for p in runbooks]
    without = [d.path for d in docs if not has_drill_blocks(d)]
    assert without == []
    # each rehearses its main path and its rollback
    phases = {d.path: {b.phase for b in drill_plan(d, None).blocks} for d in docs}
    assert {path: p for path, p in phases.items() if not {"main", "rollback"} <= p} == {}


def test_one_runbook_drills_green(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ops_lint: Any
) -> None:
    docs = _copy(tmp_path, monkeypatch)
    result, transcripts = _drill(ops_lint, docs.parent, DLQ)
    assert result.code == 0, result.out + result.err
    (transcript,) = transcripts.values()
    assert transcript["verdict"] == "passed"
    assert transcript["sandbox"] == ("bwrap" if BWRAP else "none")
    phases = {b["phase"] for b in transcript["blocks"]}
    assert {"main", "rollback"} <= phases
    assert any(call["command"] == "aws" for b in transcript["blocks"] for call in b["stub_calls"])


@pytest.mark.slow
def test_every_bundled_runbook_drills_green(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ops_lint: Any
) -> None:
    docs = _copy(tmp_path, monkeypatch)
    result, transcripts = _drill(ops_lint, docs.parent)
    assert result.code == 0, result.out + result.err
    expected = {f"ops-docs/runbooks/{p.name}" for p in (docs / "runbooks").glob("*.md")}
    assert set(transcripts) == expected
    assert {t["verdict"] for t in transcripts.values()} == {"passed"}


def test_a_wrong_queue_name_fails_the_drill_at_that_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ops_lint: Any
) -> None:
    docs = _copy(tmp_path, monkeypatch)
    path = docs / DLQ
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(r"edi-route-dlq\b", "edi-routing-dlq", text)
    assert count
    path.write_text(changed, encoding="utf-8")
    result, transcripts = _drill(ops_lint, docs.parent, DLQ)
    assert result.code == 1, result.out + result.err
    failed = _failed_block(transcripts[f"ops-docs/{DLQ}"])
    assert "NonExistentQueue" in failed["stderr"] + failed["stdout"], failed


@pytest.mark.slow
def test_a_missing_flag_fails_the_drill_at_that_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ops_lint: Any
) -> None:
    docs = _copy(tmp_path, monkeypatch)
    path = docs / INGESTION
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(r"(edictl ingest rescan[^\n]*?) --channel \S+", r"\1", text)
    assert count, "the rescan step lost its --channel flag in the runbook itself"
    path.write_text(changed, encoding="utf-8")
    result, transcripts = _drill(ops_lint, docs.parent, INGESTION)
    assert result.code == 1, result.out + result.err
    failed = _failed_block(transcripts[f"ops-docs/{INGESTION}"])
    assert "--channel" in failed["stderr"] + failed["stdout"], failed
