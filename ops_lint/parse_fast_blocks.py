"""The fast parser's blocks: a Rust tree walked once into the builder's tokens.

:class:`Converter` reads the front matter as mdit-py-plugins' ``front_matter`` rule does
(and blanks it, so line numbers stay the file's), has the Rust parser build the tree of the
rest, and walks its blocks: headings, lists, quotes, fences, code and HTML blocks, tables.
A block where markdown-it-py reads the text otherwise (tables it would start earlier or
later, lazy lines, unclosed fences, nesting near ``max_nesting``) raises
:class:`~ops_lint.parse_fast_inline.Fallback`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ops_lint.parse_fast_inline import Fallback, InlineReader, _stripped
from ops_lint.parse_tokens import FlatToken

if TYPE_CHECKING:
    from markdown_it_pyrs import Node as _Node

# A line that may be a table's delimiter row (with a "-" in it), after any blockquote
# markers or indentation.
_DELIMITER_ROW = re.compile(r"^[ \t>]*+[-|: \t]++$", re.M)
_QUOTE_PREFIX = re.compile(r"(?:[-+*0-9.) \t]*+>)+")  # every blockquote marker opening a line
_INLINE_BLOCKS = frozenset({"paragraph"})


class Converter(InlineReader):
    """One document: its Rust tree walked once into builder tokens."""

    def run(self, parse: Callable[[str], Any]) -> list[FlatToken]:
        """The builder's tokens; ``parse`` gives the Rust tree of a text."""
        text = self.source
        lines = text.split("\n")
        count = len(lines) - (1 if text.endswith("\n") else 0)
        close = front_matter_end(lines, count) if text.startswith("---") else None
        if close is not None:
            content = "\n".join(lines[1:close])
            self.tokens.append(FlatToken("front_matter", [0, close + 1], content))
            text = "\n" * (close + 1) + "\n".join(lines[close + 1 :])
        self.index(text)
        root = parse(text)
        self.blocks(root.children, 0)
        if not self.tables_agree():
            raise Fallback
        return self.tokens

    def blocks(self, nodes: Sequence[_Node], depth: int) -> None:
        out = self.tokens
        for node in nodes:
            name = node.name
            if name in _INLINE_BLOCKS:
                start, end = self.span(node)
                out.append(self.inline(node.children, start, end))
            elif name == "heading" or name == "lheading":
                start, end = self.span(node)
                tag = f"h{node.meta['level']}"
                out.append(FlatToken("heading_open", self.map(node), tag=tag))
                out.append(self.inline(node.children, start, end))
                out.append(FlatToken("heading_close", tag=tag))
            elif name == "bullet_list" or name == "ordered_list" or name == "blockquote":
                if depth + 1 > self.limit:
                    raise Fallback
                out.append(FlatToken(f"{name}_open", self.map(node)))
                quote = name == "blockquote"
                self.quoted += quote
                self.blocks(node.children, depth + 1)
                self.quoted -= quote
                out.append(FlatToken(f"{name}_close"))
            elif name == "list_item":
                if depth + 1 > self.limit:
                    raise Fallback
                out.append(FlatToken("list_item_open", self.map(node)))
                self.item(node.children, depth + 1)
                out.append(FlatToken("list_item_close"))
            elif name == "fence":
                meta = node.meta
                block = self.opaque(node)
                content = meta["content"]
                if block[1] != block[0] + content.count("\n") + 2:
                    raise Fallback  # unclosed: markdown-it-py's map and content differ
                out.append(FlatToken("fence", block, content, info=meta["info"]))
            elif name == "html_block":
                content = node.meta["content"]
                if self.at_end(node) and content.endswith("\n"):
                    content = content[:-1]  # markdown-it-py keeps the file's missing newline
                out.append(FlatToken(name, self.opaque(node), content))
            elif name == "code_block":
                out.append(FlatToken(name, self.opaque(node), node.meta["content"]))
            elif name == "table":
                self.table(node)
            elif name != "hr" and name != "definition":
                raise Fallback

    def opaque(self, node: _Node) -> list[int]:
        """The map of a code or HTML block; its lines after the first hold no table."""
        block = self.map(node)
        self.inside.append((block[0] + 1, block[1]))
        return block

    def tables_agree(self) -> bool:
        """True when every table markdown-it-py could read is a table here too.

        Its table rule runs before every other block rule, the Rust port's after fences,
        HTML blocks, setext headings and list items: a line with a pipe over a delimiter
        row must be the first line of a table, or inside a code or HTML block.
        """
        text = self.text
        if "|" not in text:
            return True
        line = pos = 0
        inside = sorted(self.inside)
        for found in _DELIMITER_ROW.finditer(text):
            if "-" not in found.group():
                continue
            line += text.count("\n", pos, found.start())
            pos = found.start()
            header = line - 1
            if header < 0 or header in self.table_lines or "|" not in self.line_text(header):
                continue
            at = bisect_right(inside, (header, len(self.starts))) - 1
            if at < 0 or not inside[at][0] <= header < inside[at][1]:
                return False
        return True

    def at_end(self, node: _Node) -> bool:
        """True when ``node`` runs to the end of a text that has no final newline."""
        return self.span(node)[1] >= len(self.blob) and not self.text.endswith("\n")

    def item(self, nodes: Sequence[_Node], depth: int) -> None:
        """A list item's children: in a tight list, a paragraph's inline nodes stand bare."""
        run: list[_Node] = []
        for node in [*nodes, None]:
            if node is not None and not _is_block(node.name):
                run.append(node)
                continue
            if run:
                start = self.span(run[0])[0]
                self.tokens.append(self.inline(run, start, None))
                run = []
            if node is not None:
                self.blocks((node,), depth)

    def table(self, node: _Node) -> None:
        out = self.tokens
        block = self.map(node)
        self.table_lines.add(block[0])
        self.check_quote_above(block[0])
        if "|" not in self.line_text(block[0]):  # markdown-it-py wants a pipe in the header
            raise Fallback
        out.append(FlatToken("table_open", block))
        for part in node.children:
            if part.name != "thead" and part.name != "tbody":
                raise Fallback
            out.append(FlatToken(f"{part.name}_open"))
            for row in part.children:
                if row.name != "trow":
                    raise Fallback
                row_map = self.map(row)
                line = row_map[0]
                if part.name == "tbody":
                    self.check_lazy(line, line)  # an ordered item ends the table there
                out.append(FlatToken("tr_open", row_map))
                for cell in row.children:
                    if cell.name != "tcell":
                        raise Fallback
                    children = _stripped(self.children(cell.children))
                    out.append(FlatToken("inline", [line, line + 1], children=children))
                out.append(FlatToken("tr_close"))
            out.append(FlatToken(f"{part.name}_close"))
        out.append(FlatToken("table_close"))

    def check_quote_above(self, line: int) -> None:
        """Fall back when a table starts on a line that could continue a more deeply
        quoted paragraph lazily (``> > text`` above ``> | a``, or ``> text`` above
        ``| a``): markdown-it-py keeps such a line in the paragraph, the Rust port starts
        the table."""
        depth = _quote_depth(self.line_text(line))
        above = line - 1
        while above >= 0:
            text = self.line_text(above)
            if not text.strip():
                return
            if _quote_depth(text) > depth:
                raise Fallback
            above -= 1


