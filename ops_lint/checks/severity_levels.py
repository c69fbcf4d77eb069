"""Severity levels missing from the handover's incident severity matrix.

Responders classify an incident by the matrix; a level without a row leaves them to guess
its response time, escalation and communication. The matrix is the first table under
one of ``sections`` with a severity column (a header in ``severity_columns``) whose cells
start with a level (``S0 — Critical``, ``**S1** High``; case-insensitive, ``S1`` does not
match ``S10``). Each level in ``levels`` needs a row. A doc without such a table fails
once, at the section searched (or line 1 when no section of that name exists).

Options:
- ``sections``: titles the matrix may sit under (default "Incident Classification
  Matrix", "Severity Matrix", "Incident Severity Matrix"); numbering and case are ignored.
- ``levels``: the levels that need a row (default S0, S1, S2, S3, S4).
- ``severity_columns``: headers of the severity column (default Severity, Sev, Level,
  Priority).

Fail: a matrix with rows S0, S1, S2 and S4 ("severity matrix has no S3 row (rows found:
S0, S1, S2, S4) ...").

Pass:

    ## 2. Incident Classification Matrix
    | Severity | Definition | Response time | Escalation path | Communication | Example scenarios |
    |---|---|---|---|---|---|
    | S0 — Critical | platform down | 15 min | L2 → IC | every 15 min | all channels down |
    | S1 — High | ... |
    ... one row per level, S0 to S4
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._severity_table import MatrixOptions, matrix_for, where
from ops_lint.context import Context
from ops_lint.governance.severity import SeverityMissing
from ops_lint.model import Document

KIND = "severity-levels"


class Options(MatrixOptions):
    pass


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    matrix = matrix_for(doc, options, ctx)
    levels = ", ".join(options.levels)
    hint = (
        f"add a table with a '{options.severity_columns[0]}' column and one row per level "
        f"({levels}); a matrix under another title needs that title in the `sections` option"
    )
    if isinstance(matrix, SeverityMissing) and matrix.section is not None:
        yield Finding(
            matrix.at.line,
            1,
            f"no severity matrix in section '{matrix.section}': no table with a "
            f"{' / '.join(options.severity_columns)} column whose cells start with {levels}",
            hint,
            matrix.section,
        )
        return
    if isinstance(matrix, SeverityMissing):
        wanted = "' or '".join(options.sections)
        yield Finding(1, 1, f"no severity matrix: no section titled '{wanted}'", hint, wanted)
        return
    found = [row.level for row in matrix.rows]
    shown = ", ".join(dict.fromkeys(found))
    missing = [level for level in options.levels if level not in found]
    for level in missing:
        yield Finding(
            matrix.at.line,
            1,
            f"severity matrix has no {level} row (rows found: {shown}); every level of "
            f"{levels} needs one",
            f"add a row starting '| {level} — <name> |' with its response time, escalation "
            "path, communication and example scenarios",
            level,
        )
    if not missing:
        yield Evidence(matrix.at.line, f"{where(matrix)} has rows for {shown}")
