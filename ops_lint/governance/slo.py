"""The SLO table and the error-budget policy of a document.

Both are tables under one of the searched sections, recognised by their columns: each
logical column (``target``, ``window``, ``budget`` for an SLO table; ``consumed`` and
``decision`` for a budget policy) has header aliases, and a table counts when it has
every needed column. Each cell is kept as written, with its position, next to the value
read from it (:mod:`ops_lint.governance.slo_values`): a row's target percentage, window
in days and time budget, a band's lower bound. A value is None when its cell is missing
or does not read as one; whether that is a problem is the checks' business.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ops_lint.governance import Position, SectionRef, Value, position, value_of
from ops_lint.governance.slo_values import (
    Budget,
    parse_budget,
    parse_percent,
    parse_threshold,
    parse_window_days,
)
from ops_lint.model import Document, Row
from ops_lint.tables import cell, iter_tables

T = TypeVar("T")


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
    window_days: float | None  # ``window`` read in days (``4 weeks`` -> 28)
    budget_time: Budget | None  # ``budget`` as a time; None for an event-based budget


@dataclass(frozen=True, slots=True)
class SloTable:
    at: Position  # the table's first line
    rows: tuple[SloRow, ...]


@dataclass(frozen=True, slots=True)
class BudgetBand:
    at: Position  # the row's line, column 1
    consumed: Value | None  # None when the row is too short
    decision: Value | None
    threshold: float | None  # lower bound of the band, in percent (``50-75%`` -> 50)


@dataclass(frozen=True, slots=True)
class BudgetPolicy:
    at: Position  # the table's first line
    headers: tuple[str, ...]
    bands: tuple[BudgetBand, ...]


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """The tables found under the searched sections, and what else those sections hold."""

    sections: tuple[SectionRef, ...]  # the sections found by title, in document order
    other_tables: tuple[str, ...]  # ``| a | b |`` header of every table in them, once each
    anchor: Position  # the first section found, else the first level-1 heading, else line 1
    tables: tuple[T, ...]


def _found(doc: Document, sections: Sequence[str], tables: tuple[T, ...]) -> Found[T]:
    found = doc.find_sections(list(sections))
    heads = ["| " + " | ".join(t.columns) + " |" for s in found for t in doc.tables_in(s)]
    title = next((s.line for s in doc.sections if s.level == 1), 1)
    anchor = found[0].line if found else title
    return Found(
        tuple(SectionRef(s.title, position(doc, s.line)) for s in found),
        tuple(dict.fromkeys(heads)),
        position(doc, anchor),
        tables,
    )


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
        parse_window_days(_text(window)),
        parse_budget(_text(budget)),
    )


def _band(doc: Document, row: Row, cols: Mapping[str, int]) -> BudgetBand:
    consumed = _get(doc, row, cols["consumed"])
    return BudgetBand(
        position(doc, row.line),
        consumed,
        _get(doc, row, cols["decision"]),
        parse_threshold(_text(consumed)),
    )


def extract_slo_tables(
    doc: Document, sections: Sequence[str], columns: Mapping[str, Sequence[str]]
) -> Found[SloTable]:
    """Every table under ``sections`` with a target, a window and a budget column."""
    aliases = {name: list(names) for name, names in columns.items()}
    tables: list[SloTable] = []
    for located in iter_tables(doc, list(sections), aliases, ["target", "window", "budget"]):
        rows = tuple(_slo_row(doc, row, located.columns) for row in located.table.rows)
        tables.append(SloTable(position(doc, located.table.line), rows))
    return _found(doc, sections, tuple(tables))


def extract_budget_policy(
    doc: Document, sections: Sequence[str], columns: Mapping[str, Sequence[str]]
) -> Found[BudgetPolicy]:
    """Every table under ``sections`` with a budget-consumed and a decision column."""
    aliases = {name: list(names) for name, names in columns.items()}
    tables: list[BudgetPolicy] = []
    for located in iter_tables(doc, list(sections), aliases, ["consumed", "decision"]):
        table, cols = located.table, located.columns
        bands = tuple(_band(doc, row, cols) for row in table.rows)
        tables.append(BudgetPolicy(position(doc, table.line), tuple(table.columns), bands))
    return _found(doc, sections, tuple(tables))
