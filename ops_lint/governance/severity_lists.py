"""Severity levels written as headings or bullets, each with labelled values.

- ``headings``: a sub-heading per level (``### S1 — High``, ``### Sev 1``); the lines
  below it (bullets or paragraphs) that read ``Label: value`` give its values
  (``- **Response time:** 1 hour``, ``**Escalation:** L2 → IC``).
- ``bullets``: a bullet per level (``- **S1** (High)``) whose nested bullets are
  ``Label: value`` lines.

A label is a logical column when it matches one of the vocabulary's column names for
it, as a table header would; other labels (``Definition``) are not read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from ops_lint.governance import Position, Value, position
from ops_lint.governance.locate import Rejected
from ops_lint.governance.severity_shapes import (
    COLUMNS,
    CONCEPT,
    Label,
    Partial,
    SeverityRow,
    Spellings,
    clean,
    level_of,
)
from ops_lint.matching import header_matches
from ops_lint.model import Document, ListItem, Section, TextSpan
from ops_lint.vocabulary import Vocabulary

_CONTEXTS = ("list item", "paragraph")
_MAX_LABEL = 60


def _spans(doc: Document, first: int, last: int) -> dict[int, list[TextSpan]]:
    """Prose spans of list items and paragraphs on lines ``first``..``last``, by line."""
    lo = bisect_left(doc.texts, first, key=lambda t: t.line)
    hi = bisect_right(doc.texts, last, key=lambda t: t.line)
    lines: dict[int, list[TextSpan]] = {}
    for span in doc.texts[lo:hi]:
        if span.context in _CONTEXTS:
            lines.setdefault(span.line, []).append(span)
    return lines


def _column_at(spans: Sequence[TextSpan], offset: int) -> int:
    """The source column of character ``offset`` of the joined ``spans``."""
    seen = 0
    for span in spans:
        if offset < seen + len(span.text):
            return span.column + (offset - seen)
        seen += len(span.text)
    return spans[-1].column if spans else 1


def labelled(
    doc: Document, line: int, spans: Sequence[TextSpan], vocabulary: Vocabulary
) -> tuple[str, Label, Value] | None:
    """``(column, label, value)`` of a ``Label: value`` line naming a logical column."""
    text = "".join(s.text for s in spans)
    colon = text.find(":", 0, _MAX_LABEL)
    if colon <= 0:
        return None
    label = text[:colon].strip()
    column = next(
        (c for c in COLUMNS if header_matches(label, vocabulary.column_names(CONCEPT, c))), None
    )
    if column is None:
        return None
    rest = text[colon + 1 :]
    start = colon + 1 + (len(rest) - len(rest.lstrip()))
    label_at = position(doc, line, _column_at(spans, len(text) - len(text.lstrip())))
    value = Value(clean(rest.strip()), position(doc, line, _column_at(spans, start)))
    return column, Label(label, label_at), value


def _row(
    doc: Document, level: str, at: Position, lines: range, vocabulary: Vocabulary
) -> tuple[SeverityRow, dict[str, Label]]:
    values: dict[str, Value] = {}
    labels: dict[str, Label] = {}
    spans = _spans(doc, lines.start, lines.stop - 1)
    for line in sorted(spans):
        found = labelled(doc, line, spans[line], vocabulary)
        if found is not None and found[0] not in values:
            values[found[0]] = found[2]
            labels.setdefault(found[0], found[1])
    return SeverityRow(level, at, values), labels


def _partial(rows: list[tuple[SeverityRow, dict[str, Label]]]) -> Partial:
    columns: dict[str, Label] = {}
    for _, labels in rows:
        for name, label in labels.items():
            columns.setdefault(name, label)
    return Partial(rows[0][0].at, tuple(r for r, _ in rows), columns)


def _by_headings(
    doc: Document, section: Section, vocabulary: Vocabulary, spellings: Spellings
) -> Partial | None:
    rows = []
    for sub in doc.sections[section.number + 1 :]:
        if sub.line > section.end_line:
            break
        name = level_of(sub.title, spellings)
        if name is not None:
            lines = range(sub.line + 1, sub.end_line + 1)
            rows.append(_row(doc, name, position(doc, sub.line, 1), lines, vocabulary))
    return _partial(rows) if rows else None


def _block_end(items: Sequence[ListItem], index: int, last: int) -> int:
    depth = items[index].depth
    for item in items[index + 1 :]:
        if item.depth <= depth:
            return item.line - 1
    return last


def _by_bullets(
    doc: Document, section: Section, vocabulary: Vocabulary, spellings: Spellings
) -> Partial | None:
    items = doc.items_in(section)
    rows = []
    for index, item in enumerate(items):
        name = level_of(item.text, spellings)
        if name is None:
            continue
        lines = range(item.line + 1, _block_end(items, index, section.end_line) + 1)
        at = position(doc, item.line, item.column)
        rows.append(_row(doc, name, at, lines, vocabulary))
    return _partial(rows) if rows else None


def read_lists(
    doc: Document,
    section: Section,
    vocabulary: Vocabulary,
    spellings: Spellings,
    rejected: list[Rejected],
) -> tuple[str, list[Partial]]:
    """The levels of ``section`` as headings or bullets: the shape and what was read."""
    for shape, read in (("headings", _by_headings), ("bullets", _by_bullets)):
        found = read(doc, section, vocabulary, spellings)
        if found is not None:
            return shape, [found]
    rejected.append(
        Rejected(
            f"section '{section.title}'",
            position(doc, section.line),
            "no table with a level column, no sub-heading or bullet starting with a level",
        )
    )
    return "", []
