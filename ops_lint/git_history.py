"""One streamed pass over git history for the whole doc set.

``git log --raw -z -M`` is read once, newest first, and every doc is followed back
through renames to its creation. The cost grows with the history, not with
files x history, and the pass stops early once every doc has reached its creation.

What is not an edit: a pure rename (R100), a commit listed in ``.git-blame-ignore-revs``
or whose subject matches an ignore pattern, and a commit that only changes the review
date line of the front-matter (that is a review attestation). A rename with edits is an
edit. Author dates (after ``.mailmap``) are used unless configured otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ops_lint.git_log import (
    HEADER,
    Blobs,
    Follow,
    entries,
    parse_date,
    parse_records,
    read_ignore_revs,
    review_only,
)
from ops_lint.globs import posix_relpath


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
    docs: dict[str, DocHistory] = field(default_factory=dict)  # keyed by absolute path
    sweeps: list[Sweep] = field(default_factory=list)
    missing_objects: int = 0  # blobs git could not find (a corrupt or partial clone)


@dataclass(frozen=True, slots=True)
class HistorySettings:
    date: str = "author"  # or "committer"
    ignore_revs_file: str = ".git-blame-ignore-revs"
    ignore_messages: tuple[str, ...] = ()
    sweep_share: float = 0.25
    sweep_min_files: int = 10
    review_fields: tuple[str, ...] = ("last_reviewed",)
    include_merges: bool = False


@dataclass(slots=True)
class _Event:
    commit: Commit
    status: str  # A, M, D, R100, R087, ...
    old_blob: str
    new_blob: str


class _Reader:
    def __init__(
        self, repo: Any, settings: HistorySettings, docs: dict[str, str], boundaries: set[str]
    ) -> None:
        self.repo = repo
        self.boundaries = boundaries  # shallow-clone boundary commits: their diffs are not real
        self.truncated: set[str] = set()
        self.settings = settings
        self.created: dict[str, dt.date] = {}
        self.track(docs)
        self.ignore_revs = read_ignore_revs(Path(repo.working_tree_dir) / settings.ignore_revs_file)
        self.ignore_messages = [re.compile(p) for p in settings.ignore_messages]
        self.sweeps: list[Sweep] = []
        self.commits_read = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.progress: Callable[[int], None] | None = None  # told every 1,000 commits

    def track(self, docs: dict[str, str]) -> None:
        """The docs to follow: repo-relative path at HEAD -> absolute path."""
        self.docs = docs
        self.events: dict[str, list[_Event]] = {p: [] for p in docs}
        self.alias: dict[str, str] = {p: p for p in docs}  # path in older commits -> doc

    def ignored(self, commit: Commit) -> bool:
        if any(commit.sha.startswith(rev) for rev in self.ignore_revs):
            return True
        return any(p.search(commit.subject) for p in self.ignore_messages)

    def start(self, pathspec: list[str]) -> None:
        """Run ``git log`` into a temporary file: git works while the caller parses docs."""
        args = ["--raw", "-z", "--no-abbrev", "-M", "--use-mailmap", f"--format={HEADER}"]
        args += ["-m", "--first-parent"] if self.settings.include_merges else ["--no-merges"]
        # git writes through its own file description; we read through another one, so the
        # two offsets are independent and reading can start while git is still writing.
        fd, path = tempfile.mkstemp(prefix="ops-lint-log-")
        try:
            self.out = open(path, "rb")  # noqa: SIM115 - closed in close()
            self.err = tempfile.TemporaryFile()  # noqa: SIM115
            self.proc = subprocess.Popen(
                [_git_executable(self.repo), "log", *args, "--", *pathspec],
                cwd=self.repo.working_tree_dir,
                stdout=fd,
                stderr=self.err,
                stdin=subprocess.DEVNULL,
            )
        finally:
            os.close(fd)
            os.unlink(path)

    def walk(self) -> None:
        if self.proc is None:
            return
        self.out.seek(0)
        for fields, tokens in parse_records(Follow(self.out, self.proc)):
            if len(fields) < 6:
                continue
            self.commits_read += 1
            if self.progress is not None and self.commits_read % 1000 == 0:
                self.progress(self.commits_read)
            iso = fields[3] if self.settings.date == "author" else fields[4]
            commit = Commit(fields[0], fields[1], fields[2], parse_date(iso), fields[5])
            self.commit(commit, tokens)
            if len(self.created) + len(self.truncated) >= len(self.docs):
                return  # every doc reached its creation: older history cannot matter
        code = self.proc.wait()
        if code != 0:
            self.err.seek(0)
            lines = self.err.read().decode("utf-8", "replace").strip().splitlines()
            raise GitFailed(lines[-1] if lines else f"git log exited with {code}")

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for handle in (getattr(self, "out", None), getattr(self, "err", None)):
            if handle is not None:
                handle.close()

    def commit(self, commit: Commit, tokens: list[str]) -> None:
        touched = 0
        boundary = commit.sha in self.boundaries
        for status, old_blob, new_blob, old_path, new_path in entries(tokens):
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


def _unjudged(reader: _Reader, doc: str, verdicts: dict[tuple[str, str], bool]) -> _Event | None:
    """The doc's next event whose review-only verdict ``_resolve`` needs, if any."""
    for event in reader.events[doc]:
        if event.status == "R100" or reader.ignored(event.commit):
            continue
        if not event.status.startswith(("M", "R")):
            return None  # an add (or other) event is the last change: no blob needed
        verdict = verdicts.get((event.old_blob, event.new_blob))
        if verdict is None:
            return event
        if not verdict:
            return None  # a substantive edit: the last change is found
    return None


