"""The committed history of each doc, kept from the last run that read it.

What ``git log`` says of a doc depends on the repository state (HEAD, refs, shallow
boundary, mailmap, ignored revisions), the history settings and which docs are followed
(a sweep is told by its share of them): all of it is in the memo's key
(:func:`ops_lint.run_memo.git_identity`). Whether a doc differs from HEAD depends on its
work-tree file, so it is never kept: it is judged again for each doc asked for. A run
that checks a few changed docs in an unchanged repository then reads no ``git log``.

The memo (``.ops_lint_cache/history-v1.bin``) is signed and data only, like the other
stores: a value that does not fit discards it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from ops_lint import cache_codec
from ops_lint.cache import read_keyed, secret_key, write_signed
from ops_lint.cache_codec import Malformed, rows, strings
from ops_lint.git.command import GitFailed, GitUnavailable
from ops_lint.git.history import PendingHistory
from ops_lint.git.history_model import Commit, DocHistory, History, Sweep
from ops_lint.git.repository import locate
from ops_lint.git.uncommitted_memo import repo_relative
from ops_lint.git.worktree import uncommitted

_FILE = "history-v1.bin"
_NONE = type(None)
_COMMIT = (str, str, str, str, str)


def _entry(row: Any) -> list[Any]:
    """``[path, last change, last attestation, created, edits, truncated]``; commits are
    references, checked when followed."""
    if type(row) is not list or len(row) != 6 or type(row[0]) is not str:
        raise Malformed("a doc history of the wrong shape")
    if type(row[3]) not in (str, _NONE) or type(row[4]) is not list or type(row[5]) is not bool:
        raise Malformed("a doc history of the wrong shape")
    return row


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Malformed("a date of the wrong shape") from None


def _commit(row: list[Any]) -> Commit:
    return Commit(row[0], row[1], row[2], _date(row[3]), row[4])


def _pack(history: History) -> list[Any]:
    at: dict[Commit, int] = {}

    def ref(commit: Commit | None) -> int | None:
        return None if commit is None else at.setdefault(commit, len(at))

    entries = {
        abspath: [
            h.path,
            ref(h.last_change),
            ref(h.last_attestation),
            h.created.isoformat() if h.created else None,
            [ref(c) for c in h.edits],
            h.truncated,
        ]
        for abspath, h in history.docs.items()
    }
    commits = [[c.sha, c.author, c.email, c.date.isoformat(), c.subject] for c in at]
    sweeps = [[s.sha, s.date.isoformat(), s.files, s.subject] for s in history.sweeps]
    header = [history.shallow, history.commits_read, history.toplevel, history.git_dir]
    header += [history.location_note, history.missing_objects, history.skipped_records]
    return [header, list(history.notices), sweeps, commits, entries]


class HistoryMemo:
    """The memo of one project for one ``key``; empty if absent, foreign or damaged."""

    def __init__(self, root: Path, key: bytes) -> None:
        self.root, self.key = root, key
        self.secret = secret_key(root)
        fields = read_keyed(root, _FILE, self.secret, key, 6)
        ok = fields is not None and type(fields[5]) is dict
        self.fields: list[Any] | None = fields[1:] if fields is not None and ok else None

    def recall(self, wanted: list[str]) -> History | None:
        """The committed history of the docs ``wanted`` (absolute paths), if the memo
        holds every one of them; their ``uncommitted`` flags are left to the caller."""
        if self.fields is None or any(a not in self.fields[4] for a in wanted):
            return None
        try:
            return self._history(wanted)
        except (Malformed, IndexError, TypeError):
            self.fields = None
            return None

    def _history(self, wanted: list[str]) -> History:
        assert self.fields is not None
        header, notices, sweeps, commit_rows, entries = self.fields
        shape = (bool, int, str, str, str, int, int)
        shallow, read, toplevel, git_dir, note, missing, skipped = rows([header], tuple, shape)[0]
        commits = rows(commit_rows, _commit, _COMMIT)

        def at(ref: Any) -> Commit | None:
            if ref is None:
                return None
            if type(ref) is not int or not 0 <= ref < len(commits):
                raise Malformed("a reference to no commit")
            return commits[ref]

        history = History(True, "", shallow, read, toplevel, git_dir, note)
        history.missing_objects, history.skipped_records = missing, skipped
        history.notices = strings(notices)
        history.sweeps = rows(
            sweeps, lambda r: Sweep(r[0], _date(r[1]), r[2], r[3]), (str, str, int, str)
        )
        for abspath in wanted:
            path, last, attested, created, edits, truncated = _entry(entries[abspath])
            made = _date(created) if created else None
            history.docs[abspath] = DocHistory(
                path, at(last), at(attested), made, [c for c in map(at, edits) if c], truncated
            )
        return history

    def remember(self, history: History) -> None:
        """Keep the committed history of every doc ``history`` resolved (with those kept
        before, when the key is the same)."""
        if self.secret is None or not history.available or history.rev:
            return
        kept = History(True)
        if self.fields is not None:
            known = [a for a in self.fields[4] if a not in history.docs]
            with contextlib.suppress(Malformed, IndexError, TypeError):
                kept = self._history(known)
        merged = replace(history, docs={**kept.docs, **history.docs})
        payload = cache_codec.pack([self.key, *_pack(merged)])
        if payload is not None:
            write_signed(self.root, _FILE, self.secret, payload)


def recalled_history(
    memo: HistoryMemo, root: Path, roots: list[str], wanted: list[str], limit: int
) -> PendingHistory | None:
    """The history of the docs ``wanted`` from ``memo``, with which of them differ from
    HEAD judged now; None when the memo lacks one of them."""
    history = memo.recall(wanted)
    if history is None:
        return None
    try:
        loc = locate(root)
    except GitUnavailable:
        return None
    rel = repo_relative(loc.toplevel)
    spec = [r for r in (rel(os.path.join(root, x)) for x in roots) if not r.startswith("../")]
    by_rel = {rel(a): a for a in wanted}
    try:
        dirty = uncommitted(loc, spec or ["."], list(by_rel), limit)
    except (GitFailed, OSError, ValueError):
        return None
    for path in dirty:
        history.docs[by_rel[path]].uncommitted = True
    return PendingHistory(history)
