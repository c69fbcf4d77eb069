"""Docs whose freshness date is older than their review cycle.

The freshness date is, by config ``freshness.basis``: ``review`` (the front-matter
``last_reviewed`` only), ``change`` (the last substantive commit only) or ``either``
(the later of the two; default). Substantive means: not a pure rename, not a commit in
``.git-blame-ignore-revs`` or matching ``freshness.ignore_messages``, and not a commit
that only changes the review-date line (that is a review attestation). Uncommitted edits
count as made today. The doc is stale when freshness date + review cycle is before
``--as-of`` (default today).

The review cycle is the doc's ``review_cycle_days`` (days, or ``"90 days"``,
``"12 weeks"``, ``"6 months"``, ``"1 year"``; months and years are calendar months and
years: 2026-01-31 + 1 month = 2026-02-28), else ``freshness.review_cycle_days`` for the doc
type. A doc with a review-by date (``review_by``, a ``YYYY-MM-DD`` date) is due on that
date instead. Field names are configurable (``freshness.fields``), dotted to reach a
nested field: for GOV.UK tech-docs ``last_reviewed: last_reviewed_on``, ``review_cycle:
review_in``; for Docusaurus ``last_reviewed: last_update.date``. A doc with no owner field
is owned by ``freshness.default_owner`` in the report.

Docs with no type (declared, or from ``types``) and no review date, review cycle or
review-by date are not judged, here or in the ``freshness`` report: both take their docs and
statuses from one computation. On a shallow clone, change dates before the cut are
unknown: the finding says so.
Without git, only front-matter dates are used (one warning for the run).

Fail: ``last_reviewed: 2026-01-05``, ``review_cycle_days: 90``, no commit since, as of
2026-11-27 (due 2026-04-05, 236 days overdue).

Pass: the same doc with ``last_reviewed: 2026-11-02``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.freshness import DocFreshness, for_doc
from ops_lint.freshness_fields import line_of
from ops_lint.model import Document

NEEDS_HISTORY = True
KIND = "stale-doc"


class Options(CheckOptions):
    pass


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    fresh = for_doc(ctx, doc)
    if fresh is None:
        return
    field = ctx.config.freshness.fields.last_reviewed
    line = line_of(doc, field) or 1
    if fresh.status == "never-reviewed" and fresh.review_problem:
        return  # the review date is unreadable: `review-date` says so
    if fresh.status == "never-reviewed":
        yield Finding(
            line,
            1,
            "doc has never been reviewed: no review date and no recorded change",
            f"review it and set '{field}: YYYY-MM-DD' in the front-matter",
        )
        return
    if fresh.status != "stale":
        yield Evidence(line, f"{fresh.status}: due {fresh.due}")
        return
    parts = []
    if fresh.last_review:
        parts.append(f"last reviewed {fresh.last_review}")
    if fresh.uncommitted:
        parts.append("changed in the working tree")
    elif fresh.last_change:
        c = fresh.last_change
        parts.append(f"last changed {c.date} ({c.sha[:7]} by {c.author})")
    elif fresh.truncated:
        parts.append("last change unknown (shallow history)")
    overdue = -(fresh.days_left or 0)
    known = f"{', '.join(parts)}; " if parts else ""
    message = (
        f"doc is stale: {known}{_due_rule(fresh)}; "
        f"due {fresh.due}, {overdue} day{'s' if overdue != 1 else ''} overdue"
    )
    if fresh.truncated:
        message += " (history is shallow: a later edit may exist)"
    hint = (
        f"review the doc against reality, then set '{field}' to the review date "
        "(a commit that changes only that line counts as a review, not an edit)"
    )
    if fresh.review_by is not None:
        by_field = ctx.config.freshness.fields.review_by
        line = line_of(doc, by_field) or line
        hint = f"review the doc against reality, then set '{by_field}' to the next review date"
    yield Finding(line, 1, message, hint, str(fresh.due))


def _due_rule(fresh: DocFreshness) -> str:
    """What set the due date: the review cycle or the doc's review-by date."""
    if fresh.review_by is not None:
        return f"review by {fresh.review_by}"
    return f"review cycle {fresh.cycle}"
