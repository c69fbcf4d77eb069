"""A team's own words for durations, translated to the duration grammar's.

``vocabulary.durations`` maps a word of the grammar (``ops_lint.durations``) to the
words a team writes for it::

    vocabulary:
      durations:
        business day: ["Werktag", "Werktage", "BD"]
        backlog: ["next sprint", "when capacity allows"]
        immediate: ["at once"]

Before a response time is read, each team word (case-insensitive, as a whole word) is
replaced by its grammar word, so ``2 Werktage`` reads as 2 business days and ``next
sprint`` as unbounded. The replacement is one pass of one pattern over a bounded text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

# Grammar words a team may give synonyms for.
TARGETS = ("minute", "hour", "day", "business day", "week", "immediate", "backlog")


def known_targets(words: Mapping[str, Sequence[str]]) -> None:
    """Raise ValueError for a key that is not a grammar word."""
    for key in words:
        if key not in TARGETS:
            raise ValueError(
                f"vocabulary.durations: unknown word {key!r} (known: {', '.join(TARGETS)})"
            )


@lru_cache(maxsize=32)
def _translator(pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    table = {synonym.lower(): target for synonym, target in pairs}
    alternatives = "|".join(re.escape(s) for s in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alternatives})(?![a-z0-9])"), table


def translate(text: str, words: Mapping[str, Sequence[str]]) -> str:
    """``text`` lower-cased with each team word replaced by its grammar word."""
    pairs = tuple((s, target) for target, synonyms in words.items() for s in synonyms if s.strip())
    if not pairs:
        return text
    pattern, table = _translator(pairs)
    # A number glued to a unit word ("2BD") keeps its unit readable: add the space.
    return pattern.sub(lambda m: " " + table[m.group(0)], text.lower()).replace("  ", " ")
