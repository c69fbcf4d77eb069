"""``check --changed-from REV`` writes REV's files into the cache folder: a tree from a
pull request cannot make that write leave the folder, follow a link, or stay behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.hostile.conftest import run_guarded

DOC = "---\ntitle: {name}\n---\n# {name}\n\nText.\n"


@pytest.mark.slow
def test_rev_tree_with_links_out_of_the_project_writes_nothing_outside(
    tmp_path: Path, marker: Path
) -> None:
    outside = marker.parent
    repo = GitRepo(tmp_path / "repo")
    (repo.path / "ops-docs").mkdir()
    os.symlink(marker, repo.path / "ops-docs/evil.md")  # a file link out, dangling
    os.symlink(outside, repo.path / "ops-docs/out")  # a folder link out
    os.symlink("/dev/zero", repo.path / "ops-docs/zero.md")
    repo.commit("Hostile tree", date="2026-01-05", files={"ops-docs/a.md": DOC.format(name="A")})
    (repo.path / "ops-docs/a.md").write_text(DOC.format(name="A") + "\nTBD\n")
    result = run_guarded(repo.path, "check", "--no-git", "--changed-from", "HEAD", "ops-docs/a.md")
    assert result.code == 1, result.err
    assert "OPS004" in result.out and "Traceback" not in result.err
    assert list(outside.iterdir()) == []  # nothing written through either link
    assert not marker.exists()
    cache = repo.path / ".ops_lint_cache"
    leftovers = [p.name for p in cache.iterdir() if p.is_dir()] if cache.is_dir() else []
    assert leftovers == []  # the snapshot is removed after the run


@pytest.mark.slow
def test_committed_cache_folder_link_is_never_written_through(tmp_path: Path, marker: Path) -> None:
    outside = marker.parent
    repo = GitRepo(tmp_path / "repo")
    os.symlink(outside, repo.path / ".ops_lint_cache")
    repo.commit("Add docs", date="2026-01-05", files={"ops-docs/a.md": DOC.format(name="A")})
    (repo.path / "ops-docs/a.md").write_text(DOC.format(name="A") + "\nTBD\n")
    result = run_guarded(repo.path, "check", "--no-git", "--changed-from", "HEAD", "ops-docs/a.md")
    assert result.code == 1, result.err
    assert "OPS004" in result.out and "Traceback" not in result.err
    assert "reporting every finding" in result.err  # said, and the safe side taken
    assert list(outside.iterdir()) == []
