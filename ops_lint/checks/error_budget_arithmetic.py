"""Error budgets in the SLO table that do not follow from their target and window.

An error budget is arithmetic: ``(1 - target/100) * window``. A 99.9 % target over 30
days allows 43.2 minutes; 99.5 % over 30 days allows 3.6 hours. A budget that was typed
by hand and never recomputed misleads whoever decides whether to freeze deployments.

The SLO table is every table, under a section titled like the ``slo-table`` concept, with
a target, a window and a budget column (headers matched tolerantly: ``Error budget
(rolling 30 days)`` is the budget column). When no section is titled so, a table with
those columns anywhere in the doc is taken. For each row:

- target: ``99.9%``, ``99.9 %``, ``99.9``, ``≥ 99.9%``;
- window: a number of days or weeks: ``30 days``, ``30d``, ``28 d``, ``30-day``,
  ``rolling 30 days``, ``4 weeks``, ``1 week``; or a month: ``1 month``, ``calendar
  month``, ``monthly``. A month has 28 to 31 days: the budget of any of those lengths is
  accepted, and the message says which lengths were considered. Quarters are not
  accepted (write the days);
- budget: one number and one time unit: ``43.2 min``, ``43.2 minutes``, ``3.6 hours``,
  ``3.6 h``, ``90 s``, ``1 day``. A budget that is not a time, such as ``1% of requests``
  or ``10% of 270s over 20 s``, is event-based: it cannot be checked against a time
  window, so the row is skipped. Compound times (``2 h 10 min``) are skipped too.

A ``<br>`` in a cell is a space. A stated budget further than ``tolerance_percent`` of
the expected value from it fails. A row whose name contains one of the availability
words (case-insensitive) must also state the front-matter availability target and
error-budget window (the request's ``AVAILABILITY_SLO_PERCENT`` and
``ERROR_BUDGET_WINDOW_DAYS``; a month window states any of 28 to 31 days); the check is
skipped when those variables are not valid numbers (``slo-variables`` reports them). No
SLO table at all is one finding: it says what was looked for and the nearest heading.

Vocabulary keys read:
- ``vocabulary.sections.slo-table``: section titles (built-in: "SLOs & Error Budgets",
  "Service Level Objectives", "SLOs", ...).
- ``vocabulary.columns.slo-table``: ``name`` (SLO, Name, Objective name, SLI, Indicator,
  Service; else the first column), ``target`` (Target, Objective, SLO target),
  ``window`` (Window, Period, Compliance window), ``budget`` (Error budget, Budget,
  Allowed downtime).
- ``vocabulary.words.slo-table.availability``: names of the availability SLO row
  (Availability, Platform availability, Uptime).

Options:
- ``tolerance_percent``: allowed difference, in percent of the expected budget (1).
- ``variables``: front-matter key paths, as for ``slo-variables``.

Fail: ``| Platform availability | 99.9% | 30 days | 45 min |`` (99.9 % of 30 days
allows 43.2 min).

Pass: ``| Platform availability | 99.9% | 30 days | 43.2 min |``

Fix (safe, ``ops-lint check --fix``): the budget's number is replaced by the computed one
(for a month window, the nearer of the 28- and 31-day budgets), its unit as written:
``45 min`` becomes ``43.2 min``. A contradiction with the front-matter has no fix: which
of the two is right is for the author to say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field, field_validator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._slo_text import complete_variables, fmt, in_unit, missing
from ops_lint.context import Context
from ops_lint.diagnostic import Fix, TextEdit
from ops_lint.fixes import END_OF_LINE
from ops_lint.governance import Value
from ops_lint.governance.slo import SloRow, SloTable
from ops_lint.governance.slo_values import DEFAULT_VARIABLES, as_number, in_range, lookup
from ops_lint.model import Document

KIND = "error-budget-arithmetic"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class Options(CheckOptions):
    tolerance_percent: float = Field(default=1.0, ge=0)
    variables: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_VARIABLES))

    @field_validator("variables")
    @classmethod
    def _variables(cls, value: dict[str, str]) -> dict[str, str]:
        return complete_variables(value)


def _text(c: Value | None) -> str:
    return c.text if c is not None else ""


def _at(c: Value | None, row: SloRow) -> tuple[int, int]:
    return (c.at.line, c.at.column) if c is not None else (row.at.line, 1)


def _unreadable(row: SloRow, label: str) -> Finding | None:
    """A finding when the target or the window of a row with a time budget does not read."""
    budget = _text(row.budget)
    target = row.percent
    if target is None or not 0 < target <= 100:
        line, col = _at(row.target, row)
        return Finding(
            line,
            col,
            f"{label}: target {_text(row.target)!r} is not a percentage in (0, 100]; "
            f"cannot check the error budget {budget!r}",
            "write the target as a percentage, e.g. '99.9%'",
            _text(row.target),
        )
    window = row.window_range
    if window is None or window.low <= 0:
        line, col = _at(row.window, row)
        return Finding(
            line,
            col,
            f"{label}: window {_text(row.window)!r} is not a number of days or weeks, nor a "
            f"month; cannot check the error budget {budget!r}",
            "write the window in days or weeks, e.g. '30 days' or '4 weeks', or '1 month'",
            _text(row.window),
        )
    return None


def _budget(row: SloRow, label: str, tol: float) -> Iterator[Finding]:
    stated, budget = row.budget_time, row.budget
    if stated is None or budget is None:
        return  # event-based or free text: nothing to compute against a time window
    problem = _unreadable(row, label)
    if problem is not None:
        yield problem
        return
    assert row.percent is not None and row.window_range is not None
    target, window = row.percent, row.window_range
    low = (1 - target / 100) * window.low * 1440
    high = (1 - target / 100) * window.high * 1440
    if low - low * tol / 100 - 1e-9 <= stated.minutes <= high + high * tol / 100 + 1e-9:
        return
    expected = low if stated.minutes < low else high
    off = abs(stated.minutes - expected)
    share = f", {fmt(round(off / expected * 100, 1))}% off" if expected else ""
    if window.month:
        days = fmt(window.low if expected == low else window.high)
        over = f"a month ({fmt(window.low)}\u2013{fmt(window.high)} days, any month length)"
        lo, hi = in_unit(low, stated.unit).split(" ")[0], in_unit(high, stated.unit)
        allows = f"{lo}\u2013{hi}"
        share += f" the {days}-day budget"
        how = f"(1 \u2212 {fmt(target / 100)}) \u00d7 each month length"
    else:
        over = f"{fmt(window.low)} days"
        allows = in_unit(expected, stated.unit)
        how = (
            f"(1 \u2212 {fmt(target / 100)}) \u00d7 {fmt(window.low * 1440)} min = "
            f"{fmt(round(expected, 4))} min"
        )
    yield Finding(
        budget.at.line,
        budget.at.column,
        f"{label}: {fmt(target)}% over {over} allows {allows} ({how}); table says "
        f"{budget.text}{share} (tolerance {fmt(tol)}%)",
        f"set the error budget to {in_unit(expected, stated.unit)}, or correct the target "
        "or window",
        budget.text,
        fix=_budget_fix(budget, in_unit(expected, stated.unit)),
    )


def _budget_fix(budget: Value, expected: str) -> Fix | None:
    """The budget's number replaced by the computed one, its unit as written (safe: the
    budget follows from the target and the window)."""
    number = _NUMBER.search(budget.text)
    if number is None:
        return None
    new = budget.text[: number.start()] + expected.split(" ")[0] + budget.text[number.end() :]
    at = budget.at
    edit = TextEdit(at.line, at.column, at.line, END_OF_LINE, new, (budget.text,))
    return Fix((edit,), safe=True, title=f"set the error budget to {new}")


def _agrees(row: SloRow, column: str, value: float) -> bool:
    if column == "target":
        return row.percent is not None and abs(row.percent - value) < 1e-9
    window = row.window_range
    return window is not None and window.low - 1e-9 <= value <= window.high + 1e-9


def _availability(row: SloRow, label: str, want: dict[str, tuple[float, str]]) -> Iterator[Finding]:
    for column, (value, source) in want.items():
        if _agrees(row, column, value):
            continue
        c = row.target if column == "target" else row.window
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
    found = ctx.slo_tables(doc)
    tables = found.tables
    if not tables:
        example = "| SLO | Target | Window | Error budget |"
        yield missing(found, "SLO table", "target, window, error budget", example)
        return
    want = _front_matter(doc, options)
    words = [w.lower() for w in ctx.config.vocabulary.word_list("slo-table", "availability")]
    clean = True
    for table in tables:
        for row in table.rows:
            name = _text(row.name) or f"row {row.at.line}"
            label = f"SLO '{name}'"
            problems = list(_budget(row, label, options.tolerance_percent))
            if any(w in name.lower() for w in words):
                problems += _availability(row, label, want)
            clean = clean and not problems
            yield from problems
    if clean:
        yield _evidence(found.tables, found.by_shape)


def _evidence(tables: tuple[SloTable, ...], by_shape: bool) -> Evidence:
    rows = [row for table in tables for row in table.rows]
    timed = sum(r.budget_time is not None for r in rows)
    months = sum(
        r.budget_time is not None and r.window_range is not None and r.window_range.month
        for r in rows
    )
    note = (
        f"SLO table: {timed} of {len(rows)} row(s) with a time budget match target and "
        "window (the others are event-based)"
    )
    if months:
        note += f"; {months} month window(s): budgets of 28 to 31 days accepted"
    if by_shape:
        note += "; table found by its columns, no section titled like an SLO section"
    return Evidence(tables[0].at.line, note)
