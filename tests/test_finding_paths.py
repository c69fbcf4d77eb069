"""A finding names its file relative to the project root; each format shows it its own way.

Text, JSON and JUnit show paths relative to the working directory (as the user typed
them, ``../x.md`` above it) in the order of those paths; SARIF and GitHub annotations are
relative to the repository root and the same bytes from any working directory. Messages
that quote another file quote it relative to the project root, so they read the same from
anywhere; the run memo and ``--changed-from`` do not depend on the working directory.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_tree
from tests.gitrepo import GitRepo

AS_OF = "2026-11-27"
DOCS = {
    ".ops-lint.yaml": "select: [OPS004, OPS005]\n",
    "ops-docs/z.md": "# Z\n\nOwner TBD.\n\nSee [the runbook](runbooks/gone.md).\n",
    "ops-docs/runbooks/r.md": "# R\n\nRollback FIXME.\n",
}
BROKEN = "broken link: 'runbooks/gone.md' points to ops-docs/runbooks/gone.md, which does not exist"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_tree(root, DOCS)
    (root / ".git").mkdir()  # the repository root SARIF and GitHub paths are relative to
    return root


def _check(ops_lint: Any, cwd: Path, *args: str) -> Any:
    run = ops_lint(cwd, "check", "--as-of", AS_OF, "--no-git", *args)
    assert run.code == 1, run.err
    return run


def test_json_and_text_show_paths_from_the_working_directory(tmp_path: Path, ops_lint: Any) -> None:
    root = _project(tmp_path)
    sub = root / "ops-docs/runbooks"
    from_root = _check(ops_lint, root, "--format", "json", "--no-cache").json()["diagnostics"]
    from_sub = _check(ops_lint, sub, "--format", "json", "--no-cache").json()["diagnostics"]
    assert [(d["path"], d["line"]) for d in from_root] == [
        ("ops-docs/runbooks/r.md", 3),
        ("ops-docs/z.md", 3),
        ("ops-docs/z.md", 5),
    ]
    assert [(d["path"], d["line"]) for d in from_sub] == [
        ("../z.md", 3),
        ("../z.md", 5),
        ("r.md", 3),
    ]
    # a message quoting another file reads the same from anywhere
    assert [d["message"] for d in from_root if d["code"] == "OPS005"] == [BROKEN]
    assert sorted(d["message"] for d in from_sub) == sorted(d["message"] for d in from_root)

    text = _check(ops_lint, sub, "--no-cache").out.splitlines()
    located = [line.split(": ", 1)[0] for line in text if ": error OPS" in line]
    assert located == ["../z.md:3:7", "../z.md:5:19", "r.md:3:10"]
    assert any(line.endswith(BROKEN) and "error OPS005" in line for line in text)
    text_root = _check(ops_lint, root, "--no-cache").out.splitlines()
    assert text_root[0].startswith("ops-docs/runbooks/r.md:3:10: ")

    junit = _check(ops_lint, sub, "--format", "junit", "--no-cache").out
    suite = next(s for s in ET.fromstring(junit) if s.get("name", "").startswith("OPS004"))
    assert [case.get("name") for case in suite] == ["../z.md", "r.md"]


@pytest.mark.parametrize("fmt", ["sarif", "github", "gitlab"])
def test_ci_formats_are_the_same_bytes_from_any_working_directory(
    tmp_path: Path, ops_lint: Any, fmt: str
) -> None:
    root = _project(tmp_path)
    from_root = _check(ops_lint, root, "--format", fmt, "--no-cache").out
    from_sub = _check(ops_lint, root / "ops-docs/runbooks", "--format", fmt, "--no-cache").out
    assert from_sub == from_root
    assert "ops-docs/runbooks/r.md" in from_root and "../z.md" not in from_root


def test_a_memo_written_from_one_folder_serves_another(
    tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ops_lint import engine

    root = _project(tmp_path)
    sub = root / "ops-docs/runbooks"
    expected = _check(ops_lint, sub, "--format", "json", "--no-cache").out
    _check(ops_lint, root, "--format", "json")  # written from the root
    runs = [0]
    real = engine.check

    def counting(*args: Any, **kwargs: Any) -> Any:
        runs[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "check", counting)
    assert _check(ops_lint, sub, "--format", "json").out == expected
    assert runs[0] == 0  # answered from the memo, with the subfolder's paths


def test_changed_from_does_not_change_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ops_lint.pipeline import RunOptions, lint

    repo = GitRepo(tmp_path / "repo")
    files = {**DOCS, "ops-docs/z.md": "# Z\n\nOwner TBD.\n\nSee [the runbook](runbooks/r.md).\n"}
    repo.commit("Add ops docs", date="2026-01-05", files=files)
    (repo.path / "ops-docs/runbooks/r.md").unlink()  # breaks the link in z.md

    def refuse(path: Any) -> None:
        raise AssertionError(f"os.chdir({path!r})")

    monkeypatch.setattr(os, "chdir", refuse)
    options = RunOptions(
        cwd=repo.path / "ops-docs", changed_from="HEAD", use_git=False, use_cache=False
    )
    found = lint(options).report.diagnostics
    assert [(d.path, d.code, d.message) for d in found] == [
        (
            "ops-docs/z.md",
            "OPS005",
            "broken link: 'runbooks/r.md' points to ops-docs/runbooks/r.md, which does not exist",
        )
    ]
