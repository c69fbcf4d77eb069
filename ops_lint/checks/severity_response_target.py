"""Severity levels whose response time is slower than policy, or not a duration.

The severity policy sets the slowest acceptable response per level; a handover matrix that
promises less (or something no one can measure, like "ASAP") misleads both on-call and
partners. For each level row of the severity matrix (found as for ``severity-levels``)
with a target in ``targets``, the response cell must read as a duration (grammar below)
no slower than the target. Empty cells are left to ``severity-complete``; a matrix without
a response column too.

Options:
- ``sections``, ``levels``, ``severity_columns``: as for ``severity-levels``.
- ``response_columns``: headers of the response column (default Response time, Response
  target, Response, Time to respond, Ack time).
- ``targets``: level -> slowest allowed response (default S0 ``15 min``, S1 ``1 hour``,
  S2 ``4 hours``, S3 ``1 business day``, S4 ``backlog``). A config's entries are merged
  over these defaults (``targets: {S1: 30 min}`` tightens S1 only); ``null`` stops
  checking a level. A target that does not parse is a configuration error.

Fail: ``| S1 — High | ... | 2 hours | ...`` ("S1 response time '2 hours' is slower than
the 1 hour policy"), or ``| S2 | ... | ASAP | ...`` (not a duration).

Pass: ``| S1 — High | ... | within 1h (24/7) | ...``, ``| S3 — Low | ... | next business
day | ...``, ``| S4 | ... | Backlog | ...``.

"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field, field_validator

from ops_lint import durations
from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._severity_table import (
    RESPONSE_COLUMNS,
    MatrixOptions,
    matrix_for,
    no_matrix_note,
    where,
)
from ops_lint.context import Context
from ops_lint.governance import blank
from ops_lint.governance.severity import SeverityMissing
from ops_lint.model import Document

# `ops-lint rules CODE` prints this docstring: it carries the full duration grammar.
__doc__ = (__doc__ or "") + durations.RESPONSE_TIME_DOC

KIND = "severity-response-target"

DEFAULT_TARGETS: dict[str, str | None] = {
    "S0": "15 min",
    "S1": "1 hour",
    "S2": "4 hours",
    "S3": "1 business day",
    "S4": "backlog",
}


class Options(MatrixOptions):
    response_columns: list[str] = Field(default_factory=lambda: list(RESPONSE_COLUMNS))
    targets: dict[str, str | None] = Field(default_factory=lambda: dict(DEFAULT_TARGETS))

    @field_validator("targets", mode="before")
    @classmethod
    def _merge_defaults(cls, value: Any) -> Any:
        return {**DEFAULT_TARGETS, **value} if isinstance(value, dict) else value

    @field_validator("targets")
    @classmethod
    def _parse(cls, value: dict[str, str | None]) -> dict[str, str | None]:
        for level, target in value.items():
            if target is not None and durations.response_time(target) is None:
                raise ValueError(
                    f"target {target!r} for {level} is not a duration; write {durations.GRAMMAR}"
                )
        return value


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    matrix = matrix_for(doc, options, ctx)
    if isinstance(matrix, SeverityMissing):
        yield Evidence(1, no_matrix_note(ctx))
        return
    index = matrix.column(options.response_columns)
    if index is None:
        complete = ctx.rule_ref("severity-complete")
        yield Evidence(matrix.at.line, f"{where(matrix)} has no response column ({complete})")
        return
    targets = {k.strip().lower(): v for k, v in options.targets.items()}
    checked: list[str] = []
    clean = True
    for row in matrix.rows:
        level = row.level
        target = targets.get(level.strip().lower())
        value = row.get(index)
        limit = durations.response_time(target) if target is not None else None
        if limit is None or value is None or blank(value):
            continue
        got = durations.response_time(value.text)
        if got is None:
            clean = False
            yield Finding(
                row.at.line,
                value.at.column,
                f"{level} response time '{value.text}' is not a duration (policy: {target})",
                f"write the response time as {durations.GRAMMAR}; "
                f"see `ops-lint rules {ctx.rule_ref(KIND)}`",
                value.text,
            )
        elif durations.slower(got, limit):
            clean = False
            yield Finding(
                row.at.line,
                value.at.column,
                f"{level} response time '{value.text}' is slower than the {target} policy",
                f"commit to {target} or faster for {level}, or change the `targets` option "
                "if the policy itself changed",
                value.text,
            )
        else:
            checked.append(f"{level} {got} (policy {target})")
    if clean:
        note = ", ".join(checked) or "no level with both a target and a response time"
        yield Evidence(matrix.at.line, f"{where(matrix)}: response times within policy: {note}")
