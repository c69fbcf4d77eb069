"""Governance models extracted from documents, positions included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ops_lint.checks import Finding, single_person_owner
from ops_lint.config import Config
from ops_lint.context import Context
from ops_lint.document import build
from ops_lint.governance import Position, SectionRef, Value, blank
from ops_lint.governance.checklist import extract_checklist
from ops_lint.governance.inventory import InventoryLink, extract_column, extract_inventory
from ops_lint.governance.owners import extract_owners
from ops_lint.governance.raci import RaciMatrix, RaciMissing, extract_raci
from ops_lint.governance.severity import (
    SeverityMatrix,
    SeverityMissing,
    extract_severity,
    level_of,
)
from ops_lint.governance.severity_shapes import spellings_of
from ops_lint.governance.slo import extract_budget_policy, extract_slo_tables
from ops_lint.model import Document
from ops_lint.roster import Team, load_roster
from ops_lint.vocabulary import Vocabulary

VOCABULARY = Vocabulary()


def doc_of(source: str, path: str = "docs/handover.md") -> Document:
    return build(path, "/project/" + path, source)


RACI_DOC = """\
# Handover

## 1. Operational Roles & RACI

| Activity | L1 Support | **L2 Support** | L1 support | |
|---|---|---|---|---|
| Partner onboarding | I | A/R | C | |
|  | Responsible, consulted | - | n/a | R |
"""


def test_raci_matrix_roles_columns_and_positions() -> None:
    raci = extract_raci(doc_of(RACI_DOC), VOCABULARY)
    assert isinstance(raci, RaciMatrix)
    assert raci.section == "1. Operational Roles & RACI"
    assert raci.at == Position("docs/handover.md", 5, 1)
    assert raci.corner == "Activity"
    assert raci.roles == ("L1 Support", "L2 Support")
    assert raci.duplicates == ("L1 support",)
    assert [(c.header, c.role) for c in raci.columns] == [
        ("L1 Support", "L1 Support"),
        ("L2 Support", "L2 Support"),
        ("L1 support", "L1 Support"),
        ("", None),
    ]
    assert [c.at for c in raci.columns[:3]] == [
        Position("docs/handover.md", 5, 14),
        Position("docs/handover.md", 5, 27),
        Position("docs/handover.md", 5, 44),
    ]


def test_raci_activities_hold_letters_per_role() -> None:
    raci = extract_raci(doc_of(RACI_DOC), VOCABULARY)
    assert isinstance(raci, RaciMatrix)
    first, second = raci.activities
    assert first.name == "Partner onboarding"
    assert first.at == Position("docs/handover.md", 7, 3)
    assert dict(first.letters) == {
        "L1 Support": frozenset({"I", "C"}),
        "L2 Support": frozenset({"A", "R"}),
    }
    assert first.cells[:3] == ("Partner onboarding", "I", "A/R")
    assert second.name == "row 8"  # an empty activity cell is named by its line
    assert dict(second.letters) == {"L1 Support": frozenset({"R", "C"})}  # unnamed column: no role


def test_raci_missing_without_a_section() -> None:
    doc = doc_of("intro\n\n# Handover\n\n## Contacts\n")
    missing = extract_raci(doc, VOCABULARY)
    assert isinstance(missing, RaciMissing)
    assert (missing.section, missing.non_raci, missing.ambiguous) == (None, None, ())
    assert missing.at == Position("docs/handover.md", 3, 1)
    assert missing.search.names[:2] == ("Operational Roles & RACI", "Roles & RACI")


def test_raci_missing_names_the_first_cell_that_is_not_raci() -> None:
    source = "## RACI\n\n| Activity | Owner |\n|---|---|\n| Deploys | Alice |\n"
    missing = extract_raci(doc_of(source), VOCABULARY)
    assert isinstance(missing, RaciMissing)
    assert missing.section == "RACI"
    assert missing.non_raci is not None
    assert missing.non_raci.text == "Alice"
    assert missing.non_raci.activity == "Deploys"
    assert missing.non_raci.column == "Owner"
    assert missing.non_raci.table_line == 3
    assert missing.at == Position("docs/handover.md", 5, 13)


def test_raci_missing_in_a_section_without_tables() -> None:
    missing = extract_raci(doc_of("# H\n\n## RACI\n\nTo be written.\n"), VOCABULARY)
    assert isinstance(missing, RaciMissing)
    assert (missing.section, missing.non_raci) == ("RACI", None)
    assert missing.at == Position("docs/handover.md", 3, 1)


SEVERITY_DOC = """\
# Handover

