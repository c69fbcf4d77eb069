"""An owner that is a single person (or a team too small to survive a vacation).

The handover request: the handover "must not rely on single individual knowledge". An
owner must therefore be a team with enough members to cover for each other, never a
person. An owner is a person if it is:

- an e-mail address (``dana@example.org``);
- an ``@handle`` that is no team id, name or alias in the roster;
- a member of a roster team, by name, handle or e-mail (``Priya Raman``, ``@praman``).

A roster team with fewer than ``min_members`` members fails too. Members are counted as
persons: one person listed twice (the same handle, e-mail or name, in any case, with or
without the handle's ``@``) counts once, and an entry still holding a template
placeholder (``{{ name }}``, ``<name>``, as ``ops-lint init`` writes) counts as no one;
the finding names the placeholders left to fill in, and where the team's entry is in
the roster (``ops-docs/owners.yaml:12``). Owners are read as for ``unknown-owner``:
front-matter ``owner`` (string or list), the runbook inventory's Owner cells, and the
handover checklist's ``(owner: X)`` notes and Owner cells. If the roster cannot be
loaded, only e-mail addresses are reported (``unknown-owner`` reports the roster).
Owners from ``CODEOWNERS`` or the default owner (``owner_sources``) are judged the same
way; an owner from ``OWNERS`` files is the group of their approvers.

Vocabulary keys read: as ``unknown-owner`` (``vocabulary.sections.runbook-inventory``,
``vocabulary.columns.runbook-inventory.owner``, ``vocabulary.sections.checklist``,
``vocabulary.columns.checklist.*``).

Options:
- ``min_members``: the least number of members a team owner needs (default 2).
- ``min_approvers``: the least number of approvers an owner read from ``OWNERS`` files
  needs (default 2); those approvers are the owner, and are not judged one by one.
- ``require_members``: if false, a team whose roster entry lists no members at all is
  not reported (default true: an empty member list counts as zero members). A list of
  placeholders is not empty: it is reported either way.
- ``front_matter_keys``: front-matter keys that name owners (see ``unknown-owner``).

Fail: ``owner: dana@example.org`` or ``| Ingestion outage | ... | @praman |``.
Fail: ``owner: dba`` where team ``dba`` lists ``{name: Dana Smith}`` and ``"@DSmith"``
with ``handle: "@dsmith"`` on Dana's entry (one person), or two ``{{ name }}`` entries.
Pass: ``owner: edi-l2-support`` (a team of 8 members).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._owner_kinds import OwnerOptions, classify, roster_entry, where
from ops_lint.context import Context
from ops_lint.diagnostic import listing
from ops_lint.governance.owners import OwnerRef
from ops_lint.model import Document
from ops_lint.roster import Team

KIND = "single-person-owner"

_RISK = "the handover must not rely on a single individual"


class Options(OwnerOptions):
    min_members: int = Field(default=2, ge=1)
    min_approvers: int = Field(default=2, ge=1)
    require_members: bool = True


def _approvers(owner: OwnerRef, least: int) -> tuple[str, str] | None:
    """The message and hint for an ``OWNERS`` group with fewer than ``least`` approvers."""
    size = len(owner.members)
    if size >= least:
        return None
    message = (
        f"{where(owner)}: {size} approver{'' if size == 1 else 's'} "
        f"({listing(list(owner.members))}), at least {least} required: {_RISK}"
    )
    return message, "add approvers to the OWNERS file nearest the doc"


def _members(team: Team) -> str:
    """``2 members (A, B)``, and the entries that were not counted, and why."""
    size = len(team.members)
    names = listing([m.shown for m in team.members])
    text = f"{size} member{'' if size == 1 else 's'}{f' ({names})' if names else ''}"
    skipped = []
    if team.repeated:
        count = len(team.repeated)
        skipped.append(
            f"{count} entr{'y' if count == 1 else 'ies'} repeating a person listed before "
            f"({listing(list(team.repeated))})"
        )
    if team.placeholders:
        count = len(team.placeholders)
        shown = listing(sorted(set(team.placeholders)))
        skipped.append(f"{count} placeholder entr{'y' if count == 1 else 'ies'} ({shown})")
    return text + (f", not counting {' and '.join(skipped)}" if skipped else "")


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    roster = ctx.roster
    owners = ctx.owners(doc, options.front_matter_keys).owners
    clean = True
    for owner in owners:
        kind = classify(owner.text, roster)
        if owner.members:
            problem = _approvers(owner, options.min_approvers)
            if problem is None:
                continue
            message, hint = problem
        elif kind.what == "person":
            message = f"{where(owner)} owner '{owner.text}' is a person ({kind.why}); {_RISK}"
            if kind.team is not None:
                hint = f"name the person's team as owner instead: '{kind.team.id}'"
            else:
                hint = f"name the owning team instead (a team id from {roster.path})"
        elif kind.what == "team" and kind.team is not None:
            team = kind.team
            size = len(team.members)
            listed = size + len(team.placeholders)
            if size >= options.min_members or (listed == 0 and not options.require_members):
                continue
            message = (
                f"{where(owner)} owner '{owner.text}' is {kind.why} with {_members(team)}; "
                f"at least {options.min_members} required (roster entry "
                f"{roster_entry(ctx, team)}): {_RISK}"
            )
            if team.placeholders:
                hint = (
                    f"fill in the members of team '{team.id}' in {roster.path} (real names, "
                    "handles or e-mails), or name a larger team"
                )
            else:
                hint = f"add members to team '{team.id}' in {roster.path} or name a larger team"
        else:
            continue
        clean = False
        yield Finding(owner.at.line, owner.at.column, message, hint, owner.text)
    if clean:
        names = listing(sorted({o.text for o in owners})) or "none declared"
        line = owners[0].at.line if owners else 1
        yield Evidence(line, f"{len(owners)} owner(s), none a single person: {names}")
