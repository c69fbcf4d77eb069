"""How much of the history is read, and for which docs, never changes what it says.

- a docs root that is the whole work tree reads ``git log`` without a pathspec: the same
  commits, changes and counts as with ``.`` (commits that change no file are skipped,
  with merges left out or followed first-parent);
- roots below the top read ``rev-list | diff-tree``: byte for byte what ``git log
  --no-merges --full-history`` prints for the same pathspec;
- history resolved for some docs, then the rest, equals history resolved at once;
- the log parser gives the same records however git's output is cut into reads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ops_lint.git.command import LOG_OPTIONS
from ops_lint.git.history import History, HistorySettings, begin_history, read_history
from ops_lint.git.history_reader import LogReader
from ops_lint.git.log import FORMAT, Change, Record, parse_log
from ops_lint.git.repository import locate
from tests.conftest import write_tree
from tests.gitrepo import GitRepo

DOC = "---\ntype: runbook\nlast_reviewed: {review}\n---\n# {title}\n\n{body}\n"


def doc(title: str, review: str = "2026-01-01", body: str = "Steps.") -> str:
    return DOC.format(title=title, review=review, body=body)


def _build(repo: GitRepo) -> list[str]:
    """Edits, a review bump, empty commits, a rename, a side branch merged back; every
    file under ``docs/``."""
    a, c = "docs/a.md", "docs/b/c.md"
    repo.commit("write", date="2026-01-05", files={a: doc("A"), c: doc("C")})
    repo.commit("nothing", date="2026-01-06")  # changes no file
    repo.commit("edit a", date="2026-01-10", files={a: doc("A", body="More steps.")})
    repo.commit("review c", date="2026-02-01", files={c: doc("C", review="2026-02-01")})
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("side edit", date="2026-02-10", files={c: doc("C", "2026-02-01", "X")})
    repo.commit("side nothing", date="2026-02-11")
    repo.git("checkout", "-q", "main")
    repo.commit("move a", date="2026-02-15", moves={a: "docs/d/a.md"})
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", date="2026-03-01")
    repo.commit("nothing again", date="2026-03-02")
    repo.commit("new e", date="2026-03-05", files={"docs/e.md": doc("E")})
    return ["docs/d/a.md", c, "docs/e.md"]


def _comparable(h: History) -> object:
    return (
        {p: dataclasses.astuple(d) for p, d in h.docs.items()},
        h.commits_read,
        h.skipped_records,
        h.sweeps,
        h.missing_objects,
        h.notices,
    )


@pytest.mark.parametrize("merges", [False, True])
def test_whole_tree_without_pathspec_reads_what_a_pathspec_of_dot_reads(
    tmp_path: Path, merges: bool
) -> None:
    repo = GitRepo(tmp_path / "repo")
    paths = _build(repo)
    abspaths = [str(repo.path / p) for p in paths]
    options = HistorySettings(include_merges=merges, sweep_min_files=1)
    whole = read_history(repo.path, abspaths, [str(repo.path)], options)
    # every file is under docs/: the pathspec ``docs`` selects all the whole tree holds
    limited = read_history(repo.path, abspaths, [str(repo.path / "docs")], options)
    assert whole.available and limited.available
    assert _comparable(whole) == _comparable(limited)
    # newest first: new e, (the merge), move a, (side edit), review c, edit a, write
    assert whole.commits_read == 6  # the commits that change no file are not counted
    entry = whole.docs[str(repo.path / "docs/b/c.md")]
    assert entry.last_change is not None
    assert entry.last_change.subject == ("merge side" if merges else "side edit")


@pytest.mark.parametrize("pathspec", [["docs"], ["docs/b", "docs/e.md"]])
def test_roots_below_the_top_read_what_git_log_prints(tmp_path: Path, pathspec: list[str]) -> None:
    repo = GitRepo(tmp_path / "repo")
    _build(repo)
    write_tree(repo.path, {".mailmap": "Ana L <ana@example.org>\n"})
    repo.commit("outside", date="2026-03-06", files={"README.md": "# R\n"})
    reader = LogReader(locate(repo.path), HistorySettings(), str(repo.path), set())
    reader.start(pathspec, True, "HEAD")
    assert reader.proc is not None and reader.proc.wait() == 0
    read = reader.out.read()
    reader.close()
    args = ["log", "--raw", "-z", "--no-abbrev", "-M", *LOG_OPTIONS, f"--format={FORMAT}"]
    logged = repo.git(*args, "--no-merges", "--full-history", "HEAD", "--", *pathspec)
    assert read == logged.encode()
    assert b"Ana L\0" in read and b"side edit" in read and b"outside" not in read


def test_docs_resolved_in_parts_equal_docs_resolved_at_once(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    abspaths = [str(repo.path / p) for p in _build(repo)]
    roots = [str(repo.path)]
    at_once = read_history(repo.path, abspaths, roots, HistorySettings())
    pending = begin_history(repo.path, None, roots, HistorySettings())
    pending.track(abspaths)
    first = pending.result([abspaths[1], str(repo.path / "untracked.md")])
    assert list(first.docs) == [abspaths[1]]
    assert _comparable(pending.result()) == _comparable(at_once)


def _serialise(record: Record) -> bytes:
    head = [record.sha, f"{record.author_date}T12:00:00+00:00"]
    head += [f"{record.committer_date}T09:00:00-05:00", record.author, record.email]
    out = "\0".join([*head, record.subject]).encode() + b"\0"
    for n, change in enumerate(record.changes):
        meta = f":100644 100644 {change.old_blob} {change.new_blob} {change.status}"
        paths = (
            [change.old_path, change.new_path] if change.status[0] in "RC" else [change.new_path]
        )
        out += (b"\n" if n == 0 else b"") + "\0".join([meta, *paths]).encode() + b"\0"
    return out


class Trickle(io.BytesIO):
    """A stream that gives at most a few bytes per read, cut at random."""

    def __init__(self, data: bytes, seed: int) -> None:
        super().__init__(data)
        self.rng = random.Random(seed)

    def read(self, size: int | None = -1) -> bytes:
        return super().read(self.rng.randint(1, 40))


text = st.text(st.characters(blacklist_characters="\0", blacklist_categories=["Cs"]), max_size=20)
sha = st.text("0123456789abcdef", min_size=40, max_size=40)
changes = st.builds(
    lambda status, old, new, a, b: Change(status, old, new, a if status[0] in "RC" else b, b),
    st.sampled_from(["A", "M", "D", "R100", "R087", "C075", "T"]),
    sha,
    sha,
    text.filter(bool),
    text.filter(bool),
)
records = st.builds(
    Record,
    sha,
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
    text,
    text,
    text,
    st.lists(changes, max_size=4),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(records, max_size=6), st.integers(0, 1000))
def test_records_parse_back_however_the_output_is_cut(logged: list[Record], seed: int) -> None:
    data = b"".join(_serialise(r) for r in logged)
    assert list(parse_log(io.BytesIO(data))) == logged
    assert list(parse_log(Trickle(data, seed))) == logged
    kept = [r for r in logged if r.changes]
    assert list(parse_log(Trickle(data, seed), skip_empty=True)) == kept
