"""The owners roster (``owners.yaml``): teams, their aliases and members.

    teams:
      - id: edi-l2-support
        name: EDI L2 Support
        aliases: ["L2 Support"]
        members:
          - {name: "Priya Raman", handle: "@praman", email: "praman@example.org"}
          - "@jdoe"

An owner string matches a team by id, name or alias, case-insensitively. A team may say
when it is paged: ``on_call: 24x7`` (or ``24/7``), ``business-hours`` or ``none``. A
top-level ``roles:`` list names the approval and decision roles, each with its holder
and deputies (``ops_lint.roster_roles``).

An existing team file can serve as the roster: ``roster`` in the config names its keys
(``ops_lint.owner_settings.RosterKeys``): ``{teams: "", id: name, aliases: [slack]}``.

A person listed twice in one team (the same handle, e-mail or name, in any case, a handle
with or without its ``@``) is one member. A member entry that is still a template
placeholder (``{{ name }}``, ``<name>``) is no member: the team keeps it in
``placeholders``, so ``single-person-owner`` can say what is left to fill in.

Each team and member keeps the line and column of its entry in the roster file, so a
finding about an entry can point at it.

The roster is a repository file: it is read through ``ops_lint.safe_files`` (inside the
project, a regular file, capped) and its YAML with the node budget of front-matter, so a
symlink to ``/dev/zero`` or an alias bomb is a roster error (``unknown-owner``), not a hang.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ops_lint.config import repository_top
from ops_lint.frontmatter import safe_load_nodes, yaml_problem
from ops_lint.owner_settings import RosterKeys
from ops_lint.roster_roles import Roles, read_roles
from ops_lint.roster_roles import at as _at
from ops_lint.roster_roles import item_nodes as _items
from ops_lint.roster_roles import value_node as _value_node
from ops_lint.safe_files import UnsafeFile, read_text

ROSTER_LIMIT = 4_000_000  # bytes: a roster of thousands of people is a few hundred KB


def is_placeholder(text: str) -> bool:
    """A template blank: ``<name>`` or ``{{ name }}`` (what ``ops-lint init`` writes)."""
    text = text.strip()
    return (text.startswith("<") and text.endswith(">")) or (
        text.startswith("{{") and text.endswith("}}")
    )


@dataclass(frozen=True, slots=True)
class Member:
    name: str = ""
    handle: str = ""
    email: str = ""
    line: int = field(default=1, compare=False)  # where the entry is in the roster file
    column: int = field(default=1, compare=False)

    def keys(self) -> set[str]:
        return {k.lower() for k in (self.name, self.handle, self.email) if k}

    def identity(self) -> set[tuple[str, str]]:
        """What makes two entries the same person: any one shared key is enough. Typed,
        so a name never equals a handle; spelling differences in case, spacing and the
        handle's ``@`` do not count."""
        keys = {("name", " ".join(self.name.split()).casefold())}
        keys.add(("handle", self.handle.strip().removeprefix("@").casefold()))
        keys.add(("email", self.email.strip().casefold()))
        return {(kind, value) for kind, value in keys if value}

    @property
    def shown(self) -> str:
        return self.name or self.handle or self.email


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    members: tuple[Member, ...] = ()  # distinct persons, placeholders left out
    placeholders: tuple[str, ...] = ()  # member entries not filled in yet
    repeated: tuple[str, ...] = ()  # entries that named a person listed before
    on_call: str = ""  # the team's ``on_call`` value: 24x7, business-hours, none ("" unset)
    line: int = field(default=1, compare=False)  # where the entry is in the roster file
    column: int = field(default=1, compare=False)

    def keys(self) -> set[str]:
        return {k.lower() for k in (self.id, self.name, *self.aliases) if k}


