"""One streamed pass over git history for the whole doc set.

``git log --raw -z -M --full-history`` is read once, newest first, and every doc is
followed back through renames to its creation. The cost grows with the history, not with
files x history, and the pass stops early once every doc has reached its creation.

A doc's last change is found along the line of its content: the newest commit that wrote
the blob the doc holds at the commit read, then the commit that wrote the blob before it,
and so on. ``--full-history`` keeps every branch that touched the doc (git's default
simplification can drop the branch that made the change); following blobs skips an edit
made on a branch whose version a merge did not keep. A merge is never an edit itself
(unless ``include_merges``, where each first-parent merge is diffed against its first
parent); when no commit wrote the current blob (a merge that resolved a conflict by hand),
the doc's commits are read newest first, as git lists them.

What is not an edit: a pure rename (R100), a commit listed in ``.git-blame-ignore-revs``
or whose subject matches an ignore pattern, and a commit that only changes the review
date line of the front-matter (that is a review attestation). A rename with edits is an
edit. Author dates (after ``.mailmap``) are used unless configured otherwise. A sweep
already ignored (listed in the ignore file or matching a pattern) is not reported again.

History is read from HEAD, or from an older commit (``rev``) for a report as of a past
date: no later commit is then seen, and no working-tree change counts.

Every git command goes through :mod:`ops_lint.git.command` (no configured program runs,
nothing is fetched); the work is bounded: ignore-revs lookups cost a few set probes,
ignore patterns run with a timeout, a blob larger than ``max_file_size`` is never read.
The repository read is recorded in :class:`History`, with a note when it is not the
project's own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ops_lint.git.as_of import tree
from ops_lint.git.command import GitFailed, GitUnavailable
from ops_lint.git.history_model import Commit, DocHistory, History, HistorySettings, Sweep
from ops_lint.git.history_reader import Event, LogReader
from ops_lint.git.log import Blobs, review_only
from ops_lint.git.repository import Location, locate, mailmap_problem, shallow_boundaries
from ops_lint.git.worktree import uncommitted
from ops_lint.globs import posix_relpath
from ops_lint.safe_files import inside

__all__ = [
    "Commit",
    "DocHistory",
    "GitFailed",
    "History",
    "HistorySettings",
    "Sweep",
    "begin_history",
    "read_history",
]


def _unjudged(
    reader: LogReader, doc: str, verdicts: dict[tuple[str, str], bool], cursor: dict[str, int]
) -> Event | None:
    """The doc's next event whose review-only verdict ``_resolve`` needs, if any.

    ``cursor`` remembers how far each doc has been read, so every event is looked at a
    bounded number of times however many review-only commits a doc has.
    """
    events = reader.lines[doc]
    while cursor[doc] < len(events):
        event = events[cursor[doc]]
        if event.status == "R100" or reader.ignored(event.commit):
            cursor[doc] += 1
            continue
        if not event.status.startswith(("M", "R")):
            return None  # an add (or other) event is the last change: no blob needed
        verdict = verdicts.get((event.old_blob, event.new_blob))
        if verdict is None:
            return event
        if not verdict:
            return None  # a substantive edit: the last change is found
        cursor[doc] += 1
    return None


def _judge(reader: LogReader, blobs: Blobs, docs: list[str]) -> dict[tuple[str, str], bool]:
    """Review-only verdicts, keyed by (old blob, new blob), for every event ``_resolve`` reads.

    Rounds: each asks, in one batch, for the next undecided event of every doc still
    open; a doc stays open only while its newest events are review attestations.
    """
    verdicts: dict[tuple[str, str], bool] = {}
    fields = reader.settings.review_fields
    cursor = dict.fromkeys(docs, 0)
    pending = docs
    while pending:
        wanted: dict[tuple[str, str], None] = {}
        still: list[str] = []
        for doc in pending:
            event = _unjudged(reader, doc, verdicts, cursor)
            if event is not None:
                wanted[(event.old_blob, event.new_blob)] = None
                still.append(doc)
        keys = list(wanted)
        for key, (old, new) in zip(keys, blobs.pairs(keys), strict=True):
            verdicts[key] = review_only(old, new, fields)
        pending = still
    return verdicts


def _resolve(reader: LogReader, verdicts: dict[tuple[str, str], bool], doc: str) -> DocHistory:
    """Turn a doc's newest-first events into its last change, attestation and editors."""
    result = DocHistory(path=doc, created=reader.created.get(doc))
    result.truncated = doc in reader.truncated or (
        bool(reader.boundaries) and doc not in reader.created
    )
    for event in reader.lines[doc]:
        if event.status == "R100" or reader.ignored(event.commit):
            continue
        if (
            result.last_change is None
            and event.status.startswith(("M", "R"))
            and verdicts[(event.old_blob, event.new_blob)]
        ):
            if result.last_attestation is None:
                result.last_attestation = event.commit
            continue
        if result.last_change is None:
            result.last_change = event.commit
        result.edits.append(event.commit)
    return result


