"""The fast path of the parse: markdown-it-pyrs's tree turned into the builder's tokens.

markdown-it-py is the reference parser: the document model is defined by what
:mod:`ops_lint.document_builder` builds from its tokens. markdown-it-pyrs is a Rust port of
the same markdown-it (same rules, same node vocabulary) that parses in about a tenth of
the CPU time. This module converts its tree into the flat token stream the builder walks
(:class:`~ops_lint.parse_tokens.FlatToken`: markdown-it's token names and fields, only
those the builder reads), so both parsers feed one builder and give the same Document.
``tests/test_parser_equivalence.py`` proves that on the bundled docs, the test fixtures,
generated documents and (given a path) a real corpus.

:func:`fast_tokens` returns ``None`` (the caller then parses with markdown-it-py) when:

- the wheel is not installed (no wheel for the platform: no Rust build is attempted), or
  the environment variable ``OPS_LINT_PARSER`` is ``reference``;
- the text could nest deeper than the fast parser handles safely: its tree is dropped
  recursively, so depth is bounded before parsing from the text alone (container markers
  and indentation at the start of a line; emphasis, strikethrough and bracket characters
  in a run of lines without a blank one). Documents this deep are hostile or generated;
- containers nest close to ``max_nesting``, where markdown-it-py stops reading (and the
  builder notes it), or a construct where the two implementations are known to differ
  turns up: a non-ASCII host name (markdown-it-py writes it in punycode), an image whose
  alt text cannot be located in the source, a node type the converter does not know.

Front matter is read here as mdit-py-plugins' ``front_matter`` rule reads it (the Rust
plugin accepts other openers) and blanked before the Rust parser sees the text, so line
numbers stay those of the file. Source maps of the Rust tree are UTF-8 byte offsets; line
numbers come from a table of line starts in the same unit.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Any

from markdown_it.common.normalize_url import normalizeLinkText

from ops_lint.parse_tokens import FlatToken

try:
    from markdown_it_pyrs import MarkdownIt as _RustMarkdownIt
    from markdown_it_pyrs import Node as _Node
except ImportError:  # no wheel for this platform: the reference parser does all the work
    _RustMarkdownIt = None  # type: ignore[assignment,misc]

PARSER_ENV = "OPS_LINT_PARSER"  # "reference": always parse with markdown-it-py

MIN_NESTING = 5  # below this, markdown-it-py's limit can cut inline content too
MAX_PREFIX = 60  # container markers and indentation characters at a line's start
MAX_INLINE = 800  # bound on inline nesting in a run of lines without a blank line

# One unit of a line's container prefix: a space, a tab, ">" or a list marker.
_PREFIX_UNIT = r"(?:[ \t>]|[-+*](?=[ \t\n]|\Z)|[0-9]{1,9}[.)](?=[ \t\n]|\Z))"
_DEEP_PREFIX = re.compile(f"^{_PREFIX_UNIT}{{{MAX_PREFIX}}}", re.M)
# A link target whose host markdown-it-py rewrites in punycode (the Rust port escapes it).
_ENCODED_HOST = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*+:)?//[^/?#]*%|mailto:[^?#]*%", re.I)
# A line that may be a table's delimiter row (with a "-" in it), after any blockquote
# markers or indentation.
_DELIMITER_ROW = re.compile(r"^[ \t>]*+[-|: \t]++$", re.M)
_ORDERED = re.compile(r"[ \t>]*+([0-9]{1,9})[.)](?:[ \t]|$)")  # an ordered list item's start
_EMPTY_ITEM = re.compile(r"[ \t>]*+(?:[-+*]|[0-9]{1,9}[.)])[ \t]*+")  # a list marker alone
_QUOTE = re.compile(r"[-+*0-9.) \t]*+>")  # a blockquote marker, maybe in a list item
_INLINE_BLOCKS = frozenset({"paragraph"})
_EMPHASIS = frozenset({"em", "strong", "strikethrough"})
_TEXT = frozenset({"text", "text_special"})
_BREAKS = frozenset({"softbreak", "hardbreak"})


class _Fallback(Exception):
    """This document goes to the reference parser."""


def wanted() -> bool:
    """True when the fast parser is installed and not switched off."""
    if _RustMarkdownIt is None:
        return False
    return os.environ.get(PARSER_ENV, "").strip().lower() != "reference"


@lru_cache(maxsize=1)
def _parser() -> Any:
    assert _RustMarkdownIt is not None
    return _RustMarkdownIt("commonmark").enable_many(["table", "strikethrough"])


def fast_tokens(source: str, max_nesting: int) -> list[FlatToken] | None:
    """The builder's tokens for ``source`` (newlines normalized), or None: use the reference."""
    if not wanted() or max_nesting < MIN_NESTING or not shallow(source) or "\0" in source:
        return None
    try:
        return _Converter(source, max_nesting).run()
    except _Fallback:
        return None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return None


def _quiet_tree(text: str) -> Any:
    """The Rust tree of ``text``, with standard error closed while it parses.

    The Rust parser panics on some inputs (a ``[`` before a backtick run that is never
    closed); the panic becomes an exception here (the reference parser takes the
    document) but Rust's panic hook first writes to file descriptor 2. It is pointed at
    the null device for the call, so output stays what the reference path prints.
    """
    parser = _parser()
    if "[" not in text or "`" not in text:
        return parser.tree(text)
    try:
        saved = os.dup(2)
    except OSError:  # no standard error: nothing to protect
        return parser.tree(text)
    try:
        sys.stderr.flush()
        os.dup2(_null_fd(), 2)
        return parser.tree(text)
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@lru_cache(maxsize=1)
def _null_fd() -> int:
    return os.open(os.devnull, os.O_WRONLY)


