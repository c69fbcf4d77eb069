"""What each owner is in the roster, and how messages name owners and roster entries.

Shared by ``unknown-owner``, ``single-person-owner`` and ``raci-roster``. The owners of
a doc are ``ops_lint.governance.owners.DocOwners``, read through ``Context.owners``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pydantic import Field

from ops_lint.checks import CheckOptions
from ops_lint.context import Context
from ops_lint.globs import posix_relpath
from ops_lint.governance.owners import OwnerRef
from ops_lint.normalize import find_spans
from ops_lint.roster import Member, Roster, Team

_HANDLE = re.compile(r"@[\w.-]++")
_SOURCES = {"inventory": "runbook inventory", "checklist": "handover checklist"}


class OwnerOptions(CheckOptions):
    front_matter_keys: list[str] = Field(default_factory=lambda: ["owner"])


class Kind(NamedTuple):
    """What an owner string is: ``team``, ``person`` or ``unknown``, and why."""

    what: str
    why: str
    team: Team | None = None
    member: Member | None = None


def where(owner: OwnerRef) -> str:
    """Where an owner was read, as messages say it: ``front-matter``, ``runbook inventory``,
    ``.github/CODEOWNERS line 4``."""
    if owner.source == "front-matter":
        return "front-matter" if owner.key == "owner" else f"front-matter '{owner.key}'"
    return owner.origin or _SOURCES[owner.source]


def roster_entry(ctx: Context, team: Team) -> str:
    """``ops-docs/owners.yaml:12``: the roster file, relative to the project root, and
    the line of the team's entry."""
    path = posix_relpath(str(ctx.root / ctx.config.owners), str(ctx.root))
    return f"{path}:{team.line}"


def classify(owner: str, roster: Roster) -> Kind:
    """Team, person or unknown; the roster is consulted only if it loaded."""
    loaded = roster.error is None
    if loaded:
        for candidate in (owner, _without_notes(owner)):
            team = roster.team(candidate)
            if team is not None:
                return Kind("team", f"team '{team.id}'", team)
            hit = roster.member(candidate)
            if hit is not None:
                team, member = hit
                who = member.name or member.handle or member.email
                return Kind("person", f"{who}, a member of team '{team.id}'", team, member)
    if _is_email(owner):
        return Kind("person", "an e-mail address")
    if loaded and _HANDLE.fullmatch(owner):
        return Kind("person", "a personal @handle that is no team in the roster")
    return Kind("unknown", "")


def _without_notes(owner: str) -> str:
    """``owner`` without its ``(notes)``, each note and the spaces around it one space."""
    pieces: list[str] = []
    pos = 0
    for note in find_spans(owner, "(", ")"):
        pieces.append(owner[pos : note.start].strip())
        pos = note.end
    pieces.append(owner[pos:].strip())
    return " ".join(pieces).strip()


def _is_email(owner: str) -> bool:
    """``local@domain.tld``: one "@", no spaces, a dot inside the domain."""
    local, _, domain = owner.partition("@")
    if not local or "@" in domain or owner.split() != [owner]:
        return False
    return "." in domain[1:-1]
