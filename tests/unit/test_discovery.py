"""Discovery: the doc roots, include/exclude patterns, and what is never read."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from ops_lint import discovery
from ops_lint.config import Config, LoadedConfig
from ops_lint.errors import UsageError
from tests.conftest import write_tree


def _loaded(root: Path, **settings: object) -> LoadedConfig:
    return LoadedConfig(Config.model_validate(settings), root, None)


def _keys(candidates: list[discovery.Candidate]) -> list[str]:
    return [c.key for c in candidates]


def test_every_markdown_file_under_the_roots_sorted(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"ops-docs/b.md": "", "ops-docs/a/z.md": "", "ops-docs/notes.txt": "", "other/c.md": ""},
    )
    found = discovery.discover(_loaded(tmp_path))
    assert _keys(found) == ["ops-docs/a/z.md", "ops-docs/b.md"]
    assert found[0].abspath == str(tmp_path / "ops-docs" / "a" / "z.md")
    assert all(c.problem is None for c in found)


def test_include_and_exclude_have_gitignore_semantics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(
        tmp_path,
        {
            "docs/a.md": "",
            "docs/drafts/b.md": "",
            "docs/drafts/keep.md": "",
            "docs/c.rst": "",
        },
    )
    loaded = _loaded(
        tmp_path,
        docs=["docs"],
        include=["*.md", "*.rst"],
        exclude=["drafts/", "!docs/drafts/keep.md"],
    )
    assert _keys(discovery.discover(loaded)) == ["docs/a.md", "docs/c.rst", "docs/drafts/keep.md"]
    assert capsys.readouterr().err == ""


def test_a_pattern_that_matches_nothing_is_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": ""})
    loaded = _loaded(tmp_path, include=["**/*.md", "*.txt"], exclude=["archive/"])
    assert _keys(discovery.discover(loaded)) == ["ops-docs/a.md"]
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "ops-lint: warning: include pattern '*.txt' matches no file under ops-docs",
        "ops-lint: warning: exclude pattern 'archive/' matches no included file under "
        "ops-docs: it excludes nothing",
    ]


def test_a_single_file_root(tmp_path: Path) -> None:
    write_tree(tmp_path, {"HANDOVER.md": "", "ops-docs/a.md": ""})
    assert _keys(discovery.discover(_loaded(tmp_path, docs=["HANDOVER.md"]))) == ["HANDOVER.md"]


@pytest.mark.parametrize(
    ("root", "message"),
    [("../elsewhere", "is outside the project"), ("missing", "does not exist")],
)
def test_bad_roots_are_usage_errors(tmp_path: Path, root: str, message: str) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(UsageError, match=message):
        discovery.discover(_loaded(tmp_path / "project", docs=[root]))


def test_symlinks_inside_are_followed_outside_are_reported(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_tree(tmp_path, {"secret.md": "x", "project/ops-docs/real.md": "", "outdir/o.md": ""})
    docs = project / "ops-docs"
    os.symlink(docs / "real.md", docs / "alias.md")
    os.symlink(tmp_path / "secret.md", docs / "leak.md")
    os.symlink(tmp_path / "outdir", docs / "linked-dir")
    os.symlink(docs / "nowhere.md", docs / "broken.md")
    found = {c.key: c.problem for c in discovery.discover(_loaded(project))}
    assert found == {
        "ops-docs/alias.md": None,
        "ops-docs/broken.md": "symlink is broken",
        "ops-docs/leak.md": "symlink points outside the project; not read",
        "ops-docs/real.md": None,
    }


def test_a_symlinked_directory_pointing_out_is_reported_not_walked(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_tree(tmp_path, {"project/ops-docs/a.md": "", "outdir/o.md": ""})
    os.symlink(tmp_path / "outdir", project / "ops-docs" / "linked")
    loaded = _loaded(project, include=["**/*.md", "linked"])
    found = {c.key: c.problem for c in discovery.discover(loaded)}
    assert found == {
        "ops-docs/a.md": None,
        "ops-docs/linked": "symlink points outside the project; not read",
    }


def test_a_root_that_is_a_symlink_out_is_refused(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", tmp_path / "project" / "ops-docs")
    with pytest.raises(UsageError, match="symlink out of the project"):
        discovery.discover(_loaded(tmp_path / "project"))


def test_fifos_and_sockets_are_skipped(tmp_path: Path) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": ""})
    os.mkfifo(tmp_path / "ops-docs" / "pipe.md")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "ops-docs" / "sock.md"))
        assert _keys(discovery.discover(_loaded(tmp_path))) == ["ops-docs/a.md"]
    finally:
        server.close()


def test_candidate_for_a_path_on_the_command_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": "", "ops-docs/skip/b.md": "", "README.txt": ""})
    loaded = _loaded(tmp_path, exclude=["skip/"])
    found = discovery.candidate_for("ops-docs/a.md", loaded, tmp_path)
    assert found is not None and (found.key, found.problem) == ("ops-docs/a.md", None)
    assert discovery.candidate_for("a.md", loaded, tmp_path / "ops-docs") == found
    assert discovery.candidate_for("ops-docs/skip/b.md", loaded, tmp_path) is None
    assert discovery.candidate_for("README.txt", loaded, tmp_path) is None
    with pytest.raises(UsageError, match="no such file"):
        discovery.candidate_for("ops-docs/gone.md", loaded, tmp_path)
