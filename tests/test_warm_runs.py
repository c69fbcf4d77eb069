"""Warm runs answer exactly what a cold run answers: the stat memo, the run memo (with its
evaluations packed apart) and the remembered git verdicts, proven on a real doc set.

The doc set is a copy of the bundled ``ops-docs/`` in a real git repository with fixed
dates. After each kind of edit, a warm run (cache on) must print, in every output format,
what ``--no-cache`` prints. Files written by a test are seconds old, so the stat memo would
not trust them (see ``stat_memo``): most tests set ``RACY_NS`` to 0, which is what a run
sees once the files have aged; ``test_files_written_just_before_a_run_are_read_again``
keeps the real margin.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ops_lint import doc_file, loader, stat_memo
from ops_lint.git import uncommitted_memo, worktree
from tests.conftest import ROOT, Run
from tests.gitrepo import GitRepo

AS_OF = "2026-11-27"
FORMATS = ("text", "json", "junit", "markdown", "sarif")
LINKED = "ops-docs/reference/platform-overview.md"  # others link to its #queues
RUNBOOK = "ops-docs/runbooks/ack-sla-breach.md"
ROSTER = "ops-docs/owners.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A copy of the bundled doc set, committed on a fixed date."""
    made = GitRepo(tmp_path / "project")
    shutil.copytree(ROOT / "ops-docs", made.path / "ops-docs")
    made.git("add", "-A")
    made.git("commit", "-q", "-m", "Docs", date="2026-06-01")
    return made