def shallow(source: str) -> bool:
    """True when nothing in ``source`` can nest deeper than the fast parser is allowed."""
    if _DEEP_PREFIX.search(source) is not None:
        return False
    if _inline_bound(source) <= MAX_INLINE:
        return True
    return all(_inline_bound(chunk) <= MAX_INLINE for chunk in source.split("\n\n"))


def _inline_bound(text: str) -> int:
    """An upper bound on the inline nesting ``text`` can produce, if it is one paragraph.

    Each level of emphasis takes a delimiter on each side, strikethrough two, a link or
    image an opening bracket.
    """
    return (text.count("*") + text.count("_")) // 2 + text.count("~") // 4 + text.count("[") + 3


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


class _Converter:
    """One document: its Rust tree walked once into builder tokens."""

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
            raise _Fallback
        return srcmap

    def map(self, node: _Node) -> list[int]:
        """markdown-it's ``map`` of a block: first line and the line after its last."""
        start, end = self.span(node)
        return [self.line_of(start), self.line_of(max(end - 1, start)) + 1]

    # -- blocks --------------------------------------------------------------------
    def run(self) -> list[FlatToken]:
        text = self.source
        lines = text.split("\n")
        count = len(lines) - (1 if text.endswith("\n") else 0)
        close = front_matter_end(lines, count) if text.startswith("---") else None
        if close is not None:
            content = "\n".join(lines[1:close])
            self.tokens.append(FlatToken("front_matter", [0, close + 1], content))
            text = "\n" * (close + 1) + "\n".join(lines[close + 1 :])
        self.index(text)
        root = _quiet_tree(text)
        self.blocks(root.children, 0)
        if not self.tables_agree():
            raise _Fallback
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
                    raise _Fallback
                out.append(FlatToken(f"{name}_open", self.map(node)))
                quote = name == "blockquote"
                self.quoted += quote
                self.blocks(node.children, depth + 1)
                self.quoted -= quote
                out.append(FlatToken(f"{name}_close"))
            elif name == "list_item":
                if depth + 1 > self.limit:
                    raise _Fallback
                out.append(FlatToken("list_item_open", self.map(node)))
                self.item(node.children, depth + 1)
                out.append(FlatToken("list_item_close"))
            elif name == "fence":
                meta = node.meta
                block = self.opaque(node)
                content = meta["content"]
                if block[1] != block[0] + content.count("\n") + 2:
                    raise _Fallback  # unclosed: markdown-it-py's map and content differ
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
                raise _Fallback

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

    def line_text(self, line: int) -> str:
        return self.piece(self.starts[line], self.starts[line + 1] - 1)

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
            raise _Fallback
        out.append(FlatToken("table_open", block))
        for part in node.children:
            if part.name != "thead" and part.name != "tbody":
                raise _Fallback
            out.append(FlatToken(f"{part.name}_open"))
            for row in part.children:
                if row.name != "trow":
                    raise _Fallback
                row_map = self.map(row)
                line = row_map[0]
                if part.name == "tbody":
                    self.check_lazy(line, line)  # an ordered item ends the table there
                out.append(FlatToken("tr_open", row_map))
                for cell in row.children:
                    if cell.name != "tcell":
                        raise _Fallback
                    children = _stripped(self.children(cell.children))
                    out.append(FlatToken("inline", [line, line + 1], children=children))
                out.append(FlatToken("tr_close"))
            out.append(FlatToken(f"{part.name}_close"))
        out.append(FlatToken("table_close"))

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

    def check_quote_above(self, line: int) -> None:
        """Fall back when a table starts on a line that could continue a quoted paragraph
        lazily: markdown-it-py keeps such a line in the paragraph, the Rust port starts
        the table."""
        if _QUOTE.match(self.line_text(line)):
            return
        above = line - 1
        while above >= 0:
            text = self.line_text(above)
            if not text.strip():
                return
            if _QUOTE.match(text):
                raise _Fallback
            above -= 1

    def check_lazy(self, first: int, last: int) -> None:
        """Fall back when a paragraph in a blockquote (or a table) goes on with a line
        that starts an ordered list at a number other than 1, or is a list marker alone:
        markdown-it-py ends the quote or table there, the Rust port keeps the line."""
        for number in range(first, last + 1):
            text = self.line_text(number)
            found = _ORDERED.match(text)
            if (found is not None and int(found.group(1)) != 1) or _EMPTY_ITEM.fullmatch(text):
                raise _Fallback

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
                    raise _Fallback  # CommonMark 0.31 does ("--" inside, lower case)
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
                raise _Fallback
        return out

    def url(self, node: _Node) -> str:
        url = node.meta.get("url")
        if not isinstance(url, str) or _ENCODED_HOST.match(url):
            raise _Fallback
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
            raise _Fallback
        if close + 1 < end and self.piece(close + 1, close + 2) not in ("(", "["):
            raise _Fallback
        return self.piece(label, close)


def _autolink_text(node: _Node) -> str:
    """An autolink's text as markdown-it-py writes it: the URL with escapes decoded."""
    kids = node.children
    if len(kids) != 1 or kids[0].name != "text_special":
        raise _Fallback
    raw = kids[0].meta.get("markup")
    if not isinstance(raw, str):
        raise _Fallback
    return str(normalizeLinkText(raw))


def _stripped(children: list[FlatToken]) -> list[FlatToken]:
    """``children``, unless the inline content starts or ends with whitespace.

    markdown-it-py strips a paragraph, heading or table cell with ``str.strip`` (any
    Unicode space, e.g. U+3000 or U+00A0), the Rust port only spaces and tabs.
    """
    if children:
        first, last = children[0], children[-1]
        if first.type == "text" and first.content[:1].isspace():
            raise _Fallback
        if last.type == "text" and last.content[-1:].isspace():
            raise _Fallback
    return children


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
