"""The runbook inventory of a document: the tables that list its runbooks.

The inventory is every table under one of the searched sections (subsections included)
that has a runbook column. The runbook cell holds a relative link to the runbook file;
the links of a row are the document's links on the row's line whose column falls inside
the runbook cell. Rows whose cells are all blank (spacers) are no entries.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ops_lint.governance import Position, SectionRef, Value, blank, position, value_of
from ops_lint.model import Document, Link, Row, Table
from ops_lint.normalize import normalize_title
from ops_lint.tables import column_index, find_table


class InventoryLink(NamedTuple):
    target: str
    at: Position


@dataclass(frozen=True, slots=True)
class InventoryEntry:
    label: str  # the runbook cell, else its first link's target, else ``row on line N``
    at: Position  # the row's line, the runbook cell's column
    runbook: Value | None  # the runbook cell
    links: tuple[InventoryLink, ...]  # links in the runbook cell (relative or not, no images)
    cells: tuple[Value, ...]  # every cell, at its best-effort column

    def get(self, column: int | None) -> Value | None:
        """The cell at ``column``, or None if the row is too short or there is no column."""
        if column is None or column >= len(self.cells):
            return None
        return self.cells[column]

    def column_at(self, column: int | None) -> int:
        """Where the cell at ``column`` starts (the last cell's column for a missing one)."""
        if not self.cells:
            return 1
        found = self.get(column) or self.cells[-1]
        return found.at.column


@dataclass(frozen=True, slots=True)
class InventoryTable:
    section: str  # the section the table was first found under
    at: Position  # the table's first line
    header: tuple[Value, ...]
    runbook_column: int
    rows: int  # body rows, spacers included
    entries: tuple[InventoryEntry, ...]

    def column(self, names: Sequence[str]) -> int | None:
        """Index of the first header equal to one of ``names`` (normalized), or None."""
        wanted = {normalize_title(n) for n in names}
        return next(
            (i for i, v in enumerate(self.header) if normalize_title(v.text) in wanted), None
        )

    @property
    def headers(self) -> list[str]:
        return [v.text for v in self.header]


@dataclass(frozen=True, slots=True)
class RunbookInventory:
    searched: tuple[str, ...]  # the section titles searched
    sections: tuple[SectionRef, ...]  # the sections found by title, in document order
    other_tables: tuple[tuple[str, ...], ...]  # headers of every table in them, in order
    tables: tuple[InventoryTable, ...]  # the inventory tables, each once, in line order
    anchor: Position  # the first level-1 heading (line 1 without one)

    @property
    def entries(self) -> list[InventoryEntry]:
        return [entry for table in self.tables for entry in table.entries]


def _row_links(doc: Document, row: Row) -> list[Link]:
    """The links on the row's line (the model keeps links in line order: a bisection,
    not a pass over every link of the doc per row)."""
    start = bisect_left(doc.links, row.line, key=lambda link: link.line)
    end = bisect_right(doc.links, row.line, lo=start, key=lambda link: link.line)
    return doc.links[start:end]


def _plausible(row: Row, spans: list[tuple[int, int]]) -> list[bool]:
    """Whether each cell's column can be believed: not inside a link target, not before
    the end of the previous believable cell."""
    starts = [a for a, _ in spans]
    reach: list[int] = []  # reach[i]: the furthest end of spans[: i + 1]
    for _, end in spans:
        reach.append(max(end, reach[-1]) if reach else end)

    def in_span(col: int) -> bool:
        before = bisect_right(starts, col)
        return before > 0 and reach[before - 1] > col

    plausible: list[bool] = []
    floor = 1
    for c in row.cells:
        ok = bool(c.text) and c.column >= floor and not in_span(c.column)
        plausible.append(ok)
        if ok:
            floor = c.column + len(c.text)
    return plausible


def _positions(row: Row, links: list[Link]) -> list[int]:
    """Best-effort start column of each cell of ``row``.

    The model finds a cell's column by searching its text in the line, so a short text
    ("-", "t") may be found inside an earlier link target. Such a column is replaced by
    the end of the last link target before the next plausible cell (plus ``) | ``).
    Link columns are reliable (a target is long and unique); column 1 means "unknown".
    """
    spans = sorted((k.column, k.column + len(k.target)) for k in links if k.column > 1)
    starts = [a for a, _ in spans]
    plausible = _plausible(row, spans)
    # The column of the next plausible cell after each cell, found in one backward pass.
    following: list[int] = [10**9] * len(row.cells)
    for pos in range(len(row.cells) - 2, -1, -1):
        nxt = row.cells[pos + 1]
        following[pos] = nxt.column if plausible[pos + 1] else following[pos + 1]
    positions: list[int] = []
    widest: dict[tuple[int, int], int] = {}
    for pos, c in enumerate(row.cells):
        if plausible[pos]:
            positions.append(c.column)
            continue
        low = positions[-1] if positions else 1
        high = following[pos]
        if (low, high) not in widest:
            ends = [b for a, b in spans[bisect_left(starts, low) : bisect_left(starts, high)]]
            widest[(low, high)] = max(ends) + 3 if ends else low
        positions.append(widest[(low, high)])
    return positions


def _entry(doc: Document, row: Row, index: int) -> InventoryEntry:
    links = _row_links(doc, row)
    positions = _positions(row, links)
    cells = tuple(
        Value(c.text, position(doc, row.line, col))
        for c, col in zip(row.cells, positions, strict=True)
    )
    in_cell: tuple[InventoryLink, ...] = ()
    if index < len(row.cells):
        low = positions[index] if index else 1
        high = positions[index + 1] if index + 1 < len(positions) else 10**9
        in_cell = tuple(
            InventoryLink(link.target, position(doc, link.line, link.column))
            for link in links
            if not link.image and (low <= link.column < high or (link.column == 1 and index == 0))
        )
    runbook = cells[index] if index < len(cells) else None
    if runbook is not None and runbook.text.strip():
        label = runbook.text.strip()
    else:
        label = in_cell[0].target if in_cell else f"row on line {row.line}"
    column = positions[min(index, len(positions) - 1)] if positions else 1
    return InventoryEntry(label, position(doc, row.line, column), runbook, in_cell, cells)


def _table(doc: Document, section: str, table: Table, index: int) -> InventoryTable:
    entries = tuple(
        _entry(doc, row, index)
        for row in table.rows
        if not all(blank(Value(c.text, position(doc, c.line))) for c in row.cells)
    )
    header = tuple(Value(c.text, position(doc, c.line, c.column)) for c in table.header)
    return InventoryTable(
        section, position(doc, table.line), header, index, len(table.rows), entries
    )


def extract_inventory(
    doc: Document, sections: Sequence[str], runbook_columns: Sequence[str]
) -> RunbookInventory:
    """Every inventory table under ``sections``, and what else those sections hold."""
    found = doc.find_sections(list(sections))
    tables: dict[int, InventoryTable] = {}
    others: list[tuple[str, ...]] = []
    for section in found:
        for table in doc.tables_in(section):
            others.append(tuple(table.columns))
            index = column_index(table, list(runbook_columns))
            if index is not None and table.line not in tables:
                tables[table.line] = _table(doc, section.title, table, index)
    anchor = next((s.line for s in doc.sections if s.level == 1), 1)
    return RunbookInventory(
        tuple(sections),
        tuple(SectionRef(s.title, position(doc, s.line)) for s in found),
        tuple(others),
        tuple(tables[line] for line in sorted(tables)),
        position(doc, anchor),
    )


@dataclass(frozen=True, slots=True)
class InventoryColumn:
    """One column of the first table under the searched sections that has it (e.g. the
    Owner column of a runbook inventory, whether or not it has a runbook column)."""

    at: Position  # the table's first line
    header: Value
    cells: tuple[Value, ...]  # the column's cell in each body row that reaches it


def extract_column(
    doc: Document, sections: Sequence[str], aliases: Sequence[str]
) -> InventoryColumn | None:
    """The column headed by one of ``aliases`` in the first table under ``sections``."""
    located = find_table(doc, list(sections), {"column": list(aliases)}, ["column"])
    if located is None:
        return None
    table, index = located.table, located.columns["column"]
    cells = tuple(value_of(doc, r.cells[index]) for r in table.rows if index < len(r.cells))
    return InventoryColumn(position(doc, table.line), value_of(doc, table.header[index]), cells)
