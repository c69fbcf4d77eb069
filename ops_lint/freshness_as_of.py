"""The doc set as it was on a date, for ``freshness --as-of`` and ``--quarter``.

A report as of a date D describes the repository as it was on D. When a commit was made
after D, the docs are read from the last commit on or before D (on HEAD's first-parent
line, by committer date: :mod:`ops_lint.git.as_of`): the files in its tree under the
docs roots that the config's ``include``/``exclude`` select, their front-matter from its
blobs, and their history from that commit back, so no later commit counts and a doc added
later is not listed while one deleted since is. When nothing was committed after D, the
checkout is read as it is, uncommitted changes included, as for a report as of today.

The config is today's: its doc roots, patterns and review cycles judge the docs of then.
Symlinks in the old tree are not followed (their target is not known to be a doc).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ops_lint.freshness_docs import read_light
from ops_lint.git.as_of import commit_on, tree
from ops_lint.git.blobs import Blobs
from ops_lint.git.command import GitFailed, GitUnavailable
from ops_lint.git.history import History, PendingHistory
from ops_lint.git.repository import Location, locate
from ops_lint.globs import matches, posix_relpath
from ops_lint.model import Document

if TYPE_CHECKING:
    from ops_lint.config import LoadedConfig
    from ops_lint.discovery import Candidate

_FILE_MODES = ("100644", "100755")


class Past(NamedTuple):
    """The docs and the pending history of the repository as of a past date."""

    docs: list[Document]
    history: PendingHistory


def _doc_files(loaded: LoadedConfig, loc: Location, rev: str) -> list[tuple[Candidate, str]]:
    """The doc files in the tree of ``rev``, selected as today's discovery would: each
    with its blob id, sorted by path."""
    from ops_lint.discovery import Candidate  # past reports only

    cfg = loaded.config
    root = str(loaded.root)
    top = loc.toplevel
    pathspec = [
        rel
        for entry in cfg.docs
        if not (rel := posix_relpath(os.path.realpath(os.path.join(root, entry)), top)).startswith(
            "../"
        )
    ]
    found: list[tuple[Candidate, str]] = []
    for path, entry in (tree(loc, rev, pathspec) if pathspec else {}).items():
        if entry.mode not in _FILE_MODES:
            continue
        abspath = os.path.join(top, *path.split("/"))
        key = posix_relpath(abspath, root)
        if key.startswith("../") or not matches(key, cfg.include) or matches(key, cfg.exclude):
            continue
        found.append((Candidate(abspath, key), entry.blob))
    return sorted(found, key=lambda item: item[0].abspath)


def _contents(
    loaded: LoadedConfig, loc: Location, rev: str, files: list[tuple[Candidate, str]]
) -> list[tuple[Candidate, bytes | str]]:
    """The files' bytes from their blobs, each read only within ``max_file_size`` (or why
    not)."""
    limit = loaded.config.max_file_size
    blobs = Blobs(loc.git, limit)
    try:
        contents = blobs.contents(list(dict.fromkeys(blob for _, blob in files)))
    finally:
        blobs.close()
    reason = (
        f"not read from commit {rev[:12]}: larger than the {limit:,}-byte limit "
        "(max_file_size), or missing"
    )
    out: list[tuple[Candidate, bytes | str]] = []
    for cand, blob in files:
        data = contents.get(blob)
        out.append((cand, reason if data is None else data))
    return out


def load_past(
    loaded: LoadedConfig,
    cwd: Path,
    day: dt.date,
    progress: Callable[[int], None] | None = None,
    loc: Location | None = None,
) -> Past | None:
    """The docs and history as of ``day``; None when the checkout is what to read: nothing
    was committed after ``day``, or there is no usable repository (the history reader then
    says why, once). ``loc``: the repository, when the caller located it already."""
    from ops_lint.freshness_history import start_history

    try:
        if loc is None:
            loc = locate(loaded.root)
        head = loc.head()
        rev = commit_on(loc, day)
        if rev is not None and rev == head:
            return None
        if rev is None:  # the first commit came later: there was no doc yet
            if head is None:
                return None
            note = f"no commit on or before {day}: the repository held no docs then"
            empty = History(available=True, toplevel=loc.toplevel, notices=[note])
            return Past([], PendingHistory(empty))
        files = _doc_files(loaded, loc, rev)
        abspaths = [cand.abspath for cand, _ in files]
        history = start_history(loaded.config, loaded.root, abspaths, progress, rev, loc)
        try:
            contents = _contents(loaded, loc, rev, files)  # read while git log runs
            return Past(read_light(contents, loaded, titles="judged"), history)
        except BaseException:
            history.close()  # git log must not outlive what it was started for
            raise
    except (GitUnavailable, GitFailed, OSError):
        return None
