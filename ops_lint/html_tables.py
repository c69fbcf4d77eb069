"""HTML ``<table>`` elements of a doc, read into the same ``Table`` model as GFM tables.

The header is the last row of ``<thead>`` when there is one, else the first row (``<th>``
or ``<td>``). A cell's text has its tags removed, entities decoded and whitespace
collapsed; ``<br>`` and block tags (``<p>``, ``<div>``, ``<li>``...) separate words, and an
unknown tag such as ``<team-id>`` (a placeholder) is kept as written. A cell's line is that
of its ``<td>`` or ``<th>``; its column is where its text starts when that is on the same
line, else the tag's. A ``colspan`` cell repeats its text over the columns it spans, a
``rowspan`` cell over the rows it spans. A nested table is a table of its own; the outer
cell keeps only the text around it. Markdown paragraphs inside an open cell (after a blank
line) are part of that cell's text.

Bounded work: the HTML is first simplified in one linear pass (comments blanked; a ``<``
that does not open a tag closed before the next ``<`` is text; quotes inside tags are
blanked; positions kept), so the standard parser reads each character a bounded number of
times. A table holds at most :data:`MAX_CELLS` cells (markdown-it's cap for a GFM table)
and tables nest at most :data:`MAX_DEPTH` deep: past a limit the rest is not read, and the
document gets a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ops_lint.model import Cell, Row, Table
from ops_lint.normalize import find_spans

MAX_CELLS = 0x10000  # per table, as markdown-it caps the cells of a GFM table
MAX_DEPTH = 20  # tables nested in table cells
MAX_SPAN = 1000  # the largest colspan or rowspan read, as browsers cap colspan

_TABLE_TAG = re.compile(r"<table(?![^\s/>])", re.I)
_TAG_START = re.compile(r"</?[A-Za-z]")
_RAW_TEXT = re.compile(r"<(?:script|style)(?![^\s/>])", re.I)  # the parser's CDATA elements
_SPAN = re.compile(r"\s*+(\d{1,7})")
_NO_QUOTES = str.maketrans("\"'", "  ")
_STRAY_LT = "\ue000"  # a "<" that is text, same length, restored in cell text
_SPACED_TAGS = "br p div li ul ol dl dd dt hr pre blockquote h1 h2 h3 h4 h5 h6 details summary"
_INLINE_TAGS = "a abbr b caption center code col colgroup del em font i img ins kbd mark q s samp"
_TABLE_TAGS = "small span strike strong sub sup table tbody td tfoot th thead tr tt u var"
_SPACED = frozenset(_SPACED_TAGS.split())
_KNOWN = frozenset(f"{_SPACED_TAGS} {_INLINE_TAGS} {_TABLE_TAGS}".split())
_DEEP = f"HTML tables nest more than {MAX_DEPTH} deep here: deeper ones are not read"
_FULL = f"an HTML table has more than {MAX_CELLS} cells: the rest of it is not read"


def _blank(text: str) -> str:
    """Spaces for every character of ``text`` but its line breaks."""
    return "\n".join(" " * len(part) for part in text.split("\n"))


def simplify(html: str) -> str:
    """``html`` with the same length and line breaks, in a shape parsed in linear time."""
    pieces: list[str] = []
    pos = 0
    for span in find_spans(html, "<!--", "-->"):
        pieces += [html[pos : span.start], _blank(html[span.start : span.end])]
        pos = span.end
    rest = html.find("<!--", pos)  # a comment that never closes runs to the end
    pieces += [html[pos:rest], _blank(html[rest:])] if rest >= 0 else [html[pos:]]
    text = "".join(pieces)
    size = len(text)
    out: list[str] = []
    pos, close = 0, -1
    start = text.find("<")
    while start >= 0:
        out.append(text[pos:start])
        after = text.find("<", start + 1)
        if close < start:  # "close" only moves forward: one scan for all "<"
            close = text.find(">", start)
            close = size if close < 0 else close
        tag = close < size and (after < 0 or close < after)
        if tag and _TAG_START.match(text, start) and not _RAW_TEXT.match(text, start):
            out.append(text[start : close + 1].translate(_NO_QUOTES))
            pos = close + 1
        else:
            out.append(_STRAY_LT)
            pos = start + 1
        start = after
    out.append(text[pos:])
    return "".join(out)


def _span(value: str | None) -> int:
    found = _SPAN.match(value or "")
    return min(max(int(found.group(1)), 1), MAX_SPAN) if found else 1


@dataclass(slots=True)
class _Open:
    """A table being read."""

    line: int
    section: int
    head: list[Row] = field(default_factory=list)
    body: list[Row] = field(default_factory=list)
    in_head: bool = False
    row: list[Cell] | None = None
    row_line: int = 0
    row_head: bool = False
    cell: list[str] | None = None
    cell_line: int = 0
    cell_column: int = 1
    has_text: bool = False
    colspan: int = 1
    rowspan: int = 1
    spans: dict[int, tuple[Cell, int]] = field(default_factory=dict)  # rows left to fill
    new_spans: dict[int, tuple[Cell, int]] = field(default_factory=dict)
    count: int = 0
    full: bool = False


class HtmlTables:
    """The HTML tables of one doc, from its HTML blocks fed in line order."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines  # the file's lines, to find columns inside lists and quotes
        self.tables: list[Table] = []
        self.notes: list[tuple[int, str]] = []
        self.open: list[_Open] = []
        self.skipped = 0  # open <table> tags nested past MAX_DEPTH
        self.section = -1  # of the block being read
        self.line = 1  # of the tag being read
        self.last_line = 1  # of the block being read

    def feed(self, html: str, line: int, section: int) -> None:
        """Read the HTML block ``html`` that starts on ``line`` in ``section``."""
        if not self.open and _TABLE_TAG.search(html) is None:
            return
        self.section = section
        self.last_line = line + max(html.count("\n") - 1, 0)
        source = html.split("\n")
        indents = [self.indent(line + k, text) for k, text in enumerate(source)]
        reader = _Reader(self, indents, line)
        reader.feed(simplify(html))
        reader.close()

    def add_text(self, text: str, line: int, column: int) -> None:
        """Markdown text met while a cell is open (a blank line inside a ``<td>``)."""
        if self.open and self.open[-1].cell is not None:
            self.data(" " + text + " ", line, column - 1)

    def finish(self) -> None:
        """Close the tables still open at the end of the doc."""
        while self.open:
            self.close_table(self.last_line)

    def indent(self, line: int, source: str) -> int:
        """Characters before ``source`` (a line of an HTML block) on file line ``line``."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text) - len(source) if source and text.endswith(source) else 0

    # -- events --------------------------------------------------------------------
    def start(self, tag: str, attrs: dict[str, str | None], at: tuple[int, int], raw: str) -> None:
        line, column = at
        if tag == "table":
            self.open_table(line)
            return
        table = self.open[-1] if self.open else None
        if table is None:
            return
        if tag in ("thead", "tbody", "tfoot"):
            self.end_row(table)
            table.in_head = tag == "thead"
        elif tag == "tr":
            self.end_row(table)
            table.row, table.row_line, table.row_head = [], line, table.in_head
        elif tag in ("td", "th"):
            self.end_cell(table)
            if table.row is None:
                table.row, table.row_line, table.row_head = [], line, table.in_head
            table.cell, table.cell_line, table.cell_column = [], line, column
            table.has_text = False
            table.colspan, table.rowspan = _span(attrs.get("colspan")), _span(attrs.get("rowspan"))
        elif table.cell is not None:
            table.cell.append(" " if tag in _SPACED else raw if tag not in _KNOWN else "")

    def end(self, tag: str) -> None:
        if tag == "table":
            if self.skipped:
                self.skipped -= 1
            elif self.open:
                self.close_table(self.line)
            return
        table = self.open[-1] if self.open else None
        if table is None:
            return
        if tag in ("td", "th"):
            self.end_cell(table)
        elif tag in ("tr", "thead", "tbody", "tfoot"):
            self.end_row(table)
            table.in_head = table.in_head and tag == "tr"
        elif tag in _SPACED and table.cell is not None:
            table.cell.append(" ")

    def data(self, text: str, line: int, column: int) -> None:
        table = self.open[-1] if self.open else None
        if table is None or table.cell is None:
            return
        if not table.has_text and text.strip():
            lead = len(text) - len(text.lstrip(" \t\r\n"))
            if line == table.cell_line and "\n" not in text[:lead]:
                table.cell_column = column + lead
            table.has_text = True
        table.cell.append(text)

    # -- building ------------------------------------------------------------------
    def open_table(self, line: int) -> None:
        if len(self.open) >= MAX_DEPTH:
            if not self.skipped:
                self.notes.append((line, _DEEP))
            self.skipped += 1
            return
        self.open.append(_Open(line, self.section))

    def take(self, table: _Open) -> bool:
        """Count one more cell of ``table``; False past the cap (noted once)."""
        if table.count >= MAX_CELLS:
            if not table.full:
                table.full = True
                self.notes.append((table.line, _FULL))
            return False
        table.count += 1
        return True

    def end_cell(self, table: _Open) -> None:
        if table.cell is None or table.row is None:
            return
        text = " ".join("".join(table.cell).split()).replace(_STRAY_LT, "<")
        cell = Cell(text, table.cell_line, table.cell_column)
        table.cell = None
        row = table.row
        while len(row) in table.spans and self.take(table):
            row.append(table.spans[len(row)][0])
        for _ in range(table.colspan):
            if not self.take(table):
                return
            if table.rowspan > 1:
                table.new_spans[len(row)] = (cell, table.rowspan - 1)
            row.append(cell)

    def end_row(self, table: _Open) -> None:
        self.end_cell(table)
        row, table.row = table.row, None
        if row is None:
            return
        if table.full:
            table.spans, table.new_spans = {}, {}
        for column in sorted(table.spans):  # cells spanning down from rows above
            while len(row) < column and self.take(table):
                row.append(Cell("", table.row_line, 1))
            if len(row) == column and self.take(table):
                row.append(table.spans[column][0])
        kept = {c: (cell, left - 1) for c, (cell, left) in table.spans.items() if left > 1}
        table.spans, table.new_spans = kept | table.new_spans, {}
        if row:
            (table.head if table.row_head else table.body).append(Row(table.row_line, tuple(row)))

    def close_table(self, end_line: int) -> None:
        table = self.open.pop()
        self.end_row(table)
        rows = table.head + table.body
        if not rows:
            return
        header = table.head[-1] if table.head else rows[0]
        body = table.body if table.head else rows[1:]
        self.tables.append(Table(table.line, end_line, table.section, header.cells, tuple(body)))


class _Reader(HTMLParser):
    """The standard parser over one simplified HTML block, reporting file positions."""

    def __init__(self, owner: HtmlTables, indents: list[int], line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.owner = owner
        self.indents = indents  # of each line of the block in the file
        self.base = line

    def where(self) -> tuple[int, int]:
        """File line and 1-based column of the parser's position."""
        line, offset = self.getpos()
        indent = self.indents[line - 1] if line <= len(self.indents) else 0
        return self.base + line - 1, offset + 1 + indent

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self.where()
        self.owner.line = at[0]
        self.owner.start(tag, dict(attrs), at, self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.owner.line = self.where()[0]
        self.owner.end(tag)

    def handle_data(self, data: str) -> None:
        line, column = self.where()
        self.owner.data(data, line, column)
