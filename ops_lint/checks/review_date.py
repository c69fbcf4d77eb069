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

Fix (safe, ``ops-lint check --fix``): a review cycle written loosely but without doubt is
normalised: ``90d``, ``"90"``, ``90 Days`` become ``90``, ``12w`` becomes ``84``,
``6 Months`` becomes ``6 months``. ``quarterly`` or ``3 m`` has no fix (a guess).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.diagnostic import Fix, TextEdit
from ops_lint.freshness import for_doc
from ops_lint.freshness_fields import line_of, value_of
from ops_lint.model import Document

NEEDS_HISTORY = True
KIND = "review-date"
MAX_CYCLE_DAYS = 730  # the most the doc types' schemas accept
# A cycle written loosely: "90", "90d", "90 Days", "12w", "6 Months", "1 yr."
_LOOSE_CYCLE = re.compile(
    r"\s*([1-9][0-9]{0,3})(?:\.0+)?\s*(d|days?|w|wks?|weeks?|months?|y|yrs?|years?)?\.?\s*",
    re.I,
)


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
            fix=_cycle_fix(doc, fields.review_cycle, line),
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


def normal_cycle(value: object) -> int | str | None:
    """The review cycle ``value`` means, written as the schema wants it: whole days
    (``90d``, ``"90"``, ``90 Days``, ``12w`` -> 84) or ``6 months`` / ``1 year``; None
    when it cannot be read without a guess (``quarterly``, ``3 m``) or is out of range."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    match = _LOOSE_CYCLE.fullmatch(str(value))
    if match is None:
        return None
    number, unit = int(match.group(1)), (match.group(2) or "d").lower()
    if unit[0] in "my":
        word = "month" if unit[0] == "m" else "year"
        return f"{number} {word}{'s' if number > 1 else ''}"
    days = number * (7 if unit[0] == "w" else 1)
    return days if days <= MAX_CYCLE_DAYS else None


def _cycle_fix(doc: Document, name: str, line: int) -> Fix | None:
    """The cycle's front-matter value rewritten as its normal form (safe: same duration)."""
    value = value_of(doc, name)
    normal = normal_cycle(value)
    if normal is None or normal == value or doc.front_matter.line_of(*name.split(".")) is None:
        return None
    key = name if name in doc.meta else name.rsplit(".", 1)[-1]
    raw = str(value)
    written = (f'{key}: "{raw}"', f"{key}: '{raw}'", f"{key}: {raw}")
    edit = TextEdit(line, 1, line + 1, 1, f"{key}: {normal}", written)
    return Fix((edit,), safe=True, title=f"write '{key}: {normal}'")
