"""Tolerant matching of headings, headers and severity levels (ops_lint.matching)."""

from __future__ import annotations

import pytest

from ops_lint.document_builder import build
from ops_lint.governance.locate import locate
from ops_lint.matching import (
    column_of,
    header_matches,
    level_at_start,
    level_spellings,
    match_title,
    rank_titles,
    words,
)
from ops_lint.model import Document
from ops_lint.vocabulary import Level, Vocabulary

VOCAB = Vocabulary()


@pytest.mark.parametrize(
    ("title", "concept", "rank"),
    [
        ("SLOs & Error Budgets (rolling 30 days)", "slo-table", 0),
        ("2b. 🚨 Incident Classification Matrix", "severity-matrix", 0),
        ("II. Runbook Inventory", "runbook-inventory", 0),
        ("2) Severity Matrix", "severity-matrix", 0),
        ("Handover Checklist (sign-off 2026-12-04)", "checklist", 0),
        ("Handover Checklist — sign-off 2026-12-04", "checklist", 1),
        ("Operational Roles, Responsibilities & RACI", "raci", 2),
        ("**Runbooks**", "runbook-inventory", 0),
    ],
)
def test_titles_people_write_match_their_concept(title: str, concept: str, rank: int) -> None:
    found = match_title(title, VOCAB.section_names(concept))
    assert found is not None and found.rank == rank


@pytest.mark.parametrize(
    ("title", "concept"),
    [
        ("Roles", "raci"),
        ("Incident history", "severity-matrix"),
        ("Error handling", "budget-policy"),
        ("Check-in notes", "checklist"),
    ],
)
def test_other_titles_do_not_match(title: str, concept: str) -> None:
    assert match_title(title, VOCAB.section_names(concept)) is None


def test_exact_ranks_before_inclusion_and_two_exact_are_both_returned() -> None:
    titles = ["RACI notes and history", "Roles & RACI", "Runbook Inventory", "RACI"]
    ranked = rank_titles(titles, VOCAB.section_names("raci"))
    assert ranked.rank == 0 and ranked.best == [1, 3]
    assert rank_titles(["Summary"], VOCAB.section_names("raci")).best == []


def test_words_ignore_numbering_symbols_brackets_and_plurals() -> None:
    assert words("3.2) **Runbooks** [draft] (v2) 📘") == ("runbook",)
    assert words("IV. Roles & the RACI") == ("role", "raci")


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Response SLA", "response"),
        ("Time to acknowledge", "response"),
        ("Target response (24/7)", "response"),
        ("Who is paged", "escalation"),
        ("Comms", "communication"),
        ("Stakeholder updates", "communication"),
        ("Example scenarios", "examples"),
    ],
)
def test_practitioners_column_names(header: str, column: str) -> None:
    assert header_matches(header, VOCAB.column_names("severity-matrix", column))


def test_column_of_finds_the_first_matching_header() -> None:
    headers = ["Sev", "Budget consumed (rolling 30 days)", "Decision"]
    assert column_of(headers, VOCAB.column_names("budget-policy", "consumed")) == 1
    assert column_of(headers, VOCAB.column_names("budget-policy", "remaining")) is None


@pytest.mark.parametrize(
    "text", ["S0", "Sev 0", "SEV0", "SEV-0", "Severity 0", "**S0** (Critical)", "s0 — Critical"]
)
def test_one_level_many_spellings(text: str) -> None:
    spellings = [(lv.name, level_spellings(lv.name, lv.aliases)) for lv in VOCAB.levels]
    assert level_at_start(text, spellings) == "S0"


def test_levels_do_not_match_longer_numbers_or_prose() -> None:
    spellings = [(lv.name, level_spellings(lv.name, lv.aliases)) for lv in VOCAB.levels]
    assert level_at_start("S10", spellings) is None
    assert level_at_start("Several services", spellings) is None


def test_priority_and_named_schemes() -> None:
    levels = [Level(name="P1"), Level(name="Critical", aliases=["Crit"])]
    spellings = [(lv.name, level_spellings(lv.name, lv.aliases)) for lv in levels]
    assert level_at_start("Priority 1 — outage", spellings) == "P1"
    assert level_at_start("**Crit**", spellings) == "Critical"


def test_vocabulary_extends_built_in_words_and_rejects_unknown_keys() -> None:
    vocab = Vocabulary.model_validate(
        {"sections": {"checklist": ["Sign-off list"]}, "columns": {"checklist": {"owner": ["Who"]}}}
    )
    assert vocab.section_names("checklist")[-1] == "Sign-off list"
    assert "Handover Checklist" in vocab.section_names("checklist")
    assert vocab.column_names("checklist", "owner")[-1] == "Who"
    with pytest.raises(ValueError, match="unknown concept 'checklists'"):
        Vocabulary.model_validate({"sections": {"checklists": ["x"]}})
    with pytest.raises(ValueError, match="unknown column 'who'"):
        Vocabulary.model_validate({"columns": {"checklist": {"who": ["x"]}}})
    with pytest.raises(ValueError, match="same name"):
        Vocabulary.model_validate({"severity": {"levels": [{"name": "P1"}, {"name": "p1"}]}})


def _doc(text: str) -> Document:
    return build("d.md", "/x/d.md", text)


def test_locate_keeps_outermost_sections_at_the_best_rank() -> None:
    doc = _doc(
        "# H\n\n## 2. Severity Matrix\n\n### Severity matrix notes\n\n## Roles\n\n"
        "## Severity Matrix (legacy)\n"
    )
    found = locate(doc, "severity-matrix", VOCAB)
    assert [s.title for s in found.sections] == ["2. Severity Matrix", "Severity Matrix (legacy)"]
    assert found.rank == 0 and found.key == "vocabulary.sections.severity-matrix"


def test_locate_says_what_was_near_when_nothing_matches() -> None:
    doc = _doc("# H\n\n## Escalation and severity overview\n\n## Contacts\n")
    found = locate(doc, "severity-matrix", VOCAB)
    assert not found.found and found.nearby is not None
    assert found.nearby.title == "Escalation and severity overview"
    assert locate(_doc("# H\n\n## Contacts\n"), "severity-matrix", VOCAB).nearby is None
