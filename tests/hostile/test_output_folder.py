"""An output named on the command line is written where it is named: a committed folder
symlink cannot redirect ``-o reports/x.md`` out of the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_tree
from tests.hostile.conftest import run_guarded

DOC = "---\ntitle: A\n---\n# A\n"


@pytest.mark.slow
def test_symlinked_output_folder_out_of_the_checkout_is_refused(
    tmp_path: Path, marker: Path
) -> None:
    repo = tmp_path / "repo"
    write_tree(repo, {"ops-docs/a.md": DOC})
    (repo / "reports").symlink_to(marker.parent)  # committed: points out of the checkout
    result = run_guarded(repo, "check", "--no-git", "--no-cache", "-o", "reports/check.txt")
    assert result.code == 2, result.err
    assert "symlink out of the working directory" in result.err
    assert list(marker.parent.iterdir()) == []
    # named by its real path, the same folder is the user's own choice
    result = run_guarded(repo, "check", "--no-git", "--no-cache", "-o", str(marker))
    assert result.code in (0, 1), result.err
    assert marker.is_file()


@pytest.mark.slow
def test_output_folder_symlinked_inside_the_checkout_is_written(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_tree(repo, {"ops-docs/a.md": DOC, "out/.keep": ""})
    (repo / "reports").symlink_to("out")
    result = run_guarded(repo, "check", "--no-git", "--no-cache", "-o", "reports/check.txt")
    assert result.code in (0, 1), result.err
    assert (repo / "out/check.txt").is_file()