def _quote_depth(text: str) -> int:
    """How many blockquote markers open ``text`` (list markers and indentation between
    them allowed)."""
    found = _QUOTE_PREFIX.match(text)
    return found.group(0).count(">") if found else 0


def front_matter_end(lines: Sequence[str], count: int) -> int | None:
    """Index of the line closing the front matter, as mdit-py-plugins' rule finds it.

    ``lines`` are the document's lines, ``count`` how many there are (a final newline
    does not start one). The first line opens with three or more dashes (the rest of it is
    not read); the block closes at a line of at least as many dashes (up to three spaces
    before, spaces or tabs after) or at a ``...`` line; unclosed, there is no front matter.
    """
    first = lines[0] if count else ""
    markers = len(first) - len(first.lstrip("-"))
    if markers < 3:
        return None
    for index in range(1, count):
        line = lines[index]
        if line.startswith("...") and not line[3:].strip(" \t"):
            return index
        body = line.lstrip(" \t")
        if not body.startswith("-") or _columns(line[: len(line) - len(body)]) >= 4:
            continue
        dashes = len(body) - len(body.lstrip("-"))
        if dashes >= markers and not body[dashes:].strip(" \t"):
            return index
    return None


def _columns(indent: str) -> int:
    """Width of leading spaces and tabs (tab stops every four columns)."""
    width = 0
    for ch in indent:
        width = width + 4 - width % 4 if ch == "\t" else width + 1
    return width


def _is_block(name: str) -> bool:
    return name in _BLOCK_NAMES


_BLOCK_NAMES = frozenset(
    {
        "paragraph",
        "heading",
        "lheading",
        "bullet_list",
        "ordered_list",
        "list_item",
        "blockquote",
        "fence",
        "code_block",
        "html_block",
        "hr",
        "definition",
        "table",
    }
)
