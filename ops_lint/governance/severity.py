"""The incident severity matrix of a document: one row per severity level.

The matrix is found under the section the vocabulary names ``severity-matrix``
(``ops_lint.governance.locate``), in whichever shape it was written:

- ``table``: a table with a level column (a header among the vocabulary's ``level``
  column names, or a first column whose cells start with a level);
- ``split tables``: several such tables, split by rows (S0-S2, then S3-S4) or by
  columns (response times in one, examples in another), joined on the level;
- ``headings``: one sub-heading per level (``### S1 — High``) with labelled values
  (``- **Response time:** 1 hour``, ``**Escalation:** L2 → IC``);
- ``bullets``: one bullet per level (``- **S1** (High)``) with nested labelled values.

A cell or heading is a level when it starts with a spelling of one of the vocabulary's
levels (``S0`` = ``Sev 0`` = ``SEV-0`` = ``**S0** (Critical)``; ``S1`` is not ``S10``);
the row is the level's name whatever spelling the doc used. Values are read per logical
column (``response``, ``escalation``, ``communication``, ``examples``), headers and
labels matched against the vocabulary's column names. A level given twice with different
values is kept with its first value and recorded as a conflict.

When no section so titled holds a matrix, tables anywhere in the doc (before the first
heading too) that have a level column and a response column are taken, and the model
says so. Two sections at the best rank that both hold a matrix are ambiguous:
nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ops_lint.governance import Position, Value, position
from ops_lint.governance.locate import Rejected, Search, locate, section_position
from ops_lint.governance.severity_lists import read_lists
from ops_lint.governance.severity_shapes import (
    CONCEPT,
    Label,
    Partial,
    SeverityRow,
    level_of,
    read_tables,
    spellings_of,
    tables_by_shape,
)
from ops_lint.model import Document, Section
from ops_lint.vocabulary import Vocabulary

__all__ = [
    "CONCEPT",
    "Conflict",
    "Label",
    "SeverityMatrix",
    "SeverityMissing",
    "SeverityRow",
    "extract_severity",
    "level_of",
]


class Conflict(NamedTuple):
    """A level given twice with different values for one column."""

    level: str
    column: str
    kept: Value
    other: Value


@dataclass(frozen=True, slots=True)
class SeverityMatrix:
    section: str  # title of the section holding it ("" when taken by its shape)
    at: Position  # its first table, heading or bullet
    shape: str  # table | split tables | headings | bullets
    columns: Mapping[str, Label]  # logical column -> first header or label naming it
    rows: tuple[SeverityRow, ...]
    conflicts: tuple[Conflict, ...]
    search: Search
    rejected: tuple[Rejected, ...] = ()
    by_shape: bool = (
        False  # not in a section named for it: taken for its level and response columns
    )


@dataclass(frozen=True, slots=True)
class SeverityMissing:
    """No severity matrix: where it was looked for, and what was rejected."""

    search: Search
    at: Position  # the first section searched, or line 1
    ambiguous: tuple[Section, ...] = ()  # two or more sections each holding a matrix
    rejected: tuple[Rejected, ...] = ()

    @property
    def section(self) -> str | None:
        return self.search.sections[0].title if self.search.sections else None


def join(parts: list[Partial]) -> tuple[tuple[SeverityRow, ...], dict[str, Label], list[Conflict]]:
    """Rows of ``parts`` joined on the level; a differing second value is a conflict."""
    rows: dict[str, SeverityRow] = {}
    columns: dict[str, Label] = {}
    conflicts: list[Conflict] = []
    for part in parts:
        for name, label in part.columns.items():
            columns.setdefault(name, label)
        for row in part.rows:
            kept = rows.get(row.level)
            if kept is None:
                rows[row.level] = row
                continue
            values = dict(kept.values)
            for name, value in row.values.items():
                old = values.setdefault(name, value)
                if old is not value and " ".join(old.text.split()) != " ".join(value.text.split()):
                    conflicts.append(Conflict(row.level, name, old, value))
            rows[row.level] = SeverityRow(kept.level, kept.at, values)
    return tuple(rows.values()), columns, conflicts


def _matrix(
    section: str, shape: str, parts: list[Partial], search: Search, rejected: list[Rejected]
) -> SeverityMatrix:
    rows, columns, conflicts = join(parts)
    shape = "split tables" if shape == "table" and len(parts) > 1 else shape
    return SeverityMatrix(
        section, parts[0].at, shape, columns, rows, tuple(conflicts), search, tuple(rejected)
    )


def extract_severity(doc: Document, vocabulary: Vocabulary) -> SeverityMatrix | SeverityMissing:
    """The severity matrix of ``doc`` (see the module docs), or why there is none."""
    search = locate(doc, CONCEPT, vocabulary)
    spellings = spellings_of(vocabulary)
    rejected: list[Rejected] = []
    found: list[tuple[Section, str, list[Partial]]] = []
    for section in search.sections:
        shape, parts = "table", read_tables(doc, section, vocabulary, spellings, rejected)
        if not parts:
            shape, parts = read_lists(doc, section, vocabulary, spellings, rejected)
        if parts:
            found.append((section, shape, parts))
    if len(found) > 1:
        at = section_position(doc, found[0][0])
        return SeverityMissing(search, at, tuple(s for s, _, _ in found), tuple(rejected))
    if found:
        section, shape, parts = found[0]
        return _matrix(section.title, shape, parts, search, rejected)
    parts = tables_by_shape(doc, vocabulary, spellings)
    if parts:
        return _by_shape(_matrix("", "table", parts, search, rejected))
    if not search.found:
        return SeverityMissing(search, position(doc, 1), (), tuple(rejected))
    return SeverityMissing(search, section_position(doc, search.sections[0]), (), tuple(rejected))


def _by_shape(matrix: SeverityMatrix) -> SeverityMatrix:
    return SeverityMatrix(
        matrix.section,
        matrix.at,
        matrix.shape,
        matrix.columns,
        matrix.rows,
        matrix.conflicts,
        matrix.search,
        matrix.rejected,
        by_shape=True,
    )
