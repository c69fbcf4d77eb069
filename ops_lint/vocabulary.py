"""A team's words for its governance concepts: one place, read by every rule.

Rules look for concepts (the RACI matrix, the severity matrix, the runbook inventory, the
SLO table, the error-budget policy, the handover checklist, a runbook's dry run), for
logical columns of their tables (a severity level's response time, an inventory row's
owner) and for severity levels. The words ops-lint knows for each are below; a project
adds its own in the ``vocabulary`` section of its config::

    vocabulary:
      sections:
        severity-matrix: ["Priority matrix"]       # tried after the built-in titles
      columns:
        severity:
          response: ["Ack within"]
      severity:                                    # replaces the S0-S4 scheme
        levels:
          - {name: P1, response: 15 min, major: true}
          - {name: P2, response: 1 hour, major: true}
          - {name: P3, response: 1 business day}
          - {name: Low, aliases: [Cosmetic], response: backlog}
      words:
        budget-policy:
          gating: ["rollback-only"]                # decisions that gate deployments

Section titles, column names and words added by the project extend the built-in ones (a
renamed section never turns a rule off); severity levels, when given, are the scheme.
Matching is tolerant (``ops_lint.matching``): case, numbering, emoji, parentheticals
and trailing qualifiers do not matter.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ops_lint import durations
from ops_lint.duration_words import known_targets, translate
from ops_lint.durations import Duration
from ops_lint.vocabulary_words import WORDS, known_words

_Words = Annotated[list[Annotated[str, Field(min_length=1, max_length=200)]], Field(max_length=100)]

# Built-in section titles per concept, most specific first.
SECTIONS: dict[str, tuple[str, ...]] = {
    "raci": (
        "Operational Roles & RACI",
        "Roles & RACI",
        "RACI",
        "RACI Matrix",
        "Responsibility Matrix",
        "Roles and Responsibilities",
    ),
    "severity-matrix": (
        "Incident Classification Matrix",
        "Incident Severity Matrix",
        "Severity Matrix",
        "Severity Levels",
        "Incident Severity Levels",
        "Severity Definitions",
        "Incident Classification",
    ),
    "runbook-inventory": ("Runbook Inventory", "Runbooks", "Runbook Index", "Runbook Catalog"),
    "slo-table": (
        "SLOs & Error Budgets",
        "Service Level Objectives",
        "SLOs",
        "Service Level Objectives & Error Budgets",
    ),
    "budget-policy": (
        "Error Budget Policy",
        "SLOs & Error Budgets",
        "Service Level Objectives",
        "Error Budgets",
    ),
    "checklist": ("Handover Checklist", "Handoff Checklist", "Checklist"),
    "dry-run": ("Dry Run", "Simulation", "Game Day", "Rehearsal", "Drill"),
    # sections of a postmortem
    "timeline": ("Timeline", "Incident Timeline", "Timeline of Events", "Chronology"),
    "contributing-factors": (
        *("Contributing Factors", "Root Causes and Contributing Factors", "Causes"),
        *("Root Causes", "Root Cause", "Root Cause Analysis"),
    ),
    "action-items": ("Action Items", "Actions", "Follow-up Actions", "Corrective Actions"),
}

# Built-in header names per logical column of each concept's table.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "raci": {
        # the corner header of a RACI table: activities as rows, or roles as rows
        "activity": ("Activity", "Activities", "Task", "Process", "Responsibility"),
        "role": ("Role", "Roles", "Team", "Who", "Function", "Role / Team"),
    },
    "severity-matrix": {
        "level": ("Severity", "Sev", "Level", "Priority", "Severity level"),
        "response": (
            "Response time",
            "Response target",
            "Response",
            "Time to respond",
            "Ack time",
            "Response SLA",
            "Time to acknowledge",
            "Target response",
            "Acknowledge within",
        ),
        "escalation": ("Escalation path", "Escalation", "Who is paged", "Escalate to"),
        "communication": (
            "Communication",
            "Comms",
            "Communication expectations",
            "Updates",
            "Stakeholder updates",
            "Communications",
        ),
        "examples": ("Example scenarios", "Examples", "Example", "Typical examples"),
    },
    "runbook-inventory": {
        "runbook": ("Runbook", "Runbooks", "Name"),
        "trigger": ("Trigger", "Triggers", "Alert", "When"),
        "owner": ("Owner", "Owners", "Owning team", "Team"),
    },
    # an alert catalog table: found by its alert and runbook columns, in any section
    "alert-catalog": {
        "alert": ("Alert", "Alerts", "Alert name", "Alert rule", "Page alert", "Ticket alert"),
        "severity": ("Severity", "Default severity", "Sev", "Severity level"),
        "runbook": ("Runbook", "Runbooks", "Runbook link", "Playbook"),
    },
    "slo-table": {
        "name": ("SLO", "Name", "Objective name", "SLI", "Indicator", "Service"),
        "target": ("Target", "Objective", "SLO target"),
        "window": ("Window", "Period", "Compliance window"),
        "budget": ("Error budget", "Budget", "Allowed downtime"),
    },
    "budget-policy": {
        "consumed": (
            "Budget consumed",
            "Error budget consumed",
            "Budget burn",
            "Consumed",
            "Budget spent",
            "Budget used",
        ),
        "remaining": (
            "Budget remaining",
            "Error budget remaining",
            "Remaining",
            "Budget left",
            "Error budget left",
            "Remaining budget",
        ),
        "decision": (
            "Deployment decision",
            "Decision",
            "Deployment policy",
            "Action",
            "Release policy",
        ),
    },
    "checklist": {
        "item": ("Item", "Task", "Check", "Checklist item"),
        "owner": ("Owner", "Owners", "Responsible"),
        "done": ("Done", "Status", "Complete", "Signed off"),
    },
    "action-items": {
        "owner": ("Owner", "Owners", "Owner team", "Owning team", "Team"),
        "due": ("Due", "Due date", "Deadline", "Target date", "Due by"),
    },
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Level(_Strict):
    """A severity level: its name, other names for it, its slowest acceptable response,
    and whether it is major (gets a postmortem)."""

    name: str = Field(min_length=1, max_length=40)
    aliases: _Words = Field(default_factory=list)
    response: str | None = None  # a duration (``15 min``); None: no target
    major: bool = False


# Constants known valid: built without a validator, so importing this module builds none.
DEFAULT_LEVELS: tuple[Level, ...] = (
    Level.model_construct(name="S0", response="15 min", major=True),
    Level.model_construct(name="S1", response="1 hour", major=True),
    Level.model_construct(name="S2", response="4 hours"),
    Level.model_construct(name="S3", response="1 business day"),
    Level.model_construct(name="S4", response="backlog"),
)


class SeverityWords(_Strict):
    levels: list[Level] = Field(default_factory=lambda: list(DEFAULT_LEVELS), min_length=1)

    @field_validator("levels")
    @classmethod
    def _distinct(cls, value: list[Level]) -> list[Level]:
        names = [level.name.lower() for level in value]
        if len(set(names)) != len(names):
            raise ValueError("two severity levels have the same name")
        return value


class Vocabulary(_Strict):
    """The ``vocabulary`` section of the config (every key optional)."""

    sections: dict[str, _Words] = Field(default_factory=dict)
    columns: dict[str, dict[str, _Words]] = Field(default_factory=dict)
    words: dict[str, dict[str, _Words]] = Field(default_factory=dict)
    severity: SeverityWords = Field(default_factory=SeverityWords)
    durations: dict[str, _Words] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_keys(self) -> Vocabulary:
        known_targets(self.durations)
        for level in self.severity.levels:
            if level.response is not None and self.response_time(level.response) is None:
                raise ValueError(
                    f"severity level {level.name}: response {level.response!r} is not a "
                    f"duration; write {durations.GRAMMAR}"
                )
        for concept in self.sections:
            if concept not in SECTIONS:
                raise ValueError(
                    f"vocabulary.sections: unknown concept {concept!r} "
                    f"(known: {', '.join(SECTIONS)})"
                )
        for concept, columns in self.columns.items():
            known = COLUMNS.get(concept)
            if known is None:
                raise ValueError(
                    f"vocabulary.columns: unknown concept {concept!r} (known: {', '.join(COLUMNS)})"
                )
            for column in columns:
                if column not in known:
                    raise ValueError(
                        f"vocabulary.columns.{concept}: unknown column {column!r} "
                        f"(known: {', '.join(known)})"
                    )
        known_words(self.words)
        return self

    def section_names(self, concept: str) -> tuple[str, ...]:
        """The titles of ``concept``: built-in first, then the project's."""
        return SECTIONS[concept] + tuple(self.sections.get(concept, ()))

    def column_names(self, concept: str, column: str) -> tuple[str, ...]:
        """The header names of ``column`` of ``concept``'s table: built-in, then the project's."""
        return COLUMNS[concept][column] + tuple(self.columns.get(concept, {}).get(column, ()))

    def word_list(self, concept: str, name: str) -> tuple[str, ...]:
        """The words ``name`` of ``concept`` (``budget-policy``, ``gating``): built-in, then
        the project's."""
        return WORDS[concept][name] + tuple(self.words.get(concept, {}).get(name, ()))

    def response_time(self, text: str) -> Duration | None:
        """The response time at the start of ``text``, in the team's duration words too."""
        return durations.response_time(translate(text, self.durations))

    def find_response_time(self, text: str) -> Duration | None:
        """The first response time anywhere in ``text``, in the team's duration words too."""
        return durations.find_response_time(translate(text, self.durations))

    @property
    def levels(self) -> tuple[Level, ...]:
        return tuple(self.severity.levels)

    def level_names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.severity.levels)

    def major_levels(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.severity.levels if level.major)

    def targets(self) -> dict[str, str | None]:
        return {level.name: level.response for level in self.severity.levels}


def key_for_section(concept: str) -> str:
    """The config key a user sets to teach ops-lint a title for ``concept``."""
    return f"vocabulary.sections.{concept}"


def key_for_column(concept: str, column: str) -> str:
    return f"vocabulary.columns.{concept}.{column}"