@dataclass(slots=True)
class Roster:
    path: str
    teams: list[Team] = field(default_factory=list)
    error: str | None = None  # why the roster could not be loaded
    roles: Roles = field(default_factory=Roles)  # top-level ``roles`` (ops_lint.roster_roles)
    _by_key: dict[str, Team] = field(default_factory=dict)
    _members: dict[str, tuple[Team, Member]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for team in self.teams:
            for key in team.keys():  # noqa: SIM118 (Team.keys is not a dict)
                self._by_key.setdefault(key, team)
            for member in team.members:
                for key in member.keys():  # noqa: SIM118
                    self._members.setdefault(key, (team, member))

    def team(self, owner: str) -> Team | None:
        return self._by_key.get(owner.strip().lower())

    def member(self, owner: str) -> tuple[Team, Member] | None:
        return self._members.get(owner.strip().lower())

    def is_name(self, text: str) -> bool:
        """Whether ``text`` names a team or a member as a whole."""
        return self.team(text) is not None or self.member(text) is not None


def suggest(text: str, roster: Roster) -> str:
    """A "did you mean" for a name that matches no team (or the first known team ids)."""
    ids = [t.id for t in roster.teams]
    keys = {k.lower(): t.id for t in roster.teams for k in (t.id, t.name, *t.aliases)}
    close = difflib.get_close_matches(text.lower(), list(keys), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{keys[close[0]]}'? "
    shown = ", ".join(ids[:6]) + (", ..." if len(ids) > 6 else "")
    return f"known teams: {shown}; " if ids else ""


def _member(raw: Any, at: tuple[int, int]) -> Member:
    """The member an entry names (no key filled in: a placeholder), at ``at``."""
    line, column = at
    if isinstance(raw, dict):
        name, handle, email = (
            "" if is_placeholder(f) else f  # a placeholder field is blank
            for f in (str(raw.get(k) or "").strip() for k in ("name", "handle", "email"))
        )
        return Member(name, handle, email, line, column)
    text = str(raw).strip()
    if is_placeholder(text):
        return Member(line=line, column=column)
    if text.startswith("@"):
        return Member(handle=text, line=line, column=column)
    if "@" in text:
        return Member(email=text, line=line, column=column)
    return Member(name=text, line=line, column=column)


def _team_entries(
    data: Any, node: yaml.Node | None, keys: RosterKeys
) -> list[tuple[Any, yaml.Node | None]] | None:
    """Each team entry with its node: a list of teams, or a mapping of id to team."""
    if keys.teams:
        node = _value_node(node, keys.teams)
        data = data.get(keys.teams) if isinstance(data, dict) else None
    if isinstance(data, list):
        return list(zip(data, _items(node, len(data)), strict=True))
    if not isinstance(data, dict):
        return None
    nodes = {k.value: v for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}
    return [
        ({keys.id: team_id, **value} if isinstance(value, dict) else value, nodes.get(team_id))
        for team_id, value in data.items()
    ]


def _aliases(raw: dict[str, Any], keys: RosterKeys) -> list[Any] | None:
    """The aliases of a team entry: each alias key holds a name or a list of names."""
    found: list[Any] = []
    for key in keys.aliases:
        value = raw.get(key)
        if isinstance(value, str | int):
            found.append(value)
        elif isinstance(value, list):
            found.extend(value)
        elif value is not None:
            return None
    return found


def load_roster(
    path: Path, shown: str, root: Path | None = None, keys: RosterKeys | None = None
) -> Roster:
    """Load the roster; problems are recorded in ``error``, never raised.

    ``root`` is the project root the file must resolve into; without one, the top of the
    repository holding ``path`` (or its folder outside a repository) is used.
    """
    keys = keys or RosterKeys()
    if root is None:
        root = repository_top(path.parent) or path.parent
    try:
        data, node = safe_load_nodes(read_text(path, root, ROSTER_LIMIT))
    except FileNotFoundError:
        return Roster(shown, error=f"owners roster {shown} not found")
    except UnsafeFile as exc:
        return Roster(shown, error=f"owners roster {shown} cannot be read: {_reason(exc, path)}")
    except OSError as exc:
        return Roster(shown, error=f"owners roster {shown} cannot be read: {exc.strerror}")
    except yaml.YAMLError as exc:
        return Roster(shown, error=f"owners roster {shown} is not valid YAML: {yaml_problem(exc)}")
    entries = _team_entries(data, node, keys)
    if entries is None:
        where = f"has no '{keys.teams}' list" if keys.teams else "is no list of teams"
        return Roster(shown, error=f"owners roster {shown} {where}")
    teams: list[Team] = []
    for index, (raw, team_node) in enumerate(entries):
        if not isinstance(raw, dict) or not raw.get(keys.id):
            return Roster(shown, error=f"owners roster {shown}: teams[{index}] has no '{keys.id}'")
        aliases = _aliases(raw, keys)
        members = raw.get(keys.members) or []
        if aliases is None or not isinstance(members, list):
            return Roster(
                shown, error=f"owners roster {shown}: teams[{index}] aliases/members must be lists"
            )
        at = _at(team_node, (1, 1))
        member_nodes = _items(_value_node(team_node, keys.members), len(members))
        distinct, placeholders, repeated = _distinct(
            (m, _at(n, at)) for m, n in zip(members, member_nodes, strict=True)
        )
        teams.append(
            Team(
                id=str(raw[keys.id]),
                name=str(raw.get(keys.name, raw[keys.id])),
                aliases=tuple(str(a) for a in aliases),
                members=distinct,
                placeholders=placeholders,
                repeated=repeated,
                on_call=str(raw.get("on_call") or "").strip(),
                line=at[0],
                column=at[1],
            )
        )
    return Roster(shown, teams, roles=read_roles(data, node, keys.teams))


def _distinct(
    entries: Iterable[tuple[Any, tuple[int, int]]],
) -> tuple[tuple[Member, ...], tuple[str, ...], tuple[str, ...]]:
    """The persons among ``entries`` (the first entry of each), the placeholder entries,
    and the entries that repeat a person. Entries sharing any key are one person, also
    through a third entry (a name in one, its e-mail in another): a union-find over the
    entries, linear in their number."""
    members: list[Member] = []
    placeholders: list[str] = []
    for raw, at in entries:
        member = _member(raw, at)
        if member.identity():
            members.append(member)
        else:
            values = raw.values() if isinstance(raw, dict) else [raw]
            shown = " / ".join(str(v).strip() for v in values if v is not None and str(v).strip())
            placeholders.append(" ".join(shown.split())[:80] or "(empty)")
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for index, member in enumerate(members):
        for key in member.identity():
            seen = first.setdefault(key, index)
            a, b = root(seen), root(index)
            parent[max(a, b)] = min(a, b)  # the earliest entry names the person
    kept = tuple(m for i, m in enumerate(members) if root(i) == i)
    repeated = tuple(m.shown for i, m in enumerate(members) if root(i) != i)
    return kept, tuple(placeholders), repeated


def _reason(exc: UnsafeFile, path: Path) -> str:
    """The reason without the path ``safe_files`` puts first (the roster is named already)."""
    return str(exc).removeprefix(f"{path}: ")
