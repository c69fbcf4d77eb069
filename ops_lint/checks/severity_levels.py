"""Severity levels missing from the handover's incident severity matrix.

Responders classify an incident by the matrix; a level without a row leaves them to guess
its response time, escalation and communication. The matrix is found under a section
titled like ``vocabulary.sections.severity-matrix`` (built in: "Incident Classification
Matrix", "Severity Matrix", "Severity Levels", ...; numbering, emoji, parentheticals and
trailing qualifiers ignored), in any of its shapes: a table (Markdown or HTML) with a
level column, several tables joined on the level (split by rows or by columns), one
sub-heading per level (``### S1 — High`` with ``- **Response time:** 1 hour``), or one
bullet per level with nested labelled values. A level is any spelling of a level of
``vocabulary.severity.levels`` (default S0-S4; ``S0`` = ``Sev 0`` = ``SEV-0`` =
``Severity 0`` = ``**S0** (Critical)``; ``S1`` is not ``S10``).

Each level of the vocabulary needs a row. A doc without a matrix fails once, saying what
was looked for, the nearest heading and the vocabulary key to set; two sections that
both hold a matrix fail as ambiguous (nothing is guessed). A level given twice with
different values (a matrix split over tables) fails too. When no section so titled holds
a matrix, a table with a level column and a response column anywhere in the doc is taken.

Vocabulary keys read: ``vocabulary.sections.severity-matrix``,
``vocabulary.columns.severity-matrix.level``, ``vocabulary.severity.levels``.
Options: none.

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
from ops_lint.checks._concepts import ambiguous, name_it_hint, not_found
from ops_lint.checks._severity_table import WHAT, MatrixOptions, matrix_for, where
from ops_lint.context import Context
from ops_lint.governance.severity import SeverityMatrix, SeverityMissing
from ops_lint.model import Document

KIND = "severity-levels"


class Options(MatrixOptions):
    pass


def _missing(matrix: SeverityMissing, levels: str) -> Finding:
    search = matrix.search
    if matrix.ambiguous:
        message = ambiguous(search, WHAT)
        hint = "keep one severity matrix, or retitle the other section"
        return Finding(matrix.at.line, 1, message, hint, search.sections[0].title)
    if matrix.section is not None:
        return Finding(
            matrix.at.line,
            1,
            f"no severity matrix in section '{matrix.section}': no table with a level column, "
            f"sub-heading or bullet whose text starts with {levels}",
            "add a table with a 'Severity' column and one row per level, or name your level "
            "column in the config (key vocabulary.columns.severity-matrix.level) and your "
            "levels (key vocabulary.severity.levels)",
            matrix.section,
        )
    return Finding(1, 1, not_found(search, WHAT), name_it_hint(search), search.names[0])


def _conflicts(matrix: SeverityMatrix) -> Iterator[Finding]:
    for conflict in matrix.conflicts:
        other = conflict.other
        yield Finding(
            other.at.line,
            other.at.column,
            f"{conflict.level} {conflict.column} is given twice: '{conflict.kept.text}' "
            f"(line {conflict.kept.at.line}) and '{other.text}'",
            f"keep one {conflict.column} for {conflict.level}",
            other.text,
        )


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    matrix = matrix_for(doc, ctx)
    names = ctx.vocabulary.level_names()
    levels = ", ".join(names)
    if isinstance(matrix, SeverityMissing):
        yield _missing(matrix, levels)
        return
    found = [row.level for row in matrix.rows]
    shown = ", ".join(found)
    missing = [level for level in names if level not in found]
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
    conflicts = list(_conflicts(matrix))
    yield from conflicts
    if not missing and not conflicts:
        yield Evidence(matrix.at.line, f"{where(matrix)} ({matrix.shape}) has rows for {shown}")
