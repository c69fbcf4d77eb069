"""The light read of a doc: front-matter and title, the body never parsed.

All a freshness report needs. The front-matter is found by the full parser's own rule
(:func:`front_matter_span`, the rule of ``mdit_py_plugins.front_matter`` decided on the
lines it reads, without loading the parser), so a doc reads the same whether
``freshness`` reads it light or ``check`` parses it whole.
"""

from __future__ import annotations

from collections.abc import Callable

from ops_lint import frontmatter
from ops_lint.model import Document, Section
from ops_lint.normalize import github_slug, normalize_title

_MARKER = "-"


def _indent(source: str, start: int, end: int) -> tuple[int, int]:
    """The line's leading spaces and tabs: (characters, columns with tabs to 4)."""
    pos = start
    columns = 0
    while pos < end:
        char = source[pos]
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        else:
            break
        pos += 1
    return pos - start, columns


def _blank_from(source: str, pos: int, end: int) -> bool:
    """True if ``source[pos:end]`` holds spaces and tabs only."""
    return not source[pos:end].strip(" \t")


def front_matter_span(source: str) -> tuple[str, int] | None:
    """The front-matter of ``source`` (line breaks already ``\\n``): its text and the
    number of lines up to and including the closing line; None when there is none.

    This is the full parser's front-matter rule (``mdit_py_plugins.front_matter``, run
    first, at line 0, with indented code on), decided on the lines it reads and not on
    the rest: the opening line starts with three or more ``-``; the closing line is the
    first after it that is ``...`` at column 0, or, indented less than 4 columns, at least
    as many ``-`` as the opening; either followed by spaces and tabs only. Unclosed, there
    is none.
    """
    if not source.startswith(_MARKER * 3):
        return None
    if "\0" in source:
        source = source.replace("\0", "\ufffd")  # as the parser does: one for one
    first_end = source.find("\n")
    if first_end < 0:
        return None  # one line: nothing can close
    markers = len(source[:first_end]) - len(source[:first_end].lstrip(_MARKER))
    length = len(source)
    line = 0
    start = first_end + 1  # of line ``line + 1``
    while start < length:
        line += 1
        end = source.find("\n", start)
        if end < 0:
            end = length
        shift, columns = _indent(source, start, end)
        at = start + shift
        if columns == 0 and source.startswith("...", at) and _blank_from(source, at + 3, end):
            break
        if source.startswith(_MARKER, at) and columns < 4:
            run = len(source[at:end]) - len(source[at:end].lstrip(_MARKER))
            if run >= markers and _blank_from(source, at + run, end):
                break
        start = end + 1
    else:
        return None
    content_end = start - 1 if line > 1 else first_end  # the end of the line before
    return source[first_end + 1 : max(first_end + 1, content_end)], line + 1


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


def front_matter_only(
    path: str, abspath: str, source: str, title: Callable[[Document], bool] | None = None
) -> Document:
    """Front-matter and title without parsing the body: all a freshness report needs.

    The front-matter is found by the full parser's own rule (:func:`front_matter_span`),
    so a doc reads the same whether ``freshness`` reads it light or ``check`` parses it
    whole. ``title``, when given, is asked once the front-matter is read whether the
    doc's title is wanted (a report reads the titles of the docs it judges only).
    """
    doc = Document(path=path, abspath=abspath, size=len(source))
    if "\r" in source:  # as in ``build``: a lone CR is a line break
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    doc.line_count = source.count("\n") + (0 if source.endswith("\n") else 1)
    body_start = 0
    found = front_matter_span(source)
    if found is not None:
        content, end = found
        doc.front_matter_lines = (1, end)
        doc.front_matter = frontmatter.load(content, 2)
        body_start = _line_offset(source, end)
    if title is not None and not title(doc):
        return doc
    heading = _first_h1(source, body_start)
    if heading:
        text, offset = heading
        line = source.count("\n", 0, offset) + 1
        doc.sections.append(
            Section(0, 1, text, normalize_title(text), github_slug(text), line, doc.line_count, -1)
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
