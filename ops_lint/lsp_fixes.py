"""A finding's fix (``ops-lint check --fix``) as ``ops-lint server`` offers it.

The fix travels with the diagnostic (its ``data``) to the editor and back with the code
action request; it is then placed in the texts as they are now, by the rules of
``ops_lint.fixes``: an edit that expects text no longer there drops the whole fix.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from ops_lint.diagnostic import Fix, TextEdit
from ops_lint.fixes import _line_starts, _newline, _span, _written

# (path, start line, start character, end line, end character, new text), 0-based code points
Placed = tuple[str, int, int, int, int, str]


def to_data(fix: Fix) -> dict[str, Any]:
    """``fix`` as JSON the editor keeps and sends back."""
    edits = [[*e[:5], list(e.old), e.path] for e in fix.edits]
    return {"title": fix.title, "safe": fix.safe, "edits": edits}


def from_data(data: object) -> Fix | None:
    """The fix ``to_data`` wrote, or None for anything else."""
    if not isinstance(data, dict) or not isinstance(data.get("edits"), list):
        return None
    try:
        edits = tuple(
            TextEdit(int(a), int(b), int(c), int(d), str(text), tuple(map(str, old)), path)
            for a, b, c, d, text, old, path in data["edits"]
        )
    except (TypeError, ValueError):
        return None
    if not all(e.path is None or isinstance(e.path, str) for e in edits):
        return None
    return Fix(edits, bool(data.get("safe")), str(data.get("title", "")))


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    line = max(0, bisect.bisect_right(starts, offset) - 1)
    return line, offset - starts[line]


def place(fix: Fix, own: str, text_of: Callable[[str], str | None]) -> list[Placed] | None:
    """Where each edit of ``fix`` goes in the current texts (``own``: the path of the doc
    the finding is in); None when one of them is not where the fix expects it."""
    placed: list[Placed] = []
    for edit in fix.edits:
        path = edit.path or own
        text = text_of(path)
        if text is None:
            return None
        starts = _line_starts(text)
        span = _span(edit, text, starts)
        if span is None:
            return None
        new = _written(span, edit.text, text).replace("\n", _newline(text))
        (line, col), (end_line, end_col) = _position(starts, span[0]), _position(starts, span[1])
        placed.append((path, line, col, end_line, end_col, new))
    return placed
