"""The SLO table and the error-budget policy in the shapes people write them (OPS402, OPS403).

Month windows, budgets framed as remaining, tolerant headings and headers, ``<br>`` in
cells, tables found by their columns, ambiguity, and options that moved to the vocabulary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint.document import build
from ops_lint.governance.slo import extract_budget_policy, extract_slo_tables
from ops_lint.vocabulary import Vocabulary
from tests.conftest import write_tree

FRONT = """\
---
type: handover
owner: platform-sre
slo: {latency_p95_ms: 1500, availability_percent: 99.9, error_budget_window_days: 30}
---
# Handover
"""

POLICY = """
### Error-budget policy

| Budget consumed | Deployment decision |
|---|---|
| < 50% | Normal |
| 50–100% | Caution |
| ≥ 100% | Freeze: no deploys |
"""


def _slo_doc(window: str, budget: str, name: str = "Checkout latency", policy: str = POLICY) -> str:
    return (
        FRONT
        + "\n## SLOs & Error Budgets\n\n| SLO | Target | Window | Error budget |\n"
        + f"|---|---|---|---|\n| {name} | 99.9% | {window} | {budget} |\n"
        + policy
    )


def _run(tmp_path: Path, ops_lint: Any, doc: str, config: dict[str, Any] | None = None) -> Any:
    write_tree(tmp_path, {"ops-docs/handover/handover.md": doc})
    settings = {"docs": ["ops-docs"], "select": ["OPS402", "OPS403"], **(config or {})}
    (tmp_path / ".ops-lint.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return ops_lint(tmp_path, "check", "--format", "json", "--as-of", "2026-11-27")


def _findings(run: Any) -> list[tuple[str, str]]:
    assert run.code in (0, 1), run.err
    return [(d["code"], d["message"]) for d in run.json()["diagnostics"]]


# ---- month windows --------------------------------------------------------------------


@pytest.mark.parametrize("window", ["1 month", "calendar month", "Monthly", "rolling 1 month"])
@pytest.mark.parametrize("budget", ["40.32 min", "43.2 min", "44.64 min", "41.76 min"])
def test_a_month_window_accepts_the_budget_of_any_month_length(
    tmp_path: Path, ops_lint: Any, window: str, budget: str
) -> None:
    assert _findings(_run(tmp_path, ops_lint, _slo_doc(window, budget))) == []


def test_a_month_window_still_checks_the_arithmetic(tmp_path: Path, ops_lint: Any) -> None:
    (finding,) = _findings(_run(tmp_path, ops_lint, _slo_doc("1 month", "50 min")))
    assert finding[0] == "OPS402"
    assert "over a month (28\u201331 days" in finding[1]
    assert "allows 40.32\u201344.64 min" in finding[1]
    assert "12% off the 31-day budget" in finding[1]


def test_45_minutes_on_a_30_day_999_slo_still_fails(tmp_path: Path, ops_lint: Any) -> None:
    (finding,) = _findings(_run(tmp_path, ops_lint, _slo_doc("30 days", "45 min")))
    assert finding[0] == "OPS402"
    assert "99.9% over 30 days allows 43.2 min" in finding[1]


def test_a_month_availability_row_states_a_30_day_front_matter_window(
    tmp_path: Path, ops_lint: Any
) -> None:
    doc = _slo_doc("calendar month", "43.2 min", name="Platform availability")
    assert _findings(_run(tmp_path, ops_lint, doc)) == []
    doc = _slo_doc("4 weeks", "40.32 min", name="Platform availability")
    (finding,) = _findings(_run(tmp_path, ops_lint, doc))
    assert "window '4 weeks' contradicts the front-matter" in finding[1]


def test_the_evidence_says_which_month_lengths_were_considered() -> None:
    doc = build("h.md", "/p/h.md", _slo_doc("1 month", "43.2 min"))
    (table,) = extract_slo_tables(doc, Vocabulary()).tables
    assert table.rows[0].window_range == (28.0, 31.0, True)


# ---- budget remaining -----------------------------------------------------------------

REMAINING = """
## Error Budget Policy

