"""Config of where owners come from: the roster's key names and the owner sources.

``roster`` maps the owners roster onto a team file that already exists, whose keys
differ from ops-lint's own (``teams``, ``id``, ``name``, ``aliases``, ``members``)::

    owners: teams.yaml
    roster: {teams: "", id: name, aliases: [slack_channel]}

``teams: ""`` reads the file itself as the list of teams; a mapping of teams is read
with each key as the team's id. ``owner_sources`` lists where a doc's owner is read, in
order of precedence: the first source that names an owner wins.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

OwnerSourceName = Literal["front-matter", "codeowners", "owners-files", "default"]


class RosterKeys(BaseModel):
    """The key names of the owners roster file."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    teams: str = "teams"  # "": the file itself is the list (or mapping) of teams
    id: str = Field(default="id", min_length=1)
    name: str = Field(default="name", min_length=1)
    aliases: list[str] = Field(default_factory=lambda: ["aliases"])
    members: str = Field(default="members", min_length=1)


def front_matter_only() -> list[OwnerSourceName]:
    """The default owner sources: the doc's own front-matter."""
    return ["front-matter"]
