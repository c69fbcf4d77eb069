"""Typed models of the governance content of a doc set, extracted once per run.

A model holds what a document says (a RACI matrix, a severity matrix, ...) with the
source position of each element; it knows nothing of rules, codes or messages. Checks
read the models through the run's ``Context`` and decide what is wrong.
"""

from __future__ import annotations

from typing import NamedTuple

from ops_lint.model import Cell, Document
from ops_lint.tables import BLANK_TEXTS


class Position(NamedTuple):
    """Where an element of a model was written: display path, 1-based line and column."""

    path: str
    line: int
    column: int


class SectionRef(NamedTuple):
    """A section of a document, by title, where a model was searched for."""

    title: str
    at: Position


def position(doc: Document, line: int, column: int = 1) -> Position:
    return Position(doc.path, line, column)


def cell_position(doc: Document, cell: Cell) -> Position:
    return Position(doc.path, cell.line, cell.column)


class Value(NamedTuple):
    """A cell of a governance table, as written, and where."""

    text: str
    at: Position


def value_of(doc: Document, cell: Cell) -> Value:
    return Value(cell.text, cell_position(doc, cell))


def blank(value: Value | None) -> bool:
    """Missing, empty, or a dash-only value ("-", "—", "n/a", "none")."""
    if value is None:
        return True
    return value.text.strip().lower() in BLANK_TEXTS
