"""Renaming a concept's section in one vocabulary entry keeps every rule that reads it on.

For each concept a small broken doc set is written with the concept's section under a
title ops-lint does not know, and one ``vocabulary.sections.<concept>`` entry names it.
Each rule of the concept must still fire for the broken content (not for a missing
section). The titles are none that ops-lint knows for the concept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint.matching import match_title
from ops_lint.vocabulary import SECTIONS
from tests.conftest import write_tree

ROSTER = """\
teams:
  - id: edi-l2-support
    members: ["@rkim", "@tnowak"]
  - id: platform-sre
    members: ["@cdonnelly", "@zyusuf"]
"""
FRONT = "---\ntype: handover\nowner: edi-l2-support\n---\n# EDI Handover\n\n"

RACI = """\
| Activity | edi-l2-support | platform-sre | ghost-team |
|---|---|---|---|
| Partner onboarding | A | A | I |
| Deployments | C | A/R | I |
"""
SEVERITY = """\
| Severity | Response time | Escalation path | Communication | Example scenarios |
|---|---|---|---|---|
| S0 | 15 min | IC | status page | outage |
| S1 | 3 hours | IC | status page | degraded |
| S3 | 1 business day |  | ticket | cosmetic |
| S4 | Backlog | backlog | ticket | request |
"""
SLO = """\
| SLO | Target | Window | Error budget |
|---|---|---|---|
| Availability | 99.9% | 30 days | 45 min |
"""
POLICY = """\
| Budget consumed | Deployment decision |
|---|---|
| < 50% | normal |
| 50–100% | caution |
"""
INVENTORY = """\
| Runbook | Trigger | Owner |
|---|---|---|
| [A](../runbooks/a.md) | - | edi-l2-support |
| [Missing](../runbooks/missing.md) | alert | ghost-team |
| [A again](../runbooks/a.md) | alert |  |
"""
RUNBOOK = "---\ntype: runbook\nowner: edi-l2-support\ntrigger: t\ndry_run: x\n---\n# {}\n"
CHECKLIST = "".join(f"- [ ] Hand over duty {n} (owner: edi-l2-support)\n" for n in range(13)) + (
    "- [ ] Review the ghost queue (owner: ghost-team)\n"
)


def _handover(title: str, body: str) -> dict[str, str]:
    return {"ops-docs/handover/edi.md": f"{FRONT}## {title}\n\n{body}"}


CASES: dict[str, tuple[str, dict[str, str], list[str]]] = {
    "raci": ("Who Does What", _handover("Who Does What", RACI), ["OPS102", "OPS103", "OPS106"]),
    "severity-matrix": (
        "Incident Tiers",
        _handover("Incident Tiers", SEVERITY),
        ["OPS201", "OPS202", "OPS203"],
    ),
    "slo-table": ("Reliability Targets", _handover("Reliability Targets", SLO), ["OPS402"]),
    "budget-policy": ("Release Gates", _handover("Release Gates", POLICY), ["OPS403"]),
    "runbook-inventory": (
        "Playbook Catalogue",
        {
            **_handover("Playbook Catalogue", INVENTORY),
            "ops-docs/runbooks/a.md": RUNBOOK.format("A"),
            "ops-docs/runbooks/b.md": RUNBOOK.format("B"),
        },
        ["OPS301", "OPS302", "OPS303", "OPS304", "OPS105"],
    ),
    "checklist": (
        "Transition Sign-off",
        _handover("Transition Sign-off", CHECKLIST),
        ["OPS501", "OPS105"],
    ),
    "dry-run": (
        "Chaos Exercise",
        {"ops-docs/runbooks/a.md": "---\ntype: runbook\n---\n# A\n\n## Chaos Exercise\n"},
        ["OPS305"],
    ),
}
PARAMS = [
    pytest.param(concept, code, id=f"{concept}-{code}")
    for concept, (_, _, codes) in CASES.items()
    for code in codes
]


def _findings(tmp_path: Path, ops_lint: Any, code: str, vocabulary: dict[str, Any]) -> str:
    config: dict[str, Any] = {"docs": ["ops-docs"], "select": [code], "vocabulary": vocabulary}
    (tmp_path / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = ops_lint(tmp_path, "check", "--format", "json", "--as-of", "2026-11-27")
    assert result.code in (0, 1), result.err
    return " | ".join(
        f"{d['code']}@{d['line']}: {d['message']}" for d in result.json()["diagnostics"]
    )


@pytest.mark.parametrize(("concept", "code"), PARAMS)
def test_renamed_section_keeps_the_rule_on(
    concept: str, code: str, tmp_path: Path, ops_lint: Any
) -> None:
    title, files, _ = CASES[concept]
    write_tree(tmp_path, {"ops-docs/owners.yaml": ROSTER, **files})
    named = _findings(tmp_path, ops_lint, code, {"sections": {concept: [title]}})
    assert code in named, f"{code} did not fire with the section named in the vocabulary"
    assert "looked for a section" not in named and "no section titled" not in named, named
    assert match_title(title, SECTIONS[concept]) is None  # unknown without the entry
