"""What the severity check kinds share: the matrix lookup and the words for it.

The matrix itself is ``ops_lint.governance.severity.SeverityMatrix``, read through
``Context.severity`` in the words of the ``vocabulary`` config section: extracted once
per document.
"""

from __future__ import annotations

from ops_lint.checks import CheckOptions
from ops_lint.checks._concepts import ambiguous
from ops_lint.context import Context
from ops_lint.governance.severity import CONCEPT, SeverityMatrix, SeverityMissing
from ops_lint.model import Document
from ops_lint.vocabulary import key_for_column

WHAT = "severity matrix"
# Logical column -> how messages name it.
LABELS = {
    "response": "response time",
    "escalation": "escalation path",
    "communication": "communication",
    "examples": "example scenarios",
}


class MatrixOptions(CheckOptions):
    """Severity checks keep thresholds only: sections, columns and levels are vocabulary."""


def matrix_for(doc: Document, ctx: Context) -> SeverityMatrix | SeverityMissing:
    """The severity matrix of ``doc``, or where it was looked for in vain."""
    return ctx.severity(doc)


def where(matrix: SeverityMatrix) -> str:
    if matrix.by_shape:
        return f"{WHAT} (table at line {matrix.at.line}, taken by its columns)"
    return f"{WHAT} in section '{matrix.section}'"


def no_matrix_note(ctx: Context, missing: SeverityMissing) -> str:
    """The evidence note of a doc without a severity matrix (another rule reports it)."""
    if missing.ambiguous:
        return f"{ambiguous(missing.search, WHAT)}: not checked"
    return f"no {WHAT} to check ({ctx.rule_ref('severity-levels')} reports it)"


def column_key(column: str) -> str:
    """The vocabulary key that names a logical column of the matrix."""
    return key_for_column(CONCEPT, column)
