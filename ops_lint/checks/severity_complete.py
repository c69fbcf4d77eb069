"""Severity levels whose response time, escalation, communication or examples are blank.

A level row is only usable at 3 a.m. if it says how fast to respond, whom to escalate to,
how and how often to communicate, and what such an incident looks like. Each column in
``required`` must be given by the severity matrix (one finding per missing column, at
the matrix: a header of a table, or a label of a heading or bullet shape), and no level
may leave it empty: an empty cell, ``-``, ``—``, ``n/a``, ``none``, a row too short to
reach the column or a level without that label all fail. The matrix is found as for
``severity-levels`` (which reports a doc without one, or an ambiguous one).

Headers and labels are matched against the vocabulary's column names (tolerantly:
case, parentheticals and trailing qualifiers aside): response time ← "Response time",
"Response SLA", "Time to acknowledge", "Target response"...; escalation ← "Escalation
path", "Escalation", "Who is paged"...; communication ← "Communication", "Comms",
"Stakeholder updates"...; examples ← "Example scenarios", "Examples"....

Vocabulary keys read: those of ``severity-levels``, and
``vocabulary.columns.severity-matrix.response``, ``.escalation``, ``.communication``,
``.examples``.

Options:
- ``required``: columns each level needs (default response, escalation, communication,
  examples).

Fail: ``| S2 — Medium | one partner degraded | 4 hours | L2 → L3 | - | one VAN down |``
("S2 row has no Communication (cell says '-')").

Pass: ``| S2 — Medium | one partner degraded | 4 hours | L2 → L3 | partner notice within
4 h | one VAN down |``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._severity_table import (
    LABELS,
    MatrixOptions,
    column_key,
    matrix_for,
    no_matrix_note,
    where,
)
from ops_lint.context import Context
from ops_lint.governance import Value, blank
from ops_lint.governance.severity import CONCEPT, SeverityMatrix, SeverityMissing
from ops_lint.model import Document

KIND = "severity-complete"

Column = Literal["response", "escalation", "communication", "examples"]
_COLUMNS: tuple[Column, ...] = ("response", "escalation", "communication", "examples")


class Options(MatrixOptions):
    required: list[Column] = Field(default_factory=lambda: list(_COLUMNS))


def _shown(value: Value | None, table: bool) -> str:
    if value is None:
        return "row too short" if table else "not given"
    text = value.text.strip()
    return f"cell says '{text}'" if text else "empty cell"


def _no_column(matrix: SeverityMatrix, name: str, ctx: Context) -> Finding:
    label = LABELS[name]
    aliases = ctx.vocabulary.column_names(CONCEPT, name)
    return Finding(
        matrix.at.line,
        1,
        f"severity matrix has no {label} column (accepted headers: {', '.join(aliases)})",
        f"add a '{aliases[0]}' column with a value for every level, or name your header in "
        f"the config (key {column_key(name)})",
        label,
    )


def _blanks(matrix: SeverityMatrix, name: str) -> Iterator[Finding]:
    header = matrix.columns[name].text
    table = matrix.shape in ("table", "split tables")
    for row in matrix.rows:
        value = row.get(name)
        if blank(value):
            yield Finding(
                value.at.line if value is not None else row.at.line,
                value.at.column if value is not None else 1,
                f"{row.level} row has no {header} ({_shown(value, table)})",
                f"state the {LABELS[name]} for {row.level} in the '{header}' "
                + ("column" if table else "entry"),
                f"{row.level} {header}",
            )


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    matrix = matrix_for(doc, ctx)
    if isinstance(matrix, SeverityMissing):
        yield Evidence(1, no_matrix_note(ctx, matrix))
        return
    clean = True
    for name in dict.fromkeys(options.required):
        if name not in matrix.columns:
            clean = False
            yield _no_column(matrix, name, ctx)
            continue
        for finding in _blanks(matrix, name):
            clean = False
            yield finding
    if clean:
        yield Evidence(
            matrix.at.line,
            f"{where(matrix)}: {', '.join(options.required)} given for "
            f"{len(matrix.rows)} level rows",
        )
