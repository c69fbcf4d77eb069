"""Inline helpers of the document builder: plain text of a token, table cell columns."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ops_lint.normalize import Span
from ops_lint.parse_tokens import TokenLike

# Real HTML markup (not a "<placeholder>"): comments and the tags Markdown docs use.
_HTML_MARKUP = re.compile(
    r"^<(?:!--|/?(?:a|abbr|b|br|code|dd|del|details|div|dl|dt|em|h[1-6]|hr|i|img|ins|kbd"
    r"|li|mark|ol|p|pre|q|s|samp|small|span|strong|sub|summary|sup|table|tbody|td|tfoot|th"
    r"|thead|tr|u|ul|var)\b)",
    re.I,
)
_LINE_BREAK = re.compile(r"<br(?![^\s/>])", re.I)  # <br>, <br/>, <br />: a space
# An ``<a ...>`` tag (it cannot run past the next ``<``) and the ``href`` in it.
_A_TAG = re.compile(r"<a\s[^<>]*+>", re.I)
_HREF = re.compile(r"""(?<![\w-])href\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s"'>]++))""", re.I)


def inline_text(token: TokenLike) -> str:
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


def html_hrefs(markup: str, comments: list[Span]) -> Iterator[tuple[int, str, str]]:
    """``(line offset, target as written, target)`` of each ``<a href>`` in ``markup``
    outside ``comments``, entities decoded in the last."""
    if comments:  # blanked, so that offsets still count lines
        pieces = [markup[: comments[0].start]]
        for span, after in zip(comments, [*comments[1:], None], strict=True):
            pieces.append("\n" * markup.count("\n", span.start, span.end))
            pieces.append(markup[span.end : after.start if after else len(markup)])
        markup = "".join(pieces)
    for tag in _A_TAG.finditer(markup):
        found = _HREF.search(tag.group())
        if found is not None:
            value = next(v for v in found.groups() if v is not None)
            offset = markup.count("\n", 0, tag.start() + found.start())
            yield offset, value, html.unescape(value)
