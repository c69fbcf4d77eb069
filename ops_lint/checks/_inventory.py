"""Shared by the runbook check kinds: the runbook inventory table and runbook front-matter.

Not a check kind itself (the leading underscore keeps it out of the registry).

The inventory is every table under one of the configured sections (default "Runbook
Inventory" / "Runbooks", subsections included) that has a runbook column. The runbook
cell holds a relative link to the runbook file; the links of a row are taken from the
document's links on the row's line whose column falls inside the runbook cell.
"""

from __future__ import annotations

import os
import posixpath
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.model import Cell, Document, Link, Row, Table
from ops_lint.tables import cell, column_index, is_blank

DEFAULT_SECTIONS = ["Runbook Inventory", "Runbooks"]
DEFAULT_RUNBOOK_COLUMNS = ["Runbook", "Runbooks", "Name"]
DEFAULT_TRIGGER_COLUMNS = ["Trigger", "Triggers", "Alert", "When"]
DEFAULT_OWNER_COLUMNS = ["Owner", "Owners", "Owning team", "Team"]
_BLANK = ("", "-", "\u2013", "\u2014", "n/a", "none")


class InventoryOptions(CheckOptions):
    """Where the inventory table is and how its runbook column is headed."""

    sections: list[str] = Field(default_factory=lambda: list(DEFAULT_SECTIONS), min_length=1)
    runbook_columns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_RUNBOOK_COLUMNS), min_length=1
    )


def runbook_types_field() -> list[str]:
    return ["runbook"]


class InventoryRow(NamedTuple):
    table: Table
    row: Row
    runbook: Cell | None
    links: tuple[Link, ...]  # relative or not, images excluded

    @property
    def label(self) -> str:
        """What names the row in messages and fingerprints."""
        if self.runbook is not None and self.runbook.text.strip():
            return self.runbook.text.strip()
        return self.links[0].target if self.links else f"row on line {self.row.line}"


def inventory_tables(doc: Document, options: InventoryOptions) -> list[tuple[Table, int]]:
    """Every table under the inventory sections that has a runbook column, once each."""
    found: dict[int, tuple[Table, int]] = {}
    for section in doc.find_sections(options.sections):
        for table in doc.tables_in(section):
            index = column_index(table, options.runbook_columns)
            if index is not None and table.line not in found:
                found[table.line] = (table, index)
    return [found[line] for line in sorted(found)]


def _row_links(doc: Document, row: Row) -> list[Link]:
    """The links on the row's line (the model keeps links in line order: a bisection,
    not a pass over every link of the doc per row)."""
    start = bisect_left(doc.links, row.line, key=lambda link: link.line)
    end = bisect_right(doc.links, row.line, lo=start, key=lambda link: link.line)
    return doc.links[start:end]


def _positions(row: Row, links: list[Link]) -> list[int]:
    """Best-effort start column of each cell of ``row``.

    The model finds a cell's column by searching its text in the line, so a short text
    ("-", "t") may be found inside an earlier link target. Such a column is replaced by
    the end of the last link target before the next plausible cell (plus ``) | ``).
    Link columns are reliable (a target is long and unique); column 1 means "unknown".
    """
    spans = sorted((k.column, k.column + len(k.target)) for k in links if k.column > 1)
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


def cell_column(doc: Document, row: Row, index: int | None) -> int:
    """Best column for the cell at ``index`` (the last cell's for a missing one)."""
    positions = _positions(row, _row_links(doc, row))
    if not positions:
        return 1
    if index is None or index >= len(positions):
        return positions[-1]
    return positions[index]


def _cell_links(doc: Document, row: Row, index: int) -> tuple[Link, ...]:
    if index >= len(row.cells):
        return ()
    links = _row_links(doc, row)
    positions = _positions(row, links)
    low = positions[index] if index else 1
    high = positions[index + 1] if index + 1 < len(positions) else 10**9
    return tuple(
        link
        for link in links
        if not link.image and (low <= link.column < high or (link.column == 1 and index == 0))
    )


def table_rows(doc: Document, table: Table, index: int) -> Iterator[InventoryRow]:
    """The rows of one inventory table (``index``: its runbook column), spacers skipped."""
    for row in table.rows:
        if all(is_blank(c) for c in row.cells):
            continue
        yield InventoryRow(table, row, cell(row, index), _cell_links(doc, row, index))


def inventory_rows(doc: Document, options: InventoryOptions) -> Iterator[InventoryRow]:
    for table, index in inventory_tables(doc, options):
        yield from table_rows(doc, table, index)


def sections_text(names: list[str]) -> str:
    return " / ".join(f"'{n}'" for n in names)


