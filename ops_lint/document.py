"""Build the document model from the markdown-it-py token stream, once per file."""

from __future__ import annotations

import os
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ops_lint import frontmatter
from ops_lint.model import (
    Cell,
    CodeBlock,
    Directive,
    Document,
    Link,
    ListItem,
    Row,
    Section,
    Table,
    TextSpan,
)
from ops_lint.normalize import cut_spans, find_spans, github_slug, normalize_title

_TASK = re.compile(r"^\[([ xX])\](?:\s+|$)")
# Patterns here follow the rules in ops_lint.normalize: anchored, possessive, no nesting.
_DIRECTIVE_HEAD = re.compile(r"\s*+ops-lint-([a-z-]++)")
_UNTIL = re.compile(r"(?<!\w)until=(\S++)")
_CODE = re.compile(r"^[A-Z]+[0-9]*$")
_HTML_ID = re.compile(r"""\b(?:id|name)\s*+=\s*+["']?+([^"'\s>]++)""")
_ACTIONS = ("disable-next-line", "disable", "enable")
_CONTAINER_OPEN = frozenset(
    {"bullet_list_open", "ordered_list_open", "list_item_open", "blockquote_open"}
)
_CONTAINER_CLOSE = frozenset(
    {"bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close"}
)
# Real HTML markup (not a "<placeholder>"): comments and the tags Markdown docs use.
_HTML_MARKUP = re.compile(
    r"^<(?:!--|/?(?:a|abbr|b|br|code|dd|del|details|div|dl|dt|em|h[1-6]|hr|i|img|ins|kbd"
    r"|li|mark|ol|p|pre|q|s|samp|small|span|strong|sub|summary|sup|table|tbody|td|tfoot|th"
    r"|thead|tr|u|ul|var)\b)",
    re.I,
)


DEFAULT_MAX_NESTING = 20  # CommonMark preset of markdown-it


@lru_cache(maxsize=4)
def markdown_parser(max_nesting: int = DEFAULT_MAX_NESTING) -> MarkdownIt:
    """CommonMark + GFM tables and strikethrough + front-matter (task boxes are read below).

    ``max_nesting`` bounds the depth of lists and blockquotes, and so the parser's work on
    a hostile file; content nested deeper is not read (the model records a note).
    """
    md = MarkdownIt("commonmark", {"maxNesting": max_nesting})
    return md.enable("table").enable("strikethrough").use(front_matter_plugin)


def _find_directive(raw: str) -> tuple[int, str, int, int] | None:
    """The first ``<!-- ops-lint-ACTION … -->`` in ``raw``: (start, action, body, close).

    As ``<!--\\s*ops-lint-([a-z-]+)(.*?)-->`` would find it, in one pass: ``str.find``
    for the markers, an anchored pattern for the action.
    """
    last_close = raw.rfind("-->")
    opener = raw.find("<!--")
    while 0 <= opener < last_close:
        head = _DIRECTIVE_HEAD.match(raw, opener + 4)
        if head is not None:
            # The action may not run into the closing "-->" (as a backtracking match).
            end = min(head.end(), last_close)
            if end > head.start(1):
                return opener, raw[head.start(1) : end], end, raw.find("-->", end)
        opener = raw.find("<!--", opener + 1)
    return None


