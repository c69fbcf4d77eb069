"""Adopting on an existing repository: --baseline and --update-baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import write_tree

LEGACY = "# Legacy runbook\n\nOwner TBD.\n\nThreshold TBD.\n"


def check(ops_lint: Any, cwd: Path, *args: str) -> Any:
    return ops_lint(cwd, "check", "--format", "json", "--baseline", "baseline.json", *args)


def test_baseline_accepts_old_findings_and_fails_new_ones(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": LEGACY, ".ops-lint.yaml": "select: [OPS004]\n"})
    assert check(ops_lint, tmp_path).code == 2  # no baseline yet: a clear usage error
    assert check(ops_lint, tmp_path, "--update-baseline").code == 0
    recorded = json.loads((tmp_path / "baseline.json").read_text())
    assert [f["code"] for f in recorded["findings"]] == ["OPS004", "OPS004"]

    result = check(ops_lint, tmp_path)
    assert result.code == 0
    assert result.json()["diagnostics"] == []
    assert len(result.json()["baselined"]) == 2

    # Editing elsewhere moves the lines: the findings stay baselined.
    (tmp_path / "ops-docs/a.md").write_text("# Legacy runbook\n\nIntro.\n\n" + LEGACY[18:])
    moved = check(ops_lint, tmp_path)
    assert moved.code == 0 and len(moved.json()["baselined"]) == 2

    # A new finding fails.
    (tmp_path / "ops-docs/a.md").write_text(LEGACY + "\nRollback FIXME.\n")
    new = check(ops_lint, tmp_path)
    assert new.code == 1
    assert [d["line"] for d in new.json()["diagnostics"]] == [7]


def test_update_prunes_fixed_findings(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": LEGACY, ".ops-lint.yaml": "select: [OPS004]\n"})
    check(ops_lint, tmp_path, "--update-baseline")
    (tmp_path / "ops-docs/a.md").write_text(LEGACY.replace("Owner TBD.", "Owner: edi-ops."))
    check(ops_lint, tmp_path, "--update-baseline")
    recorded = json.loads((tmp_path / "baseline.json").read_text())
    assert len(recorded["findings"]) == 1
    text = ops_lint(tmp_path, "check", "--baseline", "baseline.json")
    assert "1 baselined" in text.out


def test_compliance_report_counts_baselined(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": LEGACY, ".ops-lint.yaml": "select: [OPS004]\n"})
    check(ops_lint, tmp_path, "--update-baseline")
    out = ops_lint(tmp_path, "check", "--format", "markdown", "--baseline", "baseline.json").out
    assert "2 baselined" in out


def test_malformed_baseline_is_a_usage_error(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": LEGACY, "baseline.json": '{"version": 9}'})
    result = check(ops_lint, tmp_path)
    assert result.code == 2 and "not an ops-lint baseline" in result.err
