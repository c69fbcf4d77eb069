"""The runbook inventory of a document: the tables that list its runbooks.

The inventory is found with the vocabulary (concept ``runbook-inventory``, see
``ops_lint.governance.locate``): every table under the best-titled section (subsections
included) that has a runbook column (``vocabulary.columns.runbook-inventory.runbook``,
headers matched tolerantly). Two sections titled equally well that both hold such a table
are ambiguous: the model takes neither and says so. When no section holds an inventory
table, a table anywhere in the doc (before the first heading too) with the inventory's
shape, a runbook, a trigger and an owner column, is taken, and the model records that.

Rows whose cells are all blank (spacers) are no entries; the cells and links of a row
are read by ``ops_lint.governance.inventory_rows``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ops_lint.governance import Position, SectionRef, Value, blank, position, value_of
from ops_lint.governance.inventory_rows import InventoryEntry, InventoryLink, entry_of
from ops_lint.governance.locate import Rejected, Search, locate
from ops_lint.matching import column_of
from ops_lint.model import Document, Section, Table
from ops_lint.vocabulary import Vocabulary

__all__ = [
    "InventoryColumn",
    "InventoryEntry",
    "InventoryLink",
    "InventoryTable",
    "RunbookInventory",
    "extract_column",
    "extract_inventory",
]

CONCEPT = "runbook-inventory"
SHAPE = ("runbook", "trigger", "owner")  # the columns that make a table an inventory


@dataclass(frozen=True, slots=True)
class InventoryTable:
    section: str  # the section found that holds it ("" before the first heading)
    at: Position  # the table's first line
    header: tuple[Value, ...]
    runbook_column: int
    rows: int  # body rows, spacers included
    entries: tuple[InventoryEntry, ...]

    def column(self, names: Sequence[str]) -> int | None:
        """Index of the first header that is the column ``names`` name (tolerant), or None."""
        return column_of(self.headers, names)

    @property
    def headers(self) -> list[str]:
        return [v.text for v in self.header]


@dataclass(frozen=True, slots=True)
class RunbookInventory:
    search: Search  # where the inventory section was looked for
    sections: tuple[SectionRef, ...]  # the sections found by title, in document order
    tables: tuple[InventoryTable, ...]  # the inventory tables, each once, in line order
    other_tables: tuple[tuple[str, ...], ...]  # headers of every table in the sections found
    anchor: Position  # the first level-1 heading (line 1 without one)
    rejected: tuple[Rejected, ...] = ()  # tables in the sections found that are no inventory
    ambiguous: tuple[SectionRef, ...] = ()  # sections that each hold an inventory table
    by_shape: bool = False  # taken from a table of the inventory's shape, not by title

    @property
    def searched(self) -> tuple[str, ...]:
        return self.search.names

    @property
    def entries(self) -> list[InventoryEntry]:
        return [entry for table in self.tables for entry in table.entries]


def _ref(doc: Document, section: Section) -> SectionRef:
    return SectionRef(section.title, position(doc, section.line))


def _holder(search: Search, table: Table) -> Section:
    """The section found that holds ``table``."""
    return next(s for s in search.sections if s.line <= table.line <= s.end_line)


def _title(doc: Document, table: Table) -> str:
    return doc.sections[table.section].title if table.section >= 0 else ""


def _table(doc: Document, table: Table, index: int, section: str) -> InventoryTable:
    entries = tuple(
        entry_of(doc, row, index)
        for row in table.rows
        if not all(blank(Value(c.text, position(doc, c.line))) for c in row.cells)
    )
    header = tuple(Value(c.text, position(doc, c.line, c.column)) for c in table.header)
    return InventoryTable(
        section, position(doc, table.line), header, index, len(table.rows), entries
    )


def _section_tables(doc: Document, search: Search) -> list[Table]:
    """Every table under the sections found, each once, in line order."""
    seen: dict[int, Table] = {}
    for section in search.sections:
        for table in doc.tables_in(section):
            seen.setdefault(table.line, table)
    return [seen[line] for line in sorted(seen)]


def _by_shape(doc: Document, vocabulary: Vocabulary) -> list[InventoryTable]:
    """Tables anywhere in ``doc`` with a runbook, a trigger and an owner column."""
    found: list[InventoryTable] = []
    for table in doc.tables:
        headers = [c.text for c in table.header]
        at = [column_of(headers, vocabulary.column_names(CONCEPT, c)) for c in SHAPE]
        if at[0] is not None and None not in at:
            found.append(_table(doc, table, at[0], _title(doc, table)))
    return found


def extract_inventory(doc: Document, vocabulary: Vocabulary) -> RunbookInventory:
    """The runbook inventory of ``doc`` (see the module docs)."""
    search = locate(doc, CONCEPT, vocabulary)
    names = vocabulary.column_names(CONCEPT, "runbook")
    tables: list[InventoryTable] = []
    rejected: list[Rejected] = []
    holders: dict[int, SectionRef] = {}
    in_sections = _section_tables(doc, search)
    for table in in_sections:
        index = column_of([c.text for c in table.header], names)
        if index is None:
            where = f"table at line {table.line} in section '{_title(doc, table)}'"
            why = "no runbook column (headed " + " / ".join(names) + ")"
            rejected.append(Rejected(where, position(doc, table.line), why))
            continue
        holder = _holder(search, table)
        tables.append(_table(doc, table, index, holder.title))
        holders.setdefault(holder.line, _ref(doc, holder))
    anchor = position(doc, next((s.line for s in doc.sections if s.level == 1), 1))
    found = tuple(_ref(doc, s) for s in search.sections)
    others = tuple(tuple(t.columns) for t in in_sections)
    common = (search, found)
    if len(holders) > 1:
        ambiguous = tuple(holders[line] for line in sorted(holders))
        return RunbookInventory(*common, (), others, anchor, tuple(rejected), ambiguous)
    if not tables:
        shaped = _by_shape(doc, vocabulary)
        if shaped:
            return RunbookInventory(
                *common, tuple(shaped), others, anchor, tuple(rejected), (), True
            )
    return RunbookInventory(*common, tuple(tables), others, anchor, tuple(rejected))


@dataclass(frozen=True, slots=True)
class InventoryColumn:
    """One column of the first inventory-section table that has it (e.g. the Owner column
    of a runbook inventory, whether or not that table has a runbook column)."""

    at: Position  # the table's first line
    header: Value
    cells: tuple[Value, ...]  # the column's cell in each body row that reaches it


def extract_column(
    doc: Document, inventory: RunbookInventory, names: Sequence[str]
) -> InventoryColumn | None:
    """The column named by ``names`` in the first table of ``inventory``'s sections (or of
    its tables, when they were taken by shape); None when the inventory is ambiguous."""
    if inventory.ambiguous:
        return None
    if inventory.by_shape:
        lines = {t.at.line for t in inventory.tables}
        candidates = [t for t in doc.tables if t.line in lines]
    else:
        candidates = _section_tables(doc, inventory.search)
    for table in candidates:
        index = column_of([c.text for c in table.header], names)
        if index is None:
            continue
        cells = tuple(value_of(doc, r.cells[index]) for r in table.rows if index < len(r.cells))
        return InventoryColumn(position(doc, table.line), value_of(doc, table.header[index]), cells)
    return None
