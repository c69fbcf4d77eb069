"""One streamed pass over git history for the whole doc set.

``git log --raw -z -M`` is read once, newest first, and every doc is followed back
through renames to its creation. The cost grows with the history, not with
files x history, and the pass stops early once every doc has reached its creation.

What is not an edit: a pure rename (R100), a commit listed in ``.git-blame-ignore-revs``
or whose subject matches an ignore pattern, and a commit that only changes the review
date line of the front-matter (that is a review attestation). A rename with edits is an
edit. Author dates (after ``.mailmap``) are used unless configured otherwise.

Every git command goes through :mod:`ops_lint.git_cmd` (no configured program runs,
nothing is fetched); the work is bounded: ignore-revs lookups cost a few set probes,
ignore patterns run with a timeout, a blob larger than ``max_file_size`` is never read.
The repository read is recorded in :class:`History`, with a note when it is not the
project's own.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ops_lint.git_cmd import (
    LOG_OPTIONS,
    GitFailed,
    GitUnavailable,
    Location,
    last_line,
    locate,
    mailmap_problem,
    shallow_boundaries,
)
from ops_lint.git_log import (
    FORMAT,
    Blobs,
    Follow,
    Record,
    parse_log,
    read_ignore_revs,
    review_only,
)
from ops_lint.git_worktree import uncommitted
from ops_lint.globs import posix_relpath
from ops_lint.safe_files import inside
from ops_lint.user_regex import PatternError, UserPattern

__all__ = ["GitFailed", "History", "HistorySettings", "begin_history", "read_history"]


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: str
    email: str
    date: dt.date  # author or committer date, as configured, in the commit's own offset
    subject: str


@dataclass(slots=True)
class DocHistory:
    path: str  # repository-relative, as of HEAD
    last_change: Commit | None = None
    last_attestation: Commit | None = None  # newest commit that only bumped the review date
    created: dt.date | None = None  # date of the commit that added the file
    edits: list[Commit] = field(default_factory=list)  # substantive commits, newest first
    truncated: bool = False  # the walk reached a shallow boundary before the creation
    uncommitted: bool = False  # the working tree holds changes not yet committed


@dataclass(frozen=True, slots=True)
class Sweep:
    sha: str
    date: dt.date
    files: int
    subject: str


@dataclass(slots=True)
class History:
    available: bool
    reason: str = ""  # why history is unavailable
    shallow: bool = False
    commits_read: int = 0
    toplevel: str = ""
    git_dir: str = ""  # the repository read
    location_note: str = ""  # said loudly: the repository read is not the project's own
    docs: dict[str, DocHistory] = field(default_factory=dict)  # keyed by absolute path
    sweeps: list[Sweep] = field(default_factory=list)
    missing_objects: int = 0  # blobs git could not find (a corrupt or partial clone)
    skipped_records: int = 0  # log records that did not parse (a bad sha or date)
    notices: list[str] = field(default_factory=list)  # e.g. a pattern switched off


@dataclass(frozen=True, slots=True)
class HistorySettings:
    date: str = "author"  # or "committer"
    ignore_revs_file: str = ".git-blame-ignore-revs"
    ignore_messages: tuple[str, ...] = ()
    sweep_share: float = 0.25
    sweep_min_files: int = 10
    review_fields: tuple[str, ...] = ("last_reviewed",)
    include_merges: bool = False
    max_file_size: int = 5_000_000  # a larger blob is never read: its change is an edit


@dataclass(slots=True)
class _Event:
    commit: Commit
    status: str  # A, M, D, R100, R087, ...
    old_blob: str
    new_blob: str


class _Reader:
    def __init__(
        self, loc: Location, settings: HistorySettings, guard: str, boundaries: set[str]
    ) -> None:
        self.loc = loc
        self.boundaries = boundaries  # shallow-clone boundary commits: their diffs are not real
        self.truncated: set[str] = set()
        self.settings = settings
        self.created: dict[str, dt.date] = {}
        self.notices: list[str] = []
        self.track({})
        revs_path = os.path.join(loc.toplevel, settings.ignore_revs_file)
        self.ignore_revs, notice = read_ignore_revs(revs_path, guard)
        self._notice(notice)
        self.ignore_messages: list[UserPattern] = []
        for n, source in enumerate(settings.ignore_messages):
            where = f"freshness.ignore_messages[{n}]"
            try:
                self.ignore_messages.append(UserPattern(source, where))
            except PatternError as exc:
                self._notice(f"{where} not used: {exc}")
        self.sweeps: list[Sweep] = []
        self.commits_read = 0
        self.skipped = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.progress: Callable[[int], None] | None = None  # told every 1,000 commits

    def _notice(self, text: str) -> None:
        if text:
            self.notices.append(text)

    def track(self, docs: dict[str, str]) -> None:
        """The docs to follow: repo-relative path at HEAD -> absolute path."""
        self.docs = docs
        self.events: dict[str, list[_Event]] = {p: [] for p in docs}
        self.alias: dict[str, str] = {p: p for p in docs}  # path in older commits -> doc

    def ignored(self, commit: Commit) -> bool:
        if commit.sha in self.ignore_revs:
            return True
        return any(p.search(commit.subject) for p in self.ignore_messages)

    def pattern_failures(self) -> list[str]:
        return [p.failure for p in self.ignore_messages if p.failure is not None]

    def start(self, pathspec: list[str], mailmap: bool) -> None:
        """Run ``git log`` into a temporary file: git works while the caller parses docs."""
        args = ["--raw", "-z", "--no-abbrev", "-M", *LOG_OPTIONS, f"--format={FORMAT}"]
        args += ["--use-mailmap"] if mailmap else ["--no-use-mailmap"]
        args += ["-m", "--first-parent"] if self.settings.include_merges else ["--no-merges"]
        # git writes through its own file description; we read through another one, so the
        # two offsets are independent and reading can start while git is still writing.
        fd, path = tempfile.mkstemp(prefix="ops-lint-log-")
        try:
            self.out = open(path, "rb")  # noqa: SIM115 - closed in close()
            self.err = tempfile.TemporaryFile()  # noqa: SIM115
            self.proc = self.loc.git.popen(
                "log", *args, "--", *pathspec, stdout=fd, stderr=self.err
            )
        finally:
            os.close(fd)
            os.unlink(path)

    def walk(self) -> None:
        if self.proc is None:
            return
        self.out.seek(0)
        for record in parse_log(Follow(self.out, self.proc), self.loc.sha_length):
            if record is None:
                self.skipped += 1  # one unreadable record never hides the rest
                continue
            self.commits_read += 1
            if self.progress is not None and self.commits_read % 1000 == 0:
                self.progress(self.commits_read)
            self.commit(record)
            if len(self.created) + len(self.truncated) >= len(self.docs):
                return  # every doc reached its creation: older history cannot matter
        code = self.proc.wait()
        if code != 0:
            self.err.seek(0)
            raise GitFailed(last_line(self.err.read()) or f"git log exited with {code}")

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()  # only git log, stopped early on purpose: its output is not needed
            self.proc.wait()
        for handle in (getattr(self, "out", None), getattr(self, "err", None)):
            if handle is not None:
                handle.close()

    def commit(self, record: Record) -> None:
        date = record.author_date if self.settings.date == "author" else record.committer_date
        commit = Commit(record.sha, record.author, record.email, date, record.subject)
        touched = 0
        boundary = commit.sha in self.boundaries
        for status, old_blob, new_blob, old_path, new_path in record.changes:
            doc = self.alias.get(new_path)
            if doc is None or doc in self.created or doc in self.truncated:
                continue
            if boundary:  # a shallow clone shows every file as added here: not evidence
                self.truncated.add(doc)
                continue
            if not status.startswith("A"):  # creating docs is not sweeping over them
                touched += 1
            self.events[doc].append(_Event(commit, status, old_blob, new_blob))
            if status.startswith("R"):
                del self.alias[new_path]
                self.alias[old_path] = doc
            elif status.startswith("A"):
                self.created[doc] = commit.date
        share = touched / max(1, len(self.docs))
        if touched >= self.settings.sweep_min_files and share > self.settings.sweep_share:
            self.sweeps.append(Sweep(commit.sha, commit.date, touched, commit.subject))


def _unjudged(
    reader: _Reader, doc: str, verdicts: dict[tuple[str, str], bool], cursor: dict[str, int]
) -> _Event | None:
    """The doc's next event whose review-only verdict ``_resolve`` needs, if any.

    ``cursor`` remembers how far each doc has been read, so every event is looked at a
    bounded number of times however many review-only commits a doc has.
    """
    events = reader.events[doc]
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


def _judge(reader: _Reader, blobs: Blobs, docs: list[str]) -> dict[tuple[str, str], bool]:
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


def _resolve(reader: _Reader, verdicts: dict[tuple[str, str], bool], doc: str) -> DocHistory:
    """Turn a doc's newest-first events into its last change, attestation and editors."""
    result = DocHistory(path=doc, created=reader.created.get(doc))
    result.truncated = doc in reader.truncated or (
        bool(reader.boundaries) and doc not in reader.created
    )
    for event in reader.events[doc]:
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
) -> PendingHistory:
    """Start reading the history of the docs at ``abspaths`` (``roots`` limit the log)."""
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
        available=True, toplevel=toplevel, git_dir=loc.git_dir, location_note=loc.note
    )
    try:
        history.shallow = loc.shallow
        boundaries = shallow_boundaries(loc) if loc.shallow else set()
        reader = _Reader(loc, settings, guard, boundaries)
        reader.progress = progress
        mailmap_notice = mailmap_problem(toplevel)
        reader._notice(mailmap_notice)
        if loc.head() is not None:
            reader.start(pathspec, mailmap=not mailmap_notice)  # docs are mapped meanwhile
        else:
            history.reason = "the repository has no commits yet"
    except (GitFailed, OSError, ValueError) as exc:
        return PendingHistory(History(available=False, reason=_reason(exc)))
    docs = {rel(p): p for p in abspaths if not rel(p).startswith("../")}
    reader.track(docs)

    def finish() -> History:
        blobs = Blobs(loc.git, settings.max_file_size)
        try:
            reader.walk()
            dirty = uncommitted(loc, pathspec, docs, settings.max_file_size)
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

    pending = PendingHistory()
    pending._finish = finish
    return pending


def _reason(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return f"git failed: {lines[-1].strip() if lines else type(exc).__name__}"


def read_history(
    start: Path, abspaths: list[str], roots: list[str], settings: HistorySettings
) -> History:
    """History of the docs at ``abspaths``; ``roots`` (absolute) limit the log pathspec."""
    return begin_history(start, abspaths, roots, settings).result()
