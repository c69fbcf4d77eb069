"""``freshness:`` settings: the basis of the freshness date, git history options, review
cycles per type, the front-matter fields read and the default owner."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, frozen=True, defer_build=True
    )  # validators built on first use (see ops_lint.settings_memo)


class FreshnessFields(_Strict):  # a dotted name reaches a nested field: last_update.date
    last_reviewed: str = "last_reviewed"
    review_cycle: str = "review_cycle_days"
    review_by: str = "review_by"  # a date the doc must be reviewed by: replaces the cycle
    owner: str = "owner"
    reviewed_by: str = "reviewed_by"  # the team ``ops-lint review --by`` writes


class FreshnessSettings(_Strict):
    basis: Literal["review", "change", "either"] = "either"
    date: Literal["author", "committer"] = "author"
    fields: FreshnessFields = Field(default_factory=FreshnessFields)
    ignore_revs: str = ".git-blame-ignore-revs"
    ignore_messages: list[str] = Field(default_factory=list)
    sweep_share: float = Field(default=0.25, gt=0, le=1)
    sweep_min_files: int = Field(default=10, ge=1, le=1_000_000, strict=True)
    # days are added to dates: a cycle past year 9999 would overflow
    review_cycle_days: dict[str, Annotated[int, Field(ge=1, le=36_500, strict=True)]] = Field(
        default_factory=lambda: {
            "runbook": 90,
            "handover": 90,
            "policy": 180,
            "reference": 180,
            "incident": 365,
            "postmortem": 365,
        }
    )
    include_merges: bool = False
