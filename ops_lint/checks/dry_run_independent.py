"""A runbook whose last dry run was done by the person who last changed it.

A rehearsal proves a runbook only if someone other than its last author can follow it:
the author fills the gaps from memory. For a ``type: runbook`` doc whose ``dry_run.by``
names a roster member, this fails when that member is the runbook's last git author (the
newest substantive commit, as freshness reads it: renames, ignored revisions and
review-date-only commits do not count) and the owning team (the first ``owner`` that is a
roster team) has another member who could have run it. The git author is matched to the
roster by e-mail or name (after ``.mailmap``); ``by`` by handle, name or e-mail.

Passes with evidence when: ``by`` is someone else; the team has no other member; no
``dry_run.by`` is recorded (``dry-run-evidence`` reports that); the runbook has no commit
yet. Without git history (``--no-git``, not a repository) nothing is compared and the
evidence says that authorship was not checked.

Options:
- ``field``: the front-matter key of the dry-run record (default ``dry_run``).

Fail: ``owner: edi-l2-support``, ``dry_run: {by: "@rkim", ...}``, and the last commit to
the runbook is by Rachel Kim <rkim@example.org>, listed as ``{name: "Rachel Kim", handle:
"@rkim", email: "rkim@example.org"}`` in team ``edi-l2-support`` with seven others.

Pass: the same runbook with ``by: "@tnowak"``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.freshness import for_run
from ops_lint.git.history_model import Commit
from ops_lint.model import Document
from ops_lint.roster import Member, Roster, Team
from ops_lint.roster_roles import person, same_person

NEEDS_HISTORY = True
KIND = "dry-run-independent"


class Options(CheckOptions):
    field: str = Field(default="dry_run", min_length=1)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    field = options.field
    record = doc.meta.get(field)
    line = doc.front_matter.line_of(field, "by") or doc.front_matter.line_of(field) or 1
    by = record.get("by") if isinstance(record, dict) else None
    if not isinstance(by, str) or not by.strip():
        yield Evidence(line, f"no '{field}.by' recorded; authorship not compared")
        return
    roster = ctx.roster
    runner = person(roster, by) if roster.error is None else None
    if runner is None:
        yield Evidence(line, f"'{field}.by' {by!r} is no roster member; authorship not compared")
        return
    run = for_run(ctx)
    if not run.history.available:
        why = f" ({run.history.reason})" if run.history.reason else ""
        yield Evidence(line, f"authorship not checked: no git history{why}")
        return
    found = run.history.docs.get(doc.abspath)
    last = found.last_change if found is not None else None
    if last is None:
        yield Evidence(line, "runbook not committed yet; authorship not compared")
        return
    author = _author(roster, last)
    member = runner[1]
    if author is None or not same_person(author, member):
        yield Evidence(line, f"dry run by {by}; last change {last.sha[:7]} by {last.author}")
        return
    team = _owning_team(doc, roster) or runner[0]
    others = [m.shown for m in team.members if not same_person(m, member)]
    if not others:
        yield Evidence(line, f"dry run by the last author {by}: team '{team.id}' has no one else")
        return
    yield Finding(
        line,
        1,
        f"dry run by {by}, who made the runbook's last change ({last.sha[:7]}, {last.date}, "
        f"{last.author}); team '{team.id}' has {len(others)} other member"
        f"{'' if len(others) == 1 else 's'} who could rehearse it",
        f"have another member of '{team.id}' (e.g. {others[0]}) run the dry run from the "
        f"runbook alone and record it in '{field}'",
        by,
    )


def _author(roster: Roster, commit: Commit) -> Member | None:
    """The roster member who made ``commit``, by e-mail, then by name."""
    for key in (commit.email, commit.author):
        hit = roster.member(key) if key else None
        if hit is not None:
            return hit[1]
    return None


def _owning_team(doc: Document, roster: Roster) -> Team | None:
    owners = doc.meta.get("owner")
    for owner in owners if isinstance(owners, list) else [owners]:
        team = roster.team(owner) if isinstance(owner, str) else None
        if team is not None:
            return team
    return None
