"""One streamed pass over git history for the whole doc set.

The output of ``git log --raw -z -M --no-merges --full-history`` (or what git prints the
same at less cost: :meth:`~ops_lint.git.history_reader.LogReader.start`) is read once,
newest first, and every doc is followed back through renames to its creation. The cost
grows with the history, not with files x history, and the pass stops early once every doc
has reached its creation. The docs to follow may be named after git has started, and the
history of each is resolved when asked for (a report asks for the docs it judges only).

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
from collections.abc import Callable, Collection
from pathlib import Path

from ops_lint.git.as_of import tree
from ops_lint.git.blobs import Blobs
from ops_lint.git.command import GitFailed, GitUnavailable
from ops_lint.git.doc_history import judge, resolve
from ops_lint.git.history_model import Commit, DocHistory, History, HistorySettings, Sweep
from ops_lint.git.history_reader import LogReader
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


class PendingHistory:
    """History being read: ``git log`` runs in its own process until ``result()``.

    The docs to follow may be named when it starts or later (:meth:`track`, before
    ``result``), so git can start before the doc set is discovered. ``result(wanted)``
    resolves only the docs asked for (absolute paths; all of them by default); a later
    call resolves any doc not yet resolved.
    """

    def __init__(self, result: History | None = None) -> None:
        self._done = result
        self._reading: _Reading | None = None

    def track(self, abspaths: list[str]) -> None:
        if self._reading is not None:
            self._reading.track(abspaths)

    def close(self) -> None:
        """Stop reading: ``git log`` is ended if it still runs (the run failed)."""
        if self._reading is not None:
            self._reading.reader.close()

    def read(self) -> History | None:
        """The history read from git so far, if git's log was read to its end (None if it
        came from elsewhere, failed or was never asked for)."""
        reading = self._reading
        if reading is None or not reading.walked or reading.failed is not None:
            return None
        return reading.history

    def result(self, wanted: Collection[str] | None = None) -> History:
        if self._reading is not None:
            return self._reading.result(wanted)
        assert self._done is not None
        return self._done


def begin_history(
    start: Path,
    abspaths: list[str] | None,
    roots: list[str],
    settings: HistorySettings,
    progress: Callable[[int], None] | None = None,
    rev: str | None = None,
    loc: Location | None = None,
) -> PendingHistory:
    """Start reading the history of the docs at ``abspaths`` (``roots`` limit the log).

    ``abspaths`` None: the docs are named later, with :meth:`PendingHistory.track`. With
    ``rev`` (a commit), history is read from there, as the repository was then; the docs'
    paths are those in its tree and no working-tree change counts. ``loc``: the
    repository of ``start``, when the caller has located it already.
    """
    if loc is None:
        try:
            loc = locate(start)
        except GitUnavailable as exc:
            return PendingHistory(History(available=False, reason=str(exc)))
    toplevel = loc.toplevel
    project = os.path.realpath(start)
    guard = toplevel if inside(project, toplevel) else project  # side files stay in here
    rel = _relative_to(toplevel)
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
    pending = PendingHistory()
    pending._reading = _Reading(reader, loc, history, rel, pathspec, head, rev)
    if abspaths is not None:
        pending.track(abspaths)
    return pending


def _relative_to(toplevel: str) -> Callable[[str], str]:
    """Repository-relative POSIX path of an absolute path (``../...`` when outside)."""
    prefix = toplevel.rstrip(os.sep) + os.sep

    def rel(path: str) -> str:
        if not path.startswith(prefix):  # only then pay for resolving symlinks
            path = os.path.realpath(path)
        elif os.sep == "/" and _normal(path[len(prefix) :]):
            return path[len(prefix) :]  # what relpath would return, without its cost
        return posix_relpath(path, toplevel)

    return rel


def _normal(tail: str) -> bool:
    """True if the POSIX relative path ``tail`` is already normal (no ``.``, ``..`` or
    empty part)."""
    framed = f"/{tail}/"
    return bool(tail) and "//" not in framed and "/./" not in framed and "/../" not in framed


class _Reading:
    """The state between starting ``git log`` and the last doc resolved."""

    def __init__(
        self,
        reader: LogReader,
        loc: Location,
        history: History,
        rel: Callable[[str], str],
        pathspec: list[str],
        head: str | None,
        rev: str | None,
    ) -> None:
        self.reader = reader
        self.loc = loc
        self.history = history
        self.rel = rel
        self.pathspec = pathspec
        self.head = head
        self.rev = rev
        self.docs: dict[str, str] = {}  # repository-relative path -> absolute path
        self.failed: History | None = None
        self.walked = False
        self.verdicts: dict[tuple[str, str], bool] = {}
        self.blob_ids: dict[str, str] | None = None  # each doc's blob at the commit read

    def track(self, abspaths: list[str]) -> None:
        rel = self.rel
        docs = {}
        for path in abspaths:
            relative = rel(path)
            if not relative.startswith("../"):
                docs[relative] = path
        self.docs = docs
        self.reader.track(docs)

    def result(self, wanted: Collection[str] | None) -> History:
        if self.failed is not None:
            return self.failed
        if wanted is None:
            todo = [doc for doc, path in self.docs.items() if path not in self.history.docs]
        else:
            rel, tracked, done = self.rel, self.docs, self.history.docs
            todo = [r for p in wanted if p not in done and tracked.get(r := rel(p)) == p]
        todo = list(dict.fromkeys(todo))
        dirty: set[str] | Exception
        try:
            if self.walked:
                dirty = self._prepare(todo)
            else:  # while git still writes the log: its process works meanwhile
                try:
                    dirty = self._prepare(todo)
                except (GitFailed, OSError, ValueError) as exc:
                    dirty = exc  # the log's own failure, if any, is the one to report
                self._walk()
            if isinstance(dirty, Exception):
                raise dirty
            if todo:
                self._resolve(todo, dirty)
        except (GitFailed, OSError, ValueError) as exc:
            loc = self.loc
            self.failed = History(
                available=False, reason=_reason(exc), git_dir=loc.git_dir, location_note=loc.note
            )
            return self.failed
        finally:
            self.reader.close()
        return self.history

    def _walk(self) -> None:
        """Read the rest of the log: the history-wide facts."""
        reader, history = self.reader, self.history
        reader.walk()
        self.walked = True
        history.commits_read = reader.commits_read
        history.skipped_records = reader.skipped
        history.sweeps = reader.sweeps
        history.notices = reader.notices + reader.pattern_failures()

    def _prepare(self, todo: list[str]) -> set[str]:
        """What the docs ``todo`` need besides the log: which hold uncommitted changes
        (returned), and each doc's blob at the commit read."""
        if not todo:
            return set()
        loc, limit = self.loc, self.reader.settings.max_file_size
        dirty = set() if self.rev else uncommitted(loc, self.pathspec, todo, limit)
        if self.head is not None and self.blob_ids is None:
            entries = tree(loc, self.head, self.pathspec)
            self.blob_ids = {p: e.blob for p, e in entries.items()}
        return dirty

    def _resolve(self, todo: list[str], dirty: set[str]) -> None:
        """Judge the changes of the docs ``todo`` (repository-relative) into ``history``;
        ``dirty``: those with uncommitted changes."""
        reader, loc, history = self.reader, self.loc, self.history
        settings = reader.settings
        if self.blob_ids is not None:
            reader.follow(self.blob_ids, todo)
        blobs = Blobs(loc.git, settings.max_file_size)
        try:
            judge(reader, blobs, todo, self.verdicts)
        finally:
            blobs.close()
        history.missing_objects += blobs.missing
        for doc in todo:
            entry = resolve(reader, self.verdicts, doc)
            entry.uncommitted = doc in dirty
            history.docs[self.docs[doc]] = entry
        history.notices = reader.notices + reader.pattern_failures()  # switched off since


def _reason(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return f"git failed: {lines[-1].strip() if lines else type(exc).__name__}"


def read_history(
    start: Path, abspaths: list[str], roots: list[str], settings: HistorySettings
) -> History:
    """History of the docs at ``abspaths``; ``roots`` (absolute) limit the log pathspec."""
    return begin_history(start, abspaths, roots, settings).result()
