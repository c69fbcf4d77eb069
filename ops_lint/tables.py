"""Cells of the governance tables: by index, and whether one is blank."""

from __future__ import annotations

from ops_lint.model import Cell, Row

# What a cell holds when it says nothing: empty, a dash, "n/a", "none".
BLANK_TEXTS = frozenset({"", "-", "\u2013", "\u2014", "n/a", "none"})


def cell(row: Row, index: int | None) -> Cell | None:
    """The cell at ``index``, or None if the row is short or the column is absent."""
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


def is_blank(value: Cell | None) -> bool:
    """Missing, empty, or a dash-only cell ("-", "—", "n/a")."""
    if value is None:
        return True
    return value.text.strip().lower() in BLANK_TEXTS
