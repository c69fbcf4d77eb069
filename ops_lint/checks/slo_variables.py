"""SLO variables of the handover front-matter: present, numeric and in range.

The operations & handover request leaves three numbers to decide:
``PRIMARY_SLO_LATENCY_P95_MS``, ``AVAILABILITY_SLO_PERCENT`` and
``ERROR_BUDGET_WINDOW_DAYS``. Alerting, error budgets and the deployment policy are
computed from them, so each must be a real YAML number (not the string ``"99.9"``, not a
``<number>`` placeholder, not ``true``):

- availability: a percentage strictly between 0 and 100;
- error-budget window: a positive whole number of days;
- latency p95: a positive number of milliseconds.

A finding is placed on the key's line; a missing key is reported on the line of its
nearest parent key (e.g. ``slo:``), or on the first line of the front-matter.

Vocabulary keys read: none (the variables are front-matter keys, named by the option).

Options:
- ``variables``: logical name -> front-matter key path, dots for nesting. Defaults:
  ``latency_p95_ms: slo.latency_p95_ms``, ``availability_percent:
  slo.availability_percent``, ``error_budget_window_days: slo.error_budget_window_days``.
  A team using the request's names maps e.g. ``latency_p95_ms:
  PRIMARY_SLO_LATENCY_P95_MS``; names left out keep their default.

Fail:

    slo:
      latency_p95_ms: "<number>"
      availability_percent: 100
      error_budget_window_days: 30.5

Pass:

    slo: {latency_p95_ms: 1500, availability_percent: 99.9, error_budget_window_days: 30}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, field_validator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._slo_text import complete_variables, fmt
from ops_lint.context import Context
from ops_lint.governance.slo_values import (
    DEFAULT_VARIABLES,
    Variable,
    as_number,
    in_range,
    lookup,
)
from ops_lint.model import Document

KIND = "slo-variables"

_EXPECTED = {
    "latency_p95_ms": "a positive number of milliseconds, e.g. 1500",
    "availability_percent": "a percentage between 0 and 100 (exclusive), e.g. 99.9",
    "error_budget_window_days": "a positive whole number of days, e.g. 30",
}


class Options(CheckOptions):
    variables: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_VARIABLES))

    @field_validator("variables")
    @classmethod
    def _complete(cls, value: dict[str, str]) -> dict[str, str]:
        return complete_variables(value)


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _problem(var: Variable) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) or None when the variable is fine."""
    expected = _EXPECTED[var.name]
    leaf = var.path.rsplit(".", 1)[-1]
    if not var.present:
        return (
            f"SLO variable {var.label} is missing; {expected} is required",
            f"add '{leaf}: <value>' to the front-matter at '{var.path}' (a YAML number)",
        )
    number = as_number(var.value)
    if number is None:
        shown = f"the string {var.value!r}" if isinstance(var.value, str) else repr(var.value)
        example = expected.rsplit(" ", 1)[-1]
        if isinstance(var.value, str) and as_number(_float(var.value)) is not None:
            example = var.value.strip()
        return (
            f"SLO variable {var.label} is {shown}; it must be a YAML number: {expected}",
            f"write the number unquoted, e.g. '{leaf}: {example}'",
        )
    if not in_range(var.name, number):
        return (
            f"SLO variable {var.label} is {fmt(number)}; expected {expected}",
            "set the value the service owners agreed to",
        )
    return None


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    variables = [lookup(doc, name, path) for name, path in options.variables.items()]
    clean = True
    for var in variables:
        problem = _problem(var)
        if problem is not None:
            clean = False
            snippet = f"{var.path}: {var.value!r}" if var.present else var.path
            yield Finding(var.line, 1, problem[0], problem[1], snippet)
    if clean:
        values = ", ".join(f"{v.path}={fmt(float(v.value))}" for v in variables)
        yield Evidence(min(v.line for v in variables), f"SLO variables {values}")
