"""Where a concept is written in a doc: the sections whose titles name it.

Every governance model starts here. :func:`locate` ranks the doc's headings against the
vocabulary's titles for a concept (``ops_lint.matching``: exact before a trailing
qualifier before inclusion) and keeps the sections at the best rank. A section inside
another kept one is part of it, not a rival. When nothing matches, the heading whose
words are closest to the concept's is kept as ``nearby``, so a message can say what was
found instead and which vocabulary key would name it.

The result is plain data with positions; it knows nothing of rules or messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ops_lint.governance import Position, position
from ops_lint.matching import rank_titles, words
from ops_lint.model import Document, Section
from ops_lint.vocabulary import Vocabulary, key_for_section


class Rejected(NamedTuple):
    """A candidate a model did not take, and why (shown by ``ops-lint inspect``)."""

    what: str  # e.g. "table at line 40 in section 'Severity Matrix'"
    at: Position
    why: str  # e.g. "no column named like a severity level"


@dataclass(frozen=True, slots=True)
class Search:
    """The sections of ``doc`` that name ``concept``, best first, and what was near."""

    concept: str
    names: tuple[str, ...]  # the titles looked for (vocabulary, built-in first)
    sections: tuple[Section, ...]  # the sections at the best rank, outermost, in doc order
    rank: int | None  # 0 exact, 1 before a trailing qualifier, 2 inclusion; None: no match
    nearby: Section | None  # no match: the heading closest in words, if any shares one

    @property
    def key(self) -> str:
        """The config key that names this concept's section."""
        return key_for_section(self.concept)

    @property
    def found(self) -> bool:
        return bool(self.sections)


def _outermost(doc: Document, picked: Sequence[Section]) -> tuple[Section, ...]:
    """``picked`` without sections nested in another picked one."""
    numbers = {s.number for s in picked}
    kept: list[Section] = []
    for section in picked:
        parent = section.parent
        while parent >= 0 and parent not in numbers:
            parent = doc.sections[parent].parent
        if parent < 0:
            kept.append(section)
    return tuple(kept)


def _closest(doc: Document, names: Sequence[str]) -> Section | None:
    """The heading sharing most words with one of ``names`` (at least one), first wins."""
    wanted = [set(words(n)) for n in names]
    best: tuple[float, int] | None = None
    for section in doc.sections:
        have = set(words(section.title))
        if not have:
            continue
        score = max((len(have & w) / len(have | w) for w in wanted if w), default=0.0)
        if score > 0 and (best is None or score > best[0]):
            best = (score, section.number)
    return doc.sections[best[1]] if best is not None else None


def locate(doc: Document, concept: str, vocabulary: Vocabulary) -> Search:
    """The sections of ``doc`` titled like ``concept`` (see the module docs)."""
    names = vocabulary.section_names(concept)
    ranked = rank_titles([s.title for s in doc.sections], names)
    picked = _outermost(doc, [doc.sections[i] for i in ranked.best])
    nearby = None if picked else _closest(doc, names)
    return Search(concept, names, picked, ranked.rank, nearby)


def section_position(doc: Document, section: Section | None) -> Position:
    """Where ``section``'s heading is, or line 1 for none."""
    return position(doc, section.line if section is not None else 1)
