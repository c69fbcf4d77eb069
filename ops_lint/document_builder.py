"""Build the document model from the markdown-it-py token stream, once per file."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ops_lint import frontmatter
from ops_lint.directives import iter_comments, parse_directive
from ops_lint.html_tables import HtmlTables
from ops_lint.inline_text import cell_columns, html_hrefs, inline_text
from ops_lint.model import (
    Cell,
    CodeBlock,
    Document,
    Link,
    ListItem,
    Row,
    Section,
    Table,
    TextSpan,
)
from ops_lint.normalize import cut_spans, find_spans, github_slug, normalize_title
from ops_lint.parse_fast import fast_tokens
from ops_lint.parse_reference import DEFAULT_MAX_NESTING, markdown_parser
from ops_lint.parse_tokens import TokenLike
from ops_lint.shared_strings import share

_TASK = re.compile(r"^\[([ xX])\](?:\s+|$)")
_HTML_ID = re.compile(r"""\b(?:id|name)\s*+=\s*+["']?+([^"'\s>]++)""")
_CONTAINER_OPEN = frozenset(
    {"bullet_list_open", "ordered_list_open", "list_item_open", "blockquote_open"}
)
_CONTAINER_CLOSE = frozenset(
    {"bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close"}
)


class _Builder:
    """One pass over the tokens of one file."""

    def __init__(self, doc: Document, source: str, max_nesting: int) -> None:
        self.doc = doc
        self.max_nesting = max_nesting
        self.containers = 0  # open lists, list items and blockquotes
        self.lines = source.split("\n")
        self.section = -1
        self.stack: list[int] = []  # open sections, outermost first
        self.list_depth = 0
        self.ordered: list[bool] = []
        self.item_pending: list[tuple[int, int, bool]] = []  # (line, depth, ordered) of open items
        self.html = HtmlTables(self.lines)

    # -- helpers -----------------------------------------------------------------
    def column(self, line: int, needle: str, start: int = 0) -> int:
        """1-based column of ``needle`` on ``line`` at or after ``start`` (0-based)."""
        if 0 < line <= len(self.lines) and needle:
            text = self.lines[line - 1]
            pos = text.find(needle[:40], start)
            if pos < 0 and start:
                pos = text.find(needle[:40])
            if pos >= 0:
                return pos + 1
        return 1

    def scan_inline(self, token: TokenLike, context: str, start_col: int = 1) -> None:
        """Record prose spans, links, inline directives and anchors of an inline token.

        A cursor walks the line, so repeated text gets its own column each time.
        """
        line = (token.map[0] + 1) if token.map else 1
        cursor = start_col - 1
        doc = self.doc
        for child in token.children or ():
            kind = child.type
            if kind == "text" and child.content.strip():
                col = self.column(line, child.content, cursor)
                cursor = col - 1 + len(child.content)
                doc.texts.append(TextSpan(share(child.content), line, col, self.section, context))
            elif kind in ("softbreak", "hardbreak"):
                line += 1
                cursor = 0
            elif kind == "link_open" or kind == "image":
                target = str(child.attrs.get("href" if kind == "link_open" else "src", ""))
                col = self.column(line, target, cursor) if target else 1
                doc.links.append(Link(share(target), line, col, kind == "image"))
            elif kind == "html_inline":
                col = self.column(line, child.content, cursor)
                cursor = col - 1 + len(child.content)
                self.scan_html(child.content, line, context, col)

    def scan_html(self, html: str, line: int, context: str, col: int = 0) -> None:
        for offset, raw in iter_comments(html):
            directive = parse_directive(raw, line + offset)
            if directive is not None:
                self.doc.directives.append(directive)
        rest = cut_spans(html, comments := list(find_spans(html, "<!--", "-->")))
        for anchor in _HTML_ID.findall(rest):
            self.doc.anchors.add(anchor)
        for offset, raw, target in html_hrefs(html, comments):  # <a href="...">
            where = self.column(line + offset, raw, col - 1 if offset == 0 and col else 0)
            self.doc.links.append(Link(share(target), line + offset, where))
        if rest.strip():
            col = col or self.column(line, rest.strip())
            text = share(rest.strip())
            self.doc.texts.append(TextSpan(text, line, col, self.section, context))

    # -- blocks ------------------------------------------------------------------
    def open_section(self, level: int, title: str, line: int) -> None:
        while self.stack and self.doc.sections[self.stack[-1]].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else -1
        index = len(self.doc.sections)
        norm = normalize_title(title)
        self.doc.sections.append(
            Section(index, level, title, share(norm), share(github_slug(title)), line, line, parent)
        )
        self.stack.append(index)
        self.section = index

    def table(self, tokens: Sequence[TokenLike], start: int) -> int:
        open_tok = tokens[start]
        header: list[Cell] = []
        rows: list[Row] = []
        cells: list[Cell] = []
        columns: list[int] = []
        row_line = 0
        in_head = False
        i = start + 1
        while i < len(tokens) and tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row_line = tok.map[0] + 1 if tok.map else row_line + 1
                cells = []
                source = self.lines[row_line - 1] if 0 < row_line <= len(self.lines) else ""
                columns = cell_columns(source)
            elif tok.type == "tr_close":
                if in_head:
                    header = cells
                else:
                    rows.append(Row(row_line, tuple(cells)))
            elif tok.type == "inline":
                text = share(inline_text(tok))
                index = len(cells)
                col = columns[index] if index < len(columns) else self.column(row_line, text)
                cells.append(Cell(text, row_line, col))
                self.scan_inline(tok, "table cell", col)
            i += 1
        line = open_tok.map[0] + 1 if open_tok.map else 1
        end = open_tok.map[1] if open_tok.map else line
        self.doc.tables.append(Table(line, end, self.section, tuple(header), tuple(rows)))
        return i

    def run(self, tokens: Sequence[TokenLike]) -> None:
        doc = self.doc
        i = 0
        n = len(tokens)
        heading_level = 0
        while i < n:
            tok = tokens[i]
            kind = tok.type
            if kind in _CONTAINER_OPEN or kind in _CONTAINER_CLOSE:
                self.container(tok)
            if kind == "inline":
                self.inline(tok, heading_level)
            elif kind == "heading_open":
                heading_level = int(tok.tag[1:])
            elif kind == "heading_close":
                heading_level = 0
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.list_depth += 1
                self.ordered.append(kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_depth -= 1
                self.ordered.pop()
            elif kind == "list_item_open":
                line = tok.map[0] + 1 if tok.map else 1
                self.item_pending.append((line, self.list_depth, self.ordered[-1]))
            elif kind == "list_item_close":
                # An item with no paragraph (e.g. "- " alone) still counts, as empty.
                if self.item_pending and self.item_pending[-1][1] == self.list_depth:
                    line, depth, ordered = self.item_pending.pop()
                    doc.items.append(ListItem("", line, 1, depth, None, ordered, self.section))
            elif kind == "table_open":
                i = self.table(tokens, i)
            elif kind in ("fence", "code_block"):
                line = tok.map[0] + 1 if tok.map else 1
                end = tok.map[1] if tok.map else line
                doc.code_blocks.append(
                    CodeBlock(share(tok.info.strip()), share(tok.content), line, end, self.section)
                )
            elif kind == "html_block":
                line = tok.map[0] + 1 if tok.map else 1
                self.scan_html(tok.content, line, "HTML block")
                self.html.feed(tok.content, line, self.section)
            elif kind == "front_matter":
                self.front_matter(tok)
            i += 1
        self.close_sections()
        self.html.finish()
        doc.tables.extend(self.html.tables)
        doc.notes.extend(self.html.notes)
        # Section slices are found by bisection: keep everything in line order (an empty
        # list item is only known when it closes, after its nested items).
        for values in (doc.items, doc.texts, doc.tables, doc.code_blocks, doc.links):
            values.sort(key=lambda v: v.line)

    def inline(self, tok: TokenLike, heading_level: int) -> None:
        """A heading's title, a list item's text, or prose."""
        if heading_level:
            title = share(inline_text(tok))
            self.open_section(heading_level, title, tok.map[0] + 1 if tok.map else 1)
            self.scan_inline(tok, "heading")
        elif self.item_pending:
            line, depth, ordered = self.item_pending.pop()
            text = inline_text(tok)
            checked: bool | None = None
            if match := _TASK.match(text):
                checked = match.group(1) != " "
                text = text[match.end() :]
            col = self.column(line, text)
            self.doc.items.append(
                ListItem(share(text), line, col, depth, checked, ordered, self.section)
            )
            self.scan_inline(tok, "list item")
        else:
            if self.html.open:  # markdown inside an HTML table cell
                line = tok.map[0] + 1 if tok.map else 1
                self.html.add_text(inline_text(tok), line, self.column(line, tok.content))
            self.scan_inline(tok, "list item" if self.list_depth else "paragraph")

    def container(self, tok: TokenLike) -> None:
        """Count nesting; note where it reaches the parser's limit (deeper content is lost)."""
        if tok.type in _CONTAINER_CLOSE:
            self.containers -= 1
            return
        self.containers += 1
        if self.containers == self.max_nesting - 1 and tok.map:
            self.doc.notes.append(
                (
                    tok.map[0] + 1,
                    f"lists and blockquotes nest {self.containers} levels deep here, at the "
                    f"parser's limit (max-nesting: {self.max_nesting}): deeper content is not read",
                )
            )

    def front_matter(self, tok: TokenLike) -> None:
        start, end = (tok.map[0] + 1, tok.map[1]) if tok.map else (1, 1)
        self.doc.front_matter_lines = (start, end)
        self.doc.front_matter = frontmatter.load(tok.content, start + 1)

    def close_sections(self) -> None:
        """End each section on the line before the next heading at its level or above."""
        sections = self.doc.sections
        open_: list[int] = []
        ends = [self.doc.line_count] * len(sections)
        for sec in sections:
            while open_ and sections[open_[-1]].level >= sec.level:
                ends[open_.pop()] = sec.line - 1
            open_.append(sec.number)
        seen: dict[str, int] = {}
        for pos, sec in enumerate(sections):
            sections[pos] = sec._replace(end_line=ends[pos])
            count = seen.get(sec.slug, 0)
            seen[sec.slug] = count + 1
            self.doc.anchors.add(sec.slug if count == 0 else f"{sec.slug}-{count}")


def build(path: str, abspath: str, source: str, max_nesting: int = DEFAULT_MAX_NESTING) -> Document:
    """Parse ``source`` (already decoded) into a Document."""
    doc = Document(path=path, abspath=abspath, size=len(source))
    if "\r" in source:  # markdown-it counts a lone CR as a line break: so must our lines
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    doc.line_count = source.count("\n") + (0 if source.endswith("\n") else 1)
    try:
        tokens: Sequence[TokenLike] | None = fast_tokens(source, max_nesting)
        if tokens is None:
            tokens = markdown_parser(max_nesting).parse(source)
        _Builder(doc, source, max_nesting).run(tokens)
    except RecursionError:
        return Document(
            path=path,
            abspath=abspath,
            size=len(source),
            read_error="document is nested too deeply to parse (recursion limit)",
        )
    return doc
