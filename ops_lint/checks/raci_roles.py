"""The RACI table names too few roles (or there is no RACI table at all).

An operations handover spreads the work over distinct roles (service desk, L2, L3
engineering, incident command, platform, security, partner management, ...). A RACI
table with only two or three columns means a few people carry everything.

The RACI table is the first table under a section titled like ``vocabulary.sections.raci``
(built in: "Operational Roles & RACI", "Roles & RACI", "RACI", "Responsibility Matrix",
...; numbering, ``&``/``and``, parentheticals and extra words ignored) whose body cells
are RACI letters: ``R``, ``A``, ``C``, ``I`` (or the words Responsible, Accountable,
Consulted, Informed), several per cell (``A/R``, ``R, C``); ``-``, ``—`` or an empty cell
mean no involvement. Usually the first column names the activity and every other column
is a role; a transposed table (roles as rows, activities as columns) is detected when
its corner header names roles (``vocabulary.columns.raci.role``: "Role", "Team", "Who")
or when only its first column names roster teams, and read the same way. Roles are
counted by distinct name: a repeated one counts once. A handover doc without a RACI
table fails this rule, saying what was looked for, the nearest heading and the
vocabulary key to set; two sections that both hold one fail as ambiguous. When no
section so titled holds one, a table of R/A/C/I cells anywhere in the doc is taken.

Vocabulary keys read: ``vocabulary.sections.raci``, ``vocabulary.columns.raci.role``,
``vocabulary.columns.raci.activity``.

Options:
- ``min_roles``: the least number of distinct roles (default 5).

Fail (``min_roles: 5``):

    ## 1. Operational Roles & RACI
    | Activity         | L1 Support | L2 Support | L3 EDI Engineering | Incident Commander |
    |------------------|------------|------------|--------------------|--------------------|
    | Alert triage     | R          | A          | C                  | I                  |

Pass: the same table with a fifth role column, e.g. ``Platform Engineering``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._concepts import name_it_hint
from ops_lint.checks._raci_table import RaciOptions, missing_problem, where
from ops_lint.context import Context
from ops_lint.diagnostic import listing
from ops_lint.governance.raci import RaciMissing
from ops_lint.model import Document

KIND = "raci-roles"


class Options(RaciOptions):
    min_roles: int = Field(default=5, ge=1)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    raci = ctx.raci(doc)
    if isinstance(raci, RaciMissing):
        problem = missing_problem(raci)
        if raci.ambiguous:
            hint = "keep one RACI table, or retitle the other section"
        elif raci.section is None:
            hint = name_it_hint(raci.search)
        else:
            hint = "add a table with an 'Activity' column and one column per role, cells R/A/C/I"
        yield Finding(raci.at.line, 1, problem, hint, problem)
        return
    roles = listing(raci.roles) or "none"
    if len(raci.roles) < options.min_roles:
        note = ""
        if raci.duplicates:
            note = " (repeated columns counted once: " + listing(raci.duplicates) + ")"
        yield Finding(
            raci.at.line,
            raci.columns[0].at.column if raci.columns else 1,
            f"RACI table has {len(raci.roles)} roles ({roles}){note}; "
            f"at least {options.min_roles} required",
            "add a column for each role that takes part in operations (e.g. Incident Commander, "
            "Security & Privacy, Partner Management), so no activity rests on a few people",
            " | ".join((raci.corner, *(c.header for c in raci.columns))),
        )
        return
    yield Evidence(
        raci.at.line,
        f"{where(raci)} has {len(raci.roles)} roles ({roles}); "
        f"at least {options.min_roles} required",
    )
