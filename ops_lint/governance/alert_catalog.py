"""The alert catalog of a doc set: every alert, its severity and its runbook.

A catalog table is any table of any doc with an alert column and a runbook column
(vocabulary concept ``alert-catalog``: headers ``Alert``, ``Page alert``, ``Ticket
alert`` ... and ``Runbook`` ..., matched tolerantly), wherever it is written; a table may
hold several alert columns (a burn-rate table's page and ticket alerts: two alerts per
row). Each row gives:

- its alert names: the identifier in each alert cell (written in backticks; a cell of
  several words gives the words shaped like alert names, ``EdiIngestStalled``);
- its severities, from the severity column (``Severity``, ``Default severity``): the
  level the cell starts with is the default, levels after it are qualified ones
  (``S2 (S1 top-10 payer)`` -> ``S2``, then ``S1``);
- its runbook: the links of the runbook cell, the first relative one resolved to a path.

The catalog is built once per run (:func:`alert_catalog`); it knows nothing of rules.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ops_lint.governance import Position, Value, blank, position
from ops_lint.governance.inventory_rows import InventoryLink, entry_of
from ops_lint.governance.severity_shapes import Spellings, level_of, spellings_of
from ops_lint.matching import column_of, header_matches
from ops_lint.model import Document, Table
from ops_lint.vocabulary import Vocabulary

CONCEPT = "alert-catalog"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*+")
# An alert name in prose: one identifier of capitalised words (EdiIngestStalled, etcdDown).
_HUMP = re.compile(r"[a-z0-9][A-Z]|.[A-Z][a-z]")

Resolve = Callable[[Document, str], "str | None"]


@dataclass(frozen=True, slots=True)
class CatalogRow:
    doc: str  # display path of the doc holding the table
    line: int
    names: tuple[Value, ...]  # alert names, each at its cell
    unnamed: tuple[Value, ...]  # non-blank alert cells that hold no alert name
    severity: Value | None  # the severity cell (None: no column, or a short row)
    default: str | None  # the level the severity cell starts with
    qualified: tuple[str, ...]  # further levels in the cell
    runbook: Value | None  # the runbook cell
    links: tuple[InventoryLink, ...]  # links in the runbook cell
    runbook_target: str | None  # abspath of its first relative link

    @property
    def severities(self) -> tuple[str, ...]:
        return (self.default, *self.qualified) if self.default else ()


class CatalogTable(NamedTuple):
    doc: str
    at: Position  # the header line
    alert_headers: tuple[str, ...]
    severity_header: str | None  # None: the table has no severity column
    rows: tuple[CatalogRow, ...]


class CatalogAlert(NamedTuple):
    name: str
    severities: tuple[str, ...]  # default first, then qualified levels; () for none
    runbook_target: str | None  # abspath the runbook link resolves to
    doc: str  # display path of the catalog doc
    line: int
    row: CatalogRow

    @property
    def default(self) -> str | None:
        return self.severities[0] if self.severities else None

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}"


@dataclass(frozen=True, slots=True)
class AlertCatalog:
    tables: tuple[CatalogTable, ...]
    alerts: tuple[CatalogAlert, ...]
    by_name: Mapping[str, tuple[CatalogAlert, ...]]
    by_runbook: Mapping[str, tuple[CatalogAlert, ...]]  # runbook abspath -> its alerts

    @property
    def found(self) -> bool:
        return bool(self.tables)

    @property
    def docs(self) -> tuple[str, ...]:
        """The docs holding catalog tables, in doc-set order."""
        return tuple(dict.fromkeys(t.doc for t in self.tables))

    def named_in(self, text: str) -> list[str]:
        """The catalog alerts ``text`` names (backticks or not), in order, once each."""
        found = (m.group() for m in _IDENT.finditer(text))
        return list(dict.fromkeys(n for n in found if n in self.by_name))

    def severities_of(self, name: str) -> tuple[str, ...]:
        """Every level the catalog gives ``name`` (an alert listed twice: both rows')."""
        rows = self.by_name.get(name, ())
        return tuple(dict.fromkeys(level for a in rows for level in a.severities))


def alert_names(text: str) -> list[str]:
    """The alert names of an alert cell: the identifier it is, or its words shaped like one."""
    text = text.strip()
    if _IDENT.fullmatch(text):
        return [text]
    return [m.group() for m in _IDENT.finditer(text) if _HUMP.search(m.group())]


@lru_cache(maxsize=16)
def _level_pattern(spellings: Spellings) -> tuple[re.Pattern[str], dict[str, str]]:
    names = {form: level for level, forms in spellings for form in forms}
    forms = sorted(names, key=len, reverse=True)
    alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s++") for f in forms)
    pattern = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])", re.I)
    return pattern, names


def levels_in(text: str, spellings: Spellings) -> tuple[str | None, tuple[str, ...]]:
    """The level ``text`` starts with (None if it starts with none) and the other levels
    it names after it, in order (``S2 (S1 top-10 payer)`` -> ``("S2", ("S1",))``)."""
    default = level_of(text, spellings)
    pattern, names = _level_pattern(spellings)
    found = [names[" ".join(m.group().lower().split())] for m in pattern.finditer(text)]
    if default is not None and found and found[0] == default:
        found = found[1:]
    others = tuple(dict.fromkeys(level for level in found if level != default))
    return default, others


