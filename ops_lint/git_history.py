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
from dataclasses import dataclass
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
from ops_lint.git_snapshot import tree
from ops_lint.git_worktree import uncommitted
from ops_lint.globs import posix_relpath
from ops_lint.history_model import Commit, DocHistory, History, HistorySettings, Sweep
from ops_lint.safe_files import inside
from ops_lint.user_regex import PatternError, UserPattern

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
        self.lines = self.events  # until ``follow`` knows each doc's blob
        self.alias: dict[str, str] = {p: p for p in docs}  # path in older commits -> doc

    def ignored(self, commit: Commit) -> bool:
        if commit.sha in self.ignore_revs:
            return True
        return any(p.search(commit.subject) for p in self.ignore_messages)

    def pattern_failures(self) -> list[str]:
        return [p.failure for p in self.ignore_messages if p.failure is not None]

    def start(self, pathspec: list[str], mailmap: bool, rev: str = "HEAD") -> None:
        """Run ``git log`` into a temporary file: git works while the caller parses docs."""
        args = ["--raw", "-z", "--no-abbrev", "-M", *LOG_OPTIONS, f"--format={FORMAT}"]
        args += ["--use-mailmap"] if mailmap else ["--no-use-mailmap"]
        if self.settings.include_merges:
            args += ["-m", "--first-parent"]
        else:  # every branch that touched a doc, not only the one git's simplification keeps
            args += ["--no-merges", "--full-history"]
        args.append(rev)
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

    def follow(self, blobs: dict[str, str]) -> None:
        """Keep, for each doc, the events along the line of its content (``blobs``: the
        doc's blob at the commit read)."""
        self.lines = {doc: _content_line(ev, blobs.get(doc)) for doc, ev in self.events.items()}

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
        if (
            touched >= self.settings.sweep_min_files
            and share > self.settings.sweep_share
            and not self.ignored(commit)  # already ignored: nothing left to add
        ):
            self.sweeps.append(Sweep(commit.sha, commit.date, touched, commit.subject))


def _content_line(events: list[_Event], blob: str | None) -> list[_Event]:
    """The events that made the doc's content, newest first: the commit that wrote ``blob``
    (the doc's blob at the commit read), then the one that wrote the blob before it...

    An edit on a branch whose version no merge kept writes no blob of this line and is
    skipped. When no commit wrote ``blob`` (a merge resolved by hand, an unknown blob),
    every event is kept, newest first.
    """
    if blob is None or not any(e.new_blob == blob for e in events):
        return events
    line: list[_Event] = []
    for event in events:
        if event.new_blob == blob:
            line.append(event)
            blob = event.old_blob
    return line


def _unjudged(
    reader: _Reader, doc: str, verdicts: dict[tuple[str, str], bool], cursor: dict[str, int]
) -> _Event | None:
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
        reader = _Reader(loc, settings, guard, boundaries)
        reader.progress = progress
        mailmap_notice = mailmap_problem(toplevel)
        reader._notice(mailmap_notice)
        head = rev or loc.head()
        if head is not None:
            reader.start(pathspec, not mailmap_notice, head)  # docs are mapped meanwhile
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
