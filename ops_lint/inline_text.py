"""Inline helpers of the document builder: plain text of a token, table cell columns."""

from __future__ import annotations

import re

from markdown_it.token import Token

# Real HTML markup (not a "<placeholder>"): comments and the tags Markdown docs use.
_HTML_MARKUP = re.compile(
    r"^<(?:!--|/?(?:a|abbr|b|br|code|dd|del|details|div|dl|dt|em|h[1-6]|hr|i|img|ins|kbd"
    r"|li|mark|ol|p|pre|q|s|samp|small|span|strong|sub|summary|sup|table|tbody|td|tfoot|th"
    r"|thead|tr|u|ul|var)\b)",
    re.I,
)
_LINE_BREAK = re.compile(r"<br(?![^\s/>])", re.I)  # <br>, <br/>, <br />: a space


def inline_text(token: Token) -> str:
    """Plain text of an inline token: text and code, no markup; ``<br>`` is a space."""
    parts: list[str] = []
    breaks = False
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "html_inline" and _LINE_BREAK.match(child.content):
            parts.append(" ")
            breaks = True
        elif child.type == "html_inline" and not _HTML_MARKUP.match(child.content):
            parts.append(child.content)  # e.g. a "<team-id>" placeholder, shown as is
    text = "".join(parts).strip()
    return " ".join(text.split()) if breaks else text


def cell_columns(line: str) -> list[int]:
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
