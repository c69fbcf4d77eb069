"""Error budgets in the SLO table that do not follow from their target and window.

An error budget is arithmetic: ``(1 - target/100) * window``. A 99.9 % target over 30
days allows 43.2 minutes; 99.5 % over 30 days allows 3.6 hours. A budget that was typed
by hand and never recomputed misleads whoever decides whether to freeze deployments.

The SLO table is every table in one of ``sections`` with a target, a window and a
budget column. For each row:

- target: ``99.9%``, ``99.9 %``, ``99.9``, ``≥ 99.9%``;
- window: a number of days or weeks: ``30 days``, ``30d``, ``28 d``, ``30-day``,
  ``rolling 30 days``, ``4 weeks``, ``1 week`` (months and quarters are not accepted:
  their length varies, write the days);
- budget: one number and one time unit: ``43.2 min``, ``43.2 minutes``, ``3.6 hours``,
  ``3.6 h``, ``90 s``, ``1 day``. A budget that is not a time, such as ``1% of requests``
  or ``10% of 270s over 20 s``, is event-based: it cannot be checked against a time
  window, so the row is skipped. Compound times (``2 h 10 min``) are skipped too.

A stated budget further than ``tolerance_percent`` of the expected value from it fails.
A row whose name contains one of ``availability_rows`` (case-insensitive) must also
state the front-matter availability target and error-budget window (the request's
``AVAILABILITY_SLO_PERCENT`` and ``ERROR_BUDGET_WINDOW_DAYS``); the check is skipped
when those variables are not valid numbers (``slo-variables`` reports them). No SLO
table at all is one finding.

Options:
- ``sections``: accepted section titles (default "SLOs & Error Budgets", "SLOs and Error
  Budgets", "Service Level Objectives").
- ``columns``: logical column -> header aliases: ``name`` (SLO, Name, Objective name,
  SLI), ``target`` (Target, Objective, SLO target), ``window`` (Window, Period,
  Compliance window), ``budget`` (Error budget, Budget, Allowed downtime). Columns left
  out keep their aliases.
- ``tolerance_percent``: allowed difference, in percent of the expected budget (1).
- ``availability_rows``: names of the availability SLO row (Availability, Platform
  availability).
- ``variables``: front-matter key paths, as for ``slo-variables``.

Fail: ``| Platform availability | 99.9% | 30 days | 45 min |`` (99.9 % of 30 days
allows 43.2 min).

Pass: ``| Platform availability | 99.9% | 30 days | 43.2 min |``
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, field_validator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._slo_text import (
    DEFAULT_SECTIONS,
    complete_columns,
    complete_variables,
    describe_tables,
    fmt,
    in_unit,
    where_searched,
)
from ops_lint.context import Context
from ops_lint.governance import Value
from ops_lint.governance.slo import SloRow
from ops_lint.governance.slo_values import DEFAULT_VARIABLES, as_number, in_range, lookup
from ops_lint.model import Document

KIND = "error-budget-arithmetic"

DEFAULT_COLUMNS = {
    "name": ["SLO", "Name", "Objective name", "SLI"],
    "target": ["Target", "Objective", "SLO target"],
    "window": ["Window", "Period", "Compliance window"],
    "budget": ["Error budget", "Budget", "Allowed downtime"],
}


class Options(CheckOptions):
    sections: list[str] = Field(default_factory=lambda: list(DEFAULT_SECTIONS), min_length=1)
    columns: dict[str, list[str]] = Field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    tolerance_percent: float = Field(default=1.0, ge=0)
    availability_rows: list[str] = Field(
        default_factory=lambda: ["Availability", "Platform availability"]
    )
    variables: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_VARIABLES))

    @field_validator("columns")
    @classmethod
    def _columns(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return complete_columns(value, DEFAULT_COLUMNS)

    @field_validator("variables")
    @classmethod
    def _variables(cls, value: dict[str, str]) -> dict[str, str]:
        return complete_variables(value)


def _text(c: Value | None) -> str:
    return c.text if c is not None else ""


def _at(c: Value | None, row: SloRow) -> tuple[int, int]:
    return (c.at.line, c.at.column) if c is not None else (row.at.line, 1)


def _budget(row: SloRow, label: str, tol: float) -> Iterator[Finding]:
    budget_cell = row.budget
    stated = row.budget_time
    if stated is None:
        return  # event-based or free text: nothing to compute against a time window
    target_cell, window_cell = row.target, row.window
    target, window = row.percent, row.window_days
    if target is None or not 0 < target <= 100:
        line, col = _at(target_cell, row)
        yield Finding(
            line,
            col,
            f"{label}: target {_text(target_cell)!r} is not a percentage in (0, 100]; "
            f"cannot check the error budget {_text(budget_cell)!r}",
            "write the target as a percentage, e.g. '99.9%'",
            _text(target_cell),
        )
        return
    if window is None or window <= 0:
        line, col = _at(window_cell, row)
        yield Finding(
            line,
            col,
            f"{label}: window {_text(window_cell)!r} is not a number of days or weeks; "
            f"cannot check the error budget {_text(budget_cell)!r}",
            "write the window in days or weeks, e.g. '30 days' or '4 weeks'",
            _text(window_cell),
        )
        return
    expected = (1 - target / 100) * window * 1440
    off = abs(stated.minutes - expected)
    if off <= expected * tol / 100 + 1e-9:
        return
    assert budget_cell is not None  # a row without a budget cell has no budget_time
    share = f", {fmt(round(off / expected * 100, 1))}% off" if expected else ""
    yield Finding(
        budget_cell.at.line,
        budget_cell.at.column,
        f"{label}: {fmt(target)}% over {fmt(window)} days allows "
        f"{in_unit(expected, stated.unit)} ((1 \u2212 {fmt(target / 100)}) \u00d7 "
        f"{fmt(window * 1440)} min = {fmt(round(expected, 4))} min); table says "
        f"{budget_cell.text}{share} (tolerance {fmt(tol)}%)",
        f"set the error budget to {in_unit(expected, stated.unit)}, or correct the target "
        "or window",
        budget_cell.text,
    )


def _availability(row: SloRow, label: str, want: dict[str, tuple[float, str]]) -> Iterator[Finding]:
    read = {"target": row.percent, "window": row.window_days}
    for column, (value, source) in want.items():
        c = row.target if column == "target" else row.window
        found = read[column]
        if found is not None and abs(found - value) < 1e-9:
            continue
        shown = f"{fmt(value)}%" if column == "target" else f"{fmt(value)} days"
        line, col = _at(c, row)
        yield Finding(
            line,
            col,
            f"{label}: {column} {_text(c)!r} contradicts the front-matter {source} = "
            f"{fmt(value)}; the availability SLO row must state {shown}",
            f"make the table and the front-matter agree (write '{shown}')",
            _text(c),
        )


def _front_matter(doc: Document, options: Options) -> dict[str, tuple[float, str]]:
    """Valid front-matter availability and window, keyed by the table column they fix."""
    want: dict[str, tuple[float, str]] = {}
    pairs = {"target": "availability_percent", "window": "error_budget_window_days"}
    for column, name in pairs.items():
        var = lookup(doc, name, options.variables[name])
        number = as_number(var.value)
        if number is not None and in_range(name, number):
            want[column] = (number, var.label)
    return want


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    found = ctx.slo_tables(doc, options.sections, options.columns)
    tables = found.tables
    if not tables:
        yield Finding(
            found.anchor.line,
            1,
            f"no SLO table (columns target, window, error budget) in {where_searched(found)}",
            f"add a table with headers such as | SLO | Target | Window | Error budget | under "
            f"one of: {', '.join(options.sections)}; tables found there: "
            f"{describe_tables(found)}",
            "SLO table",
        )
        return
    want = _front_matter(doc, options)
    aliases = [a.lower() for a in options.availability_rows]
    clean = True
    for table in tables:
        for row in table.rows:
            name = _text(row.name) or f"row {row.at.line}"
            label = f"SLO '{name}'"
            problems = list(_budget(row, label, options.tolerance_percent))
            if any(a in name.lower() for a in aliases):
                problems += _availability(row, label, want)
            clean = clean and not problems
            yield from problems
    if clean:
        rows = [row for table in tables for row in table.rows]
        timed = sum(r.budget_time is not None for r in rows)
        yield Evidence(
            tables[0].at.line,
            f"SLO table: {timed} of {len(rows)} row(s) with a time budget match target and "
            "window (the others are event-based)",
        )
