"""Major-incident postmortems without a timeline, contributing factors or owned, dated actions.

A postmortem is how a major incident feeds the improvement loop: what happened when, why
the system allowed it, and who fixes what by when. For a postmortem doc (``type:
postmortem``) of a major incident (its own ``severity``, else the ``severity`` of the
incident its ``incident:`` link points to, is a level with ``major: true`` in
``vocabulary.severity.levels``; default S0 and S1) this fails when:

- a section is missing (one finding listing them): the **Timeline** (titles: Timeline,
  Incident Timeline, Timeline of Events, Chronology), the **Contributing factors**
  (Contributing Factors, Root Causes and Contributing Factors, Causes, Root Causes, Root
  Cause ...), the **Action items** (Action Items, Actions, Follow-up Actions, Corrective
  Actions); add a title with ``vocabulary.sections.timeline``,
  ``vocabulary.sections.contributing-factors`` or ``vocabulary.sections.action-items``;
- the action items section holds no table, or its table has no owner column (Owner,
  Owners, Owner team, Owning team, Team) or no due column (Due, Due date, Deadline,
  Target date, Due by); more names with ``vocabulary.columns.action-items.owner`` /
  ``.due``;
- an action row's owner is blank or names no team of the owners roster (by id, name or
  alias; several teams may be separated by ``,``, ``;``, ``/`` or `` and ``; a person is
  not a team);
- an action row's due date is blank or not an ISO date (``2026-10-06``).

A postmortem of a non-major incident, or whose severity cannot be found, passes with
evidence saying so.

Options:
- ``severity_field``: the severity key, on the postmortem and on the incident (default
  ``severity``);
- ``incident_field``: the postmortem's link to its incident (default ``incident``).

Fail: an S1 postmortem whose Action Items row reads ``| Add DLQ alert | Platform team |
P1 | next sprint |`` ("action item 'Add DLQ alert': owner 'Platform team' is no team
of the roster", "... due date 'next sprint' is not an ISO date"), or one without a
Timeline section.

Pass: the same row with ``| platform-sre | P1 | 2026-10-20 |`` under Timeline and
Contributing Factors sections.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._owner_kinds import classify
from ops_lint.context import Context
from ops_lint.governance import blank
from ops_lint.governance.postmortem_doc import (
    ActionRow,
    PostmortemParts,
    extract_postmortem,
    iso_date,
    major_level,
)
from ops_lint.model import Document
from ops_lint.roster import Roster

KIND = "postmortem-quality"
_SPLIT = re.compile(r"\s*+(?:[,;/]|\band\b)\s*+")
_NAMES = {
    "timeline": "Timeline",
    "contributing-factors": "Contributing factors",
    "action-items": "Action items",
}


class Options(CheckOptions):
    severity_field: str = "severity"
    incident_field: str = "incident"


def _severity(doc: Document, options: Options, ctx: Context) -> tuple[object, str]:
    """The severity that applies to postmortem ``doc``, and where it was read."""
    own = doc.meta.get(options.severity_field)
    if own not in (None, ""):
        return own, "its front-matter"
    link = doc.meta.get(options.incident_field)
    target = ctx.resolve_link(doc, link) if isinstance(link, str) else None
    incident = ctx.by_abspath.get(target[0]) if target else None
    if incident is None:
        return None, f"no '{options.severity_field}:' and no '{options.incident_field}:' doc"
    return incident.meta.get(options.severity_field), f"incident {incident.path}"


def _owner_problem(text: str, roster: Roster) -> str | None:
    names = [classify(text, roster)] if roster.team(text) else []
    if not names:
        names = [classify(part, roster) for part in _SPLIT.split(text) if part.strip()]
    for kind in names:
        if kind.what == "person":
            return f"owner '{text}' is a person ({kind.why}), not a team"
        if kind.what != "team":
            return f"owner '{text}' is no team of the roster {roster.path}"
    return None if names else f"owner '{text}' names no team"


def _row_findings(row: ActionRow, roster: Roster) -> Iterator[Finding]:
    label = f"action item '{row.action[:60]}'"
    if row.owner is None or blank(row.owner):
        yield Finding(row.line, 1, f"{label} has no owner", "name the owning team (roster id)")
    elif roster.error is None and (problem := _owner_problem(row.owner.text, roster)):
        at = row.owner.at
        hint = f"use a team id from {roster.path} (by id, name or alias)"
        yield Finding(at.line, at.column, f"{label}: {problem}", hint, row.owner.text)
    if row.due is None or blank(row.due):
        yield Finding(row.line, 1, f"{label} has no due date", "add a due date (YYYY-MM-DD)")
    elif iso_date(row.due.text) is None:
        at = row.due.at
        yield Finding(
            at.line,
            at.column,
            f"{label}: due date '{row.due.text}' is not an ISO date",
            "write the due date as YYYY-MM-DD",
            row.due.text,
        )


def _actions(parts: PostmortemParts, roster: Roster) -> Iterator[Result]:
    table = parts.actions
    search = parts.searches["action-items"]
    if not search.found:
        return
    if table is None:
        where = search.sections[0]
        yield Finding(
            where.line,
            1,
            f"section '{where.title}' holds no action items table",
            "list the actions as a table with Action, Owner and Due columns",
        )
        return
    missing = [n for n, c in (("owner", table.owner_column), ("due", table.due_column)) if not c]
    if missing:
        yield Finding(
            table.at.line,
            table.at.column,
            f"action items table has no {' and no '.join(missing)} column",
            "add Owner and Due columns (or name yours in vocabulary.columns.action-items)",
        )
    if roster.error is not None:
        yield Finding(
            table.at.line,
            1,
            f"{roster.error}; cannot check the action items' owners",
            "point `owners:` in the config at the roster",
        )
    for row in table.rows:
        yield from _row_findings(row, roster)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    severity, source = _severity(doc, options, ctx)
    line = doc.front_matter.line_of(options.severity_field) or 1
    level = major_level(severity, ctx.vocabulary)
    if level is None:
        yield Evidence(line, f"severity {severity!r} ({source}) is not major: not checked")
        return
    key = f"{KIND}:{doc.abspath}"
    parts = ctx.cached(key, lambda: extract_postmortem(doc, ctx.vocabulary))
    missing = parts.missing()
    if missing:
        names = ", ".join(_NAMES[c] for c in missing)
        keys = ", ".join(f"vocabulary.sections.{c}" for c in missing)
        yield Finding(
            line,
            1,
            f"{level} postmortem lacks section(s): {names}",
            f"add the section(s), or name your titles for them in the config ({keys})",
            names,
        )
    clean = not missing
    for result in _actions(parts, ctx.roster):
        clean = False
        yield result
    if clean and parts.actions is not None:
        yield Evidence(
            parts.actions.at.line,
            f"{level} postmortem: timeline, contributing factors and "
            f"{len(parts.actions.rows)} action item(s) with roster owners and due dates",
        )
