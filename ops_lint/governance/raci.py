"""The RACI matrix of a document: who is Responsible, Accountable, Consulted, Informed.

The matrix is the first table in the section the vocabulary names ``raci``
(``ops_lint.governance.locate``) whose body cells (every column but the first) are RACI
letters: ``R``, ``A``, ``C``, ``I`` (or the words Responsible, Accountable, Consulted,
Informed), several per cell separated by ``/``, ``,``, ``;``, ``+``, ``&`` or spaces
(``A/R``, ``R, C``). ``-``, ``—``, ``n/a`` and an empty cell mean no involvement.

Usually the first column names the activity and every other column is a role. The matrix
is *transposed* (roles as rows, activities as columns) when its corner header names roles
(a ``raci.role`` column name of the vocabulary: ``Role``, ``Team``, ``Who``), or when the
first column's cells name roster teams or members while the headers do not; it is then
read into the same model. A role named twice counts once.

When no section so titled holds one, a RACI-shaped table anywhere in the doc is taken
(the model says so); two sections at the best rank that both hold one are ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from ops_lint.governance import Position, cell_position, position
from ops_lint.governance.locate import Rejected, Search, locate, section_position
from ops_lint.matching import header_matches
from ops_lint.model import Cell, Document, Section, Table
from ops_lint.normalize import normalize_title
from ops_lint.tables import is_blank
from ops_lint.vocabulary import Vocabulary

CONCEPT = "raci"
ACTIVITIES_AS_ROWS = "activities as rows"
ROLES_AS_ROWS = "roles as rows"

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
    """A role of the matrix: a column, or a row of a transposed matrix."""

    header: str  # the header (or first cell of a transposed row) as written
    role: str | None  # the distinct role it counts for; None for an unnamed column
    at: Position


@dataclass(frozen=True, slots=True)
class RaciActivity:
    name: str  # the first cell (header when transposed), or ``row N`` when it is empty
    at: Position  # that cell
    letters: Mapping[str, frozenset[str]]  # role -> letters held, roles in matrix order
    cells: tuple[str, ...]  # the activity's cells as written, its name first


@dataclass(frozen=True, slots=True)
class RaciMatrix:
    section: str  # title of the section holding the table ("" when taken by its shape)
    at: Position  # the table's first line
    corner: str  # the corner header
    columns: tuple[RaciColumn, ...]  # the roles, in order
    roles: tuple[str, ...]  # distinct roles, in order
    duplicates: tuple[str, ...]  # role names an earlier column (or row) named
    activities: tuple[RaciActivity, ...]
    search: Search
    orientation: str = ACTIVITIES_AS_ROWS  # or ROLES_AS_ROWS (transposed)
    rejected: tuple[Rejected, ...] = ()
    by_shape: bool = False  # not in a section named for it: taken for its R/A/C/I cells


class NonRaciCell(NamedTuple):
    """The first body cell of a candidate table that holds no RACI letters."""

    text: str
    activity: str
    column: str  # header of the cell's column (``#N`` past the header)
    table_line: int
    at: Position


@dataclass(frozen=True, slots=True)
class RaciMissing:
    """No RACI matrix: where it was looked for, and why none was taken."""

    search: Search
    non_raci: NonRaciCell | None  # the cell that kept a table in the section from being one
    at: Position
    ambiguous: tuple[Section, ...] = ()  # two or more sections each holding a matrix
    rejected: tuple[Rejected, ...] = ()

    @property
    def section(self) -> str | None:
        return self.search.sections[0].title if self.search.sections else None


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


def _roles(doc: Document, cells: Sequence[Cell]) -> tuple[list[RaciColumn], list[str], list[str]]:
    columns: list[RaciColumn] = []
    roles: list[str] = []
    duplicates: list[str] = []
    seen: dict[str, str] = {}
    for cell in cells:
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
    doc: Document,
    first: Cell | None,
    line: int,
    cells: Sequence[Cell | None],
    roles: list[RaciColumn],
) -> RaciActivity:
    """One activity: its name cell and its letter cells, one per role in order."""
    name = first.text.strip() if first and first.text.strip() else f"row {line}"
    held: dict[str, set[str]] = {}
    for index, cell in enumerate(cells):
        role = roles[index].role if index < len(roles) else None
        found = letters_of(cell) or set()
        if role is not None and found:
            held.setdefault(role, set()).update(found)
    at = position(doc, line, first.column if first else 1)
    letters = {role: frozenset(held_letters) for role, held_letters in held.items()}
    texts = tuple(c.text if c is not None else "" for c in (first, *cells))
    return RaciActivity(name, at, letters, texts)


def _role_cells(table: Table, roles_as_rows: bool) -> list[Cell]:
    if roles_as_rows:
        return [row.cells[0] for row in table.rows if row.cells]
    return list(table.header[1:])


def _activities(doc: Document, table: Table, columns: list[RaciColumn]) -> list[RaciActivity]:
    """The activities of a transposed table: one per header after the corner."""
    rows = [row for row in table.rows if row.cells]
    activities = []
    for index, head in enumerate(table.header[1:], start=1):
        cells = [row.cells[index] if index < len(row.cells) else None for row in rows]
        activities.append(_activity(doc, head, head.line, cells, columns))
    return activities


def transposed(table: Table, vocabulary: Vocabulary, is_name: Callable[[str], bool]) -> bool:
    """Roles as rows: the corner names roles, or only the first column names teams."""
    corner = table.header[0].text if table.header else ""
    if header_matches(corner, vocabulary.column_names(CONCEPT, "role")):
        return True
    if header_matches(corner, vocabulary.column_names(CONCEPT, "activity")):
        return False

    def named(texts: Sequence[str]) -> int:
        return sum(1 for t in texts if is_name(t.strip().strip("*_`").strip()))

    firsts = [row.cells[0].text for row in table.rows if row.cells]
    in_rows = named(firsts)
    return in_rows * 2 > len(firsts) and named([c.text for c in table.header[1:]]) == 0


def _matrix(doc: Document, section: str, table: Table, search: Search, by_rows: bool) -> RaciMatrix:
    columns, roles, duplicates = _roles(doc, _role_cells(table, by_rows))
    if by_rows:
        activities = _activities(doc, table, columns)
    else:
        activities = [
            _activity(doc, row.cells[0] if row.cells else None, row.line, row.cells[1:], columns)
            for row in table.rows
        ]
    return RaciMatrix(
        section,
        position(doc, table.line),
        table.header[0].text if table.header else "",
        tuple(columns),
        tuple(roles),
        tuple(duplicates),
        tuple(activities),
        search,
        ROLES_AS_ROWS if by_rows else ACTIVITIES_AS_ROWS,
    )


def _rejected(doc: Document, table: Table, section: Section) -> Rejected:
    bad = _first_bad_cell(doc, table)
    why = f"cell '{bad.text}' is not R, A, C or I" if bad else "no R/A/C/I cell"
    return Rejected(
        f"table at line {table.line} in section '{section.title}'", position(doc, table.line), why
    )


def _in_sections(
    doc: Document, search: Search, rejected: list[Rejected]
) -> tuple[list[tuple[Section, Table]], NonRaciCell | None]:
    """The first RACI table of each searched section, and the first non-RACI cell seen."""
    found: list[tuple[Section, Table]] = []
    first_bad: NonRaciCell | None = None
    for section in search.sections:
        for table in doc.tables_in(section):
            if _is_raci(doc, table):
                found.append((section, table))
                break
            rejected.append(_rejected(doc, table, section))
            first_bad = first_bad or _first_bad_cell(doc, table)
    return found, first_bad


def _no_name(_: str) -> bool:
    return False


def extract_raci(
    doc: Document, vocabulary: Vocabulary, is_name: Callable[[str], bool] = _no_name
) -> RaciMatrix | RaciMissing:
    """The RACI matrix of ``doc`` (see the module docs), or why there is none.

    ``is_name`` tells whether a text names a team or member of the roster.
    """
    search = locate(doc, CONCEPT, vocabulary)
    rejected: list[Rejected] = []
    found, first_bad = _in_sections(doc, search, rejected)
    if len(found) > 1:
        at = section_position(doc, found[0][0])
        return RaciMissing(search, None, at, tuple(s for s, _ in found), tuple(rejected))
    if found:
        section, table = found[0]
        matrix = _matrix(doc, section.title, table, search, transposed(table, vocabulary, is_name))
        return replace(matrix, rejected=tuple(rejected))
    shaped = next((t for t in doc.tables if _is_raci(doc, t)), None)
    if shaped is not None:
        matrix = _matrix(doc, "", shaped, search, transposed(shaped, vocabulary, is_name))
        return replace(matrix, rejected=tuple(rejected), by_shape=True)
    if not search.found:
        line = next((s.line for s in doc.sections if s.level == 1), 1)
        return RaciMissing(search, None, position(doc, line), (), tuple(rejected))
    at = first_bad.at if first_bad is not None else section_position(doc, search.sections[0])
    return RaciMissing(search, first_bad, at, (), tuple(rejected))