def split_examples(text: str) -> list[str]:
    """The examples of a cell separated by ``;`` (not inside parentheses), stripped."""
    parts: list[str] = []
    depth, start = 0, 0
    for index, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == ";" and not depth:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [p.strip().rstrip(".").strip() for p in parts if p.strip(" .")]


class _Columns(NamedTuple):
    alerts: tuple[int, ...]
    severity: int | None
    runbook: int


def _columns(table: Table, vocabulary: Vocabulary) -> _Columns | None:
    headers = [c.text for c in table.header]
    alert_names_ = vocabulary.column_names(CONCEPT, "alert")
    alerts = tuple(i for i, h in enumerate(headers) if header_matches(h, alert_names_))
    runbook = column_of(headers, vocabulary.column_names(CONCEPT, "runbook"))
    if not alerts or runbook is None:
        return None
    severity = column_of(headers, vocabulary.column_names(CONCEPT, "severity"))
    return _Columns(alerts, severity, runbook)


def _row(
    doc: Document, row_index: int, table: Table, columns: _Columns, spellings: Spellings
) -> CatalogRow:
    row = table.rows[row_index]
    entry = entry_of(doc, row, columns.runbook)
    names: list[Value] = []
    unnamed: list[Value] = []
    for index in columns.alerts:
        value = entry.get(index)
        if value is None or blank(value):
            continue
        found = alert_names(value.text)
        names.extend(Value(n, value.at) for n in found)
        if not found:
            unnamed.append(value)
    severity = entry.get(columns.severity)
    if severity is not None and columns.severity is not None and not severity.text.strip():
        empty = row.cells[columns.severity]  # an empty cell: where the table has it
        severity = Value("", position(doc, row.line, empty.column))
    default, qualified = levels_in(severity.text, spellings) if severity else (None, ())
    return CatalogRow(
        doc.path,
        row.line,
        tuple(names),
        tuple(unnamed),
        severity,
        default,
        qualified,
        entry.runbook,
        entry.links,
        None,
    )


def catalog_tables(doc: Document, vocabulary: Vocabulary) -> list[CatalogTable]:
    """The catalog tables of one doc (``runbook_target`` not resolved yet)."""
    spellings = spellings_of(vocabulary)
    found: list[CatalogTable] = []
    for table in doc.tables:
        columns = _columns(table, vocabulary)
        if columns is None:
            continue
        rows = tuple(_row(doc, i, table, columns, spellings) for i in range(len(table.rows)))
        severity = None if columns.severity is None else table.header[columns.severity].text
        found.append(
            CatalogTable(
                doc.path,
                position(doc, table.line),
                tuple(table.header[i].text for i in columns.alerts),
                severity,
                tuple(r for r in rows if r.names or r.unnamed),
            )
        )
    return found


def _resolved(row: CatalogRow, doc: Document, resolve: Resolve) -> CatalogRow:
    targets = (resolve(doc, link.target) for link in row.links)
    target = next((t for t in targets if t is not None), None)
    if target is None:
        return row
    return dataclasses.replace(row, runbook_target=target)


def doc_catalog_tables(
    doc: Document, vocabulary: Vocabulary, resolve: Resolve
) -> tuple[CatalogTable, ...]:
    """The catalog tables of ``doc``, rows resolved with ``resolve`` (doc, link target ->
    abspath, or None for a URL)."""
    if doc.read_error is not None or not doc.tables:
        return ()
    return tuple(
        table._replace(rows=tuple(_resolved(r, doc, resolve) for r in table.rows))
        for table in catalog_tables(doc, vocabulary)
    )


def build_catalog(
    docs: Iterable[Document], tables_of: Callable[[Document], tuple[CatalogTable, ...]]
) -> AlertCatalog:
    """Every catalog table of ``docs`` (``tables_of``: a doc's, as
    :func:`doc_catalog_tables` gives them)."""
    tables = [table for doc in docs for table in tables_of(doc)]
    alerts = [
        CatalogAlert(name.text, row.severities, row.runbook_target, row.doc, row.line, row)
        for table in tables
        for row in table.rows
        for name in row.names
    ]
    return AlertCatalog(
        tuple(tables), tuple(alerts), _index(alerts, lambda a: a.name), _by_runbook(alerts)
    )


def _index(
    alerts: Sequence[CatalogAlert], key: Callable[[CatalogAlert], str | None]
) -> dict[str, tuple[CatalogAlert, ...]]:
    index: dict[str, list[CatalogAlert]] = {}
    for alert in alerts:
        value = key(alert)
        if value is not None:
            index.setdefault(value, []).append(alert)
    return {k: tuple(v) for k, v in index.items()}


def _by_runbook(alerts: Sequence[CatalogAlert]) -> dict[str, tuple[CatalogAlert, ...]]:
    return _index(alerts, lambda a: a.runbook_target)


def most_severe(levels: Iterable[str], vocabulary: Vocabulary) -> str | None:
    """The most severe of ``levels`` (the vocabulary lists levels most severe first)."""
    order = {name: i for i, name in enumerate(vocabulary.level_names())}
    known = [level for level in levels if level in order]
    return min(known, key=order.__getitem__) if known else None
