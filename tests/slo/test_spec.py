"""The SLO spec read from the docs: SLOs, queries, burn tiers, budget bands, problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from ops_lint.errors import UsageError
from ops_lint.slo_spec import Band, BurnTier, SliQueries, load_slo_set
from tests.conftest import ROOT
from tests.slo.docset import SLI_BLOCK, handover, write_docset


def test_slos_take_target_window_method_and_queries_matched_by_name(tmp_path: Path) -> None:
    found = load_slo_set(write_docset(tmp_path))
    assert found.problems == ()
    first, second = found.slos
    assert (first.name, first.id, first.alert) == (
        "Platform availability",
        "availability",
        "SloAvailability",
    )
    assert (first.target, first.window_days, first.budgeting) == (99.9, 30.0, "Timeslices")
    assert first.queries == SliQueries(
        "sum(rate(test_bad_minutes_total[{{window}}]))",
        "sum(rate(test_minutes_total[{{window}}]))",
    )
    assert (first.doc, first.line) == ("ops-docs/handover/edi.md", 11)
    assert (second.target, second.budgeting) == (99.0, "Occurrences")


def test_tiers_and_bands_come_from_the_burn_table_and_the_policy(tmp_path: Path) -> None:
    found = load_slo_set(write_docset(tmp_path))
    assert found.tiers[0] == BurnTier("Page, fast", "S1", "page", 14.4, "1h", "5m", 2.0)
    assert [(t.kind, t.long, t.short) for t in found.tiers[1:]] == [
        ("page", "6h", "30m"),
        ("ticket", "1d", "2h"),
        ("ticket", "3d", "6h"),
    ]
    assert found.bands[1] == Band(50.0, "50–75%", "Caution: reviewer and longer canary")
    assert [b.threshold for b in found.bands] == [0.0, 50.0, 75.0, 100.0]


def test_an_slo_without_queries_is_a_problem_not_skipped(tmp_path: Path) -> None:
    sli = SLI_BLOCK.split("- slo: Batch delivery latency")[0] + "```\n"
    found = load_slo_set(write_docset(tmp_path, handover(sli=sli)))
    batch = found.slos[1]
    assert batch.queries is None and batch.name == "Batch delivery latency"
    [problem] = found.problems
    assert "ops-docs/handover/edi.md:12: SLO 'Batch delivery latency' has no queries" in problem
    assert "'yaml sli' block" in problem


def test_an_entry_for_no_slo_and_a_bad_entry_are_problems(tmp_path: Path) -> None:
    sli = SLI_BLOCK.replace("Batch delivery latency", "Batch latency").replace(
        "  total: sum(rate(test_minutes_total[{{window}}]))", "  total: sum(rate(x[5m]))"
    )
    found = load_slo_set(write_docset(tmp_path, handover(sli=sli)))
    text = "\n".join(found.problems)
    assert "the total query has no {{window}}" in text
    assert "yaml sli entry 'Batch latency' names no SLO of the SLO table" in text
    assert "SLO 'Platform availability' has no queries" in text


def test_no_handover_with_an_slo_table_is_a_usage_error(tmp_path: Path) -> None:
    write_docset(tmp_path, "---\ntype: handover\n---\n# Handover\n")
    with pytest.raises(UsageError, match="no handover doc with an SLO table"):
        load_slo_set(tmp_path)


def test_bundled_docs_give_every_slo_its_queries() -> None:
    found = load_slo_set(ROOT)
    assert len(found.slos) == 9
    assert all(s.queries is not None for s in found.slos), found.problems
    assert found.problems == ()
    assert {t.kind for t in found.tiers} == {"page", "ticket"}
    assert found.bands[0].threshold == 0 and found.bands[-1].threshold == 100
