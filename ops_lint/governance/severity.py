"""The incident severity matrix of a document: one row per severity level.

The matrix is the first table under one of the searched sections that has a severity
column (a header among the severity column names) whose cells start with a level:
``S0 — Critical``, ``**S1** High``, ``s2``; case-insensitive, and ``S1`` does not match
``S10``. Rows whose severity cell starts with no level (a note row, a merged heading)
are not part of the matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ops_lint.governance import Position, Value, position, value_of
from ops_lint.model import Document, Section, Table
from ops_lint.normalize import normalize_title
from ops_lint.tables import cell, column_index


@dataclass(frozen=True, slots=True)
class SeverityRow:
    level: str  # the level the severity cell starts with, as configured
    at: Position  # the row's line, the severity cell's column
    cells: tuple[Value, ...]  # every cell of the row

    def get(self, column: int | None) -> Value | None:
        """The cell at ``column``, or None if the row is too short or there is no column."""
        if column is None or column >= len(self.cells):
            return None
        return self.cells[column]


@dataclass(frozen=True, slots=True)
class SeverityMatrix:
    section: str  # title of the section holding the table
    at: Position  # the table's first line
    header: tuple[Value, ...]
    rows: tuple[SeverityRow, ...]  # the rows whose severity cell starts with a level

    def column(self, names: Sequence[str]) -> int | None:
        """Index of the first header equal to one of ``names`` (normalized), or None."""
        wanted = {normalize_title(n) for n in names}
        return next(
            (i for i, v in enumerate(self.header) if normalize_title(v.text) in wanted), None
        )


@dataclass(frozen=True, slots=True)
class SeverityMissing:
    """No severity matrix: the first section searched, if any, and where."""

    searched: tuple[str, ...]
    section: str | None  # first section found by title; None if no section matched
    at: Position  # that section's heading, or line 1


def level_of(text: str, levels: Sequence[str]) -> str | None:
    """The level ``text`` starts with (``**S1** High`` -> ``S1``), or None."""
    lowered = text.strip().lstrip("*_`~ ").lower()
    for level in sorted(levels, key=len, reverse=True):
        key = level.strip().lower()
        if key and lowered.startswith(key) and not lowered[len(key) : len(key) + 1].isalnum():
            return level
    return None


def _matrix(
    doc: Document, section: Section, table: Table, index: int, levels: Sequence[str]
) -> SeverityMatrix | None:
    rows: list[SeverityRow] = []
    for row in table.rows:
        found = cell(row, index)
        level = level_of(found.text, levels) if found else None
        if found is not None and level is not None:
            cells = tuple(value_of(doc, c) for c in row.cells)
            rows.append(SeverityRow(level, position(doc, row.line, found.column), cells))
    if not rows:
        return None
    header = tuple(value_of(doc, c) for c in table.header)
    return SeverityMatrix(section.title, position(doc, table.line), header, tuple(rows))


def extract_severity(
    doc: Document,
    sections: Sequence[str],
    levels: Sequence[str],
    severity_columns: Sequence[str],
) -> SeverityMatrix | SeverityMissing:
    """The first severity matrix under ``sections``, or the sections that hold none."""
    found = doc.find_sections(list(sections))
    for section in found:
        for table in doc.tables_in(section):
            index = column_index(table, list(severity_columns))
            matrix = None if index is None else _matrix(doc, section, table, index, levels)
            if matrix is not None:
                return matrix
    if found:
        return SeverityMissing(tuple(sections), found[0].title, position(doc, found[0].line))
    return SeverityMissing(tuple(sections), None, position(doc, 1))
