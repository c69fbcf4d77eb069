"""Durations: one grammar of "a number and a unit" for every length of time ops-lint reads.

:func:`read` is the tokenizer: a number (``15``, ``1.5``), optional spaces or a hyphen,
and a unit spelled as in one table (seconds, minutes, hours, days, business days, weeks,
months, years). Each use then says what it accepts:

- :func:`response_time`: response times and targets of the severity matrix (minutes to
  weeks, a few words, leading qualifiers; :data:`RESPONSE_TIME_DOC`);
  :func:`find_response_time` finds the first one anywhere in a cell;
- :func:`review_cycle`: review cycles (whole days, weeks, months or years, as words);
- :func:`window_days`: SLO windows (days or weeks, optionally ``rolling``);
- :func:`time_budget`: error budgets (seconds, minutes, hours or days, unit kept).

Patterns follow the rules in :mod:`ops_lint.normalize`: anchored at a known position and
possessive, so reading a text takes time linear in its length.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

# `ops-lint rules` prints this with the severity-response-target rule.
RESPONSE_TIME_DOC = """The duration grammar of response times and response targets.

A target is read from its start; anything after it is ignored, so ``15 min (24/7)`` and
``1 hour, 24/7`` read as 15 minutes and 1 hour. A matrix value is searched: the first
duration written anywhere in it counts (``Start work & respond: 20 min``). Case, Markdown
emphasis (``**``, ``_``, backticks) and extra spaces do not matter.

- **A number and a unit**, with or without a space: ``15 min``, ``15min``, ``1h``,
  ``1.5 hours``, ``2 business days``. The number is an integer or a decimal (``0.5``).
  Units:

  - minutes: ``m``, ``min``, ``mins``, ``minute``, ``minutes``
  - hours: ``h``, ``hr``, ``hrs``, ``hour``, ``hours``
  - days: ``d``, ``day``, ``days``
  - business days: ``business day``, ``business days`` (also ``business-day``);
    ``working day``, ``working days`` mean the same
  - weeks: ``w``, ``wk``, ``wks``, ``week``, ``weeks`` (7 days)

  ``m`` is minutes, never months; months are not a response time.
- **Words**: ``immediate`` / ``immediately`` (zero); ``next business day`` or ``next
  working day`` (1 business day); ``backlog``, ``best effort``, ``next release``
  (unbounded).
- **Optional leading qualifiers**, ignored: ``within``, ``up to``, ``at most``, ``under``,
  ``≤``, ``<=``, ``<``.

