"""What the severity check kinds share: their options, defaults and the matrix lookup.

The matrix itself is ``ops_lint.governance.severity.SeverityMatrix``, read through
``Context.severity``: extracted once per document and set of options.
"""

from __future__ import annotations

from pydantic import Field

from ops_lint.checks import CheckOptions
from ops_lint.context import Context
from ops_lint.governance.severity import SeverityMatrix, SeverityMissing
from ops_lint.model import Document

DEFAULT_SECTIONS = ["Incident Classification Matrix", "Severity Matrix", "Incident Severity Matrix"]
DEFAULT_LEVELS = ["S0", "S1", "S2", "S3", "S4"]
DEFAULT_SEVERITY_COLUMNS = ["Severity", "Sev", "Level", "Priority"]
RESPONSE_COLUMNS = ["Response time", "Response target", "Response", "Time to respond", "Ack time"]


class MatrixOptions(CheckOptions):
    sections: list[str] = Field(default_factory=lambda: list(DEFAULT_SECTIONS), min_length=1)
    levels: list[str] = Field(default_factory=lambda: list(DEFAULT_LEVELS), min_length=1)
    severity_columns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_SEVERITY_COLUMNS), min_length=1
    )


def matrix_for(
    doc: Document, options: MatrixOptions, ctx: Context
) -> SeverityMatrix | SeverityMissing:
    """The severity matrix the options describe, or the sections searched in vain."""
    return ctx.severity(doc, options.sections, options.levels, options.severity_columns)


def where(matrix: SeverityMatrix) -> str:
    return f"severity matrix in section '{matrix.section}'"


def no_matrix_note(ctx: Context) -> str:
    """The evidence note of a doc without a severity matrix (another rule reports it)."""
    return f"no severity matrix to check ({ctx.rule_ref('severity-levels')} reports it)"
