"""Shared parts of the SLO checks: front-matter variables, value grammars, hint text.

Not a check kind (the leading underscore keeps it out of the registry). The grammars are
deliberately small; each parser returns None for text it does not understand, and the
check decides whether that is a finding or a row to skip.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from ops_lint.diagnostic import listing
from ops_lint.governance.slo import Found
from ops_lint.model import Document
from ops_lint.normalize import short

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
DEFAULT_SECTIONS = ["SLOs & Error Budgets", "SLOs and Error Budgets", "Service Level Objectives"]

_MISSING = object()


def complete_variables(value: dict[str, str]) -> dict[str, str]:
    """Validate a ``variables`` option; logical names it leaves out keep their default."""
    unknown = sorted(set(value) - set(DEFAULT_VARIABLES))
    if unknown:
        known = ", ".join(DEFAULT_VARIABLES)
        raise ValueError(f"unknown SLO variable(s) {', '.join(unknown)} (known: {known})")
    for name, path in value.items():
        if not path.strip() or any(not part.strip() for part in path.split(".")):
            raise ValueError(f"variable {name}: key path {path!r} is empty or has an empty part")
    return {**DEFAULT_VARIABLES, **value}


def complete_columns(
    value: dict[str, list[str]], defaults: dict[str, list[str]]
) -> dict[str, list[str]]:
    """Validate a ``columns`` option; logical columns it leaves out keep their aliases."""
    unknown = sorted(set(value) - set(defaults))
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(unknown)} (known: {', '.join(defaults)})")
    for name, aliases in value.items():
        if not aliases or any(not a.strip() for a in aliases):
            raise ValueError(f"column {name}: give at least one non-empty header alias")
    return {**defaults, **value}


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


def describe_tables(found: Found[Any]) -> str:
    """Headers of the tables present in the searched sections, for a hint."""
    return listing(list(found.other_tables), "; ") or "none"


def where_searched(found: Found[Any]) -> str:
    """The first section searched (``section 'X'``), or ``the doc`` when none was found."""
    return f"section '{found.sections[0].title}'" if found.sections else "the doc"


# ---- value grammars -------------------------------------------------------------------

# Grammars follow the rules in ops_lint.normalize: a cell longer than MAX_VALUE is not a
# value; quantifiers are possessive; a number is entered at its first digit only.
_NUM = r"(?<!\d)(\d++(?:\.\d++)?+)"
_PERCENT = re.compile(rf"(?:>=|≥|=)?+\s*+{_NUM}\s*+%?+")
_WINDOW = re.compile(
    rf"(?:rolling\s++)?+{_NUM}\s*+-?+\s*+(d|days?+|w|wks?+|weeks?+)(?:\s*+,?+\s*+rolling)?+", re.I
)
_BUDGET = re.compile(rf"(?:~|≈|about\s++)?+{_NUM}\s*+([a-z]++)\.?+", re.I)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_BUDGET_UNITS = {
    **dict.fromkeys(["s", "sec", "secs", "second", "seconds"], ("s", 1 / 60)),
    **dict.fromkeys(["m", "min", "mins", "minute", "minutes"], ("min", 1.0)),
    **dict.fromkeys(["h", "hr", "hrs", "hour", "hours"], ("h", 60.0)),
    **dict.fromkeys(["d", "day", "days"], ("d", 1440.0)),
}


def _clean(text: str) -> str:
    """Plain cell text: no emphasis, thousands separators or surrounding spaces ('' for
    a cell too long to be a value)."""
    text = short(text) or ""
    text = text.replace("*", "").replace("`", "").replace("\u00a0", " ")
    return _THOUSANDS.sub("", text).strip()


def parse_percent(text: str) -> float | None:
    """``99.9%``, ``99.9 %``, ``99.9``, ``≥ 99.9%`` -> 99.9."""
    match = _PERCENT.fullmatch(_clean(text))
    return float(match.group(1)) if match else None


def parse_window_days(text: str) -> float | None:
    """``30 days``, ``30d``, ``28 d``, ``30-day``, ``rolling 30 days``, ``4 weeks`` -> days."""
    match = _WINDOW.fullmatch(_clean(text))
    if not match:
        return None
    number = float(match.group(1))
    return number * 7 if match.group(2).lower().startswith("w") else number


class Budget(NamedTuple):
    minutes: float
    unit: str  # s | min | h | d: the unit the table used, to state the expected value in


def parse_budget(text: str) -> Budget | None:
    """One number and a time unit: ``43.2 min``, ``3.6 hours``, ``3.6 h``, ``90 s`` -> minutes.

    Anything else (``1% of requests``, ``2 h 10 min``) is not a time budget: None.
    """
    match = _BUDGET.fullmatch(_clean(text))
    if not match:
        return None
    unit = _BUDGET_UNITS.get(match.group(2).lower())
    if unit is None:
        return None
    return Budget(float(match.group(1)) * unit[1], unit[0])


def in_unit(minutes: float, unit: str) -> str:
    """``43.2 min``, ``3.6 h``: minutes shown in ``unit``, at most two decimals."""
    factor = next(f for u, f in _BUDGET_UNITS.values() if u == unit)
    return f"{minutes / factor:.2f}".rstrip("0").rstrip(".") + f" {unit}"


def fmt(number: float) -> str:
    """A number without a trailing ``.0`` (30.0 -> 30, 99.90 -> 99.9)."""
    return f"{number:.4f}".rstrip("0").rstrip(".")


_RANGE = re.compile(rf"{_NUM}\s*+%?+\s*+(?:-|\u2013|\u2014|to)\s*+{_NUM}", re.I)
_BELOW = re.compile(rf"(?:<=|=<|≤|<|under|below|less than|up to)\s*+{_NUM}", re.I)
_FROM = re.compile(rf"(?:>=|=>|≥|>|over|above|more than|at least|from)\s*+{_NUM}", re.I)
_PLUS = re.compile(rf"{_NUM}\s*+%?+\s*+(?:\+|or more|and (?:above|over|more))", re.I)
_BARE = re.compile(rf"{_NUM}\s*+%")


def parse_threshold(text: str) -> float | None:
    """Lower bound, in percent, of a budget-consumed cell.

    ``< 50%`` -> 0, ``0-50%`` -> 0, ``50-75%`` (hyphen or dash) -> 50, ``≥ 100%`` / ``>= 100 %`` /
    ``100%+`` / ``Exhausted (≥ 100%)`` -> 100. A range whose upper bound is below its
    lower bound does not parse.
    """
    clean = _clean(text)
    if match := _RANGE.search(clean):
        low, high = float(match.group(1)), float(match.group(2))
        return low if high >= low else None
    if _BELOW.search(clean):
        return 0.0
    for pattern in (_FROM, _PLUS, _BARE):
        if match := pattern.search(clean):
            return float(match.group(1))
    return None
