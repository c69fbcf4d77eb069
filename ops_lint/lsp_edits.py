"""What ``ops-lint server`` computes from a buffer's text, without the LSP library.

The rule code under the cursor (:func:`token_at`), and the comment lines to insert so
that a finding is waived with a reason and an expiry (:func:`suppression_inserts`),
placed where Markdown still reads the comment as a directive and the doc's structure
(front-matter, tables, fenced code, lists) stays intact.
"""

from __future__ import annotations

import datetime as dt
import re

SUPPRESSION_DAYS = 90
REASON = "reason: say why this finding is accepted"
# The rule code under the cursor: letters then digits, as rule codes are written.
CODE_TOKEN = re.compile(r"[A-Z]+[0-9]+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])(\s+)")


def token_at(text: str, index: int) -> str | None:
    """The rule-code-like token of ``text`` that covers character ``index``, if any."""
    for match in CODE_TOKEN.finditer(text):
        if match.start() <= index <= match.end():
            return match.group()
    return None


def front_matter_end(lines: list[str]) -> int:
    """The index of the line closing the front-matter (-1: the doc has none)."""
    if not lines or lines[0].strip() != "---":
        return -1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return index
    return len(lines) - 1  # unclosed: all of it reads as front-matter


def _closes(line: str, mark: str) -> bool:
    """True if ``line`` closes a fence opened with ``mark``."""
    closer = _FENCE.match(line)
    if closer is None or closer.group(1)[0] != mark[0] or len(closer.group(1)) < len(mark):
        return False
    return not line.strip().strip(mark[0])


def _fence_around(lines: list[str], line: int) -> tuple[int, int] | None:
    """The first and last line of the fenced code block holding ``line``, if any."""
    index = 0
    while index < len(lines):
        opener = _FENCE.match(lines[index])
        if opener is None:
            index += 1
            continue
        mark = opener.group(1)
        end = index + 1
        while end < len(lines) and not _closes(lines[end], mark):
            end += 1
        end = min(end, len(lines) - 1)
        if index <= line <= end:
            return index, end
        if index > line:
            return None
        index = end + 1
    return None


def _table_around(lines: list[str], line: int) -> tuple[int, int] | None:
    """The first and last line of the pipe table holding ``line``, if any."""
    if "|" not in lines[line]:
        return None
    start = end = line
    while start > 0 and lines[start - 1].strip() and "|" in lines[start - 1]:
        start -= 1
    while end + 1 < len(lines) and lines[end + 1].strip() and "|" in lines[end + 1]:
        end += 1
    if any(_DELIMITER_ROW.match(lines[i]) for i in range(start, min(end, start + 1) + 1)):
        return start, end
    return None


def _indent_for(lines: list[str], line: int) -> str:
    """The indentation that keeps a comment above ``line`` in the same list or block."""
    text = lines[line]
    item = _LIST_ITEM.match(text)
    previous = lines[line - 1] if line > 0 else ""
    if item is not None and previous.strip():  # a later item: inside the previous one
        return " " * (item.end() - len(item.group(2)) + 1)
    return text[: len(text) - len(text.lstrip(" \t"))]


def suppression_inserts(
    lines: list[str], line: int, code: str, today: dt.date
) -> list[tuple[int, str]] | None:
    """The lines to insert (before line index, text) to waive ``code`` at ``line``
    (0-based) until ``today`` + 90 days; None where no comment can waive it (front-matter:
    use ``per-file-ignores`` in the config)."""
    if not lines or line > len(lines) - 1:
        lines = [*lines, ""]
    line = max(0, min(line, len(lines) - 1))
    if line <= front_matter_end(lines):
        return None
    until = (today + dt.timedelta(days=SUPPRESSION_DAYS)).isoformat()
    block = _fence_around(lines, line) or _table_around(lines, line)
    if block is not None:  # a comment inside would break it: waive the whole block
        start, end = block
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip(" \t"))]
        return [
            (start, f"{indent}<!-- ops-lint-disable {code} until={until} -- {REASON} -->\n"),
            (end + 1, f"\n{indent}<!-- ops-lint-enable {code} -->\n"),
        ]
    indent = _indent_for(lines, line)
    comment = f"<!-- ops-lint-disable-next-line {code} until={until} -- {REASON} -->"
    return [(line, f"{indent}{comment}\n")]
