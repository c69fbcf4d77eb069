"""The reader of the one pass over git history: each tracked doc followed through renames.

git (``git log``, or ``rev-list`` feeding ``diff-tree``: :meth:`LogReader.start`) writes
into a temporary file (unlinked as soon as it is opened) so git works while the caller
parses docs; every record is parsed by :mod:`ops_lint.git.log` and
matched against the docs being followed, newest first, until each reached its creation.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from ops_lint.git.command import LOG_OPTIONS, GitFailed, last_line
from ops_lint.git.history_model import Commit, HistorySettings, Sweep
from ops_lint.git.log import FORMAT, Follow, Record, parse_log, read_ignore_revs
from ops_lint.git.repository import Location

if TYPE_CHECKING:
    from ops_lint.user_regex import UserPattern


@dataclass(slots=True)
class Event:
    commit: Commit
    status: str  # A, M, D, R100, R087, ...
    old_blob: str
    new_blob: str


class LogReader:
    """Follows the tracked docs through one ``git log`` stream, newest first."""

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
        self.notice(notice)
        self.ignore_messages: list[UserPattern] = []
        if settings.ignore_messages:  # the regex engine is loaded only for patterns
            self._compile(settings.ignore_messages)
        self.sweeps: list[Sweep] = []
        self.commits_read = 0
        self.skipped = 0
        self.proc: subprocess.Popen[bytes] | None = None  # git's output is read from it
        self.walker: subprocess.Popen[bytes] | None = None  # rev-list, feeding diff-tree
        self.err: IO[bytes] | None = None
        self.walker_err: IO[bytes] | None = None
        self.command = "log"
        self.whole_tree = False  # the log is read without a pathspec
        self.progress: Callable[[int], None] | None = None  # told every 1,000 commits

    def _compile(self, sources: tuple[str, ...]) -> None:
        from ops_lint.user_regex import PatternError, UserPattern

        for n, source in enumerate(sources):
            where = f"freshness.ignore_messages[{n}]"
            try:
                self.ignore_messages.append(UserPattern(source, where))
            except PatternError as exc:
                self.notice(f"{where} not used: {exc}")

    def notice(self, text: str) -> None:
        if text:
            self.notices.append(text)

    def track(self, docs: dict[str, str]) -> None:
        """The docs to follow: repo-relative path at HEAD -> absolute path."""
        self.docs = docs
        self.events: dict[str, list[Event]] = {p: [] for p in docs}
        self.lines: dict[str, list[Event]] = {}  # once ``follow`` knows the doc's blob
        self.alias: dict[str, str] = {p: p for p in docs}  # path in older commits -> doc

    def line(self, doc: str) -> list[Event]:
        """The doc's events along the line of its content (all of them, newest first,
        until ``follow`` knows its blob)."""
        found = self.lines.get(doc)
        return self.events[doc] if found is None else found

    def ignored(self, commit: Commit) -> bool:
        if self.ignore_revs and commit.sha in self.ignore_revs:
            return True
        return bool(self.ignore_messages) and any(
            p.search(commit.subject) for p in self.ignore_messages
        )

    def pattern_failures(self) -> list[str]:
        return [p.failure for p in self.ignore_messages if p.failure is not None]

    def start(self, pathspec: list[str], mailmap: bool, rev: str = "HEAD") -> None:
        """Run git into a temporary file: git works while the caller parses docs.

        What git is asked depends on the doc roots, for the same records at least cost:

        - roots that are the whole work tree: ``git log`` without a pathspec. With ``.``
          git would match every path of every diff against it (a third of its time on
          a large history); the only commits it adds change no file and are skipped
          unread (with ``.`` git would not list them).
        - roots below the top: ``git rev-list --no-merges | git diff-tree --stdin`` with
          the pathspec. ``git log --no-merges --full-history`` with a pathspec diffs each
          commit twice, once to decide it touches the roots and once to print it;
          ``diff-tree`` diffs it once and prints what the log would, byte for byte.
        - merges followed (``include_merges``): ``git log -m --first-parent``.
        """
        self.whole_tree = "." in pathspec
        limit = [] if self.whole_tree else ["--", *pathspec]
        diff = ["--raw", "-z", "--no-abbrev", "-M", *LOG_OPTIONS, f"--format={FORMAT}"]
        if self.settings.include_merges:
            mailmap_flag = "--use-mailmap" if mailmap else "--no-use-mailmap"
            command = ["log", *diff, mailmap_flag, "-m", "--first-parent", rev, *limit]
        elif self.whole_tree:  # every branch that touched a doc, not only the one git keeps
            mailmap_flag = "--use-mailmap" if mailmap else "--no-use-mailmap"
            command = ["log", *diff, mailmap_flag, "--no-merges", "--full-history", rev]
        else:  # %aN and %aE read the .mailmap whatever the flag: diff-tree has none
            command = ["diff-tree", "--stdin", "--root", "-r", *diff, *limit]
        self.command = command[0]
        # git writes through its own file description; we read through another one, so the
        # two offsets are independent and reading can start while git is still writing.
        fd, path = tempfile.mkstemp(prefix="ops-lint-log-")
        try:
            self.out = open(path, "rb")  # noqa: SIM115 - closed in close()
            self.err = tempfile.TemporaryFile()  # noqa: SIM115
            git = self.loc.git
            if command[0] == "diff-tree":
                self.walker_err = tempfile.TemporaryFile()  # noqa: SIM115
                self.walker = git.popen(
                    "rev-list", "--no-merges", rev, stdout=subprocess.PIPE, stderr=self.walker_err
                )
                try:
                    self.proc = git.popen(
                        *command, stdin=self.walker.stdout, stdout=fd, stderr=self.err
                    )
                finally:
                    assert self.walker.stdout is not None
                    self.walker.stdout.close()  # diff-tree holds it: rev-list sees it go
            else:
                self.proc = git.popen(*command, stdout=fd, stderr=self.err)
        finally:
            os.close(fd)
            os.unlink(path)

    def walk(self) -> None:
        if self.proc is None:
            return
        self.out.seek(0)
        records = parse_log(Follow(self.out, self.proc), self.loc.sha_length, self.whole_tree)
        for record in records:
            if record is None:
                self.skipped += 1  # one unreadable record never hides the rest
                continue
            self.commits_read += 1
            if self.progress is not None and self.commits_read % 1000 == 0:
                self.progress(self.commits_read)
            self.commit(record)
            if len(self.created) + len(self.truncated) >= len(self.docs):
                return  # every doc reached its creation: older history cannot matter
        # rev-list first: when it fails, diff-tree only saw its input end
        for proc, err in ((self.walker, self.walker_err), (self.proc, self.err)):
            if proc is None or err is None:
                continue
            code = proc.wait()
            if code != 0:
                err.seek(0)
                name = "rev-list" if proc is self.walker else self.command
                raise GitFailed(last_line(err.read()) or f"git {name} exited with {code}")

    def follow(self, blobs: dict[str, str], docs: list[str]) -> None:
        """Keep, for each of ``docs``, the events along the line of its content
        (``blobs``: each doc's blob at the commit read)."""
        for doc in docs:
            self.lines[doc] = content_line(self.events[doc], blobs.get(doc))

    def close(self) -> None:
        for proc in (self.walker, self.proc):
            if proc is not None and proc.poll() is None:
                proc.kill()  # only git's walk, stopped early on purpose: not needed
                proc.wait()
        for handle in (getattr(self, "out", None), self.err, self.walker_err):
            if handle is not None:
                handle.close()

    def commit(self, record: Record) -> None:
        date = record.author_date if self.settings.date == "author" else record.committer_date
        commit = Commit(record.sha, record.author, record.email, date, record.subject)
        touched = 0
        boundary = commit.sha in self.boundaries
        alias, created, truncated, events = self.alias, self.created, self.truncated, self.events
        for status, old_blob, new_blob, old_path, new_path in record.changes:
            doc = alias.get(new_path)
            if doc is None or doc in created or doc in truncated:
                continue
            if boundary:  # a shallow clone shows every file as added here: not evidence
                truncated.add(doc)
                continue
            kind = status[0]
            if kind != "A":  # creating docs is not sweeping over them
                touched += 1
            events[doc].append(Event(commit, status, old_blob, new_blob))
            if kind == "R":
                del alias[new_path]
                alias[old_path] = doc
            elif kind == "A":
                created[doc] = date
        share = touched / max(1, len(self.docs))
        if (
            touched >= self.settings.sweep_min_files
            and share > self.settings.sweep_share
            and not self.ignored(commit)  # already ignored: nothing left to add
        ):
            self.sweeps.append(Sweep(commit.sha, commit.date, touched, commit.subject))


def content_line(events: list[Event], blob: str | None) -> list[Event]:
    """The events that made the doc's content, newest first: the commit that wrote ``blob``
    (the doc's blob at the commit read), then the one that wrote the blob before it...

    An edit on a branch whose version no merge kept writes no blob of this line and is
    skipped. When no commit wrote ``blob`` (a merge resolved by hand, an unknown blob),
    every event is kept, newest first.
    """
    if blob is None or not any(e.new_blob == blob for e in events):
        return events
    line: list[Event] = []
    for event in events:
        if event.new_blob == blob:
            line.append(event)
            blob = event.old_blob
    return line
