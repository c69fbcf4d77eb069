"""The owners roster (``owners.yaml``): teams, their aliases and members.

    teams:
      - id: edi-l2-support
        name: EDI L2 Support
        aliases: ["L2 Support"]
        members:
          - {name: "Priya Raman", handle: "@praman", email: "praman@example.org"}
          - "@jdoe"

An owner string matches a team by id, name or alias, case-insensitively.

The roster is a repository file: it is read through ``ops_lint.safe_files`` (inside the
project, a regular file, capped) and its YAML with the node budget of front-matter, so a
symlink to ``/dev/zero`` or an alias bomb is a roster error (OPS105), not a hang.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ops_lint.config import repository_top
from ops_lint.frontmatter import safe_load, yaml_problem
from ops_lint.safe_files import UnsafeFile, read_text

ROSTER_LIMIT = 4_000_000  # bytes: a roster of thousands of people is a few hundred KB


@dataclass(frozen=True, slots=True)
class Member:
    name: str = ""
    handle: str = ""
    email: str = ""

    def keys(self) -> set[str]:
        return {k.lower() for k in (self.name, self.handle, self.email) if k}


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    members: tuple[Member, ...] = ()

    def keys(self) -> set[str]:
        return {k.lower() for k in (self.id, self.name, *self.aliases) if k}


@dataclass(slots=True)
class Roster:
    path: str
    teams: list[Team] = field(default_factory=list)
    error: str | None = None  # why the roster could not be loaded
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


def _member(raw: Any) -> Member:
    if isinstance(raw, dict):
        return Member(
            str(raw.get("name", "")), str(raw.get("handle", "")), str(raw.get("email", ""))
        )
    text = str(raw).strip()
    if text.startswith("@"):
        return Member(handle=text)
    if "@" in text:
        return Member(email=text)
    return Member(name=text)


def load_roster(path: Path, shown: str, root: Path | None = None) -> Roster:
    """Load the roster; problems are recorded in ``error``, never raised.

    ``root`` is the project root the file must resolve into; without one, the top of the
    repository holding ``path`` (or its folder outside a repository) is used.
    """
    if root is None:
        root = repository_top(path.parent) or path.parent
    try:
        data = safe_load(read_text(path, root, ROSTER_LIMIT))
    except FileNotFoundError:
        return Roster(shown, error=f"owners roster {shown} not found")
    except UnsafeFile as exc:
        return Roster(shown, error=f"owners roster {shown} cannot be read: {_reason(exc, path)}")
    except OSError as exc:
        return Roster(shown, error=f"owners roster {shown} cannot be read: {exc.strerror}")
    except yaml.YAMLError as exc:
        return Roster(shown, error=f"owners roster {shown} is not valid YAML: {yaml_problem(exc)}")
    teams_raw = data.get("teams") if isinstance(data, dict) else None
    if not isinstance(teams_raw, list):
        return Roster(shown, error=f"owners roster {shown} has no 'teams' list")
    teams: list[Team] = []
    for index, raw in enumerate(teams_raw):
        if not isinstance(raw, dict) or not raw.get("id"):
            return Roster(shown, error=f"owners roster {shown}: teams[{index}] has no 'id'")
        aliases = raw.get("aliases") or []
        members = raw.get("members") or []
        if not isinstance(aliases, list) or not isinstance(members, list):
            return Roster(
                shown, error=f"owners roster {shown}: teams[{index}] aliases/members must be lists"
            )
        teams.append(
            Team(
                id=str(raw["id"]),
                name=str(raw.get("name", raw["id"])),
                aliases=tuple(str(a) for a in aliases),
                members=tuple(_member(m) for m in members),
            )
        )
    return Roster(shown, teams)


def _reason(exc: UnsafeFile, path: Path) -> str:
    """The reason without the path ``safe_files`` puts first (the roster is named already)."""
    return str(exc).removeprefix(f"{path}: ")
