"""A 24x7 on-call team with too few members to staff its rotation.

A round-the-clock rotation needs enough people that nobody is on call every other week,
and that vacations, sickness and a departure do not leave a gap. Every team of the owners
roster (``ops-docs/owners.yaml``, path set by ``owners`` in the config) whose ``on_call``
is ``24x7`` (also written ``24/7``) must have at least ``min_members`` members, counted
as persons (as ``single-person-owner`` counts them: one person listed twice is one
member, a template placeholder is none). An ``on_call`` value other than ``24x7``,
``business-hours`` or ``none`` is reported too.

The findings point at the team's entry in the roster file. They are reported once per
run, with the first doc (by path) of the ``report_types`` (default ``handover``), or the
first doc the rule runs on if there is none; other docs get evidence naming that doc.
When no team declares ``on_call: 24x7`` the rule passes and its evidence says so: set
``on_call`` on the teams that are paged around the clock. If the roster cannot be
loaded, that is the finding: nothing was checked.

Options:
- ``min_members``: the least number of members of a 24x7 team (default 8).
- ``report_types``: doc types whose first doc reports the roster (default
  ``["handover"]``).

Fail: ``{id: incident-command, on_call: 24x7, members: [...5 persons...]}``
("team 'incident-command' is on call 24x7 with 5 members ...; at least 8 required").

Pass: the same team with 8 members, or with ``on_call: business-hours``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.diagnostic import listing
from ops_lint.model import Document
from ops_lint.roster import Team

KIND = "rotation-size"

_KNOWN = {"24x7": "24x7", "businesshours": "business-hours", "none": "none"}


class Options(CheckOptions):
    min_members: int = Field(default=8, ge=1)
    report_types: list[str] = Field(default_factory=lambda: ["handover"], min_length=1)


def on_call(team: Team) -> str | None:
    """The team's ``on_call`` as ``24x7``, ``business-hours`` or ``none``; "" when it
    declares none; None for a value that is none of these."""
    text = team.on_call.casefold().replace("\u00d7", "x").replace("/", "x")
    text = "".join(c for c in text if c not in " -_")
    return _KNOWN.get(text) if text else ""


def reporting_doc(ctx: Context, types: list[str], doc: Document, kind: str) -> Document:
    """The doc that reports roster-level findings: the first of ``types`` by path, or,
    when the doc set has none, the first doc the rule of ``kind`` runs on."""
    docs = [d for t in types for d in ctx.docs_of_type(t) if d.read_error is None]
    first = min(docs, key=lambda d: (types.index(d.doc_type or ""), d.path), default=None)
    return first or ctx.cached(f"{kind}:roster-reporter", lambda: doc)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    reporter = reporting_doc(ctx, options.report_types, doc, KIND)
    if reporter is not doc:
        yield Evidence(1, f"on-call rotations of the roster are reported with {reporter.path}")
        return
    roster = ctx.roster
    if roster.error is not None:
        yield Finding(
            1,
            1,
            f"{roster.error}; cannot check the size of the 24x7 on-call rotations",
            f"create {roster.path} with the teams (id, name, members, on_call), or set "
            "`owners:` in the config to the roster's path",
            roster.path,
        )
        return
    path = str(ctx.root / ctx.config.owners)
    rotations = small = 0
    for team in roster.teams:
        kind = on_call(team)
        if kind is None:
            yield Finding(
                team.line,
                team.column,
                f"team '{team.id}': on_call '{team.on_call}' is not 24x7, business-hours or none",
                "write on_call: 24x7 (paged around the clock), business-hours or none",
                team.on_call,
                path,
            )
            continue
        if kind != "24x7":
            continue
        rotations += 1
        size = len(team.members)
        if size >= options.min_members:
            continue
        small += 1
        names = listing([m.shown for m in team.members])
        yield Finding(
            team.line,
            team.column,
            f"team '{team.id}' is on call 24x7 with {size} member{'' if size == 1 else 's'}"
            f"{f' ({names})' if names else ''}; at least {options.min_members} required to "
            "staff a round-the-clock rotation",
            f"add members to team '{team.id}' in {roster.path}, share the rotation with "
            "another team, or set on_call: business-hours if it is not paged at night",
            team.id,
            path,
        )
    if rotations and not small:
        yield Evidence(
            1, f"{rotations} 24x7 team(s), each with at least {options.min_members} members"
        )
    if rotations == 0:
        yield Evidence(
            1,
            f"no team of {roster.path} declares on_call: 24x7; set on_call (24x7, "
            "business-hours, none) on each team to have its rotation checked",
        )
