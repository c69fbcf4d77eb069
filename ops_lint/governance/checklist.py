"""The handover checklist of a document: the list items under its checklist sections.

Every list item under one of the searched sections counts, subsections included, so
items grouped under ``### Access`` / ``### Knowledge`` are part of the checklist:
task-list items (``- [ ]`` / ``- [x]``), plain bullets, numbered and nested items alike.
An item under two matched sections (a subsection of another) is listed once.

An item may name who does it in an owner note, ``(owner: X)`` or ``(owners: X, Y)``
(case-insensitive): each note's text between the colon and the closing parenthesis is
kept with its position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ops_lint.governance import Position, SectionRef, Value, position
from ops_lint.model import Document, ListItem
from ops_lint.normalize import find_spans

_OWNER_NOTE = re.compile(r"\(owners?+:\s*+", re.I)


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    text: str  # as the document model reads it (a task's box removed)
    at: Position
    checked: bool | None  # None: not a task-list item
    depth: int  # 1 for a top-level item
    owner_notes: tuple[Value, ...] = ()  # the text of each ``(owner: X)`` note, and where


@dataclass(frozen=True, slots=True)
class Checklist:
    searched: tuple[str, ...]  # the section titles searched
    sections: tuple[SectionRef, ...]  # the sections found by title, in document order
    items: tuple[ChecklistItem, ...]  # every item under them, once each, in line order
    anchor: Position  # the first level-1 heading (line 1 without one)


def extract_checklist(doc: Document, sections: Sequence[str]) -> Checklist:
    """The checklist under ``sections`` (no sections found: no items)."""
    found = doc.find_sections(list(sections))
    by_line: dict[int, ListItem] = {}
    for section in found:
        for item in doc.items_in(section):
            by_line.setdefault(item.line, item)
    items = tuple(_item(doc, by_line[line]) for line in sorted(by_line))
    anchor = next((s.line for s in doc.sections if s.level == 1), 1)
    return Checklist(
        tuple(sections),
        tuple(SectionRef(s.title, position(doc, s.line)) for s in found),
        items,
        position(doc, anchor),
    )


def _item(doc: Document, item: ListItem) -> ChecklistItem:
    notes = tuple(
        Value(
            item.text[note.inner : note.close], position(doc, item.line, item.column + note.inner)
        )
        for note in find_spans(item.text, _OWNER_NOTE, ")")
    )
    at = position(doc, item.line, item.column)
    return ChecklistItem(item.text, at, item.checked, item.depth, notes)
