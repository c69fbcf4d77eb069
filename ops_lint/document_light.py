"""The light read of a doc: front-matter and title, the body never parsed.

All a freshness report needs. The front-matter is found by the full parser's own rule, so
a doc reads the same whether ``freshness`` parses it light or finds it in the cache.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ops_lint import frontmatter
from ops_lint.model import Document, Section
from ops_lint.normalize import github_slug, normalize_title


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
