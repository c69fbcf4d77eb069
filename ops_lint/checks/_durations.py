"""The duration grammar of response times and response targets (used by OPS203).

A duration is read from the start of a cell; anything after it is ignored, so
``15 min (24/7)`` and ``1 hour, 24/7`` read as 15 minutes and 1 hour. Case, Markdown
emphasis (``**``, ``_``, backticks) and extra spaces do not matter.

- **A number and a unit**, with or without a space: ``15 min``, ``15min``, ``1h``,
  ``1.5 hours``, ``2 business days``. The number is an integer or a decimal (``0.5``).
  Units:

  - minutes: ``m``, ``min``, ``mins``, ``minute``, ``minutes``
  - hours: ``h``, ``hr``, ``hrs``, ``hour``, ``hours``
  - days: ``d``, ``day``, ``days``
  - business days: ``business day``, ``business days`` (also ``business-day``)
  - weeks: ``w``, ``week``, ``weeks`` (7 days)

  ``m`` is minutes, never months; months are not a response time.
- **Words**: ``immediate`` / ``immediately`` (zero); ``next business day`` (1 business
  day); ``backlog``, ``best effort``, ``next release`` (unbounded).
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

from __future__ import annotations

import math
import re
from typing import NamedTuple

GRAMMAR = (
    "a number and a unit (15 min, 15min, 1h, 1 hour, 4 hours, 1 business day, 2 days, "
    "1 week), or one of: immediate, next business day, backlog, best effort, next release"
)

_HOURS = {
    "minute": 1 / 60,
    "hour": 1.0,
    "day": 24.0,
    "business day": 24.0,
    "week": 168.0,
}
_PLURAL = {"minute": "min", "hour": "hours", "day": "days", "business day": "business days"}
_SINGULAR = {"minute": "min", "hour": "hour", "day": "day", "business day": "business day"}

# Anchored, possessive patterns (the rules in ops_lint.normalize): tried at one position.
_QUALIFIER = re.compile(r"(?:within|up to|at most|under|≤|<=|<)\s*+")
_EMPHASIS = re.compile(r"[*_`]")
_NUMBER_UNIT = re.compile(
    r"^(?P<n>\d++(?:\.\d++)?+)\s*+(?P<unit>business[ -]days?|minutes?|mins?|m|hours?|hrs?|h"
    r"|days?|d|weeks?|w)(?![a-z0-9])"
)
_WORDS = (
    (re.compile(r"^immediate(?:ly)?(?![a-z0-9])"), 0.0, "minute"),
    (re.compile(r"^next business[ -]day(?![a-z0-9])"), 1.0, "business day"),
    (re.compile(r"^(?:backlog|best[ -]effort|next release)(?![a-z0-9])"), math.inf, "unbounded"),
)


class Duration(NamedTuple):
    amount: float  # in ``unit``; ``inf`` for unbounded
    unit: str  # minute | hour | day | business day | week | unbounded

    @property
    def hours(self) -> float:
        """Length in hours, for ordering (a business day counts as 24 hours)."""
        if self.unit == "unbounded":
            return math.inf
        return self.amount * _HOURS[self.unit]

    def __str__(self) -> str:
        if self.unit == "unbounded":
            return "backlog (unbounded)"
        amount = f"{self.amount:g}"
        if self.unit == "week":
            return f"{amount} week" + ("" if self.amount == 1 else "s")
        names = _SINGULAR if self.amount == 1 else _PLURAL
        return f"{amount} {names[self.unit]}"


def _unit(word: str) -> str:
    if word.startswith("business"):
        return "business day"
    if word.startswith("m"):
        return "minute"
    if word.startswith("h"):
        return "hour"
    if word.startswith("d"):
        return "day"
    return "week"


def _clean(text: str) -> str:
    text = " ".join(_EMPHASIS.sub(" ", text).lower().split())
    pos = 0
    # Qualifiers are skipped by position: removing one at a time copies the text each time.
    while qualifier := _QUALIFIER.match(text, pos):
        pos = qualifier.end()
    return text[pos:]


def parse(text: str) -> Duration | None:
    """The first duration at the start of ``text`` (see the module docs), or None."""
    cleaned = _clean(text)
    for pattern, amount, unit in _WORDS:
        if pattern.match(cleaned):
            return Duration(amount, unit)
    match = _NUMBER_UNIT.match(cleaned)
    if match is None:
        return None
    return Duration(float(match.group("n")), _unit(match.group("unit")))


def slower(value: Duration, limit: Duration) -> bool:
    """True if ``value`` is slower (longer) than ``limit``."""
    if math.isinf(limit.hours):
        return False
    return value.hours > limit.hours + 1e-9
