"""The finding a rule reports, as the user sees it, and the bounds on what it quotes.

A finding quotes the doc, it does not copy it: the engine clips every message, hint and
snippet to ``MAX_TEXT`` characters (:func:`clip`), and checks that list what they found
(headings, owners, roles) show the first ``MAX_ITEMS`` (:func:`listing`). A 2 MB doc
gives a report of a few lines, not one of several megabytes.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_TEXT = 500  # characters of a message, hint or snippet
MAX_ITEMS = 10  # items of a list quoted in a message or hint


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """``text``, cut to at most ``limit`` characters with a note of how much was left out."""
    if len(text) <= limit:
        return text
    kept = max(0, limit - 30)  # room for the note
    return f"{text[:kept]}… ({len(text) - kept:,} more characters)"


def listing(items: Sequence[str], sep: str = ", ", limit: int = MAX_ITEMS) -> str:
    """The first ``limit`` of ``items`` joined by ``sep``, then "… and N more"."""
    shown = sep.join(items[:limit])
    if len(items) > limit:
        shown += f"{sep}… and {len(items) - limit:,} more"
    return shown


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= Severity.WARNING`` reads naturally."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r} (expected error, warning or info)"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One finding. Field order is the sort order: path, line, column, code.

    ``path`` is relative to the project root, POSIX: the same from any working directory.
    Each output format shows it as its target wants it (``formats.locations``): relative to
    the working directory for people, to the repository root for CI systems.
    """

    path: str
    line: int
    column: int
    code: str
    rule: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    hint: str = field(compare=False, default="")
    # The offending content, used for fingerprints that survive line moves.
    snippet: str = field(compare=False, default="")

    @property
    def key(self) -> str:
        """The project-relative path (the same as ``path``)."""
        return self.path

    def to_dict(self, path: str | None = None) -> dict[str, Any]:
        """The finding in the JSON contract, its path shown as ``path`` when given."""
        return {
            "path": self.path if path is None else path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
        }


def fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """Stable ids that survive line moves: code, project-relative path and the offending
    content, so the same finding has the same id from any working directory.

    Two identical findings in one file are told apart by their order of appearance.
    """
    import hashlib

    seen: dict[str, int] = {}
    out: list[str] = []
    for d in diagnostics:
        content = " ".join((d.snippet or d.message).split())
        key = f"{d.code}\0{d.path}\0{content}".encode("utf-8", "surrogatepass")
        base = hashlib.sha256(key).hexdigest()[:24]
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(f"{base}:{count}")
    return out
