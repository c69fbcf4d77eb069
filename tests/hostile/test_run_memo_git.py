"""The run memo answers only a run whose git evidence is unchanged: fetching the rest of
a shallow clone keeps HEAD but changes what freshness rules read."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.hostile.conftest import run_guarded

AS_OF = "2026-11-27"
DOC = (
    "---\ntitle: {name}\ntype: runbook\nowner: t\nlast_reviewed: 2026-10-01\n"
    "review_cycle_days: 90\n---\n# {name}\n\nSteps.\n"
)


@pytest.mark.slow
def test_run_memo_is_not_reused_after_unshallow(tmp_path: Path) -> None:
    origin = GitRepo(tmp_path / "origin")
    origin.commit("Add A", date="2025-01-10", files={"ops-docs/a.md": DOC.format(name="A")})
    origin.commit("Add B", date="2026-11-01", files={"ops-docs/b.md": DOC.format(name="B")})
    repo = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin.path}", str(repo)],
        check=True,
        capture_output=True,
    )
    args = ("check", "--as-of", AS_OF, "--format", "json", "-j1")
    shallow = run_guarded(repo, *args)
    assert shallow.code in (0, 1), shallow.err
    assert "shallow" in shallow.err
    subprocess.run(["git", "fetch", "-q", "--unshallow"], cwd=repo, check=True, capture_output=True)
    fresh = run_guarded(repo, *args, "--no-cache")
    assert (fresh.out, fresh.err) != (shallow.out, shallow.err)  # the evidence did change
    memo = run_guarded(repo, *args)
    assert (memo.code, memo.out, memo.err) == (fresh.code, fresh.out, fresh.err)