class PendingHistory:
    """History being read: ``git log`` runs in its own process until ``result()``."""

    def __init__(self, result: History | None = None) -> None:
        self._done = result
        self._finish: Any = None

    def result(self) -> History:
        if self._done is None:
            self._done = self._finish()
        return self._done


def begin_history(
    start: Path,
    abspaths: list[str],
    roots: list[str],
    settings: HistorySettings,
    progress: Callable[[int], None] | None = None,
    rev: str | None = None,
) -> PendingHistory:
    """Start reading the history of the docs at ``abspaths`` (``roots`` limit the log).

    With ``rev`` (a commit), history is read from there, as the repository was then; the
    docs' paths are those in its tree and no working-tree change counts.
    """
    try:
        loc = locate(start)
    except GitUnavailable as exc:
        return PendingHistory(History(available=False, reason=str(exc)))
    toplevel = loc.toplevel
    prefix = toplevel.rstrip(os.sep) + os.sep
    project = os.path.realpath(start)
    guard = toplevel if inside(project, toplevel) else project  # side files stay in here

    def rel(path: str) -> str:
        if not path.startswith(prefix):  # only then pay for resolving symlinks
            path = os.path.realpath(path)
        return posix_relpath(path, toplevel)

    pathspec = [rel(r) for r in roots if not rel(r).startswith("../")] or ["."]
    history = History(
        available=True,
        toplevel=toplevel,
        git_dir=loc.git_dir,
        location_note=loc.note,
        rev=rev or "",
    )
    try:
        history.shallow = loc.shallow
        boundaries = shallow_boundaries(loc) if loc.shallow else set()
        reader = LogReader(loc, settings, guard, boundaries)
        reader.progress = progress
        mailmap_notice = mailmap_problem(toplevel)
        reader.notice(mailmap_notice)
        head = rev or loc.head()
        if head is not None:
            reader.start(pathspec, not mailmap_notice, head)  # docs are mapped meanwhile
        else:
            history.reason = "the repository has no commits yet"
    except (GitFailed, OSError, ValueError) as exc:
        return PendingHistory(History(available=False, reason=_reason(exc)))
    docs = {rel(p): p for p in abspaths if not rel(p).startswith("../")}
    reader.track(docs)

    pending = PendingHistory()
    pending._finish = lambda: _finish(reader, loc, history, docs, pathspec, head, rev)
    return pending


def _finish(
    reader: LogReader,
    loc: Location,
    history: History,
    docs: dict[str, str],
    pathspec: list[str],
    head: str | None,
    rev: str | None,
) -> History:
    """Read the rest of the log and judge each doc's changes: ``history``, completed."""
    settings = reader.settings
    blobs = Blobs(loc.git, settings.max_file_size)
    try:
        reader.walk()
        dirty = set() if rev else uncommitted(loc, pathspec, docs, settings.max_file_size)
        if head is not None:
            reader.follow({p: e.blob for p, e in tree(loc, head, pathspec).items()})
        verdicts = _judge(reader, blobs, list(docs))
    except (GitFailed, OSError, ValueError) as exc:
        return History(
            available=False, reason=_reason(exc), git_dir=loc.git_dir, location_note=loc.note
        )
    finally:
        blobs.close()
        reader.close()
    for doc, abspath in docs.items():
        entry = _resolve(reader, verdicts, doc)
        entry.uncommitted = doc in dirty
        history.docs[abspath] = entry
    history.commits_read = reader.commits_read
    history.skipped_records = reader.skipped
    history.sweeps = reader.sweeps
    history.missing_objects = blobs.missing
    history.notices = reader.notices + reader.pattern_failures()
    return history


def _reason(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return f"git failed: {lines[-1].strip() if lines else type(exc).__name__}"


def read_history(
    start: Path, abspaths: list[str], roots: list[str], settings: HistorySettings
) -> History:
    """History of the docs at ``abspaths``; ``roots`` (absolute) limit the log pathspec."""
    return begin_history(start, abspaths, roots, settings).result()
