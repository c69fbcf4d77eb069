"""Rule options that moved to the vocabulary, and what a user sets instead.

Options that named sections, columns or levels are words of the vocabulary now
(``ops_lint.vocabulary``), read by every rule. A pack or config that still sets one gets
a configuration error naming the vocabulary key to set, e.g. ``option 'sections' moved:
set vocabulary.sections.severity-matrix``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ops_lint.checks import CheckKind

# Option name -> the vocabulary key that replaces it; ``{concept}`` is the check kind's.
MOVED_OPTIONS: dict[str, str] = {
    "sections": "vocabulary.sections.{concept}",
    "columns": "vocabulary.columns.{concept}",
    "levels": "vocabulary.severity.levels",
    "targets": "vocabulary.severity.levels (response)",
    "severity_columns": "vocabulary.columns.severity-matrix.level",
    "response_columns": "vocabulary.columns.severity-matrix.response",
    "escalation_columns": "vocabulary.columns.severity-matrix.escalation",
    "communication_columns": "vocabulary.columns.severity-matrix.communication",
    "example_columns": "vocabulary.columns.severity-matrix.examples",
    "inventory_sections": "vocabulary.sections.runbook-inventory",
    "runbook_columns": "vocabulary.columns.runbook-inventory.runbook",
    "trigger_columns": "vocabulary.columns.runbook-inventory.trigger",
    "owner_columns": "vocabulary.columns.runbook-inventory.owner",
    "checklist_sections": "vocabulary.sections.checklist",
    "gating_words": "vocabulary.words.budget-policy.gating",
    "availability_rows": "vocabulary.words.slo-table.availability",
}
# The concept each built-in check kind reads, for the ``{concept}`` of MOVED_OPTIONS.
KIND_CONCEPTS: dict[str, str] = {
    "raci-roles": "raci",
    "raci-accountable": "raci",
    "raci-responsible": "raci",
    "raci-roster": "raci",
    "severity-levels": "severity-matrix",
    "severity-complete": "severity-matrix",
    "severity-response-target": "severity-matrix",
    "postmortem-deadline": "severity-matrix",
    "runbook-trigger": "runbook-inventory",
    "runbook-owner": "runbook-inventory",
    "runbook-exists": "runbook-inventory",
    "runbook-listed": "runbook-inventory",
    "runbook-dry-run": "dry-run",
    "checklist-items": "checklist",
    "slo-variables": "slo-table",
    "error-budget-arithmetic": "slo-table",
    "error-budget-policy": "budget-policy",
}


def moved_option(kind: CheckKind, options: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first of ``options`` that moved to the vocabulary, and what to set instead."""
    for name in options:
        template = MOVED_OPTIONS.get(name)
        if template is None or name in kind.options.model_fields:
            continue
        key = template.format(concept=KIND_CONCEPTS.get(kind.name, "<concept>"))
        return name, f"option '{name}' moved: set {key}"
    return None
