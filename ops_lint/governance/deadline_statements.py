"""Sentences of a document that state a postmortem publication deadline.

A statement is a sentence (of a paragraph or list item) that mentions a postmortem
(``postmortem``, ``post-mortem``) and states when it is published:

- ``published within 72 h`` (``publish``, ``published``, ``publishes``),
- ``postmortems are due 48 hours after ...``, ``postmortem due within 3 days``,
- ``a blameless postmortem within 3 business days``,
- ``the restricted postmortem (72 h rule)``, ``the 72-hour clock`` / ``deadline``.

A table cell is read with its column header in front of it (``Published`` + ``within 72 h
of resolution``) and counts when the table's headers, its row or its section title
mention a postmortem. A sentence that speaks of action items, review meetings, drafts,
summaries or triage before its duration is not about the publication deadline: skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from ops_lint import durations
from ops_lint.governance.escalation import levels_named
from ops_lint.governance.prose import Block, cell_blocks, prose_blocks, sentences
from ops_lint.model import Document

_MENTION = re.compile(r"post[- ]?mortem", re.I)
_D = r"(?P<d>\d++(?:\.\d++)?+[ -]?+(?:calendar[ -]|business[ -]|working[ -])?+[a-z]++)"
_PATTERNS = (
    re.compile(rf"\bpublish(?:ed|es|ing)?+\b[^.;]{{0,40}}?\bwithin\s++{_D}", re.I),
    re.compile(
        rf"\bpost[- ]?mortems?+\b(?:\s++(?:is|are|must\s++be|should\s++be))?+\s++due\s++"
        rf"(?:within\s++|in\s++)?+{_D}",
        re.I,
    ),
    re.compile(rf"\bpost[- ]?mortems?+\s++within\s++{_D}", re.I),
    re.compile(rf"{_D}[ -]++(?:rule|clock|deadline)\b", re.I),
)
_NOT_PUBLICATION = re.compile(r"action|review|meeting|draft|summar|triag|follow-up", re.I)


class Statement(NamedTuple):
    line: int
    column: int
    written: str  # the duration as written
    text: str  # the sentence or cell
    levels: tuple[str, ...]  # severity levels the sentence or row names


def _matches(text: str) -> Iterator[re.Match[str]]:
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if not _NOT_PUBLICATION.search(text, 0, match.start("d")):
                yield match


def _cell_mentions(doc: Document, block: Block) -> bool:
    title = doc.sections[block.section].title if block.section >= 0 else ""
    return any(_MENTION.search(t) for t in (*block.headers, *block.row, title))


def deadline_statements(
    doc: Document, level_names: Sequence[tuple[str, tuple[str, ...]]]
) -> list[Statement]:
    """The postmortem deadline statements of ``doc``, in document order."""
    found: list[Statement] = []
    for block in prose_blocks(doc):
        if not _MENTION.search(block.text):
            continue
        for start, sentence in sentences(block):
            if not _MENTION.search(sentence):
                continue
            levels = levels_named(sentence, level_names)
            for match in _matches(sentence):
                line, column = block.place(start + match.start("d"))
                found.append(Statement(line, column, match.group("d"), sentence, levels))
    for block in cell_blocks(doc, _MENTION):
        text = f"{block.header} {block.text}"
        matches = list(_matches(text)) if block.text.strip() else []
        if not matches or not _cell_mentions(doc, block):
            continue
        levels = levels_named(" ".join(block.row), level_names)
        for match in matches:
            offset = max(match.start("d") - len(block.header) - 1, 0)
            line, column = block.place(offset)
            found.append(Statement(line, column, match.group("d"), block.text, levels))
    found.sort(key=lambda s: (s.line, s.column))
    return [s for i, s in enumerate(found) if i == 0 or s[:2] != found[i - 1][:2]]


def calendar_hours(written: str) -> float | None:
    """``72 h``, ``72-hour``, ``3 days``, ``3 calendar days`` in hours; None for business
    days and what is not a duration."""
    plain = re.sub(r"calendar[ -]", "", written.lower())
    found = durations.read(plain)
    if found is None or found.unit not in ("minute", "hour", "day", "week"):
        return None
    return durations.Duration(found.amount, found.unit).hours