Ordering. Minutes, hours, days and weeks compare by their length. **1 business day
counts as 24 hours**, its shortest wall-clock length (a weekend or holiday only makes it
longer). Without a business calendar that is the lenient reading: ``1 business day``
equals ``1 day`` and ``24 hours``, is slower than ``8 hours`` and faster than ``2 days``;
a matrix promising ``1 day`` meets a ``1 business day`` target and vice versa. Business
days keep their own unit in messages. Unbounded durations (``backlog``) are slower than any bounded
one and equal to each other: a ``backlog`` target accepts any response time, and a
``backlog`` response fails any bounded target.
"""

GRAMMAR = (
    "a number and a unit (15 min, 15min, 1h, 1 hour, 4 hours, 1 business day, 2 days, "
    "1 week), or one of: immediate, next business day, backlog, best effort, next release"
)

# ---- the unit table and the tokenizer -----------------------------------------------

# Unit spelling (lower case, one space between words) -> unit.
_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(["s", "sec", "secs", "second", "seconds"], "second"),
    **dict.fromkeys(["m", "min", "mins", "minute", "minutes"], "minute"),
    **dict.fromkeys(["h", "hr", "hrs", "hour", "hours"], "hour"),
    **dict.fromkeys(["d", "day", "days"], "day"),
    **dict.fromkeys(
        ["business day", "business days", "working day", "working days"], "business day"
    ),
    **dict.fromkeys(["w", "wk", "wks", "week", "weeks"], "week"),
    **dict.fromkeys(["month", "months"], "month"),
    **dict.fromkeys(["year", "years"], "year"),
}
# Length in minutes; a business day counts as a day. Months and years have no fixed
# length: only review cycles, which step through the calendar, accept them.
_MINUTES = {
    "second": 1 / 60,
    "minute": 1.0,
    "hour": 60.0,
    "day": 1440.0,
    "business day": 1440.0,
    "week": 10080.0,
}

# Any spelling, longest first, ASCII letters in any case; a space may be a hyphen.
_UNIT = "|".join(
    re.escape(spelling).replace(r"\ ", "[ -]")
    for spelling in sorted(_SPELLINGS, key=len, reverse=True)
)
_QUANTITY = re.compile(
    rf"(?P<number>\d++(?:\.\d++)?+)(?P<separator>\s*+-?+\s*+)(?P<unit>(?ai:{_UNIT}))"
)


class Quantity(NamedTuple):
    """A number and a unit read from a text."""

    number: str  # as written: digits, optionally a decimal part
    separator: str  # spaces and at most one hyphen between number and unit, as written
    spelling: str  # the unit as written
    unit: str  # second | minute | hour | day | business day | week | month | year
    end: int  # offset just past the unit

    @property
    def amount(self) -> float:
        return float(self.number)

    @property
    def written_out(self) -> bool:
        """The unit is its full lower-case word (``days``), not an abbreviation (``d``)."""
        return self.spelling in (self.unit, self.unit + "s")


def read(text: str, pos: int = 0) -> Quantity | None:
    """The number and unit that start at ``pos`` of ``text``, or None.

    The longest spelling is read (``3 mo`` reads ``3 m``): what may follow it is up to the use.
    """
    match = _QUANTITY.match(text, pos)
    if match is None:
        return None
    spelling = match.group("unit")
    unit = _SPELLINGS[spelling.lower().replace("-", " ")]
    return Quantity(match.group("number"), match.group("separator"), spelling, unit, match.end())


# ---- response times -----------------------------------------------------------------

_RESPONSE_UNITS = ("minute", "hour", "day", "business day", "week")
_PLURAL = {"minute": "min", "hour": "hours", "day": "days", "business day": "business days"}
_SINGULAR = {"minute": "min", "hour": "hour", "day": "day", "business day": "business day"}
_QUALIFIER = re.compile(r"(?:within|up to|at most|under|≤|<=|<)\s*+")
_EMPHASIS = re.compile(r"[*_`]")
_WORD_GOES_ON = re.compile(r"[a-z0-9]")
_WORDS = (
    (re.compile(r"immediate(?:ly)?+(?![a-z0-9])"), 0.0, "minute"),
    (re.compile(r"next (?:business|working)[ -]day(?![a-z0-9])"), 1.0, "business day"),
    (re.compile(r"(?:backlog|best[ -]effort|next release)(?![a-z0-9])"), math.inf, "unbounded"),
)


class Duration(NamedTuple):
    amount: float  # in ``unit``; ``inf`` for unbounded
    unit: str  # minute | hour | day | business day | week | unbounded

    @property
    def hours(self) -> float:
        """Length in hours, for ordering (a business day counts as 24 hours)."""
        if self.unit == "unbounded":
            return math.inf
        return self.amount * (_MINUTES[self.unit] / 60)

    def __str__(self) -> str:
        if self.unit == "unbounded":
            return "backlog (unbounded)"
        amount = f"{self.amount:g}"
        if self.unit == "week":
            return f"{amount} week" + ("" if self.amount == 1 else "s")
        names = _SINGULAR if self.amount == 1 else _PLURAL
        return f"{amount} {names[self.unit]}"


def _plain(text: str) -> str:
    """Lower case, no emphasis, single spaces, leading qualifiers skipped."""
    text = " ".join(_EMPHASIS.sub(" ", text).lower().split())
    pos = 0
    # Qualifiers are skipped by position: removing one at a time copies the text each time.
    while qualifier := _QUALIFIER.match(text, pos):
        pos = qualifier.end()
    return text[pos:]


def response_time(text: str) -> Duration | None:
    """The response time at the start of ``text`` (see :data:`RESPONSE_TIME_DOC`), or None."""
    plain = _plain(text)
    for pattern, amount, unit in _WORDS:
        if pattern.match(plain):
            return Duration(amount, unit)
    found = read(plain)
    if (
        found is None
        or "-" in found.separator
        or found.unit not in _RESPONSE_UNITS
        or _WORD_GOES_ON.match(plain, found.end)
    ):
        return None
    return Duration(found.amount, found.unit)


_BREAK = re.compile(r"<br\s*+/?+>", re.I)
_START = re.compile(
    r"[0-9]|(?<![a-z0-9])(?:immediate|next|backlog|best|within|up to|at most|under)|[≤<]"
)
_SEARCH_LIMIT = 2_000  # characters of a cell searched for a duration


def find_response_time(text: str) -> Duration | None:
    """The first response time written anywhere in ``text``, or None.

    ``Start work & respond: 20 min``, ``within 60 min``, ``≤ 15 minutes``: each place a
    duration may start (a digit, a word of the grammar, a qualifier) is tried in order,
    and the first that reads as a response time wins (``Ack 5 min / mitigate 1 h`` reads
    5 minutes). ``<br>`` counts as a space. The text is lower-cased once and each try
    is anchored, so the search is linear in the (bounded) length of the text.
    """
    plain = " ".join(_EMPHASIS.sub(" ", _BREAK.sub(" ", text[:_SEARCH_LIMIT])).lower().split())
    for start in _START.finditer(plain):
        if start.start() and plain[start.start() - 1].isdigit():
            continue  # inside a number: "15" is tried from its first digit only
        found = response_time(plain[start.start() : start.start() + 60])
        if found is not None:
            return found
    return None


def slower(value: Duration, limit: Duration) -> bool:
    """True if ``value`` is slower (longer) than ``limit``."""
    if math.isinf(limit.hours):
        return False
    return value.hours > limit.hours + 1e-9


# ---- review cycles, SLO windows, time budgets ---------------------------------------

_CYCLE_UNITS = ("day", "week", "month", "year")


def review_cycle(text: str) -> tuple[int, str] | None:
    """``90 days``, ``12 weeks``, ``6 months``, ``1 year`` -> (number, unit), or None.

    Strict: the whole text, a whole number from 1 to 9999 and one space before the unit,
    written out in lower case (``day``, ``days``, ``week`` ... ``years``).
    """
    found = read(text)
    if found is None or found.end != len(text) or found.separator != " ":
        return None
    number = found.number
    if not (number.isascii() and number.isdigit()) or number[0] == "0" or len(number) > 4:
        return None
    if found.unit not in _CYCLE_UNITS or not found.written_out:
        return None
    return int(number), found.unit


_ROLLING_BEFORE = re.compile(r"rolling\s++", re.I)
_ROLLING_AFTER = re.compile(r"\s*+,?+\s*+rolling", re.I)


def window_days(text: str) -> float | None:
    """The whole ``text`` as a number of days or weeks, in days, or None.

    ``30 days``, ``30d``, ``28 D``, ``30-day``, ``rolling 30 days``, ``30 days, rolling``,
    ``4 weeks``, ``2w``, ``1 wk``.
    """
    rolling = _ROLLING_BEFORE.match(text)
    found = read(text, rolling.end() if rolling else 0)
    if found is None or found.unit not in ("day", "week"):
        return None
    if found.end != len(text) and not _ROLLING_AFTER.fullmatch(text, found.end):
        return None
    return found.amount * 7 if found.unit == "week" else found.amount


class TimeBudget(NamedTuple):
    minutes: float
    unit: str  # s | min | h | d: the unit the text used, to state another value in


# Unit of a time budget -> its short name.
_BUDGET_UNITS = {"second": "s", "minute": "min", "hour": "h", "day": "d"}
BUDGET_MINUTES = {short: _MINUTES[unit] for unit, short in _BUDGET_UNITS.items()}
_ABOUT = re.compile(r"(?:~|≈|about\s++)?+", re.I)


def time_budget(text: str) -> TimeBudget | None:
    """The whole ``text`` as one number and a time unit, in minutes, or None.

    ``43.2 min``, ``43.2 minutes``, ``3.6 h``, ``3.6 hours.``, ``90 s``, ``1 day``,
    ``~43 min``; not ``2 h 10 min`` nor ``1% of requests``.
    """
    about = _ABOUT.match(text)
    found = read(text, about.end() if about else 0)
    if found is None or "-" in found.separator or found.unit not in _BUDGET_UNITS:
        return None
    if text[found.end :] not in ("", "."):
        return None
    return TimeBudget(found.amount * _MINUTES[found.unit], _BUDGET_UNITS[found.unit])
