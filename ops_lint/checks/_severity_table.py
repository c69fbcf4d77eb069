"""The severity matrix of a handover doc, located for the three severity check kinds.

The matrix is the first table under one of the configured sections that has a severity
column (a header in ``severity_columns``) whose cells start with a level: ``S0 —
Critical``, ``**S1** High``, ``s2``; case-insensitive, and ``S1`` does not match ``S10``.
Rows whose severity cell starts with no level (a note row, a merged heading) are ignored.
"""

from __future__ import annotations

from typing import NamedTuple

from pydantic import Field

from ops_lint.checks import CheckOptions
from ops_lint.model import Document, Row, Section, Table
from ops_lint.tables import cell, column_index

DEFAULT_SECTIONS = ["Incident Classification Matrix", "Severity Matrix", "Incident Severity Matrix"]
DEFAULT_LEVELS = ["S0", "S1", "S2", "S3", "S4"]
DEFAULT_SEVERITY_COLUMNS = ["Severity", "Sev", "Level", "Priority"]
RESPONSE_COLUMNS = ["Response time", "Response target", "Response", "Time to respond", "Ack time"]


class MatrixOptions(CheckOptions):
    sections: list[str] = Field(default_factory=lambda: list(DEFAULT_SECTIONS), min_length=1)
    levels: list[str] = Field(default_factory=lambda: list(DEFAULT_LEVELS), min_length=1)
    severity_columns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_SEVERITY_COLUMNS), min_length=1
    )


class Matrix(NamedTuple):
    section: Section
    table: Table
    rows: list[tuple[str, Row]]  # (level, row) for every row whose severity cell has a level

    def where(self) -> str:
        return f"severity matrix in section '{self.section.title}'"


class Lookup(NamedTuple):
    sections: list[Section]  # the configured sections present in the doc
    matrix: Matrix | None


def level_of(text: str, levels: list[str]) -> str | None:
    """The level ``text`` starts with (``**S1** High`` -> ``S1``), or None."""
    lowered = text.strip().lstrip("*_`~ ").lower()
    for level in sorted(levels, key=len, reverse=True):
        key = level.strip().lower()
        if key and lowered.startswith(key) and not lowered[len(key) : len(key) + 1].isalnum():
            return level
    return None


def locate(doc: Document, options: MatrixOptions) -> Lookup:
    """The sections searched and the first table in them that is a severity matrix."""
    sections = doc.find_sections(options.sections)
    for section in sections:
        for table in doc.tables_in(section):
            index = column_index(table, options.severity_columns)
            if index is None:
                continue
            rows = []
            for row in table.rows:
                found = cell(row, index)
                level = level_of(found.text, options.levels) if found else None
                if level is not None:
                    rows.append((level, row))
            if rows:
                return Lookup(sections, Matrix(section, table, rows))
    return Lookup(sections, None)


NO_MATRIX_NOTE = "no severity matrix to check (OPS201 reports it)"
