"""The parts of a postmortem: its timeline, its contributing factors, its action items.

Sections are found by the vocabulary's titles (``ops_lint.governance.locate``):
``timeline`` (Timeline, Incident Timeline ...), ``contributing-factors`` (Contributing
Factors, Root Causes and Contributing Factors, Causes ...) and ``action-items`` (Action
Items, Actions ...). The action items table is the first table of the action items
section; its owner and due columns are matched against
``vocabulary.columns.action-items`` (Owner / Owner team / Team; Due / Due date /
Deadline). Positions are kept for every value read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ops_lint.governance import Position, Value, position, value_of
from ops_lint.governance.locate import Search, locate
from ops_lint.matching import column_of, level_spellings
from ops_lint.model import Document, Table
from ops_lint.vocabulary import Vocabulary

SECTION_CONCEPTS = ("timeline", "contributing-factors", "action-items")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class ActionRow:
    line: int
    action: str  # the first cell
    owner: Value | None  # None: the row has no cell in the owner column
    due: Value | None


@dataclass(frozen=True, slots=True)
class ActionTable:
    at: Position
    owner_column: str | None  # the header naming it, or None when the table has none
    due_column: str | None
    rows: tuple[ActionRow, ...]


@dataclass(frozen=True, slots=True)
class PostmortemParts:
    searches: dict[str, Search]  # concept -> where its section was looked for
    actions: ActionTable | None  # None: no table in the action items section

    def missing(self) -> list[str]:
        """The concepts whose section the postmortem lacks."""
        return [c for c in SECTION_CONCEPTS if not self.searches[c].found]


def _row_value(doc: Document, table: Table, index: int | None, row: int) -> Value | None:
    cells = table.rows[row].cells
    if index is None or index >= len(cells):
        return None
    return value_of(doc, cells[index])


def _action_table(doc: Document, search: Search, vocabulary: Vocabulary) -> ActionTable | None:
    for section in search.sections:
        for table in doc.tables_in(section):
            headers = table.columns
            owner = column_of(headers, vocabulary.column_names("action-items", "owner"))
            due = column_of(headers, vocabulary.column_names("action-items", "due"))
            rows = tuple(
                ActionRow(
                    r.line,
                    r.cells[0].text if r.cells else "",
                    _row_value(doc, table, owner, i),
                    _row_value(doc, table, due, i),
                )
                for i, r in enumerate(table.rows)
            )
            return ActionTable(
                position(doc, table.line),
                headers[owner] if owner is not None else None,
                headers[due] if due is not None else None,
                rows,
            )
    return None


def extract_postmortem(doc: Document, vocabulary: Vocabulary) -> PostmortemParts:
    """The sections and action items of postmortem ``doc``."""
    searches = {c: locate(doc, c, vocabulary) for c in SECTION_CONCEPTS}
    return PostmortemParts(searches, _action_table(doc, searches["action-items"], vocabulary))


def iso_date(text: str) -> dt.date | None:
    """The ISO date (``2026-10-06``) ``text`` holds, or None (also for impossible dates)."""
    found = _ISO_DATE.search(text)
    if found is None:
        return None
    try:
        return dt.date.fromisoformat(found.group(0))
    except ValueError:
        return None


def major_level(severity: object, vocabulary: Vocabulary) -> str | None:
    """The major level ``severity`` spells (``Sev 1`` -> ``S1``), or None."""
    if not isinstance(severity, str):
        return None
    text = " ".join(severity.replace("*", " ").lower().split())
    for level in vocabulary.levels:
        if level.major and text in level_spellings(level.name, level.aliases):
            return level.name
    return None
