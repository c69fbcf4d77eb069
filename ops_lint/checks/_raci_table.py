"""The RACI table of a handover doc, parsed once per doc for the three RACI check kinds.

The RACI table is the first table in one of the configured sections whose body cells
(every column but the first) are RACI letters: ``R``, ``A``, ``C``, ``I`` (or the words
Responsible, Accountable, Consulted, Informed), several per cell separated by ``/``,
``,``, ``;``, ``+``, ``&`` or spaces (``A/R``, ``R, C``). ``-``, ``—``, ``n/a`` and an
empty cell mean no involvement. The first column names the activity; every other column
is a role.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pydantic import Field

from ops_lint.checks import CheckOptions
from ops_lint.context import Context
from ops_lint.model import Cell, Document, Section, Table
from ops_lint.normalize import normalize_title
from ops_lint.tables import is_blank

DEFAULT_SECTIONS = ["Operational Roles & RACI", "Roles & RACI", "RACI"]

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


class RaciOptions(CheckOptions):
    sections: list[str] = Field(default_factory=lambda: list(DEFAULT_SECTIONS), min_length=1)


class RaciRow(NamedTuple):
    activity: str
    line: int
    column: int
    letters: dict[str, set[str]]  # role (display name) -> letters held
    snippet: str


class RaciTable(NamedTuple):
    section: Section
    table: Table
    roles: list[str]  # distinct roles, in column order
    duplicates: list[str]  # header names seen more than once (counted once)
    rows: list[RaciRow]


class Lookup(NamedTuple):
    """The RACI table, or why none was found (``problem``) and where to report it."""

    table: RaciTable | None
    problem: str
    line: int


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


def _first_bad_cell(table: Table) -> tuple[Cell, str, str] | None:
    """The first body cell (outside column 1) that holds no RACI letters."""
    for row in table.rows:
        for index, cell in enumerate(row.cells[1:], start=1):
            if letters_of(cell) is None:
                header = table.header[index].text if index < len(table.header) else f"#{index + 1}"
                activity = row.cells[0].text if row.cells else ""
                return cell, activity, header
    return None


def _is_raci(table: Table) -> bool:
    if len(table.header) < 2 or not table.rows or _first_bad_cell(table) is not None:
        return False
    return any(letters_of(c) for row in table.rows for c in row.cells[1:])


def _parse(section: Section, table: Table) -> RaciTable:
    roles: list[str] = []
    seen: dict[str, str] = {}
    duplicates: list[str] = []
    names: list[str | None] = [None]
    for cell in table.header[1:]:
        key = normalize_title(cell.text)
        if not key:
            names.append(None)  # an unnamed column is no role
        elif key in seen:
            duplicates.append(cell.text)
            names.append(seen[key])
        else:
            seen[key] = cell.text.strip()
            roles.append(cell.text.strip())
            names.append(cell.text.strip())
    rows: list[RaciRow] = []
    for row in table.rows:
        first = row.cells[0] if row.cells else None
        activity = first.text.strip() if first and first.text.strip() else f"row {row.line}"
        held: dict[str, set[str]] = {}
        for index, cell in enumerate(row.cells[1:], start=1):
            role = names[index] if index < len(names) else None
            letters = letters_of(cell) or set()
            if role is not None and letters:
                held.setdefault(role, set()).update(letters)
        column = first.column if first else 1
        snippet = " | ".join(c.text for c in row.cells)
        rows.append(RaciRow(activity, row.line, column, held, snippet))
    return RaciTable(section, table, roles, duplicates, rows)


def find_raci(doc: Document, sections: list[str]) -> Lookup:
    """The first RACI table under ``sections``, or why there is none."""
    found = doc.find_sections(sections)
    if not found:
        wanted = ", ".join(f"'{s}'" for s in sections)
        line = next((s.line for s in doc.sections if s.level == 1), 1)
        return Lookup(None, f"no RACI table: no section titled {wanted}", line)
    other: tuple[Table, Cell, str, str] | None = None
    for section in found:
        for table in doc.tables_in(section):
            if _is_raci(table):
                return Lookup(_parse(section, table), "", table.line)
            bad = _first_bad_cell(table)
            if other is None and bad is not None:
                other = (table, *bad)
    where = f"section '{found[0].title}'"
    if other is not None:
        table, cell, activity, header = other
        return Lookup(
            None,
            f"no RACI table in {where}: the table at line {table.line} has cell "
            f"'{cell.text}' (activity '{activity}', column '{header}') that is not R, A, C or I",
            cell.line,
        )
    return Lookup(None, f"no RACI table in {where}: no table with R/A/C/I cells", found[0].line)


def raci_for(doc: Document, sections: list[str], ctx: Context) -> Lookup:
    """``find_raci`` once per doc and section list, shared by the three RACI rules."""
    key = f"raci-table:{doc.abspath}:{'|'.join(sections)}"
    return ctx.cached(key, lambda: find_raci(doc, sections))
