"""A RACI column that names no team of the owners roster (and no declared role).

Every column of the RACI table after the first is the team (or role) that holds the
letters below it: "L2 Support is Accountable for DLQ redrive" only means something if
"L2 Support" is a team that exists, with members and a pager. Each column header must
match a team of the roster (``ops-docs/owners.yaml``, path set by ``owners`` in the
config) by ``id``, ``name`` or one of its ``aliases``, case-insensitively, as owners do
for ``unknown-owner`` (a trailing note in parentheses is ignored if the whole header
matches nothing), or be listed in ``roles``. A header that is a person (a roster member, an
e-mail, an @handle) is reported too: the column should name the person's team. An
unknown header gets a "did you mean" from the roster's ids, names and aliases.

The RACI table is found as for ``raci-roles``; in a transposed table (roles as rows) the
roles are the first cells of its rows and are checked the same way. Without a RACI table
this rule reports nothing (``raci-roles`` does); with two candidate tables it checks
nothing and says why. If the roster cannot be loaded, the rule says so once, at the
table: its columns were not checked.

Vocabulary keys read: ``vocabulary.sections.raci``, ``vocabulary.columns.raci.role``,
``vocabulary.columns.raci.activity``.

Options:
- ``roles``: column headers that are roles rather than roster teams, e.g.
  ``["Customer", "Vendor"]`` (default ``[]``; matched case-insensitively).

Fail (roster teams ``edi-l2-support`` with alias "L2 Support", ``platform-sre`` with
alias "Platform Engineering"):

    | Activity    | L2 Suport | Platform Engineering |
    |-------------|-----------|----------------------|
    | DLQ redrive | A/R       | C                    |

("L2 Suport" matches no team: did you mean 'edi-l2-support'?). Pass: the header
``L2 Support``, ``edi-l2-support`` or ``EDI L2 Support``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._owner_kinds import classify
from ops_lint.checks._raci_table import RaciOptions, skipped, where
from ops_lint.context import Context
from ops_lint.governance.raci import RaciMissing
from ops_lint.model import Document
from ops_lint.normalize import normalize_title
from ops_lint.roster import suggest

KIND = "raci-roster"


class Options(RaciOptions):
    roles: list[str] = Field(default_factory=list)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    raci = ctx.raci(doc)
    if isinstance(raci, RaciMissing):
        note = skipped(raci)
        if note is not None:
            yield Evidence(raci.at.line, note)
        return
    roster = ctx.roster
    if roster.error is not None:  # never a silent pass: the columns were not checked
        yield Finding(
            raci.at.line,
            raci.columns[0].at.column if raci.columns else 1,
            f"{roster.error}; cannot check the {len(raci.roles)} RACI columns against it",
            f"create {roster.path} with the teams of the RACI table, or set `owners:` in "
            "the config to the roster's path",
            roster.path,
        )
        return
    known_roles = {normalize_title(r) for r in options.roles}
    teams = roles = 0
    clean = True
    for column in raci.columns:
        name = column.header.strip().strip("*_`").strip()
        if not name:
            continue
        if normalize_title(name) in known_roles:
            roles += 1
            continue
        kind = classify(name, roster)
        if kind.what == "team" and kind.team is not None:
            teams += 1
            continue
        clean = False
        if kind.what == "person":
            message = f"RACI column '{name}' is a person ({kind.why}), not a team"
            team = kind.team.id if kind.team is not None else None
            hint = (
                f"name the person's team in the header instead: '{team}'"
                if team
                else f"name the person's team (a team of {roster.path}) in the header instead"
            )
        else:
            message = (
                f"RACI column '{name}' matches no team in {roster.path} (by id, name or "
                "alias) and is not a declared role"
            )
            hint = (
                suggest(name, roster)
                + f"use a team id, name or alias from {roster.path}, add the header as an "
                "alias of its team there, or list it under this rule's `roles` option"
            )
        yield Finding(column.at.line, column.at.column, message, hint, name)
    if clean:
        yield Evidence(
            raci.at.line,
            f"{where(raci)}: {teams} columns are teams of "
            f"{roster.path}" + (f", {roles} are declared roles" if roles else ""),
        )
