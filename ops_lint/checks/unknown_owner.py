"""An owner that matches no team of the owners roster.

Ownership is only real if it points at a team that exists: one with a pager schedule,
members and a place in the roster (``ops-docs/owners.yaml``, path set by ``owners`` in
the config). An owner matches a team by ``id``, ``name`` or one of its ``aliases``,
case-insensitively; a trailing note in parentheses (``edi-l2-support (primary)``) is
ignored if the whole text matches nothing.

Owners are read from the front-matter ``owner`` (a string or a list) of every typed doc
(or, with ``owner_sources`` in the config, from ``CODEOWNERS`` or a default owner), the
Owner cells of the runbook inventory, and the handover checklist: ``(owner: X)`` notes
in its items and the Owner cells of a checklist table. A value may name several owners
separated by ``,``, ``;``, ``/`` or `` and ``. Blank owners are the concern of
``runbook-owner``; persons (e-mails, @handles, roster members) are that of
``single-person-owner``. If the roster itself cannot be loaded, this rule reports that
once per doc; so is an owner file that cannot be used (a ``CODEOWNERS`` line with a
pattern it cannot match, an ``OWNERS`` file that is not YAML). The approvers of
``OWNERS`` files are not looked up in the roster: the file itself defines the group.

Vocabulary keys read: ``vocabulary.sections.runbook-inventory`` and
``vocabulary.columns.runbook-inventory.owner`` (the inventory's Owner column),
``vocabulary.sections.checklist`` and ``vocabulary.columns.checklist.*`` (the checklist).

Options:
- ``front_matter_keys``: front-matter keys that name owners (default ``["owner"]``).

Fail: ``owner: edi-l9-support`` (no such team). Pass: ``owner: edi-l2-support`` or
``owner: L2 Support`` (an alias of that team).
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._owner_kinds import OwnerOptions, classify, where
from ops_lint.context import Context
from ops_lint.diagnostic import listing
from ops_lint.model import Document
from ops_lint.roster import suggest

KIND = "unknown-owner"


class Options(OwnerOptions):
    pass


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    roster = ctx.roster
    owners = ctx.owners(doc, options.front_matter_keys).owners
    for problem in ctx.owner_sources.problems(doc, ctx.config.owner_sources):
        yield Finding(1, 1, f"owner file {problem}", "fix the file or remove it", problem)
    owners = tuple(o for o in owners if not o.members)  # an OWNERS group names itself
    if roster.error is not None:
        if owners:
            first = owners[0]
            yield Finding(
                first.at.line,
                first.at.column,
                f"{roster.error}; cannot check {where(first)} owner '{first.text}'",
                f"create {roster.path} with the teams (id, name, aliases, members), or set "
                "`owners:` in the config to the roster's path",
                roster.path,
            )
        return
    clean = True
    for owner in owners:
        if classify(owner.text, roster).what != "unknown":
            continue
        clean = False
        yield Finding(
            owner.at.line,
            owner.at.column,
            f"{where(owner)} owner '{owner.text}' matches no team in {roster.path} "
            "(by id, name or alias)",
            suggest(owner.text, roster)
            + f"use a team id from {roster.path}, or add the team or an alias for it there",
            owner.text,
        )
    if clean:
        names = listing(sorted({o.text for o in owners})) or "none declared"
        line = owners[0].at.line if owners else 1
        yield Evidence(line, f"{len(owners)} owner(s) match roster {roster.path}: {names}")
