"""Git history for freshness: the settings from the config, the one warning about it,
and the progress line while it is read."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ops_lint.freshness_fields import attestation_keys
from ops_lint.git.history import History, HistorySettings, PendingHistory, begin_history

if TYPE_CHECKING:
    from ops_lint.config import Config
    from ops_lint.git.repository import Location


def history_settings(cfg: Config) -> HistorySettings:
    fresh = cfg.freshness
    return HistorySettings(
        date=fresh.date,
        ignore_revs_file=fresh.ignore_revs,
        ignore_messages=tuple(fresh.ignore_messages),
        sweep_share=fresh.sweep_share,
        sweep_min_files=fresh.sweep_min_files,
        review_fields=attestation_keys(fresh.fields),
        include_merges=fresh.include_merges,
        max_file_size=cfg.max_file_size,
    )


def start_history(
    cfg: Config,
    root: Path,
    abspaths: list[str] | None,
    progress: Callable[[int], None] | None = None,
    rev: str | None = None,
    loc: Location | None = None,
) -> PendingHistory:
    """Start ``git log`` before the docs are parsed: git works in its own process.

    ``abspaths`` None: the docs are named later (``PendingHistory.track``), so git starts
    before they are discovered. ``rev``: read history from that commit (a report as of a
    past date), not HEAD. ``loc``: the repository, when the caller located it already."""
    roots = [os.path.join(root, r) for r in cfg.docs]
    return begin_history(root, abspaths, roots, history_settings(cfg), progress, rev, loc)


class TerminalProgress:
    """``reading git history: 12,000 commits`` on one line of a terminal; silent elsewhere."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, commits: int) -> None:
        self.stream.write(f"\rops-lint: reading git history: {commits:,} commits")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def history_notice(history: History) -> str | None:
    """The one warning a run gives about its history, if any: every problem, in one line.

    Which repository was read comes first when it is not the project's own (``GIT_DIR``,
    ``GIT_WORK_TREE``, a ``.git`` file naming another repository): its history then
    decides every change date.
    """
    if not history.available and history.reason == "--no-git":
        return None  # asked for: nothing to warn about
    parts = [history.location_note] if history.location_note else []
    if not history.available:
        parts.append(
            f"git history unavailable ({history.reason}); "
            "freshness uses front-matter review dates only"
        )
    elif history.missing_objects:
        parts.append(
            f"git history is damaged: {history.missing_objects} object(s) are missing "
            "(a corrupt or partial clone), so some changes may be misread as edits; "
            "run 'git fsck' or clone the repository again"
        )
    elif history.shallow:
        parts.append(
            "git history is shallow (a depth-limited clone): change dates before the cut are "
            "unknown, so staleness and single-author findings may be wrong; "
            "fetch the full history (actions/checkout: fetch-depth: 0; git fetch --unshallow)"
        )
    if history.skipped_records:
        parts.append(f"{history.skipped_records} git log record(s) could not be read; skipped")
    parts.extend(history.notices)
    return "; ".join(parts) or None
