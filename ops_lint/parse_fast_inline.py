"""The fast parser's inline content: a Rust tree's inline nodes as markdown-it's tokens.

:class:`InlineReader` holds one document's text and the table of its line starts (the
Rust source maps are UTF-8 byte offsets) and turns paragraphs, headings and table cells
into the ``inline`` tokens of :mod:`ops_lint.parse_tokens`, the way markdown-it-py writes
them. Wherever the two implementations are known to differ it raises :class:`Fallback`:
the document then goes to markdown-it-py (see :mod:`ops_lint.parse_fast`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from markdown_it.common.normalize_url import normalizeLinkText

from ops_lint.parse_tokens import FlatToken

if TYPE_CHECKING:
    from markdown_it_pyrs import Node as _Node

# A link target whose host markdown-it-py rewrites in punycode (the Rust port escapes it).
_ENCODED_HOST = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*+:)?//[^/?#]*%|mailto:[^?#]*%", re.I)
_ORDERED = re.compile(r"[ \t>]*+([0-9]{1,9})[.)](?:[ \t]|$)")  # an ordered list item's start
_EMPTY_ITEM = re.compile(r"[ \t>]*+(?:[-+*]|[0-9]{1,9}[.)])[ \t]*+")  # a list marker alone
_EMPHASIS = frozenset({"em", "strong", "strikethrough"})
_TEXT = frozenset({"text", "text_special"})
_BREAKS = frozenset({"softbreak", "hardbreak"})


class Fallback(Exception):
    """This document goes to the reference parser."""


class InlineReader:
    """One document's positions and inline content."""

    def __init__(self, source: str, max_nesting: int) -> None:
        self.source = source
        self.limit = max_nesting - 3  # deepest container nesting read here
        self.tokens: list[FlatToken] = []
        self.text = source
        self.blob: str | bytes = source
        self.starts: list[int] = []
        self.inside: list[tuple[int, int]] = []  # lines inside code and HTML blocks
        self.table_lines: set[int] = set()  # first lines of tables
        self.quoted = 0  # blockquotes open around the node being converted

    # -- positions -----------------------------------------------------------------
    def index(self, text: str) -> None:
        """Line starts of ``text`` in the unit of the Rust source maps (UTF-8 bytes)."""
        self.text = text
        self.blob = text if text.isascii() else text.encode()
        sep: Any = "\n" if isinstance(self.blob, str) else b"\n"
        self.starts = list(accumulate((len(part) + 1 for part in self.blob.split(sep)), initial=0))

    def line_of(self, offset: int) -> int:
        """0-based line of a source-map offset."""
        return bisect_right(self.starts, offset) - 1

    def piece(self, start: int, end: int) -> str:
        blob = self.blob
        if isinstance(blob, str):
            return blob[start:end]
        return blob[start:end].decode("utf-8", "replace")

    def span(self, node: _Node) -> tuple[int, int]:
        srcmap = node.srcmap
        if srcmap is None:
            raise Fallback
        return srcmap

    def map(self, node: _Node) -> list[int]:
        """markdown-it's ``map`` of a block: first line and the line after its last."""
        start, end = self.span(node)
        return [self.line_of(start), self.line_of(max(end - 1, start)) + 1]

    def line_text(self, line: int) -> str:
        return self.piece(self.starts[line], self.starts[line + 1] - 1)

    # -- inline --------------------------------------------------------------------
    def inline(self, nodes: Sequence[_Node], start: int, end: int | None) -> FlatToken:
        """The ``inline`` token of a paragraph or heading starting at ``start``.

        Its ``content`` is what the builder searches the first line for: that line from
        ``start`` on, with a line break after it when the paragraph goes on.
        """
        children = _stripped(self.children(nodes))
        line = self.line_of(start)
        eol = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.blob)
        first = self.piece(start, eol)
        if end is None:
            more = any(
                c.type in _BREAKS or (c.type == "html_inline" and "\n" in c.content)
                for c in children
            )
        else:
            more = self.line_of(max(end - 1, start)) > line
        if more and self.quoted:
            last = self.line_of(max(end - 1, start) if end else self.span(nodes[-1])[0])
            self.check_lazy(line + 1, last)
        content = first + "\n" if more else first.strip()
        return FlatToken("inline", [line, line + 1], content, children=children)

    def check_lazy(self, first: int, last: int) -> None:
        """Fall back when a paragraph in a blockquote (or a table) goes on with a line
        that starts an ordered list at a number other than 1, or is a list marker alone:
        markdown-it-py ends the quote or table there, the Rust port keeps the line."""
        for number in range(first, last + 1):
            text = self.line_text(number)
            found = _ORDERED.match(text)
            if (found is not None and int(found.group(1)) != 1) or _EMPTY_ITEM.fullmatch(text):
                raise Fallback

    def children(self, nodes: Sequence[_Node]) -> list[FlatToken]:
        """markdown-it's inline children: adjacent text merged (its ``text_join``), the
        open/close tokens of emphasis left out (the builder does not read them)."""
        out: list[FlatToken] = []
        frames: list[Iterator[_Node]] = [iter(nodes)]
        text: FlatToken | None = None  # the text token a following sibling text joins
        while frames:
            node = next(frames[-1], None)
            if node is None:
                frames.pop()
                text = None
                continue
            name = node.name
            if name in _TEXT:
                content = node.meta["content"]
                if "<!" in content:  # markdown-it-py reads comments and declarations as
                    raise Fallback  # CommonMark 0.31 does ("--" inside, lower case)
                if text is not None:
                    text.content += content
                else:
                    text = FlatToken("text", None, content)
                    out.append(text)
                continue
            text = None
            if name in _EMPHASIS:
                frames.append(iter(node.children))
            elif name in _BREAKS:
                out.append(FlatToken(name))
            elif name == "link":
                out.append(FlatToken("link_open", attrs={"href": self.url(node)}))
                frames.append(iter(node.children))
            elif name == "autolink":
                out.append(FlatToken("link_open", attrs={"href": self.url(node)}))
                out.append(FlatToken("text", None, _autolink_text(node)))
            elif name == "image":
                alt = self.alt(node)
                out.append(FlatToken("image", None, alt, attrs={"src": self.url(node)}))
            elif name == "code_inline":
                content = "".join(child.meta["content"] for child in node.children)
                out.append(FlatToken("code_inline", None, content))
            elif name == "html_inline":
                out.append(FlatToken("html_inline", None, node.meta["content"]))
            else:
                raise Fallback
        return out

    def url(self, node: _Node) -> str:
        url = node.meta.get("url")
        if not isinstance(url, str) or _ENCODED_HOST.match(url):
            raise Fallback
        return url

    def alt(self, node: _Node) -> str:
        """The image's label as written (markdown-it-py's ``content`` of an image)."""
        start, end = self.span(node)
        label = start + 2
        kids = node.children
        close = self.span(kids[-1])[1] if kids else label
        blob = self.blob
        bracket = "]" if isinstance(blob, str) else ord("]")
        if not (label <= close < end and blob[close] == bracket):
            raise Fallback
        if close + 1 < end and self.piece(close + 1, close + 2) not in ("(", "["):
            raise Fallback
        return self.piece(label, close)


def _autolink_text(node: _Node) -> str:
    """An autolink's text as markdown-it-py writes it: the URL with escapes decoded."""
    kids = node.children
    if len(kids) != 1 or kids[0].name != "text_special":
        raise Fallback
    raw = kids[0].meta.get("markup")
    if not isinstance(raw, str):
        raise Fallback
    return str(normalizeLinkText(raw))


def _stripped(children: list[FlatToken]) -> list[FlatToken]:
    """``children``, unless the inline content starts or ends with whitespace.

    markdown-it-py strips a paragraph, heading or table cell with ``str.strip`` (any
    Unicode space, e.g. U+3000 or U+00A0), the Rust port only spaces and tabs.
    """
    if children:
        first, last = children[0], children[-1]
        if first.type == "text" and first.content[:1].isspace():
            raise Fallback
        if last.type == "text" and last.content[-1:].isspace():
            raise Fallback
    return children
