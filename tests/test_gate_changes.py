"""The pre-commit gate reports every finding a commit causes, also in files it does not touch.

A copy of the bundled doc set (compliant, plus one pre-existing placeholder in a doc that
no case touches) is committed to a scratch repository; each case stages one change there
and runs the ``ops-lint`` hook of this project's ``.pre-commit-hooks.yaml`` on the staged
files, as ``git commit`` would, from a committed snapshot of this project. The three
commits that used to pass the hook while breaking governance elsewhere run through
``pre-commit try-repo`` itself (a fresh install each, some 15 s); the other cases run the
same hook through a config naming the snapshot, its commit and the hook id (what try-repo
generates), installed once into a ``PRE_COMMIT_HOME`` for the module.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, write_tree
from tests.gitrepo import GitRepo
from tests.test_precommit import (
    COMMITTED,
    DOCS,
    Hook,
    Result,
    _pre_commit,
    _try_repo,
    snapshot_project,
)

UNTOUCHED = "ops-docs/reference/platform-overview.md"  # holds the pre-existing finding
ONBOARDING = "ops-docs/reference/partner-onboarding.md"  # owned by partner-management
HANDOVER = "ops-docs/handover/operations-handover.md"
RUNBOOK = "ops-docs/runbooks/routing-dlq-backlog.md"  # in the handover's inventory
TEAM = re.compile(r"  - id: partner-management\n(?:(?!  - id:).*\n)*", re.M)


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory) -> Hook:
    return snapshot_project(tmp_path_factory)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, str]:
    repo = GitRepo(tmp_path_factory.mktemp("gate") / "docs-repo")
    shutil.copytree(ROOT / "ops-docs", repo.path / "ops-docs")
    overview = repo.path / UNTOUCHED
    overview.write_text(overview.read_text() + "\nThe archive retention is TBD.\n")
    (repo.path / "notes.txt").write_text("deploy window: Tuesdays\n")
    return repo, repo.commit("Add ops docs", date=COMMITTED)


@pytest.fixture
def repo(base: tuple[GitRepo, str]) -> Iterator[GitRepo]:
    scratch, rev = base
    yield scratch
    scratch.git("reset", "-q", "--hard", rev)  # the next case starts from the same commit
    scratch.git("clean", "-fdq")


def _run(hook: Hook, repo: Path) -> Result:
    """``pre-commit run`` on the staged files with the manifest's hook (what try-repo runs)."""
    config = repo.parent / "gate-config.yaml"
    config.write_text(
        f"repos:\n  - repo: {hook.project}\n    rev: {hook.rev}\n    hooks: [{{id: ops-lint}}]\n",
        encoding="utf-8",
    )
    return _pre_commit(hook, repo, "run", "--config", str(config))


def _stage(repo: GitRepo, edit: dict[str, str] | None = None, remove: str = "") -> None:
    for rel, text in (edit or {}).items():
        (repo.path / rel).write_text(text, encoding="utf-8")
    if remove:
        repo.git("rm", "-q", remove)
    repo.git("add", "-A")


def _roster(repo: GitRepo) -> str:
    return (repo.path / "ops-docs/owners.yaml").read_text(encoding="utf-8")


def _failed_with(result: Result, *expected: str) -> None:
    output = result.output
    assert result.code == 1, output
    assert "Failed" in output, output
    for text in expected:
        assert text in output, output
    assert "TBD" not in output  # the pre-existing finding is not the commit's doing


@pytest.mark.slow
def test_cutting_a_team_to_one_member_fails_on_the_docs_it_owns(gate: Hook, repo: GitRepo) -> None:
    roster = _roster(repo)
    block = TEAM.search(roster)
    assert block is not None
    members = re.findall(r"      - \{name: .*\n", block.group(0))
    cut = block.group(0).replace("".join(members[1:]), "")
    _stage(repo, {"ops-docs/owners.yaml": roster.replace(block.group(0), cut)})
    result = _try_repo(gate, repo.path)
    _failed_with(result, f"{ONBOARDING}:4:1: error OPS104", "with 1 member")


@pytest.mark.slow
def test_deleting_a_team_fails_on_the_docs_it_owns(gate: Hook, repo: GitRepo) -> None:
    roster = _roster(repo)
    _stage(repo, {"ops-docs/owners.yaml": TEAM.sub("", roster)})
    result = _try_repo(gate, repo.path)
    _failed_with(result, f"{ONBOARDING}:4:1: error OPS105", "'partner-management'")


