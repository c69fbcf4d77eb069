"""What the RACI check kinds share: their options and the words for a missing matrix.

The matrix itself is ``ops_lint.governance.raci.RaciMatrix``, read through
``Context.raci``: extracted once per document and section list.
"""

from __future__ import annotations

from pydantic import Field

from ops_lint.checks import CheckOptions
from ops_lint.governance.raci import RaciMissing

DEFAULT_SECTIONS = ["Operational Roles & RACI", "Roles & RACI", "RACI"]


class RaciOptions(CheckOptions):
    sections: list[str] = Field(default_factory=lambda: list(DEFAULT_SECTIONS), min_length=1)


def missing_problem(missing: RaciMissing) -> str:
    """Why ``missing`` has no RACI matrix, in one sentence."""
    if missing.section is None:
        wanted = ", ".join(f"'{s}'" for s in missing.searched)
        return f"no RACI table: no section titled {wanted}"
    where = f"section '{missing.section}'"
    bad = missing.non_raci
    if bad is not None:
        return (
            f"no RACI table in {where}: the table at line {bad.table_line} has cell "
            f"'{bad.text}' (activity '{bad.activity}', column '{bad.column}') that is not "
            "R, A, C or I"
        )
    return f"no RACI table in {where}: no table with R/A/C/I cells"