## 2. Incident Classification Matrix

| Area | Response time |
|---|---|
| EDI | 15 min |

| Priority | Response time | Escalation |
|---|---|---|
| **S0** — Critical | 15 min | L2 → IC |
| Note: S10 is not a level | | |
| s1 High | 1 hour |
"""


def test_severity_matrix_rows_and_positions() -> None:
    doc = doc_of(SEVERITY_DOC)
    matrix = extract_severity(doc, VOCABULARY)
    assert isinstance(matrix, SeverityMatrix)
    assert matrix.section == "2. Incident Classification Matrix"
    assert matrix.at == Position("docs/handover.md", 9, 1)
    assert matrix.shape == "table"
    assert {k: v.text for k, v in matrix.columns.items()} == {
        "response": "Response time",
        "escalation": "Escalation",
    }
    assert [(r.level, r.at) for r in matrix.rows] == [
        ("S0", Position("docs/handover.md", 11, 3)),
        ("S1", Position("docs/handover.md", 13, 3)),
    ]
    s0, s1 = matrix.rows
    assert s0.get("response") == Value("15 min", Position("docs/handover.md", 11, 23))
    assert blank(s1.get("escalation"))  # a short row gives no value
    assert s1.get("examples") is None
    assert [r.what for r in matrix.rejected] == [
        "table at line 5 in section '2. Incident Classification Matrix'"
    ]


def test_severity_level_prefix_is_exact() -> None:
    levels = [{"name": "S1"}, {"name": "S10"}]
    both = spellings_of(Vocabulary.model_validate({"severity": {"levels": levels}}))
    one = spellings_of(VOCABULARY)
    assert level_of("**S1** High", both) == "S1"
    assert level_of("S10 — Other", both) == "S10"
    assert level_of("SEV-1 (High)", one) == "S1"
    assert level_of("S10", one) is None
    assert level_of("Note", one) is None


@pytest.mark.parametrize(
    ("source", "section", "at"),
    [
        ("# H\n\n## Contacts\n", None, 1),
        (
            "# H\n\n## Severity Matrix\n\n| Severity | x |\n|---|---|\n| High | y |\n",
            "Severity Matrix",
            3,
        ),
    ],
    ids=["no-section", "no-level-row"],
)
def test_severity_missing(source: str, section: str | None, at: int) -> None:
    missing = extract_severity(doc_of(source), VOCABULARY)
    assert isinstance(missing, SeverityMissing)
    assert (missing.section, missing.at) == (section, Position("docs/handover.md", at, 1))


def test_blank_values() -> None:
    where = Position("a.md", 1, 1)
    assert blank(None)
    assert all(blank(Value(t, where)) for t in ["", " - ", "—", "N/A", "none"])
    assert not blank(Value("15 min", where))


INVENTORY_DOC = """\
# Handover

## Runbook Inventory

