"""Review dates and review cycles that cannot be right.

Fails when the review date (``last_reviewed``, or the field configured in
``freshness.fields.last_reviewed``) is not a ``YYYY-MM-DD`` date, lies in the future of
``--as-of``, or is earlier than the file's first commit (a date copied from a template);
and when the review cycle is neither a number of days nor a strict duration such as
``"90 days"``, ``"12 weeks"``, ``"6 months"`` or ``"1 year"`` (anything else is reported,
not guessed); and when the review-by date (``freshness.fields.review_by``) is not a date.
Dotted field names reach nested front-matter (``last_update.date``).

Fail: ``last_reviewed: 2027-03-01`` checked on 2026-11-27; ``review_cycle_days: quarterly``.
Pass: ``last_reviewed: 2026-11-02``; ``review_cycle_days: 3 months``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.freshness import for_doc
from ops_lint.freshness_fields import line_of, value_of
from ops_lint.model import Document

NEEDS_HISTORY = True
KIND = "review-date"


class Options(CheckOptions):
    pass


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    fresh = for_doc(ctx, doc)
    if fresh is None:
        return
    fields = ctx.config.freshness.fields
    if fresh.review_problem:
        line = line_of(doc, fields.last_reviewed) or 1
        yield Finding(
            line,
            1,
            fresh.review_problem,
            f"set '{fields.last_reviewed}' to the date the doc was last reviewed (YYYY-MM-DD)",
            str(value_of(doc, fields.last_reviewed)),
        )
    if fresh.cycle_problem:
        line = line_of(doc, fields.review_cycle) or 1
        yield Finding(
            line,
            1,
            fresh.cycle_problem,
            "write the cycle as days (90) or as '90 days', '12 weeks', '6 months', '1 year'",
            str(value_of(doc, fields.review_cycle)),
        )
    if fresh.review_by_problem:
        yield Finding(
            line_of(doc, fields.review_by) or 1,
            1,
            fresh.review_by_problem,
            f"set '{fields.review_by}' to the date the next review is due (YYYY-MM-DD)",
            str(value_of(doc, fields.review_by)),
        )
    if not (fresh.review_problem or fresh.cycle_problem or fresh.review_by_problem):
        yield Evidence(line_of(doc, fields.last_reviewed) or 1, "review date valid")
