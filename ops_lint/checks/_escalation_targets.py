"""The response target of each severity level, as escalation timers are held to it.

A level's target is its response time in the doc's own severity matrix, else in the
first handover's matrix (docs of type ``handover``, in path order), else its
``response`` in ``vocabulary.severity.levels``. Unbounded targets are left out.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ops_lint.context import Context
from ops_lint.governance.severity import SeverityMatrix
from ops_lint.model import Document


class Targets(NamedTuple):
    levels: dict[str, tuple[float, str]]  # level -> (minutes, as written)
    source: str  # e.g. "severity matrix of ops-docs/handover/x.md"


def _from_matrix(matrix: SeverityMatrix, ctx: Context) -> dict[str, tuple[float, str]]:
    found: dict[str, tuple[float, str]] = {}
    for row in matrix.rows:
        value = row.get("response")
        got = ctx.vocabulary.find_response_time(value.text) if value is not None else None
        if got is not None and not math.isinf(got.hours):
            found[row.level] = (got.hours * 60, str(got))
    return found


def _matrix_targets(doc: Document, ctx: Context) -> dict[str, tuple[float, str]]:
    matrix = ctx.severity(doc)
    return _from_matrix(matrix, ctx) if isinstance(matrix, SeverityMatrix) else {}


def _vocabulary(ctx: Context) -> dict[str, tuple[float, str]]:
    found: dict[str, tuple[float, str]] = {}
    for level in ctx.vocabulary.levels:
        got = ctx.vocabulary.response_time(level.response) if level.response else None
        if got is not None and not math.isinf(got.hours):
            found[level.name] = (got.hours * 60, str(got))
    return found


def _handover(ctx: Context) -> Targets | None:
    for doc in sorted(ctx.docs_of_type("handover"), key=lambda d: d.path):
        found = _matrix_targets(doc, ctx)
        if found:
            return Targets(found, f"severity matrix of {doc.path}")
    return None


def targets_for(doc: Document, ctx: Context) -> Targets:
    """The targets ``doc``'s escalation timers are held to (see the module docs)."""
    own = _matrix_targets(doc, ctx)
    vocabulary = _vocabulary(ctx)
    if own:
        return Targets({**vocabulary, **own}, "its severity matrix")
    handover = ctx.cached("escalation-targets:handover", lambda: _handover(ctx))
    if handover is not None:
        return Targets({**vocabulary, **handover.levels}, handover.source)
    return Targets(vocabulary, "vocabulary.severity.levels")
