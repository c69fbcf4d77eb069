"""The burn-rate alerting table of a document: the tiers of multiwindow burn-rate alerts.

A burn-rate table is any table of the doc with a burn-rate column (``Burn rate``, ``Burn``,
``Burn-rate threshold``), a long-window and a short-window column (``Long window``,
``Short window``). Its other columns, when present: the tier's name (``Tier``, ``Alert
tier``, ``Name``; else the first column), the share of the budget consumed when the tier
fires (``Budget consumed when it fires``, ``Budget consumed``, ``Consumed``), the
severity (``Severity``) and the routing (``Routing``, ``Route``, ``Action``).

Each cell is kept as written with its position, next to the value read from it: the
burn rate (``14.4×``, ``14.4x``, ``14.4`` -> 14.4), the windows in minutes (``1 h``,
``5 min``, ``1 day``) and the consumed share in percent (``2%`` -> 2). A tier is a page
tier when its name or routing says ``page``, a ticket tier when it says ``ticket``. A
value is None when it does not read; what that means is the checks' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ops_lint import durations
from ops_lint.governance import Position, Value, position, value_of
from ops_lint.governance.slo_values import parse_percent
from ops_lint.matching import column_of
from ops_lint.model import Document, Row, Table
from ops_lint.tables import cell

Kind = Literal["page", "ticket"]

COLUMNS: dict[str, tuple[str, ...]] = {
    "burn": ("Burn rate", "Burn", "Burn-rate threshold", "Burn rate threshold"),
    "long": ("Long window", "Long"),
    "short": ("Short window", "Short"),
    "tier": ("Tier", "Alert tier", "Name"),
    "consumed": (
        "Budget consumed when it fires",
        "Budget consumed",
        "Consumed",
        "Budget spent",
        "Error budget consumed",
    ),
    "severity": ("Severity", "Default severity"),
    "routing": ("Routing", "Route", "Action"),
}
NEEDED = ("burn", "long", "short")
_RATE = re.compile(r"(\d++(?:\.\d++)?+)\s*+[×x]?+", re.I)


@dataclass(frozen=True, slots=True)
class BurnRow:
    at: Position  # the row's line, column 1
    cells: dict[str, Value]  # logical column -> cell as written (columns the row has)
    burn: float | None  # the burn rate (``14.4×`` -> 14.4)
    long_minutes: float | None
    short_minutes: float | None
    consumed: float | None  # percent of the budget consumed when it fires
    kind: Kind | None  # page or ticket, from the tier name or the routing

    def text(self, column: str) -> str:
        found = self.cells.get(column)
        return found.text.strip() if found is not None else ""

    @property
    def name(self) -> str:
        return self.text("tier") or f"row {self.at.line}"


@dataclass(frozen=True, slots=True)
class BurnTable:
    at: Position  # the table's first line
    headers: dict[str, str]  # logical column -> header as written
    rows: tuple[BurnRow, ...]


def _clean(text: str) -> str:
    return " ".join(text.replace("*", "").replace("`", "").split())


def parse_rate(text: str) -> float | None:
    """``14.4×``, ``14.4x``, ``14.4 ×``, ``14.4`` -> 14.4."""
    match = _RATE.fullmatch(_clean(text))
    return float(match.group(1)) if match else None


def parse_minutes(text: str) -> float | None:
    """``1 h``, ``5 min``, ``1 day``, ``3 days``, ``30m`` -> minutes."""
    found = durations.time_budget(_clean(text))
    return found.minutes if found is not None and found.minutes > 0 else None


def prometheus_duration(minutes: float) -> str:
    """60 -> ``1h``, 5 -> ``5m``, 1440 -> ``1d``, 90 -> ``90m``, 43200 -> ``30d``."""
    for unit, size in (("d", 1440.0), ("h", 60.0), ("m", 1.0)):
        if minutes >= size and (minutes / size).is_integer():
            return f"{int(minutes / size)}{unit}"
    return f"{round(minutes * 60)}s"


def _kind(tier: str, routing: str) -> Kind | None:
    for text in (tier.lower(), routing.lower()):
        if "page" in text:
            return "page"
        if "ticket" in text:
            return "ticket"
    return None


def _row(doc: Document, row: Row, index: dict[str, int]) -> BurnRow:
    cells: dict[str, Value] = {}
    for name, at in index.items():
        found = cell(row, at)
        if found is not None:
            cells[name] = value_of(doc, found)

    def text(name: str) -> str:
        return cells[name].text if name in cells else ""

    return BurnRow(
        position(doc, row.line),
        cells,
        parse_rate(text("burn")),
        parse_minutes(text("long")),
        parse_minutes(text("short")),
        parse_percent(text("consumed")),
        _kind(text("tier"), text("routing")),
    )


def read_table(doc: Document, table: Table) -> BurnTable | None:
    """``table`` as a burn-rate table, or None when it lacks a key column."""
    headers = [c.text for c in table.header]
    index: dict[str, int] = {}
    for name, aliases in COLUMNS.items():
        found = column_of(headers, aliases)
        if found is not None and found not in index.values():
            index[name] = found
    if any(n not in index for n in NEEDED):
        return None
    if "tier" not in index and 0 not in index.values():
        index["tier"] = 0
    rows = tuple(_row(doc, row, index) for row in table.rows)
    named = {name: headers[at] for name, at in index.items()}
    return BurnTable(position(doc, table.line), named, rows)


def extract_burn_tables(doc: Document) -> tuple[BurnTable, ...]:
    """Every burn-rate table of ``doc``, in document order."""
    found = (read_table(doc, table) for table in doc.tables)
    return tuple(t for t in found if t is not None)