@pytest.mark.slow
def test_deleting_a_runbook_fails_on_the_handover_that_lists_it(gate: Hook, repo: GitRepo) -> None:
    row = _inventory_row(repo.path)
    _stage(repo, remove=RUNBOOK)
    result = _try_repo(gate, repo.path)  # pre-commit passes no file: the hook runs anyway
    _failed_with(
        result,
        f"{HANDOVER}:{row}: error OPS303 runbook-not-found",
        f"{HANDOVER}:{row}: error OPS005 broken-link",
    )


def _inventory_row(root: Path) -> str:
    """``line:column`` of the runbook link's target in the handover's inventory row."""
    link = "](../runbooks/" + Path(RUNBOOK).name + ")"
    lines = (root / HANDOVER).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.startswith("| [") and link in line:
            return f"{number}:{line.index(link) + 3}"  # after the ']('
    raise AssertionError(f"no inventory row links {RUNBOOK}")


@pytest.mark.slow
def test_a_change_that_breaks_nothing_passes_despite_an_old_finding(
    gate: Hook, repo: GitRepo
) -> None:
    _stage(repo, {"notes.txt": "deploy window: Wednesdays\n"})
    result = _run(gate, repo.path)
    assert result.code == 0, result.output
    assert "Passed" in result.output and "OPS" not in result.output


@pytest.mark.slow
def test_a_doc_that_breaks_itself_fails(gate: Hook, repo: GitRepo) -> None:
    path = repo.path / "ops-docs/runbooks/ingestion-outage.md"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\nEscalation contact: TBD.\n"
    lines = text.count("\n")
    _stage(repo, {"ops-docs/runbooks/ingestion-outage.md": text})
    result = _run(gate, repo.path)
    assert result.code == 1, result.output
    assert f"ops-docs/runbooks/ingestion-outage.md:{lines}:" in result.output
    assert "OPS004 unresolved-placeholder" in result.output
    assert UNTOUCHED not in result.output


# The differential run in-process: the fallback notice and a run from a subfolder.

SMALL = {
    ".ops-lint.yaml": DOCS[".ops-lint.yaml"],
    "ops-docs/owners.yaml": DOCS["ops-docs/owners.yaml"],
    "ops-docs/valid.md": DOCS["ops-docs/valid.md"].replace(
        "the ledger.", "the [ledger](ledger.md)."
    ),  # a broken link, there before any change
    "ops-docs/broken.md": DOCS["ops-docs/broken.md"],  # 'TBD', there before any change
}
ONE_MEMBER = SMALL["ops-docs/owners.yaml"].replace(', "Ben Okoro"', "")


def test_without_a_commit_to_compare_every_finding_is_reported(
    tmp_path: Path, ops_lint: Any
) -> None:
    write_tree(tmp_path / "plain", dict(SMALL))
    outside = ops_lint(tmp_path / "plain", "check", "--no-git", "--changed-from", "HEAD")
    assert outside.code == 1
    assert "--changed-from HEAD: not a git repository; reporting every finding" in outside.err
    assert "'TBD'" in outside.out and "ledger.md" in outside.out

    unborn = GitRepo(tmp_path / "unborn")
    write_tree(unborn.path, dict(SMALL))
    first = ops_lint(unborn.path, "check", "--no-git", "--changed-from", "HEAD")
    assert first.code == 1
    assert "HEAD does not exist yet (the repository has no commit)" in first.err
    assert "'TBD'" in first.out


def test_run_from_a_subfolder_reports_only_what_the_change_causes(
    tmp_path: Path, ops_lint: Any
) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add ops docs", date=COMMITTED, files=dict(SMALL))
    (repo.path / "ops-docs/owners.yaml").write_text(ONE_MEMBER, encoding="utf-8")
    run = ops_lint(
        repo.path / "ops-docs", "check", "--no-git", "--changed-from", "HEAD", "owners.yaml"
    )
    assert run.code == 1, run.out + run.err
    assert "broken.md:4:1: error OPS104" in run.out and "valid.md:4:1: error OPS104" in run.out
    assert "TBD" not in run.out and "ledger" not in run.out  # old findings, paths alike
    assert run.err == ""
    leftovers = [p.name for p in (repo.path / ".ops_lint_cache").iterdir()]
    assert not [name for name in leftovers if name.startswith("changed-from-")]
