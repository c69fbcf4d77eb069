"""Severity levels whose response time, escalation, communication or examples are blank.

A level row is only usable at 3 a.m. if it says how fast to respond, whom to escalate to,
how and how often to communicate, and what such an incident looks like. Each column in
``required`` must exist in the severity matrix (one finding per missing column, at the
header), and no level row may leave it empty: an empty cell, ``-``, ``—``, ``n/a``,
``none`` or a row too short to reach the column all fail. The matrix is found as for
``severity-levels`` (which reports a doc without one).

Options:
- ``sections``, ``levels``, ``severity_columns``: as for ``severity-levels``.
- ``required``: columns each level needs (default response, escalation, communication,
  examples).
- ``response_columns`` (default Response time, Response target, Response, Time to
  respond, Ack time), ``escalation_columns`` (Escalation path, Escalation),
  ``communication_columns`` (Communication, Comms, Communication expectations, Updates),
  ``example_columns`` (Example scenarios, Examples, Example): headers accepted for each.

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
    RESPONSE_COLUMNS,
    MatrixOptions,
    matrix_for,
    no_matrix_note,
    where,
)
from ops_lint.context import Context
from ops_lint.governance import Value, blank
from ops_lint.governance.severity import SeverityMissing
from ops_lint.model import Document

KIND = "severity-complete"

Column = Literal["response", "escalation", "communication", "examples"]
_COLUMNS: tuple[Column, ...] = ("response", "escalation", "communication", "examples")
_LABELS = {
    "response": ("response time", "response_columns"),
    "escalation": ("escalation path", "escalation_columns"),
    "communication": ("communication", "communication_columns"),
    "examples": ("example scenarios", "example_columns"),
}


class Options(MatrixOptions):
    required: list[Column] = Field(default_factory=lambda: list(_COLUMNS))
    response_columns: list[str] = Field(default_factory=lambda: list(RESPONSE_COLUMNS))
    escalation_columns: list[str] = Field(default_factory=lambda: ["Escalation path", "Escalation"])
    communication_columns: list[str] = Field(
        default_factory=lambda: ["Communication", "Comms", "Communication expectations", "Updates"]
    )
    example_columns: list[str] = Field(
        default_factory=lambda: ["Example scenarios", "Examples", "Example"]
    )


def _shown(value: Value | None) -> str:
    if value is None:
        return "row too short"
    text = value.text.strip()
    return f"cell says '{text}'" if text else "empty cell"


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    matrix = matrix_for(doc, options, ctx)
    if isinstance(matrix, SeverityMissing):
        yield Evidence(1, no_matrix_note(ctx))
        return
    clean = True
    for name in dict.fromkeys(options.required):
        label, option = _LABELS[name]
        aliases: list[str] = getattr(options, option)
        index = matrix.column(aliases)
        if index is None:
            clean = False
            yield Finding(
                matrix.at.line,
                1,
                f"severity matrix has no {label} column (accepted headers: "
                f"{', '.join(aliases) or 'none'})",
                f"add a '{aliases[0] if aliases else label}' column with a value for every "
                f"level, or map your header with the `{option}` option",
                label,
            )
            continue
        header = matrix.header[index].text
        for row in matrix.rows:
            level = row.level
            value = row.get(index)
            if blank(value):
                clean = False
                yield Finding(
                    row.at.line,
                    value.at.column if value is not None else 1,
                    f"{level} row has no {header} ({_shown(value)})",
                    f"state the {label} for {level} in the '{header}' column",
                    f"{level} {header}",
                )
    if clean:
        yield Evidence(
            matrix.at.line,
            f"{where(matrix)}: {', '.join(options.required)} given for "
            f"{len(matrix.rows)} level rows",
        )
