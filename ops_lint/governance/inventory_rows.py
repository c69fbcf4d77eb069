"""The rows of a runbook inventory table: each row's cells, links and positions.

The runbook cell holds a relative link to the runbook file; the links of a row are the
document's links on the row's line whose column falls inside the runbook cell.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from ops_lint.governance import Position, Value, position
from ops_lint.model import Document, Link, Row


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


def entry_of(doc: Document, row: Row, index: int) -> InventoryEntry:
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
