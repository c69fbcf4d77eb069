"""One string object for each repeated text of the document model.

A doc set repeats itself: the same table cells (owners, yes/no, service names), headings,
list items and sentences appear in many docs, and one file's table cell is also one of its
prose spans. The parser builds a new ``str`` for each; :func:`share` hands back the one
already seen instead, so the model keeps one copy. Values are unchanged (equal strings),
only their identity is shared.

The table is per process and bounded: only strings up to :data:`MAX_LENGTH` characters are
kept (long prose seldom repeats), and the table is emptied when it holds
:data:`MAX_ENTRIES` of them, so a hostile doc set cannot grow it without end. Worker
processes each keep their own; pickling a chunk of docs back keeps the sharing within it.
"""

from __future__ import annotations

MAX_LENGTH = 512
MAX_ENTRIES = 1 << 16

_seen: dict[str, str] = {}


def share(text: str) -> str:
    """``text``, or the equal string seen before."""
    known = _seen.get(text)
    if known is not None:
        return known
    if len(text) <= MAX_LENGTH:
        if len(_seen) >= MAX_ENTRIES:
            _seen.clear()
        _seen[text] = text
    return text
