"""``ops-lint drill``: exit codes, transcripts, JUnit, --record, and no drill elsewhere."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.drill.test_runner import RUNBOOK, block, make_project, runbook, tree_hash
from tests.gitrepo import GitRepo

BWRAP = shutil.which("bwrap")


@pytest.fixture(autouse=True)
def _sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    if BWRAP is not None:
        monkeypatch.setenv("OPS_LINT_BWRAP", BWRAP)


def _need_bwrap() -> None:
    if BWRAP is None:
        pytest.skip("bwrap (bubblewrap) is not installed")


def test_a_passing_drill_writes_its_transcript_and_changes_no_repository_file(
    tmp_path: Path, ops_lint: Any
) -> None:
    _need_bwrap()
    root = make_project(tmp_path, {"dlq.md": RUNBOOK})
    before = tree_hash(root)
    result = ops_lint(root, "drill", "--junit", "../junit.xml")
    assert result.code == 0, result.err
    assert "passed  ops-docs/runbooks/dlq.md (3 blocks)" in result.out
    assert tree_hash(root) == before
    data = json.loads((root / ".ops_lint_cache/drills/dlq.json").read_text())
    assert data["runbook"] == "ops-docs/runbooks/dlq.md"
    assert data["sandbox"] == "bwrap"
    assert data["verdict"] == "passed"
    assert data["started"].endswith("Z") and data["finished"] >= data["started"]
    first = data["blocks"][0]
    assert first["phase"] == "main" and first["line"] == 15
    assert first["stdout"] == "depth=1240\n" and first["exit"] == 0 == first["expected"]
    assert first["stub_calls"][0]["command"] == "aws"
    assert {"expect": "output", "value": "depth=1240", "met": True} in first["expectations"]
    suites = ET.parse(tmp_path / "junit.xml").getroot()
    (suite,) = suites.iter("testsuite")
    assert suite.get("name") == "ops-docs/runbooks/dlq.md"
    assert len(list(suite.iter("testcase"))) == 3
    assert suite.get("failures") == "0"


def test_a_failing_drill_exits_1_with_the_reason_in_junit(tmp_path: Path, ops_lint: Any) -> None:
    doc = runbook(block("# expect-output: ready\necho starting\n") + block("true\n", "verify"))
    root = make_project(tmp_path, {"f.md": doc})
    out = tmp_path / "out"
    result = ops_lint(root, "drill", "--no-sandbox", "-o", str(out), "--junit", "j.xml")
    assert result.code == 1
    assert "failed  ops-docs/runbooks/f.md: line 10: output lacks 'ready'" in result.out
    cases = list(ET.parse(root / "j.xml").getroot().iter("testcase"))
    assert len(cases) == 2
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("message") == "output lacks 'ready'"
    assert cases[1].find("skipped") is not None
    assert json.loads((out / "f.json").read_text())["sandbox"] == "none"


def test_a_static_error_exits_2(tmp_path: Path, ops_lint: Any) -> None:
    root = make_project(tmp_path, {"s.md": runbook(block("psql -c 'select 1'\n"))})
    result = ops_lint(root, "drill", "--no-sandbox", "--junit", "j.xml")
    assert result.code == 2
    assert "error   ops-docs/runbooks/s.md:" in result.out and "psql" in result.out
    (case,) = ET.parse(root / "j.xml").getroot().iter("testcase")
    error = case.find("error")
    assert error is not None and "psql" in str(error.get("message"))


def test_the_config_names_the_platform_and_the_output(tmp_path: Path, ops_lint: Any) -> None:
    root = make_project(tmp_path, {"dlq.md": RUNBOOK})
    (root / "ops-docs/drills/platform.yaml").rename(root / "stubs.yaml")
    config = "drill:\n  platform: stubs.yaml\n  output: evidence/drills\n"
    (root / ".ops-lint.yaml").write_text(config)
    result = ops_lint(root, "drill", "--no-sandbox")
    assert result.code == 0, result.out
    assert (root / "evidence/drills/dlq.json").is_file()
    (root / ".ops-lint.yaml").write_text("drill:\n  output: ../elsewhere\n")
    outside = ops_lint(root, "drill", "--no-sandbox")
    assert outside.code == 2 and "drill.output" in outside.err


def test_without_bwrap_the_command_refuses(
    tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPS_LINT_BWRAP", "")
    root = make_project(tmp_path, {"dlq.md": RUNBOOK})
    result = ops_lint(root, "drill")
    assert result.code == 2
    assert "--no-sandbox" in result.err
    assert not (root / ".ops_lint_cache").exists()
    unsandboxed = ops_lint(root, "drill", "--no-sandbox")
    assert unsandboxed.code == 0, unsandboxed.out
    assert "WITHOUT a sandbox" in unsandboxed.err
    data = json.loads((root / ".ops_lint_cache/drills/dlq.json").read_text())
    assert data["sandbox"] == "none"


def test_record_changes_only_the_dry_run_lines(tmp_path: Path, ops_lint: Any) -> None:
    original = RUNBOOK.replace(
        "drill:\n",
        "dry_run:\n  method: game day\n  last_run: 2026-01-01\n  result: failed\ndrill:\n",
    )
    root = make_project(tmp_path, {"dlq.md": original, "other.md": runbook("no drill\n")})
    other = (root / "ops-docs/runbooks/other.md").read_bytes()
    result = ops_lint(
        root, "drill", "--no-sandbox", "--record", "--by", "@cruiz", "--as-of", "2026-12-02"
    )
    assert result.code == 0, result.err
    after = (root / "ops-docs/runbooks/dlq.md").read_bytes()
    want = original.replace(
        "  last_run: 2026-01-01\n  result: failed\n",
        '  last_run: 2026-12-02\n  result: passed\n  by: "@cruiz"\n'
        '  evidence: "../../.ops_lint_cache/drills/dlq.json"\n',
    )
    assert after == want.encode()
    assert (root / "ops-docs/runbooks/other.md").read_bytes() == other


def test_record_needs_by(tmp_path: Path, ops_lint: Any) -> None:
    root = make_project(tmp_path, {"dlq.md": RUNBOOK})
    result = ops_lint(root, "drill", "--no-sandbox", "--record")
    assert result.code == 2 and "--by" in result.err


def test_check_and_the_hook_never_run_a_drill_block(tmp_path: Path, ops_lint: Any) -> None:
    marker = tmp_path / "executed-marker"
    root = tmp_path / "repo"
    repo = GitRepo(root)
    doc = runbook(block(f"touch {marker}\n"))
    repo.commit("runbook", date="2026-11-01", files={"ops-docs/runbooks/m.md": doc})
    (root / "ops-docs/runbooks/m.md").write_text(doc + block(f"touch {marker}.2\n"))
    result = ops_lint(root, "check", "--format", "json", "--as-of", "2026-12-02")
    assert result.code in (0, 1), result.err
    hook = ops_lint(root, "check", "--no-git", "--changed-from", "HEAD", "ops-docs/runbooks/m.md")
    assert hook.code in (0, 1), hook.err  # the pre-commit hook's command line
    assert not marker.exists() and not Path(f"{marker}.2").exists()
    ran = ops_lint(root, "drill", "--no-sandbox", "-o", str(tmp_path / "out"))
    assert ran.code == 0, ran.out  # the markers are real ones
    assert marker.exists() and Path(f"{marker}.2").exists()
    ran = ops_lint(root, "drill", "--no-sandbox")  # the marker is a real one
    assert ran.code == 0, ran.out
    assert marker.exists()


@pytest.mark.slow  # an inner pytest session
def test_the_pytest_plugin_never_runs_a_drill_block(
    tmp_path: Path, pytester: pytest.Pytester
) -> None:
    marker = tmp_path / "executed-marker"
    (pytester.path / ".git").mkdir()
    pytester.makefile(".md", **{"ops-docs/runbooks/m": runbook(block(f"touch {marker}\n"))})
    recorder = pytester.inline_run(
        "-p", "no:pytest-lsp", "-p", "no:asyncio", "--ops-lint", "--ops-lint-as-of", "2026-12-02"
    )
    assert recorder.getcalls("pytest_collection_finish")[0].session.items
    ran = [r for r in recorder.getreports("pytest_runtest_logreport") if r.when == "call"]
    assert ran and all("did not yield" not in str(r.longrepr) for r in ran)  # items really ran
    assert not marker.exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_one_line_per_block_on_a_terminal_only(
    tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = runbook(block("echo one\n") + block("# expect-output: two\necho one\n", "verify"))
    root = make_project(tmp_path, {"p.md": doc})
    quiet = ops_lint(root, "drill", "--no-sandbox")
    assert "main block" not in quiet.err and "ops-docs/runbooks/p.md\n" not in quiet.err
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    ops_lint(root, "drill", "--no-sandbox")
    lines = terminal.getvalue().splitlines()[1:]  # after the no-sandbox warning
    assert lines[0] == "ops-docs/runbooks/p.md"
    assert lines[1].startswith("  ok   main block, line 10 (")
    assert lines[2].startswith("  FAIL verify block, line 14 (")
    assert lines[2].endswith("output lacks 'two'")