@pytest.fixture
def aged(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as written long before the run (no racy entries)."""
    monkeypatch.setattr(stat_memo, "RACY_NS", 0)


def _outputs(ops_lint: Any, path: Path, *extra: str) -> dict[str, tuple[int, str, str]]:
    out = {}
    for fmt in FORMATS:
        run: Run = ops_lint(path, "check", "--as-of", AS_OF, "-j1", "--format", fmt, *extra)
        assert run.code in (0, 1), run.err
        out[fmt] = (run.code, run.out, run.err)
    return out


def _assert_warm_equals_cold(ops_lint: Any, path: Path) -> dict[str, tuple[int, str, str]]:
    cold = _outputs(ops_lint, path, "--no-cache")
    for _ in range(2):  # the first warm run may fill the memo, the second reads it
        warm = _outputs(ops_lint, path)
        for fmt in FORMATS:
            assert warm[fmt] == cold[fmt], fmt
    return cold


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS: dict[str, Callable[[Path], object]] = {
    "body-text": lambda p: _edit(p / RUNBOOK, "## Trigger\n", "## Trigger\n\nTODO check this.\n"),
    "anchor-others-link-to": lambda p: _edit(p / LINKED, "## Queues\n", "## Queue list\n"),
    "front-matter-type": lambda p: _edit(p / RUNBOOK, "type: runbook", "type: reference"),
    "roster-entry": lambda p: _edit(p / ROSTER, "id: edi-engineering", "id: edi-eng"),
    "deleted-file": lambda p: (p / LINKED).unlink(),
    "new-file": lambda p: (p / "ops-docs/runbooks/new.md").write_text(
        "---\ntype: runbook\ntitle: New\n---\n# New\n\nSee [queues](../reference/"
        "platform-overview.md#queues).\n",
        encoding="utf-8",
    ),
    "touched-only": lambda p: os.utime(p / RUNBOOK),
    "same-size-same-mtime": lambda p: _same_stat_edit(p / RUNBOOK),
}


def _same_stat_edit(path: Path) -> None:
    """An edit in place that keeps the size, the inode and the mtime (only ctime shows)."""
    before = path.stat()
    data = path.read_bytes()
    at = data.index(b"type: runbook")
    with open(path, "r+b") as handle:  # same inode
        handle.seek(at)
        handle.write(b"type: xunbook")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_ino, after.st_mtime_ns) == (
        before.st_size,
        before.st_ino,
        before.st_mtime_ns,
    )


@pytest.mark.slow
@pytest.mark.usefixtures("aged")
@pytest.mark.parametrize("edit", list(EDITS))
def test_a_warm_run_after_an_edit_answers_as_a_cold_run(
    edit: str, repo: GitRepo, ops_lint: Any
) -> None:
    before = _assert_warm_equals_cold(ops_lint, repo.path)
    EDITS[edit](repo.path)
    after = _assert_warm_equals_cold(ops_lint, repo.path)
    if edit != "touched-only":
        assert after != before  # the edit does show: the memo was not simply replayed
    repo.git("add", "-A")  # committed: the doc is no longer uncommitted
    repo.git("commit", "-q", "--allow-empty", "-m", "Edit", date="2026-11-20")
    _assert_warm_equals_cold(ops_lint, repo.path)


@pytest.mark.slow
@pytest.mark.usefixtures("aged")
def test_staging_and_unstaging_change_the_answer_as_a_cold_run(
    repo: GitRepo, ops_lint: Any
) -> None:
    _assert_warm_equals_cold(ops_lint, repo.path)
    EDITS["body-text"](repo.path)
    _assert_warm_equals_cold(ops_lint, repo.path)
    repo.git("add", RUNBOOK)  # the index changes, the file does not
    _assert_warm_equals_cold(ops_lint, repo.path)
    repo.git("reset", "-q", "--hard")  # back to HEAD: the file is rewritten
    _assert_warm_equals_cold(ops_lint, repo.path)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The doc files the run reads (their bytes, not their stat data)."""
    seen: list[str] = []
    real = doc_file.read_bytes  # what the loader reads doc files with

    def counting(abspath: str, limit: int) -> bytes | str:
        seen.append(os.path.basename(abspath))
        return real(abspath, limit)

    monkeypatch.setattr(loader, "read_bytes", counting)
    return seen


@pytest.mark.usefixtures("aged")
def test_an_unchanged_doc_is_not_read_again(
    repo: GitRepo, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("check", "--as-of", AS_OF, "-j1", "--format", "json")
    first = ops_lint(repo.path, *args)
    reads = _reads(monkeypatch)
    again = ops_lint(repo.path, *args)
    assert reads == []
    assert (again.code, again.out) == (first.code, first.out)
    EDITS["body-text"](repo.path)
    changed = ops_lint(repo.path, *args)
    assert reads[0] == os.path.basename(RUNBOOK)  # the one read for its key; the run
    assert changed.out != first.out  # itself then reads what its rules need


def test_files_written_just_before_a_run_are_read_again(
    repo: GitRepo, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("check", "--as-of", AS_OF, "-j1", "--format", "json", "--no-git")
    ops_lint(repo.path, *args)
    reads = _reads(monkeypatch)
    ops_lint(repo.path, *args)  # the files are seconds old: a write now could hide
    docs = sorted(p.name for p in (repo.path / "ops-docs").rglob("*.md"))
    assert sorted(reads) == docs


def test_settled_needs_both_times_older_than_the_margin() -> None:
    now = 10 * stat_memo.RACY_NS
    old = now - stat_memo.RACY_NS - 1

    def sig(mtime: int, ctime: int) -> bytes:
        return stat_memo._STAT.pack(1, mtime, 2, ctime)

    assert stat_memo.settled(sig(old, old), now)
    assert not stat_memo.settled(sig(old, now - 1), now)  # a recent ctime: a recent write
    assert not stat_memo.settled(sig(now + 5, old), now)  # an mtime set in the future


def _doc_state(repo: GitRepo, memo: stat_memo.StatMemo | None, trusted: bool) -> bytes:
    from ops_lint.git.command import repository_state

    docs = sorted((repo.path / "ops-docs").rglob("*.md"))
    known = {str(p): (stat_memo.signature(p.stat()), trusted) for p in docs}
    return repository_state(repo.path, ["ops-docs"], known, 8_000_000, memo)


def _counting(judged: list[str]) -> Callable[..., set[str]]:
    real = worktree.changed_paths  # what uncommitted_memo judges paths with

    def counting(loc: Any, spec: list[str], only: set[str], *rest: Any) -> set[str]:
        judged.extend(only)
        return real(loc, spec, only, *rest)

    return counting


@pytest.mark.usefixtures("aged")
def test_remembered_git_verdicts_change_with_what_the_history_reads(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given the docs, the state holds which of them differ from HEAD: an edit, a new doc
    and a commit show; a file that is no doc does not. Verdicts remembered for docs the
    stat memo trusts give the state a fresh judgement gives."""
    seen = [_doc_state(repo, None, False)]
    steps: dict[str, Callable[[], object]] = {
        "work-tree edit": lambda: EDITS["body-text"](repo.path),
        "untracked doc": lambda: EDITS["new-file"](repo.path),
        "committed": lambda: repo.commit("Edit", date="2026-11-20"),
    }
    for name, step in steps.items():
        step()
        fresh = _doc_state(repo, None, False)
        assert fresh not in seen, name
        seen.append(fresh)
        memo = stat_memo.StatMemo(repo.path, b"scheme")  # a run started after the step
        first = _doc_state(repo, memo, False)  # judged afresh, remembered
        memo.extra_old = memo.extra_new
        judged: list[str] = []
        with monkeypatch.context() as patch:
            patch.setattr(uncommitted_memo, "changed_paths", _counting(judged))
            again = _doc_state(repo, memo, True)  # from the remembered verdicts
        assert first == again == fresh, name
        # judged again: only a doc in neither HEAD nor the index (the ignore rules decide)
        assert judged == (["ops-docs/runbooks/new.md"] if name == "untracked doc" else []), name
    (repo.path / "notes.txt").write_text("not a doc\n", encoding="utf-8")
    assert _doc_state(repo, None, False) == seen[-1]


def test_index_stats_reads_every_entry_even_with_newlines_in_paths(tmp_path: Path) -> None:
    from ops_lint.git.repository import locate
    from ops_lint.git.worktree import index_stats

    made = GitRepo(tmp_path / "repo")
    names = ["a.md", "b\nc.md", "d d.md", *(f"many/{n}.md" for n in range(300))]
    made.commit("Docs", date="2026-06-01", files={name: f"# {name}\n" for name in names})
    stats = index_stats(locate(made.path), ["."])
    assert sorted(stats) == sorted(names)
    for name in names:
        info = (made.path / name).stat()
        assert stats[name].size == info.st_size
        assert stats[name].ino == info.st_ino % (1 << 32)
        assert stats[name].mtime == (
            info.st_mtime_ns // 10**9 % (1 << 32),
            info.st_mtime_ns % 10**9,
        )


@pytest.mark.usefixtures("aged")
@pytest.mark.parametrize(
    "entries",
    [{"ops-docs/README.md": 5}, {"ops-docs/README.md": b"short"}, "not a map"],
    ids=["an-int", "a-short-entry", "not-a-map"],
)
def test_a_signed_stat_memo_of_the_wrong_shape_is_discarded(
    entries: Any, repo: GitRepo, ops_lint: Any
) -> None:
    import msgpack  # type: ignore[import-untyped]

    from ops_lint.cache_files import seal, secret_key
    from ops_lint.config import Config, LoadedConfig

    args = ("check", "--as-of", AS_OF, "-j1", "--format", "json", "--no-git")
    cold = ops_lint(repo.path, *args, "--no-cache")
    ops_lint(repo.path, *args)
    secret = secret_key(repo.path)
    assert secret is not None
    loaded = LoadedConfig(Config(), repo.path, None)
    tag = stat_memo.StatMemo(repo.path, loader.content_scheme(loaded)).tag
    folder = repo.path / ".ops_lint_cache"
    (folder / "results-v1.bin").unlink()  # else the unchanged run is answered from memory
    (folder / "stats-v1.bin").write_bytes(
        seal(secret, "stats-v1.bin", msgpack.packb([tag, entries, None]))
    )
    warm = ops_lint(repo.path, *args)
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)
