"""``ops-lint freshness``: options in, the report's freshness out, on the shortest path.

A report costs about one ``git log`` pass, so everything else is arranged around it:

- git starts first: ``git log`` from HEAD runs in its own process while the doc set is
  discovered and read (the docs to follow are named to it once they are known); a
  report as of a past day stops it and reads from that day's commit instead;
- each doc is read light, front-matter and title only, never through the parse cache:
  decoding a cached full parse costs more than the light read it would save;
- the history is resolved for the judged docs only (a doc under no review cycle is
  never looked up), while sweeps and the counts still come from the whole history;
- nothing of ``check`` is imported: no engine, rule packs, parse cache or check context.

A report as of a past day reads the repository as it was then
(:mod:`ops_lint.freshness_as_of`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ops_lint.doc_file import read_bytes
from ops_lint.freshness import Freshness, compute, start_history
from ops_lint.freshness_as_of import load_past
from ops_lint.freshness_docs import ReportDocs, read_light
from ops_lint.git.command import GitUnavailable
from ops_lint.git.repository import Location, locate

if TYPE_CHECKING:
    from ops_lint.config import LoadedConfig
    from ops_lint.freshness import TerminalProgress


@dataclass(frozen=True, slots=True)
class FreshnessOptions:
    """What ``ops-lint freshness`` is asked to compute (rendering options aside)."""

    cwd: Path
    loaded: LoadedConfig  # loaded by the caller: a config error comes before any other
    as_of: dt.date  # the report's day: the repository is read as it was then
    due_within: int = 30
    window_days: int = 365
    progress: TerminalProgress | None = None


@dataclass(frozen=True, slots=True)
class FreshnessResult:
    freshness: Freshness
    loaded: LoadedConfig


def freshness(options: FreshnessOptions) -> FreshnessResult:
    """The freshness of every doc as of ``options.as_of`` (the repository as it was then
    when that day is past)."""
    loaded = options.loaded
    try:
        loc: Location | None = locate(loaded.root)
    except GitUnavailable:
        loc = None  # the history reader says why, once
    # git log reads from HEAD at once: a report as of today, the usual one, reads that
    history = start_history(loaded.config, loaded.root, None, options.progress, loc=loc)
    try:
        past = load_past(loaded, options.cwd, options.as_of, options.progress, loc)
        if past is not None:
            history.close()
            docs, history = past
        else:
            from ops_lint.discovery import discover  # imported while git log runs

            candidates = discover(loaded)
            history.track([c.abspath for c in candidates if c.problem is None])
            limit = loaded.config.max_file_size
            files = (
                (c, c.problem if c.problem is not None else read_bytes(c.abspath, limit))
                for c in candidates
            )
            docs = read_light(files, loaded, titles="judged")
    except BaseException:
        history.close()  # git log must not outlive a failed run
        raise
    run = compute(
        ReportDocs(docs, loaded.config, loaded.root, history),
        options.as_of,
        options.due_within,
        options.window_days,
        judged_only=True,
    )
    return FreshnessResult(run, loaded)