def parse_directive(raw: str, line: int) -> Directive | None:
    """Read one ``<!-- ops-lint-ACTION CODES [until=DATE] -- reason -->`` comment."""
    found = _find_directive(raw)
    if found is None:
        return None
    start, action, body_start, close = found
    body = raw[body_start:close]
    reason = ""
    if "--" in body:
        body, reason = body.split("--", 1)
    until = None
    if until_match := _UNTIL.search(body):
        until = until_match.group(1)
        body = body[: until_match.start()] + body[until_match.end() :]
    codes = tuple(body.replace(",", " ").split())
    if action not in _ACTIONS or not all(_CODE.match(c) for c in codes):
        action = "invalid"
    return Directive(action, codes, reason.strip(), until, line, raw[start : close + 3])


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
        self.cell_context: str | None = None

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

    def inline_text(self, token: Token) -> str:
        """Plain text of an inline token: text and code, no markup."""
        parts: list[str] = []
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "image":
                parts.append(child.content)
            elif child.type == "html_inline" and not _HTML_MARKUP.match(child.content):
                parts.append(child.content)  # e.g. a "<team-id>" placeholder, shown as is
        return "".join(parts).strip()

    def scan_inline(self, token: Token, context: str, start_col: int = 1) -> None:
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
                doc.texts.append(TextSpan(child.content, line, col, self.section, context))
            elif kind in ("softbreak", "hardbreak"):
                line += 1
                cursor = 0
            elif kind == "link_open" or kind == "image":
                target = str(child.attrs.get("href" if kind == "link_open" else "src", ""))
                col = self.column(line, target, cursor) if target else 1
                doc.links.append(Link(target, line, col, kind == "image"))
            elif kind == "html_inline":
                col = self.column(line, child.content, cursor)
                cursor = col - 1 + len(child.content)
                self.scan_html(child.content, line, context, col)

    def scan_html(self, html: str, line: int, context: str, col: int = 0) -> None:
        for offset, raw in _iter_comments(html):
            directive = parse_directive(raw, line + offset)
            if directive is not None:
                self.doc.directives.append(directive)
        rest = cut_spans(html, find_spans(html, "<!--", "-->"))
        for anchor in _HTML_ID.findall(rest):
            self.doc.anchors.add(anchor)
        if rest.strip():
            col = col or self.column(line, rest.strip())
            self.doc.texts.append(TextSpan(rest.strip(), line, col, self.section, context))

    # -- blocks ------------------------------------------------------------------
    def open_section(self, level: int, title: str, line: int) -> None:
        while self.stack and self.doc.sections[self.stack[-1]].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else -1
        index = len(self.doc.sections)
        norm = normalize_title(title)
        self.doc.sections.append(
            Section(index, level, title, norm, github_slug(title), line, line, parent)
        )
        self.stack.append(index)
        self.section = index

    def table(self, tokens: list[Token], start: int) -> int:
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
                columns = _cell_columns(source)
            elif tok.type == "tr_close":
                if in_head:
                    header = cells
                else:
                    rows.append(Row(row_line, tuple(cells)))
            elif tok.type == "inline":
                text = self.inline_text(tok)
                index = len(cells)
                col = columns[index] if index < len(columns) else self.column(row_line, text)
                cells.append(Cell(text, row_line, col))
                self.scan_inline(tok, "table cell", col)
            i += 1
        line = open_tok.map[0] + 1 if open_tok.map else 1
        end = open_tok.map[1] if open_tok.map else line
        self.doc.tables.append(Table(line, end, self.section, tuple(header), tuple(rows)))
        return i

    def run(self, tokens: list[Token]) -> None:
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
                if heading_level:
                    title = self.inline_text(tok)
                    self.open_section(heading_level, title, tok.map[0] + 1 if tok.map else 1)
                    self.scan_inline(tok, "heading")
                elif self.item_pending:
                    line, depth, ordered = self.item_pending.pop()
                    text = self.inline_text(tok)
                    checked: bool | None = None
                    if match := _TASK.match(text):
                        checked = match.group(1) != " "
                        text = text[match.end() :]
                    col = self.column(line, text)
                    doc.items.append(
                        ListItem(text, line, col, depth, checked, ordered, self.section)
                    )
                    self.scan_inline(tok, "list item")
                else:
                    self.scan_inline(tok, "list item" if self.list_depth else "paragraph")
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
                    CodeBlock(tok.info.strip(), tok.content, line, end, self.section)
                )
            elif kind == "html_block":
                self.scan_html(tok.content, tok.map[0] + 1 if tok.map else 1, "HTML block")
            elif kind == "front_matter":
                self.front_matter(tok)
            i += 1
        self.close_sections()
        # Section slices are found by bisection: keep everything in line order (an empty
        # list item is only known when it closes, after its nested items).
        for values in (doc.items, doc.texts, doc.tables, doc.code_blocks, doc.links):
            values.sort(key=lambda v: v.line)

    def container(self, tok: Token) -> None:
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

    def front_matter(self, tok: Token) -> None:
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
            sections[pos] = Section(
                sec.number,
                sec.level,
                sec.title,
                sec.norm,
                sec.slug,
                sec.line,
                ends[pos],
                sec.parent,
            )
            count = seen.get(sec.slug, 0)
            seen[sec.slug] = count + 1
            self.doc.anchors.add(sec.slug if count == 0 else f"{sec.slug}-{count}")


