"""The values the history reader produces: commits, each doc's history, sweeps, settings.

Plain data, no git: :mod:`ops_lint.git.history` fills them in one pass over ``git log``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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
    rev: str = ""  # the commit read when it is not HEAD (a report as of a past date)
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
