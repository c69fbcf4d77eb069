"""Burn rates in a burn-rate alerting table that do not follow from the budget they consume.

A multiwindow burn-rate alert fires when the error rate over its long window is
``burn`` times the error budget's rate. A tier that consumes ``c`` % of the budget in its
long window ``L`` of an SLO window ``W`` has the burn rate ``c/100 × W / L``: 2 % of a
30-day budget in 1 h is 14.4×, 5 % in 6 h is 6×, 10 % in 1 day is 3×, 10 % in 3 days
is 1×. ``ops-lint slo rules`` generates the alerts from the consumed share; a burn rate
typed in the table and never recomputed tells readers (and whoever tunes the alerts)
another threshold than the one that pages.

A burn-rate table is any table of the doc with a ``Burn rate``, a ``Long window`` and a
``Short window`` column; the share is the ``Budget consumed when it fires`` (or ``Budget
consumed``, ``Consumed``) column. For each row this fails when the burn rate (``14.4×``,
``14.4x``, ``14.4``), the long window (``1 h``, ``30 min``, ``1 day``, ``3 days``) or the
consumed share (``2%``) does not read, or when the burn rate differs from ``c/100 × W / L``
by more than ``tolerance_percent`` of it. A table without a consumed column is one
finding: its burn rates cannot be checked.

The SLO window ``W`` is, first found: the ``window_days`` option; the doc's front-matter
``slo.error_budget_window_days``; the window of the doc's SLO table (when every row has
the same one); the same two in a ``handover`` doc of the doc set. None found is a
finding on the table that says where it looked. A doc without a burn-rate table passes
(the evidence says so), unless its type is in ``required_in``.

Options:
- ``tolerance_percent``: allowed difference, in percent of the expected burn rate (1).
- ``window_days``: the SLO window in days (default: none, found as above).
- ``required_in``: doc types that must hold a burn-rate table (default none).

Fail: ``| Page, fast | 12× | 1 h | 5 min | 2% |`` in a doc whose SLO window is 30 days
(2 % × 720 h / 1 h = 14.4×).

Pass: ``| Page, fast | 14.4× | 1 h | 5 min | 2% |``
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._slo_text import fmt
from ops_lint.context import Context
from ops_lint.governance.burn_tiers import BurnRow, BurnTable, extract_burn_tables
from ops_lint.governance.slo_values import DEFAULT_VARIABLES, as_number, lookup
from ops_lint.model import Document

KIND = "burn-rate-table"
WINDOW_KEY = DEFAULT_VARIABLES["error_budget_window_days"]


class Options(CheckOptions):
    tolerance_percent: float = Field(default=1.0, ge=0)
    window_days: float | None = Field(default=None, gt=0)
    required_in: list[str] = Field(default_factory=list)


def _own_window(doc: Document, ctx: Context) -> tuple[float, str] | None:
    """The SLO window a doc states: front-matter, else its SLO table's single window."""
    number = as_number(lookup(doc, "error_budget_window_days", WINDOW_KEY).value)
    if number is not None and number > 0:
        return number, f"{doc.path} front-matter {WINDOW_KEY}"
    days = {r.window_days for t in ctx.slo_tables(doc).tables for r in t.rows}
    if len(days) == 1 and (only := days.pop()) is not None and only > 0:
        return only, f"the SLO table of {doc.path}"
    return None


def _window(doc: Document, options: Options, ctx: Context) -> tuple[float, str] | None:
    if options.window_days is not None:
        return options.window_days, "option window_days"
    own = _own_window(doc, ctx)
    if own is not None:
        return own
    for other in ctx.docs_of_type("handover"):
        if other is not doc and other.read_error is None:
            found = _own_window(other, ctx)
            if found is not None:
                return found
    return None


def _unread(row: BurnRow, column: str, what: str, example: str) -> Finding:
    value = row.cells.get(column)
    line, col = (value.at.line, value.at.column) if value is not None else (row.at.line, 1)
    text = value.text if value is not None else ""
    return Finding(
        line,
        col,
        f"burn tier '{row.name}': {what} {text!r} does not read; cannot check its burn rate",
        f"write it as e.g. {example}",
        text,
    )


def _row(row: BurnRow, days: float, source: str, tol: float) -> Iterator[Finding]:
    for column, value, what, example in (
        ("consumed", row.consumed, "budget consumed", "'2%'"),
        ("long", row.long_minutes, "long window", "'1 h', '6 h', '1 day'"),
        ("burn", row.burn, "burn rate", "'14.4×'"),
    ):
        if value is None:
            yield _unread(row, column, what, example)
            return
    assert row.consumed is not None and row.long_minutes is not None and row.burn is not None
    expected = row.consumed / 100 * days * 1440 / row.long_minutes
    if abs(row.burn - expected) <= expected * tol / 100 + 1e-9:
        return
    cell = row.cells["burn"]
    hours = fmt(round(days * 24, 4))
    long_hours = fmt(round(row.long_minutes / 60, 4))
    yield Finding(
        cell.at.line,
        cell.at.column,
        f"burn tier '{row.name}': burn rate {cell.text.strip()} does not match "
        f"{fmt(row.consumed)}% of the budget in {row.text('long')} of a {fmt(days)}-day window: "
        f"{fmt(row.consumed)}% × {hours} h / {long_hours} h = {fmt(round(expected, 4))}× "
        f"(window from {source}; tolerance {fmt(tol)}%)",
        f"set the burn rate to {fmt(round(expected, 4))}×, or correct the budget consumed or "
        "the long window",
        cell.text,
    )


def _table(table: BurnTable, window: tuple[float, str] | None, tol: float) -> list[Finding]:
    if "consumed" not in table.headers:
        return [
            Finding(
                table.at.line,
                1,
                "burn-rate table has no budget-consumed column ('Budget consumed when it "
                "fires'); its burn rates cannot be checked",
                "add a 'Budget consumed when it fires' column with the share of the budget "
                "each tier consumes (e.g. 2%)",
            )
        ]
    if window is None:
        return [
            Finding(
                table.at.line,
                1,
                "burn-rate table: no SLO window to check its burn rates against (looked at "
                f"the option window_days, front-matter {WINDOW_KEY} and the SLO table of this "
                "doc and of the handover doc)",
                f"set {WINDOW_KEY} in the front-matter, or the rule's window_days option",
            )
        ]
    days, source = window
    return [f for row in table.rows for f in _row(row, days, source, tol)]


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    tables = extract_burn_tables(doc)
    if not tables:
        if doc.doc_type in options.required_in:
            yield Finding(
                1,
                1,
                "no burn-rate alerting table (columns Tier, Burn rate, Long window, Short "
                "window, Budget consumed when it fires)",
                "add the burn-rate tiers of the SLO alerts under a 'Burn-rate alerting' heading",
            )
        else:
            yield Evidence(1, "no burn-rate table in this doc: nothing to check")
        return
    window = _window(doc, options, ctx)
    problems = [f for t in tables for f in _table(t, window, options.tolerance_percent)]
    yield from problems
    if not problems and window is not None:
        rows = sum(len(t.rows) for t in tables)
        note = f"{rows} burn tier(s) match consumed × {fmt(window[0])} days / long window"
        yield Evidence(tables[0].at.line, f"{note} (window from {window[1]})")
