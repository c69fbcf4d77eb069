"""Shared parts of the SLO checks: option defaults and validation, wording of findings.

Not a check kind (the leading underscore keeps it out of the registry). The SLO tables,
their values and the front-matter variables are read in :mod:`ops_lint.governance.slo`.
"""

from __future__ import annotations

from typing import Any

from ops_lint.diagnostic import listing
from ops_lint.durations import BUDGET_MINUTES
from ops_lint.governance.slo import Found
from ops_lint.governance.slo_values import DEFAULT_VARIABLES

DEFAULT_SECTIONS = ["SLOs & Error Budgets", "SLOs and Error Budgets", "Service Level Objectives"]


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


def describe_tables(found: Found[Any]) -> str:
    """Headers of the tables present in the searched sections, for a hint."""
    return listing(list(found.other_tables), "; ") or "none"


def where_searched(found: Found[Any]) -> str:
    """The first section searched (``section 'X'``), or ``the doc`` when none was found."""
    return f"section '{found.sections[0].title}'" if found.sections else "the doc"


def in_unit(minutes: float, unit: str) -> str:
    """``43.2 min``, ``3.6 h``: minutes shown in ``unit``, at most two decimals."""
    return f"{minutes / BUDGET_MINUTES[unit]:.2f}".rstrip("0").rstrip(".") + f" {unit}"


def fmt(number: float) -> str:
    """A number without a trailing ``.0`` (30.0 -> 30, 99.90 -> 99.9)."""
    return f"{number:.4f}".rstrip("0").rstrip(".")