def _judge(reader: _Reader, blobs: Blobs, docs: list[str]) -> dict[tuple[str, str], bool]:
    """Review-only verdicts, keyed by (old blob, new blob), for every event ``_resolve`` reads.

    Rounds: each asks, in one batch, for the next undecided event of every doc still
    open; a doc stays open only while its newest events are review attestations.
    """
    verdicts: dict[tuple[str, str], bool] = {}
    fields = reader.settings.review_fields
    pending = docs
    while pending:
        wanted: dict[tuple[str, str], None] = {}
        still: list[str] = []
        for doc in pending:
            event = _unjudged(reader, doc, verdicts)
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


def _open_repo(start: Path) -> tuple[Any | None, str]:
    # Without git on PATH, GitPython must not fail at import: commands then raise instead.
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    try:
        import git
    except ImportError:  # pragma: no cover - GitPython is a dependency
        return None, "GitPython is not installed"
    try:
        repo = git.Repo(start, search_parent_directories=True)
        repo.git.rev_parse("--git-dir")
    except git.exc.GitCommandNotFound:
        return None, "git is not installed (not on PATH)"
    except (git.exc.InvalidGitRepositoryError, git.exc.NoSuchPathError):
        return None, "not a git repository"
    except git.exc.GitCommandError as exc:
        return None, f"git failed: {str(exc.stderr).strip() or exc}"
    if repo.bare or repo.working_tree_dir is None:
        return None, "a bare repository has no working tree"
    return repo, ""


def _shallow_boundaries(repo: Any) -> set[str]:
    path = Path(repo.git.rev_parse("--git-path", "shallow"))
    if not path.is_absolute():
        path = Path(repo.working_tree_dir) / path
    try:
        return {line.strip() for line in path.read_text().splitlines() if line.strip()}
    except OSError:
        return set()


def _uncommitted(repo: Any, pathspec: list[str]) -> set[str]:
    out: str = repo.git.status("--porcelain=v1", "-z", "--untracked-files=all", "--", *pathspec)
    changed: set[str] = set()
    tokens = out.split("\0")
    i = 0
    while i < len(tokens):
        entry = tokens[i]
        if len(entry) > 3:
            changed.add(entry[3:])
            if entry[0] in "RC":
                i += 1  # the original path follows a rename
        i += 1
    return changed


class GitFailed(Exception):
    """A git command failed (corrupt objects, a broken repository...)."""


def _git_executable(repo: Any) -> str:
    return str(repo.git.GIT_PYTHON_GIT_EXECUTABLE or "git")


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
    repo, reason = _open_repo(start)
    if repo is None:
        return PendingHistory(History(available=False, reason=reason))
    import git

    toplevel = os.path.realpath(str(repo.working_tree_dir))
    prefix = toplevel.rstrip(os.sep) + os.sep

    def rel(path: str) -> str:
        if not path.startswith(prefix):  # only then pay for resolving symlinks
            path = os.path.realpath(path)
        return posix_relpath(path, toplevel)

    pathspec = [rel(r) for r in roots if not rel(r).startswith("../")] or ["."]
    history = History(available=True, toplevel=toplevel)
    try:
        history.shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
        boundaries = _shallow_boundaries(repo) if history.shallow else set()
        reader = _Reader(repo, settings, {}, boundaries)
        reader.progress = progress
        if repo.head.is_valid():
            reader.start(pathspec)  # git starts now; the docs are mapped while it works
        else:
            history.reason = "the repository has no commits yet"
    except (git.exc.GitCommandError, OSError, ValueError) as exc:
        return PendingHistory(History(available=False, reason=_reason(exc)))
    docs = {rel(p): p for p in abspaths if not rel(p).startswith("../")}
    reader.track(docs)

    def finish() -> History:
        try:
            reader.walk()
            dirty = _uncommitted(repo, pathspec)
            blobs = Blobs(repo)
            try:
                verdicts = _judge(reader, blobs, list(docs))
            finally:
                blobs.close()
        except (git.exc.GitCommandError, GitFailed, OSError, ValueError) as exc:
            return History(available=False, reason=_reason(exc))
        finally:
            reader.close()
        for doc, abspath in docs.items():
            entry = _resolve(reader, verdicts, doc)
            entry.uncommitted = doc in dirty
            history.docs[abspath] = entry
        history.commits_read = reader.commits_read
        history.sweeps = reader.sweeps
        history.missing_objects = blobs.missing
        return history

    pending = PendingHistory()
    pending._finish = finish
    return pending


def _reason(exc: Exception) -> str:
    stderr = getattr(exc, "stderr", None)
    lines = str(stderr or exc).strip().splitlines()
    return f"git failed: {lines[-1].strip() if lines else type(exc).__name__}"


def read_history(
    start: Path, abspaths: list[str], roots: list[str], settings: HistorySettings
) -> History:
    """History of the docs at ``abspaths``; ``roots`` (absolute) limit the log pathspec."""
    return begin_history(start, abspaths, roots, settings).result()
