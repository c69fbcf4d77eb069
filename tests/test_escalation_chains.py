"""Escalation chains, prose escalation timers and postmortem deadline statements, as read
from documents (``ops_lint.governance.escalation`` and ``.deadline_statements``)."""

from __future__ import annotations

import pytest

from ops_lint.document_builder import build
from ops_lint.governance.deadline_statements import calendar_hours, deadline_statements
from ops_lint.governance.escalation import read_chains, read_prose_timers
from ops_lint.governance.prose import cell_blocks, prose_blocks
from ops_lint.matching import level_spellings
from ops_lint.model import Document

LEVELS = [(name, level_spellings(name)) for name in ("S0", "S1", "S2", "S3", "S4")]


def _doc(body: str) -> Document:
    return build("doc.md", "/p/doc.md", "# Doc\n\n" + body)


def _chains(body: str) -> list[tuple[tuple[tuple[str, float], ...], float, tuple[str, ...]]]:
    doc = _doc(body)
    return [
        (tuple((t.name, t.minutes) for t in c.tiers), c.total, c.levels)
        for b in prose_blocks(doc)
        for c in read_chains(b, LEVELS)
    ]


def test_a_chain_counts_only_its_timed_tiers() -> None:
    found = _chains(
        "1. Alert → PagerDuty → L2 primary (5 min) → L2 secondary (5 min) → Lead (10 min)."
    )
    assert found == [((("L2 primary", 5.0), ("L2 secondary", 5.0), ("Lead", 10.0)), 20.0, ())]


@pytest.mark.parametrize(
    ("body", "total", "levels"),
    [
        ("S1: primary (5 minutes) -> secondary (1 h)", 65.0, ("S1",)),
        ("S0/S1 declared → IC (5 min) → deputy (5 min)", 10.0, ("S0", "S1")),
        ("Escalation: **primary** (90 s) → secondary (2 min), then the IC.", 3.5, ()),
    ],
)
def test_chain_spellings(body: str, total: float, levels: tuple[str, ...]) -> None:
    [(_, got_total, got_levels)] = _chains(body)
    assert (got_total, got_levels) == (total, levels)


@pytest.mark.parametrize(
    "body",
    [
        "IC → Director (S0 at declaration, S1 after 1 h) → VP (S0 after 30 min) → CTO (1 h).",
        "L2 → EDI Engineering (on-call) → Platform SRE (primary).",
        "Only one tier (5 min) → then nothing timed.",
        "Primary (5 min), secondary (10 min), no arrows.",
    ],
)
def test_not_a_chain(body: str) -> None:
    assert _chains(body) == []


def test_a_chain_over_two_lines_is_placed_at_its_first_tier() -> None:
    doc = _doc("Paging runs:\nprimary (5 min) → secondary (5 min)\n→ lead (10 min).\n")
    [block] = prose_blocks(doc)
    [chain] = read_chains(block, LEVELS)
    assert chain.total == 20.0
    assert block.place(chain.tiers[0].offset) == (4, 1)
    assert block.place(chain.tiers[2].offset) == (5, 3)


@pytest.mark.parametrize(
    ("body", "reached"),
    [
        (
            "Pages escalate to the secondary after 5 min without acknowledgement and to the"
            " team lead after a further 10 min.",
            [("secondary", 5.0), ("team lead", 15.0)],
        ),
        (
            "- Pages must be acknowledged within 5 min or they escalate automatically to the\n"
            "  secondary, then after 10 more min to the team lead.",
            [("secondary", 5.0), ("team lead", 15.0)],
        ),
        (
            "Unacknowledged pages escalate to the secondary after 5 min and to the manager"
            " after 30 min.",
            [("secondary", 5.0), ("manager", 30.0)],
        ),
    ],
)
def test_prose_timers(body: str, reached: list[tuple[str, float]]) -> None:
    doc = _doc(body)
    [timer] = [t for b in prose_blocks(doc) for t in read_prose_timers(b, LEVELS)]
    assert [(t.name, at) for t, at in timer.reached()] == reached


def test_one_escalation_step_is_no_timer() -> None:
    doc = _doc("Pages escalate to the secondary after 5 min.")
    assert [t for b in prose_blocks(doc) for t in read_prose_timers(b, LEVELS)] == []


def _statements(body: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.written, s.levels) for s in deadline_statements(_doc(body), LEVELS)]


def test_deadline_statements_in_prose_and_tables() -> None:
    body = (
        "Every S0 and S1 gets a postmortem published within 72 h of resolution.\n\n"
        "Blameless postmortems are due 48 hours after resolution.\n\n"
        "Schedule the restricted postmortem (72 h rule).\n\n"
        "## Postmortem deadlines\n\n"
        "| Trigger | Published |\n|---|---|\n| S2 incidents | within 5 business days |\n"
    )
    assert _statements(body) == [
        ("72 h", ("S0", "S1")),
        ("48 hours", ()),
        ("72 h", ()),
        ("5 business days", ("S2",)),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Postmortem P0 actions are done within 4 weeks of publication.",
        "The postmortem review meeting is held within 3 calendar days.",
        "Follow-up issues are triaged within 1 business day of the postmortem review.",
        "Postmortem drafts are published within 48 h.",
        "Incidents are published on the status page within 15 min.",
        "| Priority | Due |\n|---|---|\n| P0 | within 4 weeks of publication |\n",
    ],
)
def test_not_a_deadline_statement(body: str) -> None:
    assert _statements(body) == []


@pytest.mark.parametrize(
    ("written", "hours"),
    [
        ("72 h", 72.0),
        ("72-hour", 72.0),
        ("3 days", 72.0),
        ("3 calendar days", 72.0),
        ("48 hours", 48.0),
        ("3 business days", None),
        ("2 wk", 336.0),
    ],
)
def test_calendar_hours(written: str, hours: float | None) -> None:
    assert calendar_hours(written) == hours


def test_a_chain_in_a_matrix_cell_serves_its_rows_level() -> None:
    doc = _doc(
        "| Severity | Escalation path |\n|---|---|\n"
        "| S2 — Medium | L2 primary (30 min) → L2 team lead (60 min) |\n"
    )
    [chain] = [c for b in cell_blocks(doc) for c in read_chains(b, LEVELS)]
    assert (chain.total, chain.levels) == (90.0, ("S2",))
    assert chain.block.place(chain.tiers[0].offset) == (5, 17)