| Budget remaining | Deployment decision |
|---|---|
| > 50% | Normal releases |
| 25–50% | Canary for every change |
| 0–25% | Reliability fixes first |
| Exhausted | Freeze: no feature deploys |
"""

REMAINING_BY_WORDS = """
## Error Budget Policy

| Error budget | Action |
|---|---|
| More than 50% left | Ship |
| 25–50% remaining | Longer canary |
| Under 25% remaining | Reliability work only |
| None left (0%) | Halt deploys |
"""


def _remaining(policy: str) -> str:
    return _slo_doc("30 days", "43.2 min", policy=policy)


@pytest.mark.parametrize("policy", [REMAINING, REMAINING_BY_WORDS])
def test_a_policy_framed_as_budget_remaining_passes(
    tmp_path: Path, ops_lint: Any, policy: str
) -> None:
    assert _findings(_run(tmp_path, ops_lint, _remaining(policy))) == []
    doc = build("h.md", "/p/h.md", _remaining(policy))
    (table,) = extract_budget_policy(doc, Vocabulary()).tables
    assert table.framing == "remaining"
    assert [band.threshold for band in table.bands] == [0.0, 50.0, 75.0, 100.0]


def test_a_remaining_policy_without_a_freeze_band_fails(tmp_path: Path, ops_lint: Any) -> None:
    doc = _remaining(REMAINING.replace("| Exhausted | Freeze: no feature deploys |\n", ""))
    (finding,) = _findings(_run(tmp_path, ops_lint, doc))
    assert finding[0] == "OPS403"
    assert "no row for an exhausted budget (exhausted (0% remaining))" in finding[1]


def test_a_remaining_policy_whose_exhausted_band_does_not_gate_fails(
    tmp_path: Path, ops_lint: Any
) -> None:
    doc = _remaining(REMAINING.replace("Freeze: no feature deploys", "Talk to the VP"))
    (finding,) = _findings(_run(tmp_path, ops_lint, doc))
    assert "the exhausted-budget row decides 'Talk to the VP'" in finding[1]


def test_a_remaining_policy_in_the_wrong_order_fails(tmp_path: Path, ops_lint: Any) -> None:
    doc = _remaining(REMAINING.replace("| > 50% |", "| 10–20% |"))
    messages = [m for _, m in _findings(_run(tmp_path, ops_lint, doc))]
    assert any("starts at 80% consumed" in m for m in messages)


# ---- tolerant headings, headers and cells ---------------------------------------------

TOLERANT = """
## 4b) SLOs & Error Budgets (rolling 30 days)

| Indicator | Target | Window | Error budget (rolling 30 days) |
|---|---|---|---|
| Checkout<br>latency | 99.9% | 30<br>days | 43.2<br/>min |