def _cell_columns(line: str) -> list[int]:
    """1-based column where each cell's content starts in a table row's source line.

    Splits on pipes that are not escaped and not inside a code span, as GFM does.
    """
    bounds: list[int] = []
    in_code = escaped = False
    for pos, ch in enumerate(line):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "`":
            in_code = not in_code
        elif ch == "|" and not in_code:
            bounds.append(pos)
    segments: list[tuple[int, int]] = []
    prev = -1
    for bound in bounds:
        segments.append((prev + 1, bound))
        prev = bound
    segments.append((prev + 1, len(line)))
    if line.lstrip().startswith("|"):
        segments = segments[1:]
    if len(segments) > 1 and not line[segments[-1][0] : segments[-1][1]].strip():
        segments = segments[:-1]
    columns = []
    for start, end in segments:
        text = line[start:end]
        columns.append(start + len(text) - len(text.lstrip()) + 1)
    return columns


def _iter_comments(html: str) -> list[tuple[int, str]]:
    """HTML comments in ``html`` with their line offset."""
    out: list[tuple[int, str]] = []
    line = pos = 0
    for span in find_spans(html, "<!--", "-->"):
        line += html.count("\n", pos, span.start)  # counted on from the previous comment
        pos = span.start
        out.append((line, html[span.start : span.end]))
    return out


def build(path: str, abspath: str, source: str, max_nesting: int = DEFAULT_MAX_NESTING) -> Document:
    """Parse ``source`` (already decoded) into a Document."""
    doc = Document(path=path, abspath=abspath, size=len(source))
    if "\r" in source:  # markdown-it counts a lone CR as a line break: so must our lines
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    doc.line_count = source.count("\n") + (0 if source.endswith("\n") else 1)
    try:
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


