"""What the RACI check kinds share: the words for a missing or ambiguous matrix.

The matrix itself is ``ops_lint.governance.raci.RaciMatrix``, read through
``Context.raci`` in the words of the ``vocabulary`` config section: extracted once per
document, in either orientation (activities as rows, or roles as rows).
"""

from __future__ import annotations

from ops_lint.checks import CheckOptions
from ops_lint.checks._concepts import ambiguous, not_found
from ops_lint.governance.raci import ROLES_AS_ROWS, RaciMatrix, RaciMissing

WHAT = "RACI table"


class RaciOptions(CheckOptions):
    """RACI checks keep thresholds only: the section titles are vocabulary."""


def missing_problem(missing: RaciMissing) -> str:
    """Why ``missing`` has no RACI matrix, in one sentence."""
    if missing.ambiguous:
        return ambiguous(missing.search, WHAT)
    if missing.section is None:
        return not_found(missing.search, WHAT)
    where = f"section '{missing.section}'"
    bad = missing.non_raci
    if bad is not None:
        return (
            f"no RACI table in {where}: the table at line {bad.table_line} has cell "
            f"'{bad.text}' (activity '{bad.activity}', column '{bad.column}') that is not "
            "R, A, C or I"
        )
    return f"no RACI table in {where}: no table with R/A/C/I cells"


def where(raci: RaciMatrix) -> str:
    """How messages name the matrix: its section, or its line when taken by shape."""
    place = (
        f"RACI table at line {raci.at.line}"
        if raci.by_shape
        else f"RACI table in section '{raci.section}'"
    )
    return place + (" (roles as rows)" if raci.orientation == ROLES_AS_ROWS else "")


def skipped(missing: RaciMissing) -> str | None:
    """The evidence note when the matrix was ambiguous (``raci-roles`` reports it)."""
    return f"{ambiguous(missing.search, WHAT)}: not checked" if missing.ambiguous else None
