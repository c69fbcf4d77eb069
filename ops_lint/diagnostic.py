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
from typing import Any, NamedTuple

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


class TextEdit(NamedTuple):
    """Replace the text from (line, column) up to (end_line, end_column), 1-based, the end
    excluded; an insertion has start == end, and a line past the last one is the end of the file.

    ``old``: what the span must hold. Empty: the span is replaced as it is. Otherwise the
    first of these texts found in the span (the first occurrence) is replaced, and the
    edit is dropped when none is there: a fix never writes over text it did not expect.
    ``path``: None for the document checked; else the file (absolute for a check,
    project-relative once the engine has stamped it).
    """

    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    old: tuple[str, ...] = ()
    path: str | None = None


class Fix(NamedTuple):
    """How to resolve a finding: edits applied together, or not at all. ``safe``: the
    meaning of the doc is kept (``--fix``); unsafe fixes need ``--unsafe-fixes``."""

    edits: tuple[TextEdit, ...]
    safe: bool
    title: str  # what the fix does, e.g. "set the error budget to 43.2 min"


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
    fix: Fix | None = field(compare=False, default=None)  # applied by --fix

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
