"""Shared parts of the SLO checks: option validation and the wording of findings.

Not a check kind (the leading underscore keeps it out of the registry). The SLO tables,
their values and the front-matter variables are read in :mod:`ops_lint.governance.slo`.
"""

from __future__ import annotations

from typing import Any

from ops_lint.checks import Finding
from ops_lint.checks._concepts import name_it_hint, not_found
from ops_lint.diagnostic import listing
from ops_lint.durations import BUDGET_MINUTES
from ops_lint.governance.slo import Found
from ops_lint.governance.slo_values import DEFAULT_VARIABLES


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


def describe_tables(found: Found[Any]) -> str:
    """The tables of the searched sections and why each was not taken, for a hint."""
    return listing([f"{r.what} ({r.why})" for r in found.rejected], "; ") or "none"


def where_searched(found: Found[Any]) -> str:
    """The first section searched (``section 'X'``), or ``the doc`` when none was found."""
    return f"section '{found.sections[0].title}'" if found.sections else "the doc"


def missing(found: Found[Any], what: str, shape: str, example: str) -> Finding:
    """The finding for a doc without the concept's table: no section titled like it (what
    was looked for, the nearest heading, the vocabulary key), or sections without one."""
    line = found.anchor.line
    if not found.search.found:
        message = f"{not_found(found.search, what)}; no table with columns {shape} elsewhere"
        return Finding(line, 1, message, name_it_hint(found.search), what)
    return Finding(
        line,
        1,
        f"no {what} (columns {shape}) in {where_searched(found)}",
        f"add a table with headers such as {example} there, or name your headers in "
        f"vocabulary.columns.{found.search.concept}; tables found there: "
        f"{describe_tables(found)}",
        what,
    )


def in_unit(minutes: float, unit: str) -> str:
    """``43.2 min``, ``3.6 h``: minutes shown in ``unit``, at most two decimals."""
    return f"{minutes / BUDGET_MINUTES[unit]:.2f}".rstrip("0").rstrip(".") + f" {unit}"


def fmt(number: float) -> str:
    """A number without a trailing ``.0`` (30.0 -> 30, 99.90 -> 99.9)."""
    return f"{number:.4f}".rstrip("0").rstrip(".")