def missing_table_evidence(doc: Document, options: InventoryOptions) -> Evidence:
    return Evidence(
        anchor_line(doc),
        f"no runbook inventory table in {sections_text(options.sections)} (reported by OPS303)",
    )


def anchor_line(doc: Document) -> int:
    return next((s.line for s in doc.sections if s.level == 1), 1)


def linked_runbooks(
    ctx: Context, options: InventoryOptions, holder_types: list[str]
) -> dict[str, list[str]]:
    """Abspath of every file an inventory row links to -> paths of the docs that list it."""

    def build() -> dict[str, list[str]]:
        linked: dict[str, list[str]] = {}
        for holder in ctx.docs:
            if holder.doc_type not in holder_types or holder.read_error is not None:
                continue
            for entry in inventory_rows(holder, options):
                for link in entry.links:
                    resolved = ctx.resolve_link(holder, link.target)
                    if resolved is not None:
                        listed = linked.setdefault(resolved[0], [])
                        if holder.path not in listed:
                            listed.append(holder.path)
        return linked

    key = f"runbook-inventory-links:{options.sections}:{options.runbook_columns}:{holder_types}"
    return ctx.cached(key, build)


def relative_link(from_doc: Document, to_abspath: str) -> str:
    return posixpath.normpath(
        os.path.relpath(to_abspath, posixpath.dirname(from_doc.abspath)).replace(os.sep, "/")
    )


def is_blank_text(value: str) -> bool:
    return value.strip().lower() in _BLANK


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a string"


def value_problem(value: object, allow_list: bool) -> str | None:
    """Why a front-matter trigger/owner value is unusable, or None if it is fine."""
    if isinstance(value, str):
        return "is empty" if is_blank_text(value) else None
    if allow_list and isinstance(value, list):
        if not value:
            return "is an empty list"
        bad = [v for v in value if not isinstance(v, str) or is_blank_text(v)]
        return "holds an empty or non-string entry" if bad else None
    expected = "a non-empty string or list of strings" if allow_list else "a non-empty string"
    return f"is {type_name(value)} (expected {expected})"


def required_value(
    doc: Document,
    ctx: Context,
    options: InventoryOptions,
    *,
    runbook_types: list[str],
    label: str,
    field: str,
    columns: list[str],
    allow_list: bool,
    purpose: str,
) -> Iterator[Result]:
    """OPS301/OPS302: a runbook's front-matter ``field`` or the inventory's ``label`` column."""
    if doc.doc_type in runbook_types:
        yield from _front_matter_value(doc, field, allow_list, purpose)
        return
    tables = inventory_tables(doc, options)
    if not tables:
        yield missing_table_evidence(doc, options)
        return
    clean = True
    for table, runbook_index in tables:
        index = column_index(table, columns)
        if index is None:
            clean = False
            yield Finding(
                table.line,
                1,
                f"runbook inventory table has no {label} column (columns: "
                f"{', '.join(table.columns)}); expected one headed "
                f"{' / '.join(columns)}",
                f"add a '{columns[0]}' column ({purpose}), or map its header with the "
                f"'{label}_columns' option",
                f"{label} column",
            )
            continue
        for entry in table_rows(doc, table, runbook_index):
            if not is_blank(cell(entry.row, index)):
                continue
            clean = False
            yield Finding(
                entry.row.line,
                cell_column(doc, entry.row, index),
                f"runbook '{entry.label}' has no {label} in the inventory; expected {purpose}",
                f"fill the '{table.header[index].text}' cell of this row",
                entry.label,
            )
    if clean:
        rows = sum(len(t.rows) for t, _ in tables)
        yield Evidence(tables[0][0].line, f"runbook inventory: {rows} rows with a {label}")


def _front_matter_value(
    doc: Document, field: str, allow_list: bool, purpose: str
) -> Iterator[Result]:
    start = doc.front_matter_lines[0] if doc.front_matter_lines else 1
    if doc.front_matter.error is not None:
        yield Evidence(start, f"front-matter does not parse (OPS001); '{field}' not checked")
        return
    if field not in doc.meta:
        yield Finding(
            start,
            1,
            f"runbook front-matter has no '{field}'; expected {purpose}",
            f"add '{field}: ...' to the front-matter",
            field,
        )
        return
    value = doc.meta[field]
    line = doc.front_matter.line_of(field) or start
    problem = value_problem(value, allow_list)
    if problem is None:
        yield Evidence(line, f"front-matter '{field}' set")
        return
    yield Finding(
        line,
        1,
        f"runbook front-matter '{field}' {problem}; expected {purpose}",
        f"set '{field}' to {purpose}",
        f"{field}: {value!r}"[:120],
    )
