"""The prose of a document as blocks: one per paragraph, list item and table cell.

The document model keeps prose as spans of one line each (``Document.texts``); a
sentence that wraps over two lines is two spans. A :class:`Block` joins the spans of one
paragraph or list item (a space between lines) and maps an offset of the joined text
back to its line and column, so a pattern may match across a line break and still be
reported where it was written. Inline code is not part of the prose spans. A table cell
is a block of its own, with the cells of its row and its column header kept alongside.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from ops_lint.model import Document, Table

_PROSE = ("paragraph", "list item")
SENTENCE_END = re.compile(r"(?<=[.!?])\s++(?=[A-Z(`*\"])|;\s++")


class Block(NamedTuple):
    text: str
    starts: tuple[int, ...]  # offset in ``text`` where each span starts
    places: tuple[tuple[int, int], ...]  # (line, column) of each span
    section: int
    context: str  # paragraph | list item | table cell
    header: str = ""  # a table cell's column header
    row: tuple[str, ...] = ()  # a table cell's row, every cell
    headers: tuple[str, ...] = ()  # a table cell's table header, every cell

    @property
    def line(self) -> int:
        return self.places[0][0]

    def place(self, offset: int) -> tuple[int, int]:
        """Line and column of ``offset`` in :attr:`text`."""
        index = max(bisect_right(self.starts, offset) - 1, 0)
        line, column = self.places[index]
        return line, column + max(offset - self.starts[index], 0)


def _item_starts(doc: Document) -> set[int]:
    return {item.line for item in doc.items}


_last: list[tuple[Document, list[Block]]] = []  # the last doc asked for: rules ask in turn


def prose_blocks(doc: Document) -> list[Block]:
    """The paragraphs and list items of ``doc``, in document order (built once for the
    rules that read one doc after another)."""
    if _last and _last[0][0] is doc:
        return _last[0][1]
    blocks = _prose_blocks(doc)
    _last[:] = [(doc, blocks)]
    return blocks


def _prose_blocks(doc: Document) -> list[Block]:
    items = _item_starts(doc)
    blocks: list[Block] = []
    parts: list[tuple[str, int, int]] = []
    context, section, last_line = "", -2, -2

    def close() -> None:
        if parts:
            text, starts, offset = [], [], 0
            for piece, _, _ in parts:
                starts.append(offset)
                text.append(piece)
                offset += len(piece) + 1
            places = tuple((line, column) for _, line, column in parts)
            blocks.append(Block(" ".join(text), tuple(starts), places, section, context))
            parts.clear()

    for span in doc.texts:
        if span.context not in _PROSE:
            if parts:
                close()
            context, last_line = "", -2
            continue
        new_item = span.context == "list item" and span.line in items and span.line != last_line
        if (
            new_item
            or span.context != context
            or span.section != section
            or span.line > last_line + 1
        ):
            close()
        context, section, last_line = span.context, span.section, span.line
        parts.append((span.text, span.line, span.column))
    close()
    return blocks


def cell_blocks(doc: Document, about: re.Pattern[str] | None = None) -> list[Block]:
    """Every body cell of every table of ``doc``, with its row and column header; with
    ``about``, only the tables whose section title, header or cells it finds (cheap: one
    search per table)."""
    blocks: list[Block] = []
    for table in doc.tables:
        if about is not None and not about.search(_table_text(doc, table)):
            continue
        headers = tuple(c.text for c in table.header)
        for row in table.rows:
            texts = tuple(c.text for c in row.cells)
            for index, cell in enumerate(row.cells):
                header = headers[index] if index < len(headers) else ""
                blocks.append(
                    Block(
                        cell.text,
                        (0,),
                        ((cell.line, cell.column),),
                        table.section,
                        "table cell",
                        header,
                        texts,
                        headers,
                    )
                )
    return blocks


def _table_text(doc: Document, table: Table) -> str:
    title = doc.sections[table.section].title if 0 <= table.section < len(doc.sections) else ""
    cells = [c.text for c in table.header] + [c.text for row in table.rows for c in row.cells]
    return "\n".join((title, *cells))


def sentences(block: Block) -> list[tuple[int, str]]:
    """The sentences of ``block`` (split after ``.!?`` before a capital, and at ``;``),
    each with its offset in the block's text."""
    found: list[tuple[int, str]] = []
    start = 0
    for end in SENTENCE_END.finditer(block.text):
        found.append((start, block.text[start : end.start()]))
        start = end.end()
    found.append((start, block.text[start:]))
    return [(offset, text) for offset, text in found if text.strip()]
