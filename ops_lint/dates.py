"""Strict ISO 8601 dates and date-times, as front-matter carries them (as strings)."""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")


def parse_date(value: object) -> dt.date | None:
    """A real calendar date written ``YYYY-MM-DD`` (``2026-02-30`` is None)."""
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_datetime(value: object) -> dt.datetime | None:
    """An ISO 8601 date-time with an offset (``Z`` or ``+hh:mm``), else None."""
    if not isinstance(value, str) or not _DATETIME.match(value.strip()):
        return None
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
