"""The SLO table of a document (and, from :mod:`ops_lint.governance.budget_policy`, its
error-budget policy).

An SLO table is a table with a target, a window and a budget column (vocabulary columns
``slo-table.target``, ``.window``, ``.budget``; headers matched tolerantly, so ``Error
budget (rolling 30 days)`` is the budget). Its name column is ``slo-table.name`` or,
when no header is one, the first column. Tables are looked for under the sections titled
like ``slo-table`` (:mod:`ops_lint.governance.slo_found`); every such table is read, since
each row stands on its own.

Each cell is kept as written, with its position, next to the value read from it
(:mod:`ops_lint.governance.slo_values`): a row's target percentage, its window as a range
of days (one length, or 28 to 31 for a month) and its time budget. A value is None when
its cell is missing or does not read as one; whether that is a problem is the checks'
business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ops_lint.governance import Position, Value, position, value_of
from ops_lint.governance.budget_policy import BudgetBand, BudgetPolicy, extract_budget_policy
from ops_lint.governance.locate import locate
from ops_lint.governance.slo_found import Column, Found, columns_of, gather
from ops_lint.governance.slo_values import (
    Budget,
    SloWindow,
    parse_budget,
    parse_percent,
    parse_window,
)
from ops_lint.model import Document, Row, Table
from ops_lint.tables import cell
from ops_lint.vocabulary import Vocabulary

__all__ = [
    "BudgetBand",
    "BudgetPolicy",
    "Found",
    "SloRow",
    "SloTable",
    "extract_budget_policy",
    "extract_slo_tables",
]

CONCEPT = "slo-table"
NEEDED = ("target", "window", "budget")


def _get(doc: Document, row: Row, index: int | None) -> Value | None:
    found = cell(row, index)
    return value_of(doc, found) if found is not None else None


@dataclass(frozen=True, slots=True)
class SloRow:
    at: Position  # the row's line, column 1
    name: Value | None  # None without a name column
    target: Value | None  # None when the row is too short
    window: Value | None
    budget: Value | None
    percent: float | None  # ``target`` read as a percentage (``99.9%`` -> 99.9)
    window_range: SloWindow | None  # ``window`` in days (``1 month`` -> 28 to 31)
    budget_time: Budget | None  # ``budget`` as a time; None for an event-based budget

    @property
    def window_days(self) -> float | None:
        """The window's length in days when it has one (``4 weeks`` -> 28; a month: None)."""
        window = self.window_range
        return window.low if window is not None and not window.month else None


@dataclass(frozen=True, slots=True)
class SloTable:
    at: Position  # the table's first line
    columns: tuple[Column, ...]  # logical column -> header, in table order
    rows: tuple[SloRow, ...]


def _text(value: Value | None) -> str:
    return value.text if value is not None else ""


def _slo_row(doc: Document, row: Row, cols: Mapping[str, int]) -> SloRow:
    target = _get(doc, row, cols["target"])
    window = _get(doc, row, cols["window"])
    budget = _get(doc, row, cols["budget"])
    return SloRow(
        position(doc, row.line),
        _get(doc, row, cols.get("name")),
        target,
        window,
        budget,
        parse_percent(_text(target)),
        parse_window(_text(window)),
        parse_budget(_text(budget)),
    )


def _reader(doc: Document, vocabulary: Vocabulary) -> Callable[[Table], SloTable | str]:
    def read(table: Table) -> SloTable | str:
        found = columns_of(table, vocabulary, CONCEPT, NEEDED)
        missing = [n for n in NEEDED if n not in found]
        if missing:
            return f"no {', '.join(missing)} column"
        # The SLO is named by the first column, whatever its header ("Indicator", "SLI",
        # "Service"), unless that column is the target, window or budget.
        if all(c.index != 0 for c in found.values()):
            found["name"] = Column("name", table.header[0].text, 0)
        else:
            found.update(columns_of(table, vocabulary, CONCEPT, ("name",)))
        index = {c.name: c.index for c in found.values()}
        rows = tuple(_slo_row(doc, row, index) for row in table.rows)
        columns = tuple(sorted(found.values(), key=lambda c: c.index))
        return SloTable(position(doc, table.line), columns, rows)

    return read


def extract_slo_tables(doc: Document, vocabulary: Vocabulary) -> Found[SloTable]:
    """Every SLO table of ``doc`` (see the module docs)."""
    search = locate(doc, CONCEPT, vocabulary)
    return gather(doc, search, _reader(doc, vocabulary), one=False)
