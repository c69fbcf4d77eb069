"""The handover checklist of a document: its items, written as a list or as a table.

The checklist is found with the vocabulary (concept ``checklist``, see
``ops_lint.governance.locate``). Every list item under the best-titled section counts,
subsections included (items grouped under ``### Access`` / ``### Knowledge``, items in a
``<details>`` block): task-list items (``- [ ]`` / ``- [x]``), plain bullets, numbered and
nested items alike. A table under the section with an item column
(``vocabulary.columns.checklist.item``: Item, Task, ...) holds one item per row: its
owner column gives the item's owners, its done column (Done, Status, ...) whether it is
checked (``✅``, ``[x]``, ``x``, ``yes``, ``done``...). Two sections titled equally well
that both hold items are ambiguous: the model takes neither and says so. Without a
section, a table anywhere in the doc with an item and a done column is taken.

An item may name who does it in an owner note, ``(owner: X)`` or ``(owners: X, Y)``
(case-insensitive): each note's text between the colon and the closing parenthesis is
kept with its position, as is the owner cell of a table row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ops_lint.governance import Position, SectionRef, Value, blank, position, value_of
from ops_lint.governance.locate import Rejected, Search, locate
from ops_lint.matching import column_of
from ops_lint.model import Document, ListItem, Row, Section, Table
from ops_lint.normalize import find_spans
from ops_lint.vocabulary import Vocabulary

CONCEPT = "checklist"
_OWNER_NOTE = re.compile(r"\(owners?+:\s*+", re.I)
_DONE = frozenset({"x", "[x]", "yes", "y", "done", "true", "complete", "completed", "signed off"})
_DONE_MARKS = ("\u2705", "\u2714", "\u2713", "\u2611")  # ✅ ✔ ✓ ☑


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    text: str  # as the document model reads it (a task's box removed); a row's item cell
    at: Position
    checked: bool | None  # None: not a task-list item, nor a row of a table with a done column
    depth: int  # 1 for a top-level item (and a table row)
    owner_notes: tuple[Value, ...] = ()  # each ``(owner: X)`` note's text, or the owner cell


@dataclass(frozen=True, slots=True)
class Checklist:
    search: Search  # where the checklist section was looked for
    sections: tuple[SectionRef, ...]  # the sections found by title, in document order
    items: tuple[ChecklistItem, ...]  # every item, once each, in line order
    anchor: Position  # the first level-1 heading (line 1 without one)
    ambiguous: tuple[SectionRef, ...] = ()  # sections that each hold items
    tables: tuple[Position, ...] = ()  # the tables items were read from
    by_shape: bool = False  # taken from a table of the checklist's shape, not by title
    section: SectionRef | None = None  # the section found that holds the items
    rejected: tuple[Rejected, ...] = ()  # tables in the sections found that hold no items

    @property
    def searched(self) -> tuple[str, ...]:
        return self.search.names


class _Columns:
    """Where a checklist table's item, owner and done columns are."""

    def __init__(self, table: Table, vocabulary: Vocabulary) -> None:
        headers = [c.text for c in table.header]
        self.item = column_of(headers, vocabulary.column_names(CONCEPT, "item"))
        self.owner = column_of(headers, vocabulary.column_names(CONCEPT, "owner"))
        self.done = column_of(headers, vocabulary.column_names(CONCEPT, "done"))


def is_done(text: str) -> bool:
    """Whether a done cell says the item is done."""
    folded = " ".join(text.replace("*", "").casefold().split())
    return folded in _DONE or any(mark in folded for mark in _DONE_MARKS)


def _row_item(doc: Document, row: Row, columns: _Columns) -> ChecklistItem | None:
    assert columns.item is not None
    if columns.item >= len(row.cells) or not row.cells[columns.item].text.strip():
        return None
    cell = row.cells[columns.item]
    notes = _notes(doc, cell.text, cell.line, cell.column)
    if columns.owner is not None and columns.owner < len(row.cells):
        owner = value_of(doc, row.cells[columns.owner])
        notes = notes if blank(owner) else (*notes, owner)
    checked = None
    if columns.done is not None:
        done = row.cells[columns.done].text if columns.done < len(row.cells) else ""
        checked = is_done(done)
    return ChecklistItem(cell.text, position(doc, cell.line, cell.column), checked, 1, notes)


def _table_items(doc: Document, table: Table, vocabulary: Vocabulary) -> list[ChecklistItem]:
    columns = _Columns(table, vocabulary)
    if columns.item is None:
        return []
    return [item for row in table.rows if (item := _row_item(doc, row, columns)) is not None]


def _section_items(
    doc: Document, section: Section, vocabulary: Vocabulary
) -> tuple[list[ChecklistItem], list[Position]]:
    items = [_item(doc, item) for item in doc.items_in(section)]
    tables: list[Position] = []
    for table in doc.tables_in(section):
        rows = _table_items(doc, table, vocabulary)
        if rows:
            tables.append(position(doc, table.line))
            items.extend(rows)
    return items, tables


def _by_shape(doc: Document, vocabulary: Vocabulary) -> tuple[list[ChecklistItem], list[Position]]:
    for table in doc.tables:
        columns = _Columns(table, vocabulary)
        if columns.item is not None and columns.done is not None:
            return _table_items(doc, table, vocabulary), [position(doc, table.line)]
    return [], []


def extract_checklist(doc: Document, vocabulary: Vocabulary) -> Checklist:
    """The checklist of ``doc`` (see the module docs)."""
    search = locate(doc, CONCEPT, vocabulary)
    anchor = position(doc, next((s.line for s in doc.sections if s.level == 1), 1))
    found = tuple(SectionRef(s.title, position(doc, s.line)) for s in search.sections)
    per_section = [
        (ref, *_section_items(doc, s, vocabulary))
        for ref, s in zip(found, search.sections, strict=True)
    ]
    holding = [entry for entry in per_section if entry[1]]
    if len(holding) > 1:
        return Checklist(search, found, (), anchor, tuple(ref for ref, _, _ in holding))
    if holding:
        ref, items, tables = holding[0]
        ordered = tuple(sorted(items, key=lambda i: (i.at.line, i.at.column)))
        rejected = _rejected(doc, search, vocabulary)
        return Checklist(search, found, ordered, anchor, (), tuple(tables), False, ref, rejected)
    if not found:
        items, tables = _by_shape(doc, vocabulary)
        if items:
            return Checklist(search, found, tuple(items), anchor, (), tuple(tables), True)
    return Checklist(search, found, (), anchor)


def _rejected(doc: Document, search: Search, vocabulary: Vocabulary) -> tuple[Rejected, ...]:
    """Tables under the sections found without an item column."""
    names = " / ".join(vocabulary.column_names(CONCEPT, "item"))
    return tuple(
        Rejected(f"table at line {t.line}", position(doc, t.line), f"no item column ({names})")
        for section in search.sections
        for t in doc.tables_in(section)
        if _Columns(t, vocabulary).item is None
    )


def _notes(doc: Document, text: str, line: int, column: int) -> tuple[Value, ...]:
    return tuple(
        Value(text[note.inner : note.close], position(doc, line, column + note.inner))
        for note in find_spans(text, _OWNER_NOTE, ")")
    )


def _item(doc: Document, item: ListItem) -> ChecklistItem:
    notes = _notes(doc, item.text, item.line, item.column)
    at = position(doc, item.line, item.column)
    return ChecklistItem(item.text, at, item.checked, item.depth, notes)
