"""Where the SLO table and the error-budget policy are, and which tables were not taken.

Both concepts are tables recognised by their columns (``ops_lint.vocabulary``: columns
``slo-table.*`` and ``budget-policy.*``, matched tolerantly by ``ops_lint.matching``).
Tables are looked for under the sections that name the concept (:func:`locate`); when
no section does, every table of the doc with the concept's key columns is taken, tables
before the first heading included, and the model says so (``by_shape``). A table under a
searched section that lacks a key column is recorded as :class:`Rejected`, with the
columns it lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ops_lint.governance import Position, SectionRef, position
from ops_lint.governance.locate import Rejected, Search
from ops_lint.matching import column_of
from ops_lint.model import Document, Section, Table
from ops_lint.vocabulary import Vocabulary

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Column:
    """A logical column of a concept's table, and the header that holds it."""

    name: str  # logical: target, window, budget, consumed, ...
    header: str  # as written
    index: int  # 0-based


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """The tables of a concept in a doc, where they were looked for, and what was not
    taken. ``ambiguous`` lists the sections that each hold one when only one may be
    read: then none is taken (``tables`` is empty)."""

    search: Search
    tables: tuple[T, ...]
    rejected: tuple[Rejected, ...]
    by_shape: bool  # no section names the concept: tables taken by their columns
    ambiguous: tuple[SectionRef, ...]
    other_tables: tuple[str, ...]  # ``| a | b |`` header of every table searched, once each
    anchor: Position  # the first section found, else the first level-1 heading, else line 1

    @property
    def sections(self) -> tuple[SectionRef, ...]:
        """The sections found by title, in document order."""
        path = self.anchor.path
        return tuple(SectionRef(s.title, Position(path, s.line, 1)) for s in self.search.sections)


def columns_of(
    table: Table, vocabulary: Vocabulary, concept: str, names: Sequence[str]
) -> dict[str, Column]:
    """The logical columns among ``names`` that ``table``'s headers hold."""
    headers = [c.text for c in table.header]
    found: dict[str, Column] = {}
    taken: set[int] = set()
    for name in names:
        for alias in vocabulary.column_names(concept, name):  # the first alias found wins
            index = column_of(headers, (alias,))
            if index is not None and index not in taken:
                found[name] = Column(name, headers[index], index)
                taken.add(index)
                break
    return found


def _candidates(doc: Document, search: Search) -> Iterator[tuple[Section | None, Table]]:
    """The tables under the searched sections, or every table of the doc without one."""
    if not search.found:
        for table in doc.tables:
            yield (doc.sections[table.section] if table.section >= 0 else None), table
        return
    seen: set[int] = set()
    for section in search.sections:
        for table in doc.tables_in(section):
            if table.line not in seen:
                seen.add(table.line)
                yield section, table


def table_place(section: Section | None, table: Table) -> str:
    """``table | a | b | at line 12 in section 'X'``."""
    where = f"in section '{section.title}'" if section is not None else "before any heading"
    return f"table | {' | '.join(table.columns)} | at line {table.line} {where}"


def gather(doc: Document, search: Search, read: Callable[[Table], T | str], one: bool) -> Found[T]:
    """Every candidate table ``read`` accepts (it returns why not, otherwise).

    With ``one``, the concept is a single table: tables accepted in two sections are
    ambiguous and none is taken; within a section the first is taken.
    """
    taken: list[tuple[Section | None, T]] = []
    rejected: list[Rejected] = []
    for section, table in _candidates(doc, search):
        model = read(table)
        if not isinstance(model, str):
            taken.append((section, model))
        elif search.found:
            rejected.append(Rejected(table_place(section, table), position(doc, table.line), model))
    ambiguous: tuple[SectionRef, ...] = ()
    if one:
        holders = list(dict.fromkeys(s.number if s else -1 for s, _ in taken))
        if len(holders) > 1:
            ambiguous = tuple(_ref(doc, n) for n in holders)
            taken = []
        taken = taken[:1]
    return Found(
        search,
        tuple(model for _, model in taken),
        tuple(rejected),
        not search.found,
        ambiguous,
        _headers(doc, search),
        _anchor(doc, search),
    )


def _ref(doc: Document, number: int) -> SectionRef:
    if number < 0:
        return SectionRef("(before any heading)", position(doc, 1))
    section = doc.sections[number]
    return SectionRef(section.title, position(doc, section.line))


def _headers(doc: Document, search: Search) -> tuple[str, ...]:
    tables = [t for s in search.sections for t in doc.tables_in(s)]
    return tuple(dict.fromkeys("| " + " | ".join(t.columns) + " |" for t in tables))


def _anchor(doc: Document, search: Search) -> Position:
    if search.sections:
        return position(doc, search.sections[0].line)
    return position(doc, next((s.line for s in doc.sections if s.level == 1), 1))
