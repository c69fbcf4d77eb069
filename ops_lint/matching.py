"""Tolerant matching of headings, table headers and severity levels to a vocabulary.

A heading or header is reduced to its *words* before it is compared:

- case, Markdown emphasis, emoji and other symbols are ignored;
- leading numbering of any style is ignored: ``2.``, ``2b.``, ``2)``, ``2.3``, ``II.``,
  ``A)``, ``Step 2:`` is not numbering (it is words);
- parentheticals and bracketed notes are ignored: ``(rolling 30 days)``, ``[draft]``;
- a trailing qualifier after a dash or colon is ignored when what comes before it still
  names the concept: ``Handover Checklist — sign-off 2026-12-04``;
- ``&``, ``and``, ``the``, ``of``, ``for``, ``our``, ``a`` are not words; plurals count
  as singular (``Runbooks`` = ``Runbook``, ``SLOs`` = ``SLO``).

A heading matches a name **exactly** when their words are the same, and **by inclusion**
when every word of the name is among the heading's (``Operational Roles,
Responsibilities & RACI`` includes ``Operational Roles & RACI``). Exact matches rank
before inclusions; two different sections at the best rank are ambiguous and reported,
never guessed (:func:`rank_titles`).

All work is linear in the text: patterns are anchored and possessive (see
``ops_lint.normalize``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

_STOP = frozenset({"and", "the", "of", "for", "our", "a", "an", "to", "in"})
_ROMAN = re.compile(r"(?=[ivxlc]++[.)])[ivxlc]++[.)]\s*+", re.I)
_NUMBERING = re.compile(
    r"(?:\d++[a-z]?+(?:\.\d++[a-z]?+)*+[.)]?+|[a-z][.)])(?:\s*+[-\u2013\u2014:]\s*+|\s++)", re.I
)
# A run of spaces is tried from its first space only: searching stays linear.
_QUALIFIER_SPLIT = re.compile(r"(?<!\s)\s++[-\u2013\u2014|:]\s++|:\s++")


def _drop_brackets(text: str) -> str:
    """``text`` without ``( … )`` and ``[ … ]`` spans (unclosed openers are kept)."""
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)


def _strip_numbering(text: str) -> str:
    text = text.lstrip()
    for pattern in (_ROMAN, _NUMBERING):
        found = pattern.match(text)
        if found is not None:
            return text[found.end() :]
    return text


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> tuple[str, ...]:
    """The content words of a heading or header, in order (see the module docs).

    Headings and vocabulary names are compared many times per run: short texts are
    remembered (a bounded cache), long ones are computed each time.
    """
    if len(text) <= _CACHED_LENGTH:
        return _cached_words(text)
    return _words(text)


_CACHED_LENGTH = 200


@lru_cache(maxsize=8192)
def _cached_words(text: str) -> tuple[str, ...]:
    return _words(text)


def _words(text: str) -> tuple[str, ...]:
    text = _strip_numbering(text.replace("*", " ").replace("`", " ").replace("_", " "))
    text = _drop_brackets(text).replace("&", " and ")
    kept: list[str] = []
    for ch in unicodedata.normalize("NFKC", text.lower()):
        category = unicodedata.category(ch)
        kept.append(ch if category[0] in "LN" else " ")
    return tuple(_singular(w) for w in "".join(kept).split() if w not in _STOP)


def _head(text: str) -> str:
    """``text`` before a trailing qualifier (``Checklist — sign-off`` -> ``Checklist``)."""
    found = _QUALIFIER_SPLIT.search(text)
    return text[: found.start()] if found is not None else text


class Match(NamedTuple):
    rank: int  # 0: exact, 1: exact before a trailing qualifier, 2: inclusion
    name: str  # the vocabulary name matched


def match_title(title: str, names: Iterable[str]) -> Match | None:
    """How well ``title`` matches the best of ``names``, or None."""
    full = words(title)
    if not full:
        return None
    head = words(_head(title))
    best: Match | None = None
    for name in names:
        wanted = words(name)
        if not wanted:
            continue
        if wanted == full:
            return Match(0, name)
        if wanted == head:
            rank = 1
        elif set(wanted) <= set(full):
            rank = 2
        else:
            continue
        if best is None or rank < best.rank:
            best = Match(rank, name)
    return best


class Ranked(NamedTuple):
    best: list[int]  # indexes of the candidates at the best rank, in order
    rank: int | None  # that rank; None when nothing matched


def rank_titles(titles: Sequence[str], names: Iterable[str]) -> Ranked:
    """The candidates among ``titles`` that match ``names`` at the best rank."""
    names = tuple(names)
    matches = [(i, m) for i, t in enumerate(titles) if (m := match_title(t, names)) is not None]
    if not matches:
        return Ranked([], None)
    top = min(m.rank for _, m in matches)
    return Ranked([i for i, m in matches if m.rank == top], top)


def header_matches(header: str, names: Iterable[str]) -> bool:
    """A table header is the column when its words (qualifiers aside) equal a name's."""
    full = words(header)
    if not full:
        return False
    head = words(_head(header))
    return any((w := words(n)) and (w in (full, head)) for n in names)


def column_of(headers: Sequence[str], names: Iterable[str]) -> int | None:
    """Index of the first header that is the column named by ``names``, or None."""
    names = tuple(names)
    return next((i for i, h in enumerate(headers) if header_matches(h, names)), None)


# --- severity levels ---------------------------------------------------------------

_LEVEL_NAME = re.compile(r"([a-z]++)[- ]?+(\d++)", re.I)
_SEVERITY_PREFIXES = ("s", "sev", "severity")
_PRIORITY_PREFIXES = ("p", "prio", "priority")


def level_spellings(name: str, aliases: Iterable[str] = ()) -> tuple[str, ...]:
    """Every spelling of a level, lower case, longest first.

    ``S0`` is also ``S-0``, ``Sev 0``, ``SEV0``, ``SEV-0``, ``Severity 0``; ``P1`` is also
    ``P-1``, ``Prio 1``, ``Priority 1``; ``SEV-2`` is ``S2`` and the rest. Other names
    (``Critical``) are spelt as written, and aliases as given.
    """
    spellings = {name.lower(), *(a.lower() for a in aliases)}
    found = _LEVEL_NAME.fullmatch(name.strip())
    if found is not None:
        prefix, number = found.group(1).lower(), found.group(2)
        family = (
            _SEVERITY_PREFIXES
            if prefix in _SEVERITY_PREFIXES
            else _PRIORITY_PREFIXES
            if prefix in _PRIORITY_PREFIXES
            else (prefix,)
        )
        for p in family:
            spellings.update({f"{p}{number}", f"{p}-{number}", f"{p} {number}"})
    return tuple(sorted(spellings, key=len, reverse=True))


def _plain(text: str) -> str:
    text = text.replace("*", " ").replace("_", " ").replace("`", " ").replace("~", " ")
    return " ".join(text.lower().split())


def level_at_start(text: str, spellings: Sequence[tuple[str, tuple[str, ...]]]) -> str | None:
    """The level whose spelling ``text`` starts with (``**S1** (High)`` -> ``S1``), or None.

    ``spellings`` pairs each level's name with :func:`level_spellings`; a spelling must
    end at a non-alphanumeric character, so ``S1`` does not match ``S10``.
    """
    plain = _plain(text)
    best: tuple[int, str] | None = None
    for level, forms in spellings:
        for form in forms:
            if plain.startswith(form) and not plain[len(form) : len(form) + 1].isalnum():
                if best is None or len(form) > best[0]:
                    best = (len(form), level)
                break
    return best[1] if best is not None else None