| Runbook | Trigger | Owner |
|---|---|---|
| [DLQ redrive](../runbooks/dlq.md) | t | L2 |
| | | |
| [x](https://example.com/x) ![i](i.png) | - | |

### Partner runbooks

| Name | When |
|---|---|
| Onboarding | new partner |

## Notes

| Runbook | Trigger |
|---|---|
| [Out](out.md) | never |
"""


def test_inventory_tables_entries_and_positions() -> None:
    inventory = extract_inventory(doc_of(INVENTORY_DOC), VOCABULARY)
    assert inventory.anchor == Position("docs/handover.md", 1, 1)
    assert inventory.sections == (
        SectionRef("Runbook Inventory", Position("docs/handover.md", 3, 1)),
    )
    assert inventory.other_tables == (("Runbook", "Trigger", "Owner"), ("Name", "When"))
    first, second = inventory.tables
    assert first.at == Position("docs/handover.md", 5, 1)
    assert (first.runbook_column, first.rows, len(first.entries)) == (0, 3, 2)  # spacer skipped
    assert first.headers == ["Runbook", "Trigger", "Owner"]
    assert first.column(["owner"]) == 2
    dlq, external = first.entries
    assert dlq.label == "DLQ redrive"
    assert dlq.at == Position("docs/handover.md", 7, 3)
    assert dlq.links == (InventoryLink("../runbooks/dlq.md", Position("docs/handover.md", 7, 17)),)
    assert dlq.get(1) == Value("t", Position("docs/handover.md", 7, 39))
    assert dlq.column_at(5) == dlq.cells[-1].at.column
    assert external.label == "x i"  # the cell as written, image alt text included
    assert [k.target for k in external.links] == ["https://example.com/x"]  # no image
    assert blank(external.get(1))
    assert second.section == "Runbook Inventory"
    assert [(e.label, e.links) for e in second.entries] == [("Onboarding", ())]
    assert [e.label for e in inventory.entries] == ["DLQ redrive", "x i", "Onboarding"]


def test_inventory_without_tables() -> None:
    inventory = extract_inventory(doc_of("# H\n\n## Contacts\n"), VOCABULARY)
    assert inventory.sections == () and inventory.tables == () and inventory.entries == []
    assert inventory.anchor == Position("docs/handover.md", 1, 1)


SLO_DOC = """\
# Handover

## SLOs & Error Budgets

| Metric | Value |
|---|---|
| p95 | 1.5 s |

| SLO | Target | Window | Error budget |
|---|---|---|---|
| Availability | 99.9% | 30 days | 43.2 min |

| Budget consumed | Deployment decision |
|---|---|
| < 50% | normal |
| ≥ 100% | freeze |
"""


def test_slo_table_rows_and_positions() -> None:
    found = extract_slo_tables(doc_of(SLO_DOC), VOCABULARY)
    assert found.sections == (
        SectionRef("SLOs & Error Budgets", Position("docs/handover.md", 3, 1)),
    )
    assert found.anchor == Position("docs/handover.md", 3, 1)
    assert found.other_tables == (
        "| Metric | Value |",
        "| SLO | Target | Window | Error budget |",
        "| Budget consumed | Deployment decision |",
    )
    (table,) = found.tables
    assert table.at == Position("docs/handover.md", 9, 1)
    (row,) = table.rows
    assert row.at == Position("docs/handover.md", 11, 1)
    assert row.name == Value("Availability", Position("docs/handover.md", 11, 3))
    assert row.target == Value("99.9%", Position("docs/handover.md", 11, 18))
    assert row.window is not None and row.window.text == "30 days"
    assert row.budget is not None and row.budget.text == "43.2 min"
    assert [r.why for r in found.rejected] == [
        "no target, window, budget column",
        "no target, window, budget column",
    ]


def test_slo_table_without_a_name_column() -> None:
    doc = SLO_DOC.replace("| SLO | Target |", "| Target |").replace("| Availability |", "|")
    doc = doc.replace("|---|---|---|---|", "|---|---|---|")
    (table,) = extract_slo_tables(doc_of(doc), VOCABULARY).tables
    assert table.rows[0].name is None


def test_budget_policy_bands_and_positions() -> None:
    found = extract_budget_policy(doc_of(SLO_DOC), VOCABULARY)
    (policy,) = found.tables
    assert policy.at == Position("docs/handover.md", 13, 1)
    assert policy.headers == ("Budget consumed", "Deployment decision")
    assert [
        (b.at.line, b.band and b.band.text, b.decision and b.decision.text) for b in policy.bands
    ] == [
        (15, "< 50%", "normal"),
        (16, "≥ 100%", "freeze"),
    ]
    assert policy.bands[1].decision == Value("freeze", Position("docs/handover.md", 16, 12))


def test_slo_tables_missing_anchor_falls_back_to_the_title() -> None:
    found = extract_slo_tables(doc_of("x\n\n# Title\n"), VOCABULARY)
    assert found.tables == () and found.sections == () and found.other_tables == ()
    assert found.anchor == Position("docs/handover.md", 3, 1)


CHECKLIST_DOC = """\
# Handover

## 9. Handover Checklist

- [ ] Grant access (owner: edi-platform)
- [x] Transfer the schedule

### Handover Checklist

1. Shadow a shift
   - nested item
"""


def test_checklist_items_once_each_in_line_order() -> None:
    checklist = extract_checklist(doc_of(CHECKLIST_DOC), VOCABULARY)
    assert checklist.sections == (  # the subsection is part of the outer one
        SectionRef("9. Handover Checklist", Position("docs/handover.md", 3, 1)),
    )
    assert [(i.text, i.at, i.checked, i.depth) for i in checklist.items] == [
        ("Grant access (owner: edi-platform)", Position("docs/handover.md", 5, 7), False, 1),
        ("Transfer the schedule", Position("docs/handover.md", 6, 7), True, 1),
        ("Shadow a shift", Position("docs/handover.md", 10, 4), None, 1),
        ("nested item", Position("docs/handover.md", 11, 6), None, 2),
    ]


def test_checklist_missing() -> None:
    checklist = extract_checklist(doc_of("# H\n\n- item\n"), VOCABULARY)
    assert checklist.sections == () and checklist.items == ()
    assert checklist.anchor == Position("docs/handover.md", 1, 1)


def test_inventory_column_from_the_first_table_that_has_it() -> None:
    doc = doc_of(INVENTORY_DOC)
    inventory = extract_inventory(doc, VOCABULARY)
    column = extract_column(doc, inventory, ["Owner", "When"])
    assert column is not None
    assert column.at == Position("docs/handover.md", 5, 1)
    assert column.header == Value("Owner", Position("docs/handover.md", 5, 23))
    assert [(v.text, v.at.line) for v in column.cells] == [("L2", 7), ("", 8), ("", 9)]
    assert extract_column(doc, inventory, ["Pager"]) is None


def test_models_are_extracted_once_per_doc_set(tmp_path: Path) -> None:
    doc = doc_of(RACI_DOC + SEVERITY_DOC + INVENTORY_DOC + SLO_DOC + CHECKLIST_DOC)
    ctx = Context([doc], Config(), tmp_path, dt.date(2026, 1, 1))
    calls = [
        lambda: ctx.raci(doc),
        lambda: ctx.severity(doc),
        lambda: ctx.inventory(doc),
        lambda: ctx.inventory_column(doc, "owner"),
        lambda: ctx.slo_tables(doc),
        lambda: ctx.budget_policy(doc),
        lambda: ctx.checklist(doc),
    ]
    for call in calls:
        first = call()
        assert first is not None and call() is first


def test_models_know_nothing_of_rules() -> None:
    """The model layer imports no check, context or pack, and names no rule code."""
    package = Path(__file__).resolve().parents[1] / "ops_lint" / "governance"
    for source in package.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        for forbidden in ("ops_lint.checks", "ops_lint.context", "ops_lint.packs", "OPS"):
            assert forbidden not in text, f"{source.name} mentions {forbidden}"


OWNERS_DOC = """\
---
type: handover
owner: [edi-platform, "Research and Development"]
backup_owner: dana@example.org; <team>
---
# Handover

## Runbook Inventory

| Runbook | Owner |
|---|---|
| [DLQ](dlq.md) | edi-l2-support / @acme/dba |
| [Certs](certs.md) | — |

## Handover Checklist

- [ ] Grant access (owner: edi-platform) and keys (owners: sre and dba)
- [x] Transfer the schedule
"""
OWNER_KEYS = ("owner", "backup_owner")


def test_checklist_items_carry_their_owner_notes() -> None:
    checklist = extract_checklist(doc_of(OWNERS_DOC), VOCABULARY)
    first, second = checklist.items
    assert first.owner_notes == (
        Value("edi-platform", Position("docs/handover.md", 17, 28)),
        Value("sre and dba", Position("docs/handover.md", 17, 60)),
    )
    assert second.owner_notes == ()


def test_owners_from_each_source_with_positions() -> None:
    doc = doc_of(OWNERS_DOC)
    column = extract_column(doc, extract_inventory(doc, VOCABULARY), ["Owner"])
    checklist = extract_checklist(doc, VOCABULARY)

    def one_name(text: str) -> bool:
        return text.lower() == "research and development"

    owners = extract_owners(doc, ["owner", "backup_owner"], column, checklist, one_name)
    assert [(o.text, o.at.line, o.at.column, o.source, o.key) for o in owners] == [
        ("edi-platform", 3, 1, "front-matter", "owner"),
        ("Research and Development", 3, 1, "front-matter", "owner"),  # one name: not split
        ("dana@example.org", 4, 1, "front-matter", "backup_owner"),  # the placeholder: none
        ("edi-l2-support", 12, 19, "inventory", ""),
        ("@acme/dba", 12, 36, "inventory", ""),  # an @org/team handle is one owner
        ("edi-platform", 17, 28, "checklist", ""),
        ("sre", 17, 60, "checklist", ""),
        ("dba", 17, 68, "checklist", ""),
    ]
    assert len(owners) == 8
    split = extract_owners(doc, ["owner"], None, checklist)
    assert [o.text for o in split][:4] == [
        "edi-platform",
        "Research",
        "Development",
        "edi-platform",
    ]


def test_owners_are_read_once_per_doc_and_sources(tmp_path: Path) -> None:
    doc = doc_of(OWNERS_DOC)
    ctx = Context([doc], Config(), tmp_path, dt.date(2026, 1, 1))
    owners = ctx.owners(doc, OWNER_KEYS)
    assert ctx.owners(doc, OWNER_KEYS) is owners
    assert [o.source for o in owners].count("checklist") == 3
    fewer = ctx.owners(doc)  # other front-matter keys: read apart
    assert fewer is not owners
    assert {o.key for o in fewer if o.source == "front-matter"} == {"owner"}


ROSTER = """\
# owners
teams:
  - id: dba
    members:
      - {name: Dana Smith, handle: "@dsmith"}
      - "@DSmith"
      - "{{ name }}"
  - {id: sre, name: Platform SRE, members: ["@chris", "@zainab"]}
  - id: ghost
"""


def test_roster_entries_carry_their_lines(tmp_path: Path) -> None:
    (tmp_path / "owners.yaml").write_text(ROSTER, encoding="utf-8")
    roster = load_roster(tmp_path / "owners.yaml", "owners.yaml", tmp_path)
    assert roster.error is None
    dba, sre, ghost = roster.teams
    assert [(t.id, t.line, t.column) for t in roster.teams] == [
        ("dba", 3, 5),
        ("sre", 8, 5),
        ("ghost", 9, 5),
    ]
    assert [(m.shown, m.line, m.column) for m in dba.members] == [("Dana Smith", 5, 9)]
    assert [(m.shown, m.line, m.column) for m in sre.members] == [
        ("@chris", 8, 45),
        ("@zainab", 8, 55),
    ]
    assert ghost.members == ()
    assert Team("dba", "dba", line=7) == Team("dba", "dba")  # a position is no identity


def test_roster_members_through_a_merge_key_are_where_they_are_written(tmp_path: Path) -> None:
    text = "base: &base\n  members: ['@a', '@b']\nteams:\n  - id: x\n    <<: *base\n"
    (tmp_path / "owners.yaml").write_text(text, encoding="utf-8")
    (team,) = load_roster(tmp_path / "owners.yaml", "owners.yaml", tmp_path).teams
    assert (team.line, team.column) == (4, 5)
    assert [(m.shown, m.line) for m in team.members] == [("@a", 2), ("@b", 2)]


def test_a_team_too_small_is_reported_with_its_roster_entry(tmp_path: Path) -> None:
    (tmp_path / "ops-docs").mkdir()
    (tmp_path / "ops-docs/owners.yaml").write_text(ROSTER, encoding="utf-8")
    doc = doc_of("---\nowner: dba\n---\n# Runbook\n", "ops-docs/runbooks/db.md")
    ctx = Context([doc], Config(), tmp_path, dt.date(2026, 1, 1))
    (finding,) = single_person_owner.check(doc, single_person_owner.Options(), ctx)
    assert isinstance(finding, Finding)
    assert (finding.line, finding.column) == (2, 1)
    assert "is team 'dba' with 1 member (Dana Smith)" in finding.message
    assert "(roster entry ops-docs/owners.yaml:3)" in finding.message
