"""Docs whose every recent substantive change comes from one person.

The git face of the request's constraint "handover must not rely on single individual
knowledge": when all substantive commits to a runbook or the handover doc in the last
``window_days`` come from one author (after ``.mailmap``), only that person has kept it
true. At least ``min_commits`` commits are needed before the pattern counts, so a doc
that was written once is not flagged on that alone. Silent on shallow clones and without
git (the evidence would be incomplete).

Options:
- ``window_days``: how far back to look (default 365).
- ``min_commits``: fewest substantive commits in the window to judge (default 3).

Fail: five commits to ``runbooks/dlq.md`` this year, all by ``dana@example.org``.
Pass: the same with one of them by another engineer of the owning team.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.freshness import for_run
from ops_lint.model import Document

NEEDS_HISTORY = True
KIND = "knowledge-concentration"


class Options(CheckOptions):
    window_days: int = Field(default=365, ge=1)
    min_commits: int = Field(default=3, ge=1)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    run = for_run(ctx)
    if not run.history.available or run.history.shallow:
        return
    found = run.history.docs.get(doc.abspath)
    fresh = run.of(doc)
    if found is None or fresh is None or fresh.truncated:
        return
    start = ctx.today - dt.timedelta(days=options.window_days)
    recent = [c for c in found.edits if start < c.date <= ctx.today]
    authors = sorted({c.email.lower() or c.author for c in recent})
    if len(recent) >= options.min_commits and len(authors) == 1:
        name = recent[0].author
        yield Finding(
            1,
            1,
            f"all {len(recent)} substantive commits in the last {options.window_days} days "
            f"come from one person ({name} <{authors[0]}>)",
            "have another member of the owning team review and update this doc "
            "(e.g. during a dry-run), so the knowledge is not held by one person",
            authors[0],
        )
    else:
        yield Evidence(1, f"{len(authors)} authors in {len(recent)} commits")
