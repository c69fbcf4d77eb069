"""Values of the SLO model: table cells and front-matter variables, read into numbers.

Cells: a target percentage, a window (a range of days: a month is 28 to 31), a time
budget and the lower bound of a budget band in percent consumed (a band of budget
*remaining* is turned around: ``25-50% remaining`` is ``50-75% consumed``). A ``<br>`` in
a cell is a space. Each reader returns None for text it does not understand; what
that means (a finding, a row to skip) is the checks' business. Durations are read with
:mod:`ops_lint.durations`. Grammars follow the rules in :mod:`ops_lint.normalize`: a
cell longer than ``MAX_VALUE`` is not a value; quantifiers are possessive; a number is
entered at its first digit only.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from ops_lint import durations
from ops_lint.durations import TimeBudget as Budget
from ops_lint.model import Document
from ops_lint.normalize import short

__all__ = [
    "DEFAULT_VARIABLES",
    "REQUEST_NAMES",
    "Budget",
    "SloWindow",
    "Variable",
    "as_number",
    "in_range",
    "lookup",
    "parse_budget",
    "parse_percent",
    "parse_remaining",
    "parse_threshold",
    "parse_window",
    "parse_window_days",
    "says_remaining",
]

# ---- front-matter variables -----------------------------------------------------------

# Logical variable -> default front-matter key path (dots separate nested keys).
DEFAULT_VARIABLES = {
    "latency_p95_ms": "slo.latency_p95_ms",
    "availability_percent": "slo.availability_percent",
    "error_budget_window_days": "slo.error_budget_window_days",
}
# The names the operations & handover request gives these variables.
REQUEST_NAMES = {
    "latency_p95_ms": "PRIMARY_SLO_LATENCY_P95_MS",
    "availability_percent": "AVAILABILITY_SLO_PERCENT",
    "error_budget_window_days": "ERROR_BUDGET_WINDOW_DAYS",
}

_MISSING = object()


class Variable(NamedTuple):
    name: str  # logical name, e.g. availability_percent
    path: str  # front-matter key path, e.g. slo.availability_percent
    present: bool
    value: Any
    line: int

    @property
    def label(self) -> str:
        """``'slo.availability_percent' (AVAILABILITY_SLO_PERCENT)``, request name once."""
        request = REQUEST_NAMES[self.name]
        return f"'{self.path}'" if self.path == request else f"'{self.path}' ({request})"


def lookup(doc: Document, name: str, path: str) -> Variable:
    """The front-matter value at a dotted ``path`` and its line (the nearest key's line)."""
    keys = path.split(".")
    value: Any = doc.meta
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            value = _MISSING
            break
        value = value[key]
    start = doc.front_matter_lines[0] if doc.front_matter_lines else 1
    line = doc.front_matter.line_of(*keys) or start
    return Variable(name, path, value is not _MISSING, None if value is _MISSING else value, line)


def as_number(value: Any) -> float | None:
    """A finite YAML int or float (bools and strings are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def in_range(name: str, number: float) -> bool:
    """Availability in (0, 100), window a positive whole number, latency positive."""
    if name == "availability_percent":
        return 0 < number < 100
    if name == "error_budget_window_days":
        return number > 0 and number.is_integer()
    return number > 0


# ---- table cells ----------------------------------------------------------------------

_NUM = r"(?<!\d)(\d++(?:\.\d++)?+)"
_PERCENT = re.compile(rf"(?:>=|≥|=)?+\s*+{_NUM}\s*+%?+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_BREAK = re.compile(r"<br\s*+/?+>", re.I)


def _clean(text: str) -> str:
    """Plain cell text: no emphasis, thousands separators or surrounding spaces ('' for
    a cell too long to be a value)."""
    text = _BREAK.sub(" ", short(text) or "")
    text = text.replace("*", "").replace("`", "").replace("\u00a0", " ")
    return _THOUSANDS.sub("", text).strip()


def parse_percent(text: str) -> float | None:
    """``99.9%``, ``99.9 %``, ``99.9``, ``≥ 99.9%`` -> 99.9."""
    match = _PERCENT.fullmatch(_clean(text))
    return float(match.group(1)) if match else None


def parse_window_days(text: str) -> float | None:
    """``30 days``, ``30d``, ``28 d``, ``30-day``, ``rolling 30 days``, ``4 weeks`` -> days."""
    return durations.window_days(_clean(text))


class SloWindow(NamedTuple):
    """An SLO window as a range of lengths in days: one length, or 28-31 for a month."""

    low: float
    high: float
    month: bool  # a calendar month: its length depends on which month


_MONTH = re.compile(
    r"(?:rolling\s++|calendar\s++)?+(?:(?:1|one)\s++)?+(?:calendar\s++)?+month(?:ly)?+"
    r"(?:\s*+,?+\s*+(?:rolling|calendar))?+",
    re.I,
)
MONTH_DAYS = (28.0, 31.0)


def slo_window(text: str) -> SloWindow | None:
    """The whole ``text`` as an SLO window, or None.

    Days and weeks as :func:`ops_lint.durations.window_days` (one length); ``1 month``,
    ``calendar month``, ``monthly``, ``rolling month`` -> any month length, 28 to 31 days.
    """
    if _MONTH.fullmatch(text):
        return SloWindow(*MONTH_DAYS, month=True)
    days = durations.window_days(text)
    return SloWindow(days, days, month=False) if days is not None else None


def parse_window(text: str) -> SloWindow | None:
    """``30 days`` -> 30 to 30; ``1 month``, ``calendar month``, ``monthly`` -> 28 to 31."""
    return slo_window(" ".join(_clean(text).split()))


def parse_budget(text: str) -> Budget | None:
    """One number and a time unit: ``43.2 min``, ``3.6 hours``, ``3.6 h``, ``90 s`` -> minutes.

    Anything else (``1% of requests``, ``2 h 10 min``) is not a time budget: None.
    """
    return durations.time_budget(_clean(text))


_RANGE = re.compile(rf"{_NUM}\s*+%?+\s*+(?:-|\u2013|\u2014|to)\s*+{_NUM}", re.I)
_BELOW = re.compile(rf"(?:<=|=<|≤|<|under|below|less than|up to)\s*+{_NUM}", re.I)
_FROM = re.compile(rf"(?:>=|=>|≥|>|over|above|more than|at least|from)\s*+{_NUM}", re.I)
_PLUS = re.compile(rf"{_NUM}\s*+%?+\s*+(?:\+|or more|and (?:above|over|more))", re.I)
_BARE = re.compile(rf"{_NUM}\s*+%")


def _bounds(clean: str) -> tuple[float | None, float | None] | None:
    """Lower and upper bound, in percent, of a band cell (None: open on that side)."""
    if match := _RANGE.search(clean):
        low, high = float(match.group(1)), float(match.group(2))
        return (low, high) if high >= low else None
    if match := _BELOW.search(clean):
        return 0.0, float(match.group(1))
    for pattern in (_FROM, _PLUS):
        if match := pattern.search(clean):
            return float(match.group(1)), None
    if match := _BARE.search(clean):
        return float(match.group(1)), float(match.group(1))
    return None


_EXHAUSTED = re.compile(r"(?<![a-z])(?:exhausted|depleted|used up|spent|none left)(?![a-z])", re.I)
_REMAINING = re.compile(r"(?<![a-z])(?:remaining|left)(?![a-z])", re.I)


def says_remaining(text: str) -> bool:
    """A band cell that speaks of budget remaining (``> 50% remaining``, ``25% left``)."""
    return _REMAINING.search(_clean(text)) is not None


def parse_threshold(text: str) -> float | None:
    """Lower bound, in percent, of a budget-consumed cell.

    ``< 50%`` -> 0, ``0-50%`` -> 0, ``50-75%`` (hyphen or dash) -> 50, ``≥ 100%`` / ``>= 100 %`` /
    ``100%+`` / ``Exhausted (≥ 100%)`` / ``Exhausted`` -> 100. A range whose upper bound is
    below its lower bound does not parse.
    """
    clean = _clean(text)
    bounds = _bounds(clean)
    if bounds is None:
        return 100.0 if _EXHAUSTED.search(clean) else None
    return bounds[0]


def parse_remaining(text: str) -> float | None:
    """Lower bound, in percent *consumed*, of a budget-remaining cell.

    ``> 50%`` -> 0, ``25-50%`` -> 50, ``0-25%`` / ``< 25%`` -> 75, ``0%`` / ``Exhausted`` /
    ``none left`` -> 100: a band of budget remaining up to ``x`` % is consumed from
    ``100 - x`` %.
    """
    clean = _clean(text)
    bounds = _bounds(clean)
    if bounds is None:
        return 100.0 if _EXHAUSTED.search(clean) else None
    high = bounds[1] if bounds[1] is not None else 100.0
    return max(0.0, 100.0 - high)
