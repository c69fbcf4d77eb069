"""The pre-commit hook, for real: ``pre-commit try-repo`` and ``pre-commit run`` on this project.

pre-commit installs the hook's Python environment from the project (``pip install .``, with
dependencies from PyPI). ``try-repo`` does so in a fresh temporary store on every call (about
5-10 s each); ``pre-commit run`` with the snippet ``ops-lint init`` prints uses PRE_COMMIT_HOME,
one directory for the whole session, so only its first call installs.

try-repo on a path takes its HEAD commit plus changes to *tracked* files; files not yet added to
git would be missing from the hook environment. The hook is therefore tried from a snapshot of
the working tree (tracked and untracked, ignored files left out) committed to a temporary repo:
the test checks the code as it is on disk, whether or not it has been committed.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from ops_lint.init import hook_snippet
from tests.conftest import ROOT
from tests.gitrepo import GitRepo, copy_working_tree

TODAY = dt.date.today()
COMMITTED = (TODAY - dt.timedelta(days=30)).isoformat()
REVIEWED = (TODAY - dt.timedelta(days=1)).isoformat()


def _doc(title: str, body: str) -> str:
    return (
        f"---\ntitle: {title}\ntype: reference\nowner: docs-team\n"
        f"last_reviewed: {REVIEWED}\nreview_cycle_days: 365\n---\n\n# {title}\n\n{body}\n"
    )


DOCS = {
    ".ops-lint.yaml": "docs: [ops-docs]\nowners: ops-docs/owners.yaml\n",
    "ops-docs/owners.yaml": (
        'teams:\n  - id: docs-team\n    name: Docs Team\n    members: ["Ana Lima", "Ben Okoro"]\n'
    ),
    "ops-docs/valid.md": _doc("Platform overview", "Files arrive over SFTP and go to the ledger."),
    "ops-docs/broken.md": _doc("Alert catalog", "The paging threshold is TBD."),
}
FIXED = _doc("Alert catalog", "The paging threshold is 5 min.")


class Hook(NamedTuple):
    project: Path  # a committed snapshot of the project
    rev: str  # its commit
    home: Path  # PRE_COMMIT_HOME, shared by the session


def snapshot_project(tmp_path_factory: pytest.TempPathFactory) -> Hook:
    """This project as it is on disk, committed to a temporary repo, and an empty
    PRE_COMMIT_HOME for the caller's scope."""
    snapshot = copy_working_tree(ROOT, tmp_path_factory.mktemp("project") / "ops-lint")
    rev = snapshot.commit("snapshot of the working tree", date=COMMITTED)
    return Hook(snapshot.path, rev, tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="session")
def hook(tmp_path_factory: pytest.TempPathFactory) -> Hook:
    return snapshot_project(tmp_path_factory)


class Result(NamedTuple):
    code: int
    output: str


def _pre_commit(hook: Hook, repo: Path, *args: str) -> Result:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(hook.home)
    # a `language: system` hook runs the ops-lint on PATH: this checkout's
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return Result(proc.returncode, proc.stdout + proc.stderr)


def _try_repo(hook: Hook, repo: Path, *args: str) -> Result:
    return _pre_commit(hook, repo, "try-repo", str(hook.project), "ops-lint", *args)


def _run(hook: Hook, repo: Path, *args: str) -> Result:
    """``pre-commit run`` with the config snippet of ``ops-lint init`` as written: a local hook
    running the ``ops-lint`` on PATH (this checkout's)."""
    snippet = hook_snippet()
    assert "repo: local" in snippet and "language: system" in snippet
    config = repo.parent / "pre-commit-config.yaml"
    config.write_text(f"repos:\n{snippet}", encoding="utf-8")
    return _pre_commit(hook, repo, "run", "--config", str(config), *args)


@pytest.fixture
def docs_repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "docs-repo")
    repo.commit("Add ops docs", date=COMMITTED, files=DOCS)
    return repo


def _fix(repo: GitRepo) -> None:
    repo.commit("Set the paging threshold", date=COMMITTED, files={"ops-docs/broken.md": FIXED})


@pytest.mark.slow
def test_hook_fails_on_the_broken_doc_and_passes_once_fixed(hook: Hook, docs_repo: GitRepo) -> None:
    failed = _try_repo(hook, docs_repo.path, "--files", "ops-docs/broken.md")
    assert failed.code == 1, failed.output
    assert "ops-lint" in failed.output and "Failed" in failed.output
    assert "- exit code: 1" in failed.output
    assert "ops-docs/broken.md:11:" in failed.output
    assert "OPS004 unresolved-placeholder: unresolved placeholder 'TBD'" in failed.output
    assert "hint: replace the placeholder" in failed.output
    assert "valid.md" not in failed.output  # findings only for the files pre-commit passed

    _fix(docs_repo)
    passed = _try_repo(hook, docs_repo.path, "--files", "ops-docs/broken.md")
    assert passed.code == 0, passed.output
    assert "Passed" in passed.output
    assert "OPS" not in passed.output


@pytest.mark.slow
def test_hook_on_all_files(hook: Hook, docs_repo: GitRepo) -> None:
    tried = _try_repo(hook, docs_repo.path, "--all-files")
    assert tried.code == 1, tried.output
    assert "ops-docs/broken.md:11:" in tried.output

    failed = _run(hook, docs_repo.path, "--all-files")
    assert failed.code == 1, failed.output
    assert "ops-docs/broken.md:11:" in failed.output
    assert "'TBD'" in failed.output
    assert "valid.md" not in failed.output  # it has no findings

    _fix(docs_repo)
    passed = _run(hook, docs_repo.path, "--all-files")
    assert passed.code == 0, passed.output
    assert "Passed" in passed.output


@pytest.mark.slow
def test_hook_skips_files_that_are_not_docs(hook: Hook, docs_repo: GitRepo) -> None:
    # pre-commit passes every changed file (the hook has no file filter); these are not docs.
    run = _run(hook, docs_repo.path, "--files", "ops-docs/owners.yaml", ".ops-lint.yaml")
    assert run.code == 0, run.output
    assert "Passed" in run.output
