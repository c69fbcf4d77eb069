"""Text normalization and bounded scanning, shared by the document model and the checks.

Every pattern and scan over repository text (a pull request writes all of it) follows
three rules, so that the work stays linear in the size of the doc:

1. A span between markers (``<!-- … -->``, ``( … )``, ``[ … ](…)``) is found with
   ``str.find`` (:func:`find_spans`), never with a pattern such as ``<!--.*?-->``: a
   regex search retries after every opener that has no closer, which is quadratic.
2. A regular expression is anchored (``match`` / ``fullmatch`` at a known position), or,
   used with ``search``, cannot start inside a run it would scan again (e.g.
   ``(?<!\\d)\\d++``). Two quantifiers that can take the same characters are possessive
   (``\\s*+``); no quantifier is nested in another.
3. A value read as a number, duration or e-mail address is short: a text longer than
   :data:`MAX_VALUE` characters is not such a value (:func:`short`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import NamedTuple

MAX_VALUE = 200  # characters: a longer table cell is prose, not a number or a duration

_NUMBERING = re.compile(
    r"\s*+(?:\d++(?:\.\d++)*+[.)]?+|[a-z][.)])(?:\s*+[-\u2013\u2014:]\s*+|\s++)", re.I
)
_SPACES = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"[^\W_]")
_LEADING_SPACE = re.compile(r"\s*+")


class Span(NamedTuple):
    """``opener … closer`` in a text: offsets of the opener, the inside and the end."""

    start: int  # where the opener starts
    inner: int  # just past the opener
    close: int  # where the closer starts
    end: int  # just past the closer


def find_spans(text: str, opener: str | re.Pattern[str], closer: str) -> Iterator[Span]:
    """Non-overlapping spans from ``opener`` to the first ``closer`` after it, in order.

    The same spans as ``re.finditer(opener + ".*?" + closer, text, re.S)``, in one pass:
    an opener with no closer after it ends the scan (no later opener has one either). A
    pattern opener must match in time linear in what it consumes (e.g. ``\\(owner:\\s*``).
    """
    pos = 0
    while True:
        if isinstance(opener, str):
            start = text.find(opener, pos)
            if start < 0:
                return
            inner = start + len(opener)
        else:
            found = opener.search(text, pos)
            if found is None:
                return
            start, inner = found.span()
        close = text.find(closer, inner)
        if close < 0:
            return
        yield Span(start, inner, close, close + len(closer))
        pos = close + len(closer)


def cut_spans(text: str, spans: Iterable[Span], joiner: str = "") -> str:
    """``text`` without ``spans``; the pieces around each span are joined by ``joiner``."""
    pieces: list[str] = []
    pos = 0
    for span in spans:
        pieces.append(text[pos : span.start])
        pos = span.end
    pieces.append(text[pos:])
    return joiner.join(pieces)


def short(text: str, limit: int = MAX_VALUE) -> str | None:
    """``text`` stripped, or None when it is longer than ``limit``: not a value."""
    return None if len(text) > limit else text.strip()


def excerpt(text: str, limit: int) -> str:
    """``text.strip()[:limit]``, without copying a long text whole."""
    leading = _LEADING_SPACE.match(text)
    start = leading.end() if leading else 0
    if len(text) - start <= limit:
        return text[start:].rstrip()
    return text[start : start + limit]


def strip_edge_punctuation(text: str) -> str:
    """``text`` from its first to its last letter or digit ('' if it has none)."""
    first = _WORD_CHAR.search(text)
    if first is None:
        return ""
    # The last one is the first one of the reversed text: one forward scan each way.
    last = _WORD_CHAR.search(text[::-1])
    assert last is not None
    return text[first.start() : len(text) - last.start()]


def normalize_title(title: str) -> str:
    """Normalize a heading or section name for matching.

    Case, leading numbering ("1.", "1)", "10 -", "2.3"), "&" versus "and",
    emphasis markers, surrounding punctuation and repeated spaces are ignored:
    "## 2. *Incident Classification Matrix*:" matches "incident classification matrix".
    """
    text = title.replace("*", " ").replace("`", " ").strip()
    numbering = _NUMBERING.match(text)
    if numbering:
        text = text[numbering.end() :]
    # Spaces around "&" are folded with all others below.
    text = text.replace("&", " and ")
    text = strip_edge_punctuation(text.lower())
    return _SPACES.sub(" ", text).strip()


def github_slug(text: str) -> str:
    """GitHub's heading anchor: lower case, drop punctuation but '-' and '_', spaces to '-'."""
    out: list[str] = []
    for ch in text.strip().lower():
        if ch in " -_" or unicodedata.category(ch)[0] in "LMN" or ch.isalnum():
            out.append("-" if ch == " " else ch)
    return "".join(out)
