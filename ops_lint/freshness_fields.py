"""Front-matter fields named in ``freshness.fields``, and their review dates and cycles.

A dotted name reaches a nested field: ``last_update.date`` reads ``date`` under
``last_update`` (Docusaurus); a top-level key that holds the dot itself is read first.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from ops_lint.dates import parse_date
from ops_lint.durations import review_cycle

if TYPE_CHECKING:
    from ops_lint.freshness_settings import FreshnessFields
    from ops_lint.model import Document

_MISSING = object()


def _lookup(meta: dict[str, object], name: str) -> object:
    if name in meta:
        return meta[name]
    if "." not in name:
        return _MISSING
    value: object = meta
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def value_of(doc: Document, name: str) -> object | None:
    """The value of field ``name`` of ``doc``'s front-matter; None when absent."""
    value = _lookup(doc.meta, name)
    return None if value is _MISSING else value


def has_field(doc: Document, name: str) -> bool:
    return _lookup(doc.meta, name) is not _MISSING


def line_of(doc: Document, name: str) -> int | None:
    """The front-matter line of field ``name`` (of its nearest known parent if absent)."""
    if name in doc.meta:
        return doc.front_matter.line_of(name)
    return doc.front_matter.line_of(*name.split("."))


def attestation_keys(fields: FreshnessFields) -> tuple[str, ...]:
    """The keys of lines a review attestation commit may change (last part of each name)."""
    names = (fields.last_reviewed, fields.review_by, fields.reviewed_by)
    return tuple(dict.fromkeys(name.rsplit(".", 1)[-1] for name in names if name))


class Cycle(NamedTuple):
    """A review cycle: days, or calendar months (a year is 12 months)."""

    days: int = 0
    months: int = 0

    def after(self, start: dt.date) -> dt.date:
        if self.months:
            month = start.month - 1 + self.months
            year, month = start.year + month // 12, month % 12 + 1
            day = min(start.day, calendar.monthrange(year, month)[1])
            return dt.date(year, month, day)
        return start + dt.timedelta(days=self.days)

    def __str__(self) -> str:
        if self.months:
            if self.months % 12 == 0:
                n = self.months // 12
                return f"{n} year{'s' if n > 1 else ''}"
            return f"{self.months} month{'s' if self.months > 1 else ''}"
        return f"{self.days} day{'s' if self.days != 1 else ''}"

    @property
    def approx_days(self) -> int:
        return self.days or round(self.months * 30.44)


def parse_cycle(value: object) -> Cycle | str:
    """A cycle from ``90`` or ``"90 days"``, ``"12 weeks"``, ``"6 months"``, ``"1 year"``.

    Returns an error message for anything else: a guess would hide a typo.
    """
    if isinstance(value, bool):
        return f"review cycle {value!r} is not a number of days or a duration"
    if isinstance(value, int):
        return Cycle(days=value) if 1 <= value <= 3650 else f"review cycle {value} is out of range"
    if isinstance(value, str):
        found = review_cycle(value.strip())
        if found is not None:
            n, unit = found
            if unit == "day":
                return Cycle(days=n)
            if unit == "week":
                return Cycle(days=7 * n)
            return Cycle(months=n * (12 if unit == "year" else 1))
    return (
        f"review cycle {value!r} is not a duration "
        "(use a number of days, or '90 days', '12 weeks', '6 months', '1 year')"
    )


def parse_review_date(value: object) -> dt.date | str | None:
    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is not None:
        return parsed
    return f"review date {value!r} is not a date (YYYY-MM-DD)"