| Budget consumed (rolling 30 days) | Deployment decision |
|---|---|
| < 50% | Normal |
| ≥ 100% | Freeze |
"""


def test_tolerant_headings_headers_and_br_cells_pass(tmp_path: Path, ops_lint: Any) -> None:
    assert _findings(_run(tmp_path, ops_lint, FRONT + TOLERANT)) == []
    doc = build("h.md", "/p/h.md", FRONT + TOLERANT)
    (table,) = extract_slo_tables(doc, Vocabulary()).tables
    row = table.rows[0]
    assert row.name is not None and row.name.text.startswith("Checkout")
    assert row.window_days == 30.0 and row.budget_time is not None


def test_tolerant_shapes_still_fail_on_a_wrong_budget(tmp_path: Path, ops_lint: Any) -> None:
    doc = FRONT + TOLERANT.replace("43.2<br/>min", "50 min")
    (finding,) = _findings(_run(tmp_path, ops_lint, doc))
    assert finding[0] == "OPS402" and "SLO 'Checkout" in finding[1]


def test_the_first_column_names_the_slo_when_no_header_does() -> None:
    text = FRONT + "\n## SLOs\n\n| Service | Target | Window | Budget |\n|---|---|---|---|\n"
    text += "| api | 99% | 30 days | 7.2 hours |\n"
    (table,) = extract_slo_tables(build("h.md", "/p/h.md", text), Vocabulary()).tables
    assert [c.name for c in table.columns] == ["name", "target", "window", "budget"]
    text = text.replace("| Service |", "| Tier |")
    (table,) = extract_slo_tables(build("h.md", "/p/h.md", text), Vocabulary()).tables
    assert table.rows[0].name is not None and table.rows[0].name.text == "api"


def test_a_table_before_any_heading_is_taken_by_its_columns(tmp_path: Path, ops_lint: Any) -> None:
    text = FRONT.replace("# Handover\n", "")
    text += "| SLO | Target | Window | Error budget |\n|---|---|---|---|\n"
    text += "| Checkout | 99.9% | 30 days | 45 min |\n\n# Handover\n" + POLICY
    found = extract_slo_tables(build("h.md", "/p/h.md", text), Vocabulary())
    assert found.by_shape and len(found.tables) == 1
    (finding,) = _findings(_run(tmp_path, ops_lint, text))
    assert "allows 43.2 min" in finding[1]


def test_a_section_without_a_valid_table_says_why_each_was_rejected(
    tmp_path: Path, ops_lint: Any
) -> None:
    text = FRONT + "\n## SLOs\n\n| SLO | Target | Window |\n|---|---|---|\n| a | 99% | 30d |\n"
    found = extract_slo_tables(build("h.md", "/p/h.md", text), Vocabulary())
    assert [r.why for r in found.rejected] == ["no budget column"]
    (finding,) = _findings(_run(tmp_path, ops_lint, text + POLICY))
    assert finding[0] == "OPS402" and "in section 'SLOs'" in finding[1]


def test_no_section_and_no_table_names_the_nearest_heading(tmp_path: Path, ops_lint: Any) -> None:
    text = FRONT + "\n## Reliability objectives\n\nTBD.\n" + POLICY
    (finding,) = _findings(_run(tmp_path, ops_lint, text))
    assert "looked for a section titled 'SLOs & Error Budgets'" in finding[1]


# ---- one policy, vocabulary, moved options --------------------------------------------


def test_policy_tables_in_two_sections_are_ambiguous(tmp_path: Path, ops_lint: Any) -> None:
    text = _slo_doc("30 days", "43.2 min") + "\n## Error Budget Policy\n" + POLICY
    (finding,) = _findings(_run(tmp_path, ops_lint, text))
    assert finding[0] == "OPS403" and "none was guessed" in finding[1]


def test_gating_words_come_from_the_vocabulary(tmp_path: Path, ops_lint: Any) -> None:
    text = _slo_doc("30 days", "43.2 min").replace("Freeze: no deploys", "Rollback-only")
    assert [c for c, _ in _findings(_run(tmp_path, ops_lint, text))] == ["OPS403"]
    words = {"vocabulary": {"words": {"budget-policy": {"gating": ["rollback-only"]}}}}
    assert _findings(_run(tmp_path, ops_lint, text, words)) == []


def test_unknown_vocabulary_words_are_a_configuration_error(tmp_path: Path, ops_lint: Any) -> None:
    config = {"vocabulary": {"words": {"budget-policy": {"gates": ["x"]}}}}
    run = _run(tmp_path, ops_lint, _slo_doc("30 days", "43.2 min"), config)
    assert run.code == 2 and "unknown words 'gates'" in run.err


@pytest.mark.parametrize(
    ("code", "option", "value", "key"),
    [
        ("OPS403", "gating_words", ["freeze"], "vocabulary.words.budget-policy.gating"),
        ("OPS402", "availability_rows", ["Uptime"], "vocabulary.words.slo-table.availability"),
        ("OPS402", "sections", ["SLOs"], "vocabulary.sections.slo-table"),
        ("OPS403", "columns", {"decision": ["Gate"]}, "vocabulary.columns.budget-policy"),
    ],
)
def test_moved_options_name_the_vocabulary_key(
    tmp_path: Path, ops_lint: Any, code: str, option: str, value: object, key: str
) -> None:
    config = {"rules": {code: {"options": {option: value}}}}
    run = _run(tmp_path, ops_lint, _slo_doc("30 days", "43.2 min"), config)
    assert run.code == 2
    assert f"option '{option}' moved: set {key}" in run.err
