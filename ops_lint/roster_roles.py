"""The roles of the owners roster: who holds each approval or decision title, and who
stands in.

    roles:
      - name: Privacy Officer
        aliases: ["HIPAA Privacy Officer"]
        holder: "@ljensen"
        deputies: ["@ivolkova"]
        team: security-privacy

``roles`` is a top-level key of the roster, next to ``teams`` (a mapping of role name
to entry is read too). A roster read through a ``roster`` key mapping whose file is
itself the list of teams has no roles. Each role keeps the line and column of its entry,
so a finding can point at it. Also here: where YAML nodes start, shared with
:mod:`ops_lint.roster`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from ops_lint.roster import Member, Roster, Team

ROLES_KEY = "roles"


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    aliases: tuple[str, ...] = ()
    holder: str = ""
    deputies: tuple[str, ...] = ()
    team: str = ""
    line: int = field(default=1, compare=False)  # where the entry is in the roster file
    column: int = field(default=1, compare=False)

    def keys(self) -> set[str]:
        return {role_key(k) for k in (self.name, *self.aliases) if role_key(k)}


@dataclass(frozen=True, slots=True)
class Roles:
    declared: bool = False  # the roster has a ``roles`` key
    roles: tuple[Role, ...] = ()
    problems: tuple[tuple[int, str], ...] = ()  # (line, why) of entries that are unusable
    line: int = 1  # where ``roles`` is

    def find(self, title: str) -> Role | None:
        """The role ``title`` names (name or alias, case, spacing, hyphens and a leading
        "the" aside), or None."""
        key = role_key(title)
        return next((r for r in self.roles if key in r.keys()), None)  # noqa: SIM118


_SPACES = re.compile(r"[\s_\-\u2010-\u2014]+")


def role_key(text: str) -> str:
    """How titles are compared: ``The  on-call L2 Lead's`` -> ``on call l2 lead``,
    ``VP of Engineering`` -> ``vp engineering``."""
    text = _SPACES.sub(" ", text.replace("\u2019", "'")).strip().casefold()
    text = text.removesuffix("'s").removeprefix("the ").replace(" of ", " ")
    return text.strip()


def person(roster: Roster, text: str) -> tuple[Team, Member] | None:
    """The roster member ``text`` names (name, e-mail, or handle with or without its
    ``@``), with the first team that lists them; None for anyone else."""
    text = text.strip()
    return roster.member(text) or (roster.member("@" + text) if text[:1] != "@" else None)


def same_person(a: Member, b: Member) -> bool:
    """Whether two roster entries are one person (any shared name, handle or e-mail)."""
    return bool(a.identity() & b.identity())


def value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The node of ``key``'s value in a mapping node (the last one, as loading keeps)."""
    found = None
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                found = value
    return found


def item_nodes(node: yaml.Node | None, count: int) -> list[yaml.Node | None]:
    """The ``count`` item nodes of a sequence node; None for each when the node does not
    hold exactly those items (e.g. a list that came through a merge key)."""
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    return list(items) if len(items) == count else [None] * count


def at(node: yaml.Node | None, default: tuple[int, int]) -> tuple[int, int]:
    """1-based line and column where ``node`` starts, or ``default``."""
    return default if node is None else (node.start_mark.line + 1, node.start_mark.column + 1)


def _names(value: Any) -> tuple[str, ...] | None:
    """A name or a list of names (blank ones left out); None for anything else."""
    if value is None:
        return ()
    if isinstance(value, str | int):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        return None
    return tuple(str(v).strip() for v in value if str(v).strip())


def _entries(raw: Any, node: yaml.Node | None) -> list[tuple[Any, yaml.Node | None]] | None:
    """Each role entry with its node: a list of roles, or a mapping of name to role."""
    if isinstance(raw, list):
        return list(zip(raw, item_nodes(node, len(raw)), strict=True))
    if not isinstance(raw, dict):
        return None
    nodes = {k.value: v for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}
    return [
        ({"name": name, **value} if isinstance(value, dict) else value, nodes.get(name))
        for name, value in raw.items()
    ]


def _role(raw: Any, where: tuple[int, int], index: int) -> Role | str:
    """The role an entry declares, or why it declares none."""
    if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
        return f"roles[{index}] has no 'name'"
    name = str(raw["name"]).strip()
    fields = {k: _names(raw.get(k)) for k in ("aliases", "deputies")}
    holder, team = _names(raw.get("holder")), _names(raw.get("team"))
    bad = [k for k, v in {**fields, "holder": holder, "team": team}.items() if v is None]
    if bad or len(holder or ()) > 1 or len(team or ()) > 1:
        what = ", ".join(bad) or "holder/team"
        return f"role '{name}': {what} must be a name (aliases and deputies: a list of names)"
    return Role(
        name=name,
        aliases=fields["aliases"] or (),
        holder=(holder or ("",))[0],
        deputies=fields["deputies"] or (),
        team=(team or ("",))[0],
        line=where[0],
        column=where[1],
    )


def read_roles(data: Any, node: yaml.Node | None, teams_key: str) -> Roles:
    """The roles of a loaded roster file (``data`` and its ``node``); none when the file
    is itself the list of teams (``teams_key`` empty) or has no ``roles`` key."""
    if not teams_key or not isinstance(data, dict) or ROLES_KEY not in data:
        return Roles()
    roles_node = value_node(node, ROLES_KEY)
    line = at(roles_node, (1, 1))[0]
    entries = _entries(data[ROLES_KEY], roles_node)
    if entries is None:
        why = f"'{ROLES_KEY}' must be a list of roles (name, holder, deputies)"
        return Roles(True, problems=((line, why),), line=line)
    roles: list[Role] = []
    problems: list[tuple[int, str]] = []
    for index, (raw, entry_node) in enumerate(entries):
        where = at(entry_node, (line, 1))
        role = _role(raw, where, index)
        if isinstance(role, str):
            problems.append((where[0], role))
        else:
            roles.append(role)
    return Roles(True, tuple(roles), tuple(problems), line)
