"""The history memo: a run that re-checks a few changed docs in an unchanged repository
reads no ``git log``, and says what a run that reads it says."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgpack  # type: ignore[import-untyped]
import pytest

from ops_lint.cache_files import seal, secret_key
from ops_lint.git import history_reader
from tests.gitrepo import GitRepo

AS_OF = "2026-11-27"
DOC = (
    "---\ntitle: {name}\ntype: runbook\nowner: team-a\nlast_reviewed: 2025-01-01\n"
    "review_cycle_days: 90\n---\n# {name}\n\n{body}\n"
)
ARGS = ("check", "--as-of", AS_OF, "-j1", "--format", "json")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    made = GitRepo(tmp_path / "project")
    files = {f"ops-docs/d{i}.md": DOC.format(name=f"D{i}", body="Steps.") for i in range(4)}
    made.commit("Docs", date="2025-01-10", files=files)
    made.commit(
        "Edit d1", date="2026-03-02", files={"ops-docs/d1.md": DOC.format(name="D1", body="New.")}
    )
    return made


@pytest.fixture
def logs_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times git's log was started (the real one runs)."""
    count = [0]
    real = history_reader.LogReader.start

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        count[0] += 1
        real(self, *args, **kwargs)

    monkeypatch.setattr(history_reader.LogReader, "start", counting)
    return count


def _same_as_fresh(ops_lint: Any, root: Path) -> Any:
    warm = ops_lint(root, *ARGS)
    fresh = ops_lint(root, *ARGS, "--no-cache")
    assert warm.code in (0, 1), warm.err
    assert (warm.code, warm.out, warm.err) == (fresh.code, fresh.out, fresh.err)
    return warm


def test_a_work_tree_edit_reads_no_log_and_is_judged_uncommitted(
    repo: GitRepo, ops_lint: Any, logs_read: list[int]
) -> None:
    ops_lint(repo.path, *ARGS)  # reads the log, fills the memo
    assert logs_read[0] == 1
    (repo.path / "ops-docs/d2.md").write_text(DOC.format(name="D2", body="Edited, unsaved."))
    before = logs_read[0]
    warm = ops_lint(repo.path, *ARGS)
    assert logs_read[0] == before  # the edited doc's history came from the memo
    fresh = ops_lint(repo.path, *ARGS, "--no-cache")
    assert (warm.code, warm.out, warm.err) == (fresh.code, fresh.out, fresh.err)
    assert logs_read[0] == before + 1  # the fresh run read it: the two agree


def test_a_commit_reads_the_log_again(repo: GitRepo, ops_lint: Any, logs_read: list[int]) -> None:
    ops_lint(repo.path, *ARGS)
    repo.commit(
        "Edit d3", date="2026-11-20", files={"ops-docs/d3.md": DOC.format(name="D3", body="Now.")}
    )
    before = logs_read[0]
    _same_as_fresh(ops_lint, repo.path)
    assert logs_read[0] == before + 2  # the warm run could not use the memo, nor --no-cache


DAMAGES: dict[str, Callable[[list[Any]], list[Any]]] = {
    "commit-date-not-a-date": lambda f: [*f[:4], [[*c[:3], "June", c[4]] for c in f[4]], f[5]],
    "reference-to-no-commit": lambda f: [
        *f[:5],
        {a: [e[0], 10**6, *e[2:]] for a, e in f[5].items()},
    ],
    "entry-of-the-wrong-shape": lambda f: [*f[:5], {a: [1] for a in f[5]}],
    "header-of-the-wrong-shape": lambda f: [f[0], ["x"], *f[2:]],
    "one-field-too-many": lambda f: [*f, None],
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_memo_is_not_used(
    damage: str, repo: GitRepo, ops_lint: Any, logs_read: list[int]
) -> None:
    ops_lint(repo.path, *ARGS)
    memo = repo.path / ".ops_lint_cache" / "history-v1.bin"
    key = secret_key(repo.path)
    assert key is not None and memo.is_file()
    fields = msgpack.unpackb(memo.read_bytes()[32:], raw=False)
    memo.write_bytes(seal(key, "history-v1.bin", msgpack.packb(DAMAGES[damage](fields))))
    (repo.path / "ops-docs/d0.md").write_text(DOC.format(name="D0", body="Edited."))
    before = logs_read[0]
    _same_as_fresh(ops_lint, repo.path)
    assert logs_read[0] == before + 2  # the damaged memo was passed over: git was read


def test_a_change_staged_then_undone_in_the_work_tree_still_counts(
    repo: GitRepo, ops_lint: Any
) -> None:
    """The file holds its committed content again, but the index does not: git (and so
    the history) sees the doc as changed, and a warm run says what a fresh one says."""
    path = repo.path / "ops-docs/d2.md"
    committed = path.read_text()
    ops_lint(repo.path, *ARGS)
    path.write_text(DOC.format(name="D2", body="Staged."))
    repo.git("add", "ops-docs/d2.md")
    path.write_text(committed)
    warm = _same_as_fresh(ops_lint, repo.path)
    stale = {d["path"] for d in json.loads(warm.out)["diagnostics"] if d["code"] == "OPS601"}
    assert "ops-docs/d3.md" in stale and "ops-docs/d2.md" not in stale  # changed: fresh
