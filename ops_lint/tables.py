"""Locate the governance tables of a doc by section name and column aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ops_lint.model import Cell, Document, Row, Section, Table
from ops_lint.normalize import normalize_title


class Located(NamedTuple):
    section: Section
    table: Table
    columns: dict[str, int]  # logical column name -> index in the table


def column_index(table: Table, aliases: list[str]) -> int | None:
    """Index of the first header cell whose normalized text equals one of ``aliases``."""
    wanted = {normalize_title(a) for a in aliases}
    for index, cell in enumerate(table.header):
        if normalize_title(cell.text) in wanted:
            return index
    return None


def find_table(
    doc: Document, sections: list[str], columns: dict[str, list[str]], need: list[str]
) -> Located | None:
    """The first table under one of ``sections`` that has every column named in ``need``.

    ``columns`` maps a logical column (e.g. ``trigger``) to the header texts accepted for
    it (e.g. ``["Trigger", "Alert"]``). Tables in subsections count.
    """
    return next(iter_tables(doc, sections, columns, need), None)


def iter_tables(
    doc: Document, sections: list[str], columns: dict[str, list[str]], need: list[str]
) -> Iterator[Located]:
    """Every table under ``sections`` having all ``need`` columns, each once, in order."""
    seen: set[int] = set()
    for section in doc.find_sections(sections):
        for table in doc.tables_in(section):
            if table.line in seen:
                continue  # a table in a subsection of two matched sections
            found = {n: i for n, a in columns.items() if (i := column_index(table, a)) is not None}
            if all(n in found for n in need):
                seen.add(table.line)
                yield Located(section, table, found)


def cell(row: Row, index: int | None) -> Cell | None:
    """The cell at ``index``, or None if the row is short or the column is absent."""
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


def is_blank(value: Cell | None) -> bool:
    """Missing, empty, or a dash-only cell ("-", "—", "n/a")."""
    if value is None:
        return True
    return value.text.strip().lower() in ("", "-", "\u2013", "\u2014", "n/a", "none")
