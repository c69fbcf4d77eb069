"""Built-in words of the vocabulary that are neither section titles nor headers.

What a cell or a row name says: the names of the availability SLO row, the words of a
decision that gates deployments. A project adds its own under ``vocabulary.words``
(``ops_lint.vocabulary``); they extend these.
"""

from __future__ import annotations

from collections.abc import Mapping

# Built-in words per concept that are neither titles nor headers: what a cell or row
# name says. A project's words extend these.
WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "slo-table": {
        # a row whose name contains one of these is the availability SLO
        "availability": ("Availability", "Platform availability", "Uptime"),
    },
    "budget-policy": {
        # a decision containing one of these freezes or gates deployments
        "gating": (
            "freeze",
            "frozen",
            "halt",
            "stop",
            "block",
            "only reliability",
            "no deploy",
            "no feature",
        ),
    },
}


def known_words(words: Mapping[str, Mapping[str, list[str]]]) -> None:
    """Raise ValueError for a concept or a list of words ops-lint does not know."""
    for concept, names in words.items():
        known = WORDS.get(concept)
        if known is None:
            raise ValueError(
                f"vocabulary.words: unknown concept {concept!r} (known: {', '.join(WORDS)})"
            )
        for name, values in names.items():
            if name not in known:
                raise ValueError(
                    f"vocabulary.words.{concept}: unknown words {name!r} "
                    f"(known: {', '.join(known)})"
                )
            if any(not value.strip() for value in values):
                raise ValueError(f"vocabulary.words.{concept}.{name}: a word is blank")


def key_for_words(concept: str, name: str) -> str:
    """The config key a user sets to add words ``name`` of ``concept``."""
    return f"vocabulary.words.{concept}.{name}"
