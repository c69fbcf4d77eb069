"""Severity levels read from tables: rows per level, values per logical column.

A table is part of the severity matrix when it has a level column: a header among the
vocabulary's ``level`` column names (``Severity``, ``Sev``, ``Priority`` ...) or, without
one, a first column whose cells start with a level. Rows whose level cell starts with no
level (a note row, a merged heading) are not part of it. Every other header that names a
logical column (``response``, ``escalation``, ``communication``, ``examples``) gives that
column's value; ``<br>`` in a cell reads as a space.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ops_lint.governance import Position, Value, cell_position, position
from ops_lint.governance.locate import Rejected
from ops_lint.matching import column_of, level_at_start, level_spellings
from ops_lint.model import Document, Section, Table
from ops_lint.vocabulary import Vocabulary

CONCEPT = "severity-matrix"
COLUMNS = ("response", "escalation", "communication", "examples")
Spellings = tuple[tuple[str, tuple[str, ...]], ...]
_BREAK = re.compile(r"<br\s*+/?+>", re.I)


class Label(NamedTuple):
    """The header or label a logical column was read from, as written."""

    text: str
    at: Position


@dataclass(frozen=True, slots=True)
class SeverityRow:
    level: str  # the vocabulary's name of the level
    at: Position  # where the level was written
    values: Mapping[str, Value]  # logical column -> value

    def get(self, column: str) -> Value | None:
        """The value of logical ``column``, or None when the row does not give it."""
        return self.values.get(column)


class Partial(NamedTuple):
    """What one table or list block says about some levels."""

    at: Position
    rows: tuple[SeverityRow, ...]
    columns: Mapping[str, Label]


def spellings_of(vocabulary: Vocabulary) -> Spellings:
    """Each level's name with every spelling of it (``ops_lint.matching``)."""
    return tuple((lv.name, level_spellings(lv.name, lv.aliases)) for lv in vocabulary.levels)


def level_of(text: str, spellings: Spellings) -> str | None:
    """The level ``text`` starts with (``**S1** High`` -> ``S1``), or None."""
    return level_at_start(text, spellings)


def clean(text: str) -> str:
    """A cell's text with ``<br>`` as a space."""
    return _BREAK.sub(" ", text) if "<" in text else text


def _level_column(table: Table, vocabulary: Vocabulary, spellings: Spellings) -> int | None:
    headers = [c.text for c in table.header]
    index = column_of(headers, vocabulary.column_names(CONCEPT, "level"))
    if index is not None:
        return index
    firsts = [row.cells[0].text for row in table.rows if row.cells]
    return 0 if any(level_of(t, spellings) for t in firsts) else None


def value_columns(headers: list[str], vocabulary: Vocabulary, skip: int) -> dict[str, int]:
    """Logical column -> index of the first header naming it (not the level column)."""
    found: dict[str, int] = {}
    for name in COLUMNS:
        names = vocabulary.column_names(CONCEPT, name)
        index = column_of([h if i != skip else "" for i, h in enumerate(headers)], names)
        if index is not None and index not in found.values():
            found[name] = index
    return found


def read_table(
    doc: Document, table: Table, vocabulary: Vocabulary, spellings: Spellings
) -> Partial | str:
    """The levels ``table`` gives, or why it gives none."""
    level = _level_column(table, vocabulary, spellings)
    if level is None:
        return "no column named like a severity level and no first-column cell naming one"
    headers = [c.text for c in table.header]
    indexes = value_columns(headers, vocabulary, level)
    rows: list[SeverityRow] = []
    for row in table.rows:
        if level >= len(row.cells) or (name := level_of(row.cells[level].text, spellings)) is None:
            continue
        values = {
            column: Value(clean(row.cells[i].text), cell_position(doc, row.cells[i]))
            for column, i in indexes.items()
            if i < len(row.cells)
        }
        rows.append(SeverityRow(name, cell_position(doc, row.cells[level]), values))
    if not rows:
        names = ", ".join(n for n, _ in spellings)
        return f"no cell of the level column starts with a level ({names})"
    columns = {
        c: Label(headers[i], cell_position(doc, table.header[i])) for c, i in indexes.items()
    }
    return Partial(position(doc, table.line), tuple(rows), columns)


def _describe(table: Table, where: str) -> str:
    return f"table at line {table.line}{where}"


def read_tables(
    doc: Document,
    section: Section,
    vocabulary: Vocabulary,
    spellings: Spellings,
    rejected: list[Rejected],
) -> list[Partial]:
    """Every table of ``section`` that gives levels; the others are recorded as rejected."""
    parts: list[Partial] = []
    for table in doc.tables_in(section):
        read = read_table(doc, table, vocabulary, spellings)
        if isinstance(read, str):
            what = _describe(table, f" in section '{section.title}'")
            rejected.append(Rejected(what, position(doc, table.line), read))
        else:
            parts.append(read)
    return parts


def tables_by_shape(doc: Document, vocabulary: Vocabulary, spellings: Spellings) -> list[Partial]:
    """Tables anywhere in ``doc`` with a level column and a response column."""
    parts: list[Partial] = []
    level_names = vocabulary.column_names(CONCEPT, "level")
    for table in doc.tables:
        headers = [c.text for c in table.header]
        if column_of(headers, level_names) is None:
            continue
        read = read_table(doc, table, vocabulary, spellings)
        if not isinstance(read, str) and "response" in read.columns:
            parts.append(read)
    return parts