def read_bytes(abspath: str, max_size: int) -> bytes | str:
    """The file's bytes (at most ``max_size + 1``), or why it cannot be read.

    The first read asks for the size ``fstat`` gives plus one byte, not for
    ``max_size + 1``: a buffer of the limit per file would be one memory mapping each,
    and a doc set of some 65,000 files would exhaust the process's mappings.
    """
    try:
        with open(abspath, "rb", buffering=0) as handle:
            want = min(os.fstat(handle.fileno()).st_size, max_size) + 1
            chunks: list[bytes] = []
            got = 0
            while got <= max_size:
                chunk = handle.read(min(want, max_size + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
                want = _CHUNK  # the file grew since fstat: read on, a bounded piece at a time
            return b"".join(chunks)
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"


_CHUNK = 64 * 1024


@lru_cache(maxsize=1)
def _front_matter_parser() -> MarkdownIt:
    """The full parser's front-matter rule alone (block level, no inline pass); with the
    indented-code rule on, as the rule asks it whether a 4-space indented line is code."""
    md = MarkdownIt("zero").use(front_matter_plugin).enable("code")
    return md.disable(["inline", "text_join"])


def _closer_end(source: str, pos: int) -> int:
    """End of the first line at or after ``pos`` (a line start) that could close the
    front-matter (its first non-blank character is ``-`` or ``.``); else the end of text."""
    while pos < len(source):
        newline = source.find("\n", pos)
        end = len(source) if newline < 0 else newline + 1
        if source[pos:end].lstrip(" \t").startswith(("-", ".")):
            return end
        pos = end
    return len(source)


def _front_matter_token(source: str) -> Token | None:
    """The ``front_matter`` token the full parser would make of ``source``, if any.

    The rule reads lines from the top until its closing line, so it runs on the text up to
    the next line that could close; when that line does not, on at least twice as much,
    again up to a possible closer: linear work, and the body is never parsed.
    """
    first = source.find("\n")
    if not source.startswith("---") or first < 0:
        return None
    end = _closer_end(source, first + 1)
    while True:
        tokens = _front_matter_parser().parse(source[:end])
        if tokens and tokens[0].type == "front_matter":
            return tokens[0]
        if end >= len(source):
            return None
        newline = source.find("\n", 2 * end)
        end = len(source) if newline < 0 else _closer_end(source, newline + 1)


def _first_h1(source: str, start: int) -> tuple[str, int] | None:
    """The first ``# Title`` line at or after ``start`` (a line start): title and offset.

    The title is as ``^#[ \\t]+(.+?)[ \\t#]*$`` reads it, found line by line with
    ``str.find`` (that pattern backtracks quadratically on a long run of spaces and #).
    """
    pos = start
    while 0 <= pos < len(source):
        if source.startswith(("# ", "#\t"), pos):
            end = source.find("\n", pos)
            line = source[pos : end if end >= 0 else len(source)]
            body = line[1:].lstrip(" \t")
            if len(line) >= 3 or body:  # "#" and a blank, then at least one character
                kept = len(body.rstrip(" \t#"))
                return body[: max(1, kept)].strip(), pos
        pos = source.find("\n#", pos)
        if pos >= 0:
            pos += 1
    return None


def front_matter_only(path: str, abspath: str, source: str) -> Document:
    """Front-matter and title without parsing the body: all a freshness report needs.

    The front-matter is found by the full parser's own rule (``_front_matter_token``), so
    a doc reads the same whether ``freshness`` parses it light or finds it in the cache.
    """
    doc = Document(path=path, abspath=abspath, size=len(source))
    if "\r" in source:  # as in ``build``: a lone CR is a line break
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    doc.line_count = source.count("\n") + (0 if source.endswith("\n") else 1)
    body_start = 0
    token = _front_matter_token(source)
    if token is not None and token.map:
        start, end = token.map[0] + 1, token.map[1]
        doc.front_matter_lines = (start, end)
        doc.front_matter = frontmatter.load(token.content, start + 1)
        body_start = _line_offset(source, end)
    heading = _first_h1(source, body_start)
    if heading:
        title, offset = heading
        line = source.count("\n", 0, offset) + 1
        doc.sections.append(
            Section(
                0, 1, title, normalize_title(title), github_slug(title), line, doc.line_count, -1
            )
        )
    return doc


def _line_offset(source: str, lines: int) -> int:
    """Offset of the start of the line after the first ``lines`` lines."""
    pos = 0
    for _ in range(lines):
        pos = source.find("\n", pos) + 1
        if pos == 0:
            return len(source)
    return pos


def decode(data: bytes, max_size: int) -> str | tuple[str]:
    """The text of a doc file, or ``(reason,)`` when it is not UTF-8 text within the limit."""
    if len(data) > max_size:
        return (f"file is larger than the {max_size:,}-byte limit (max_file_size)",)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ("file is UTF-16 encoded; save it as UTF-8",)
    if b"\0" in data:
        return ("file is binary (contains NUL bytes)",)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line})",)


def from_bytes(
    path: str,
    abspath: str,
    data: bytes,
    max_size: int,
    light: bool = False,
    max_nesting: int = DEFAULT_MAX_NESTING,
) -> Document:
    """Decode and parse; content that is not UTF-8 text becomes ``read_error``."""
    text = decode(data, max_size)
    if isinstance(text, tuple):
        return Document(path=path, abspath=abspath, size=len(data), read_error=text[0])
    if light:
        return front_matter_only(path, abspath, text)
    return build(path, abspath, text, max_nesting)
