"""The RACI matrix of a document: who is Responsible, Accountable, Consulted, Informed.

The matrix is the first table in one of the searched sections whose body cells (every
column but the first) are RACI letters: ``R``, ``A``, ``C``, ``I`` (or the words
Responsible, Accountable, Consulted, Informed), several per cell separated by ``/``,
``,``, ``;``, ``+``, ``&`` or spaces (``A/R``, ``R, C``). ``-``, ``—``, ``n/a`` and an
empty cell mean no involvement. The first column names the activity; every other column
is a role, and a role named by two columns counts once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ops_lint.governance import Position, cell_position, position
from ops_lint.model import Cell, Document, Section, Table
from ops_lint.normalize import normalize_title
from ops_lint.tables import is_blank

_SPLIT = re.compile(r"[\s/,;+&]+")
_WORDS = {
    "r": "R",
    "a": "A",
    "c": "C",
    "i": "I",
    "responsible": "R",
    "accountable": "A",
    "consulted": "C",
    "informed": "I",
}


@dataclass(frozen=True, slots=True)
class RaciColumn:
    header: str  # the header cell as written
    role: str | None  # the distinct role it counts for; None for an unnamed column
    at: Position


@dataclass(frozen=True, slots=True)
class RaciActivity:
    name: str  # the first cell, or ``row N`` when it is empty
    at: Position  # the first cell
    letters: Mapping[str, frozenset[str]]  # role -> letters held, roles in column order
    cells: tuple[str, ...]  # every cell of the row as written


@dataclass(frozen=True, slots=True)
class RaciMatrix:
    section: str  # title of the section holding the table
    at: Position  # the table's first line
    corner: str  # header of the activity column
    columns: tuple[RaciColumn, ...]  # the role columns, in order
    roles: tuple[str, ...]  # distinct roles, in column order
    duplicates: tuple[str, ...]  # headers naming a role an earlier column named
    activities: tuple[RaciActivity, ...]


class NonRaciCell(NamedTuple):
    """The first body cell of a candidate table that holds no RACI letters."""

    text: str
    activity: str
    column: str  # header of the cell's column (``#N`` past the header)
    table_line: int
    at: Position


@dataclass(frozen=True, slots=True)
class RaciMissing:
    """No RACI matrix: why, and where."""

    searched: tuple[str, ...]  # the section titles searched
    section: str | None  # first section found by title; None if no section matched
    non_raci: NonRaciCell | None  # the cell that kept a table in the section from being one
    at: Position


def letters_of(cell: Cell | None) -> set[str] | None:
    """RACI letters of a cell: an empty set for a blank cell, None if it is not RACI."""
    if cell is None or is_blank(cell):
        return set()
    found: set[str] = set()
    for token in _SPLIT.split(cell.text.strip().strip("*_").lower()):
        if not token:
            continue
        letter = _WORDS.get(token)
        if letter is None:
            return None
        found.add(letter)
    return found


def _first_bad_cell(doc: Document, table: Table) -> NonRaciCell | None:
    for row in table.rows:
        for index, cell in enumerate(row.cells[1:], start=1):
            if letters_of(cell) is None:
                header = table.header[index].text if index < len(table.header) else f"#{index + 1}"
                activity = row.cells[0].text if row.cells else ""
                return NonRaciCell(
                    cell.text, activity, header, table.line, cell_position(doc, cell)
                )
    return None


def _is_raci(doc: Document, table: Table) -> bool:
    if len(table.header) < 2 or not table.rows or _first_bad_cell(doc, table) is not None:
        return False
    return any(letters_of(c) for row in table.rows for c in row.cells[1:])


def _columns(doc: Document, table: Table) -> tuple[list[RaciColumn], list[str], list[str]]:
    columns: list[RaciColumn] = []
    roles: list[str] = []
    duplicates: list[str] = []
    seen: dict[str, str] = {}
    for cell in table.header[1:]:
        key = normalize_title(cell.text)
        role: str | None = None
        if key in seen:
            duplicates.append(cell.text)
            role = seen[key]
        elif key:
            role = seen[key] = cell.text.strip()
            roles.append(role)
        columns.append(RaciColumn(cell.text, role, cell_position(doc, cell)))
    return columns, roles, duplicates


def _activity(
    doc: Document, row_line: int, cells: Sequence[Cell], columns: list[RaciColumn]
) -> RaciActivity:
    first = cells[0] if cells else None
    name = first.text.strip() if first and first.text.strip() else f"row {row_line}"
    held: dict[str, set[str]] = {}
    for index, cell in enumerate(cells[1:]):
        role = columns[index].role if index < len(columns) else None
        found = letters_of(cell) or set()
        if role is not None and found:
            held.setdefault(role, set()).update(found)
    at = position(doc, row_line, first.column if first else 1)
    letters = {role: frozenset(held_letters) for role, held_letters in held.items()}
    return RaciActivity(name, at, letters, tuple(c.text for c in cells))


def _matrix(doc: Document, section: Section, table: Table) -> RaciMatrix:
    columns, roles, duplicates = _columns(doc, table)
    activities = tuple(_activity(doc, row.line, row.cells, columns) for row in table.rows)
    return RaciMatrix(
        section.title,
        position(doc, table.line),
        table.header[0].text,
        tuple(columns),
        tuple(roles),
        tuple(duplicates),
        activities,
    )


def extract_raci(doc: Document, sections: Sequence[str]) -> RaciMatrix | RaciMissing:
    """The first RACI matrix under ``sections``, or why there is none."""
    searched = tuple(sections)
    found = doc.find_sections(list(sections))
    if not found:
        line = next((s.line for s in doc.sections if s.level == 1), 1)
        return RaciMissing(searched, None, None, position(doc, line))
    first_bad: NonRaciCell | None = None
    for section in found:
        for table in doc.tables_in(section):
            if _is_raci(doc, table):
                return _matrix(doc, section, table)
            if first_bad is None:
                first_bad = _first_bad_cell(doc, table)
    at = first_bad.at if first_bad is not None else position(doc, found[0].line)
    return RaciMissing(searched, found[0].title, first_bad, at)
