"""The SLO table and the error-budget policy of a document.

Both are tables under one of the searched sections, recognised by their columns: each
logical column (``target``, ``window``, ``budget`` for an SLO table; ``consumed`` and
``decision`` for a budget policy) has header aliases, and a table counts when it has
every needed column. Cells are kept as written; reading a percentage, a window or a
budget out of them is the checks' business.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ops_lint.governance import Position, SectionRef, Value, position, value_of
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


@dataclass(frozen=True, slots=True)
class SloTable:
    at: Position  # the table's first line
    rows: tuple[SloRow, ...]


@dataclass(frozen=True, slots=True)
class BudgetBand:
    at: Position  # the row's line, column 1
    consumed: Value | None  # None when the row is too short
    decision: Value | None


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


def extract_slo_tables(
    doc: Document, sections: Sequence[str], columns: Mapping[str, Sequence[str]]
) -> Found[SloTable]:
    """Every table under ``sections`` with a target, a window and a budget column."""
    aliases = {name: list(names) for name, names in columns.items()}
    tables: list[SloTable] = []
    for located in iter_tables(doc, list(sections), aliases, ["target", "window", "budget"]):
        cols = located.columns
        rows = tuple(
            SloRow(
                position(doc, row.line),
                _get(doc, row, cols.get("name")),
                _get(doc, row, cols["target"]),
                _get(doc, row, cols["window"]),
                _get(doc, row, cols["budget"]),
            )
            for row in located.table.rows
        )
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
        bands = tuple(
            BudgetBand(
                position(doc, row.line),
                _get(doc, row, cols["consumed"]),
                _get(doc, row, cols["decision"]),
            )
            for row in table.rows
        )
        tables.append(BudgetPolicy(position(doc, table.line), tuple(table.columns), bands))
    return _found(doc, sections, tuple(tables))
