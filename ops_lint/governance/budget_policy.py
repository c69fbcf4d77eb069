"""The error-budget policy of a document: budget bands and the deployment decision of each.

A policy table has a decision column (vocabulary ``budget-policy.decision``) and a band
column, framed one of two ways:

- budget **consumed** (``budget-policy.consumed``: ``< 50%``, ``50-75%``, ``≥ 100%``);
- budget **remaining** (``budget-policy.remaining``: ``> 50%``, ``25-50%``, ``0-25%``,
  ``exhausted``), or another column whose cells say ``remaining`` or ``left``.

Every band is kept as written and read as the lower bound of the budget it covers, in
percent *consumed*: a remaining band up to ``x`` % is consumed from ``100 - x`` %, and an
exhausted budget is 100 % consumed. The policy records its framing. It is one table:
the first under the sections titled like ``budget-policy``; tables in two such sections
are ambiguous (:mod:`ops_lint.governance.slo_found`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ops_lint.governance import Position, Value, position, value_of
from ops_lint.governance.locate import locate
from ops_lint.governance.slo_found import Column, Found, columns_of, gather
from ops_lint.governance.slo_values import parse_remaining, parse_threshold, says_remaining
from ops_lint.model import Document, Row, Table
from ops_lint.tables import cell
from ops_lint.vocabulary import Vocabulary

CONCEPT = "budget-policy"
Framing = Literal["consumed", "remaining"]


@dataclass(frozen=True, slots=True)
class BudgetBand:
    at: Position  # the row's line, column 1
    band: Value | None  # the band as written; None when the row is too short
    decision: Value | None
    threshold: float | None  # lower bound, in percent consumed (``50-75%`` -> 50)


@dataclass(frozen=True, slots=True)
class BudgetPolicy:
    at: Position  # the table's first line
    headers: tuple[str, ...]
    columns: tuple[Column, ...]  # the band column (consumed or remaining) and the decision
    framing: Framing  # what the bands count: budget consumed or budget remaining
    framed_by: Literal["header", "cells"]  # how the framing was told
    bands: tuple[BudgetBand, ...]


def _band_column(table: Table, found: dict[str, Column]) -> tuple[Column, Framing, bool] | None:
    """The band column, its framing, and whether the header told it."""
    for name in ("consumed", "remaining"):
        if name in found:
            return found[name], "consumed" if name == "consumed" else "remaining", True
    decision = found["decision"].index
    for index, header in enumerate(table.header):
        texts = [c.text for row in table.rows if (c := cell(row, index)) is not None]
        if index != decision and any(says_remaining(t) for t in texts):
            return Column("remaining", header.text, index), "remaining", False
    return None


def _band(doc: Document, row: Row, band: int, decision: int, framing: Framing) -> BudgetBand:
    value = cell(row, band)
    text = value.text if value is not None else ""
    read = parse_threshold if framing == "consumed" else parse_remaining
    return BudgetBand(
        position(doc, row.line),
        value_of(doc, value) if value is not None else None,
        value_of(doc, d) if (d := cell(row, decision)) is not None else None,
        read(text),
    )


def _reader(doc: Document, vocabulary: Vocabulary) -> Callable[[Table], BudgetPolicy | str]:
    def read(table: Table) -> BudgetPolicy | str:
        found = columns_of(table, vocabulary, CONCEPT, ("consumed", "remaining", "decision"))
        if "decision" not in found:
            return "no decision column"
        band = _band_column(table, found)
        if band is None:
            return "no budget consumed or budget remaining column"
        column, framing, by_header = band
        decision = found["decision"]
        bands = tuple(_band(doc, row, column.index, decision.index, framing) for row in table.rows)
        columns = tuple(sorted((column, decision), key=lambda c: c.index))
        headers = tuple(c.text for c in table.header)
        framed_by: Literal["header", "cells"] = "header" if by_header else "cells"
        return BudgetPolicy(position(doc, table.line), headers, columns, framing, framed_by, bands)

    return read


def extract_budget_policy(doc: Document, vocabulary: Vocabulary) -> Found[BudgetPolicy]:
    """The error-budget policy table of ``doc`` (see the module docs)."""
    search = locate(doc, CONCEPT, vocabulary)
    return gather(doc, search, _reader(doc, vocabulary), one=True)
