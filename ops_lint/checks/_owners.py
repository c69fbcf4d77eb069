"""Owners of a doc, and what each one is in the roster: shared by OPS104 and OPS105.

Owners come from the front-matter (``owner:``, a string or a list), from the Owner cells
of the runbook inventory, and from ``(owner: X)`` notes in handover-checklist items. A
value may name several owners, separated by ``,``, ``;``, ``/`` or `` and `` (a value
that matches a roster team as a whole, e.g. "Research and Development", is not split).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from pydantic import Field

from ops_lint.checks import CheckOptions
from ops_lint.context import Context
from ops_lint.governance import blank
from ops_lint.model import Document
from ops_lint.normalize import find_spans
from ops_lint.roster import Member, Roster, Team, is_placeholder

# Patterns follow the rules in ops_lint.normalize: separators are single tokens (the
# spaces around them are stripped from each part), spans are found with str.find.
_SEPARATOR = re.compile(r"[,;/]|\band\b", re.I)
_GROUP_HANDLE = re.compile(r"@[\w.-]++/[\w.-]++")  # @org/team: one owner, not two
_OWNER_NOTE = re.compile(r"\(owners?+:\s*+", re.I)
_HANDLE = re.compile(r"@[\w.-]++")


class OwnerOptions(CheckOptions):
    front_matter_keys: list[str] = Field(default_factory=lambda: ["owner"])
    inventory_sections: list[str] = Field(default_factory=lambda: ["Runbook Inventory"])
    owner_columns: list[str] = Field(
        default_factory=lambda: ["Owner", "Owners", "Owning team", "Team"], min_length=1
    )
    checklist_sections: list[str] = Field(default_factory=lambda: ["Handover Checklist"])


class Owner(NamedTuple):
    text: str
    line: int
    column: int
    where: str  # "front-matter", "runbook inventory", "handover checklist"


class Kind(NamedTuple):
    """What an owner string is: ``team``, ``person`` or ``unknown``, and why."""

    what: str
    why: str
    team: Team | None = None
    member: Member | None = None


def _unlink(text: str) -> str:
    """``[label](target)`` links replaced by their label, as
    ``re.sub(r"\\[([^\\]]*)\\]\\([^)]*\\)", r"\\1", text)`` does, with ``str.find``."""
    if "](" not in text:
        return text
    pieces: list[str] = []
    pos = done = 0
    while (start := text.find("[", pos)) >= 0:
        close = text.find("]", start + 1)
        if close < 0:
            break
        if not text.startswith("(", close + 1):
            pos = close  # every "[" before this "]" closes here too: none is a link
            continue
        end = text.find(")", close + 2)
        if end < 0:
            break  # no ")" after this point: no later "[" makes a link either
        pieces += [text[done:start], text[start + 1 : close]]
        pos = done = end + 1
    pieces.append(text[done:])
    return "".join(pieces)


def _clean(text: str) -> str:
    text = _unlink(text).replace("`", "").replace("*", "")
    return text.strip().strip("\"'_ ").strip()


def split_owners(text: str, roster: Roster) -> Iterator[tuple[str, int]]:
    """Each owner named in ``text`` with its offset in ``text``."""
    whole = _clean(text)
    if not whole or roster.team(whole) is not None or roster.member(whole) is not None:
        if whole:
            yield whole, max(0, text.find(whole))
        return
    if is_placeholder(whole):
        return  # a template placeholder: OPS004 reports it, there is no owner to judge yet
    guarded = _GROUP_HANDLE.sub(lambda m: m.group(0).replace("/", "\0"), text)
    start = 0
    bounds = [m.span() for m in _SEPARATOR.finditer(guarded)] + [(len(guarded), len(guarded))]
    for sep_start, sep_end in bounds:
        name = _clean(guarded[start:sep_start].replace("\0", "/"))
        part_start = start
        start = sep_end
        if is_placeholder(name):
            continue
        if name and name.lower() not in ("-", "n/a", "none"):
            # Looked up in its own part only: a search of the whole text per part is
            # quadratic in the number of parts.
            found = text.find(name, part_start, sep_start)
            yield name, found if found >= 0 else part_start


def _scalar(value: object) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return None
    return str(value)


def collect(doc: Document, options: OwnerOptions, ctx: Context) -> list[Owner]:
    """Every owner the doc names, in file order per source."""
    roster = ctx.roster
    owners: list[Owner] = []
    for key in options.front_matter_keys:
        value = doc.meta.get(key)
        values = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, raw in values:
            text = _scalar(raw)
            if text is None:
                continue
            path = (key,) if index is None else (key, str(index))
            where = "front-matter" if key == "owner" else f"front-matter '{key}'"
            line = doc.front_matter.line_of(*path) or 1
            for name, _ in split_owners(text, roster):
                owners.append(Owner(name, line, 1, where))
    inventory = ctx.inventory_column(doc, options.inventory_sections, options.owner_columns)
    for cell in inventory.cells if inventory is not None else ():
        if blank(cell):
            continue
        for name, offset in split_owners(cell.text, roster):
            owners.append(Owner(name, cell.at.line, cell.at.column + offset, "runbook inventory"))
    for section in doc.find_sections(options.checklist_sections):
        for item in doc.items_in(section):
            for note in find_spans(item.text, _OWNER_NOTE, ")"):
                for name, offset in split_owners(item.text[note.inner : note.close], roster):
                    column = item.column + note.inner + offset
                    owners.append(Owner(name, item.line, column, "handover checklist"))
    return owners


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
