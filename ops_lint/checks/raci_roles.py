"""The RACI table names too few roles (or there is no RACI table at all).

An operations handover spreads the work over distinct roles (service desk, L2, L3
engineering, incident command, platform, security, partner management, ...). A RACI
table with only two or three columns means a few people carry everything.

The RACI table is the first table in one of ``sections`` whose body cells are RACI
letters: ``R``, ``A``, ``C``, ``I`` (or the words Responsible, Accountable, Consulted,
Informed), several per cell (``A/R``, ``R, C``); ``-``, ``—`` or an empty cell mean no
involvement. The first column names the activity, every other column is a role. Roles
are counted by distinct header name: a repeated column counts once. A handover doc
without a RACI table fails this rule, naming the sections that were searched.

Options:
- ``sections``: section titles that may hold the RACI table (default
  ``["Operational Roles & RACI", "Roles & RACI", "RACI"]``; numbering and ``&``/``and``
  are ignored).
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
from ops_lint.checks._raci_table import RaciOptions, missing_problem
from ops_lint.context import Context
from ops_lint.diagnostic import listing
from ops_lint.governance.raci import RaciMissing
from ops_lint.model import Document

KIND = "raci-roles"


class Options(RaciOptions):
    min_roles: int = Field(default=5, ge=1)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    raci = ctx.raci(doc, options.sections)
    if isinstance(raci, RaciMissing):
        problem = missing_problem(raci)
        yield Finding(
            raci.at.line,
            1,
            problem,
            "add a table under '## Operational Roles & RACI' with an 'Activity' column and one "
            "column per role, cells R/A/C/I (or map the section name with the 'sections' option)",
            problem,
        )
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
        f"RACI table in section '{raci.section}' has {len(raci.roles)} roles ({roles}); "
        f"at least {options.min_roles} required",
    )
