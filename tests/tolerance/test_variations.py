"""Compliant variations of the bundled docs pass with no config (issue 14).

Each case copies ops-docs/, makes one edit another author would make while keeping the
docs compliant, and runs ``ops-lint check``: no error may be reported. The twin of each
shape that breaks a rule is in ``test_negatives.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tolerance import edits
from tests.tolerance.conftest import Linted

HEADINGS = [
    edits.raci_heading_extra_words,
    edits.severity_heading_parenthetical,
    edits.slo_heading_parenthetical,
    edits.slo_heading_dash_qualifier,
    edits.checklist_heading_parenthetical,
    edits.checklist_heading_dash_qualifier,
    edits.policy_heading_parenthetical,
    edits.inventory_heading_emoji,
    edits.severity_heading_emoji,
    edits.checklist_heading_emoji,
    edits.severity_heading_bold,
    edits.headings_numbered_with_letter,
    edits.headings_numbered_with_parenthesis,
    edits.headings_numbered_roman,
    edits.headings_unnumbered,
    edits.headings_lower_case,
]

COLUMNS = [
    edits.response_column_response_sla,
    edits.response_column_time_to_acknowledge,
    edits.response_column_target_response,
    edits.response_column_with_br,
    edits.response_column_parenthetical,
    edits.escalation_column_escalation,
    edits.escalation_column_who_is_paged,
    edits.communication_column_comms,
    edits.communication_column_stakeholder_updates,
    edits.examples_column_examples,
    edits.slo_name_column_indicator,
    edits.slo_name_column_sli,
    edits.slo_name_column_service,
    edits.slo_budget_column_parenthetical,
    edits.policy_column_parenthetical,
    edits.inventory_column_owning_team,
]

LEVELS = [
    edits.levels_spelt_sev_space,
    edits.levels_spelt_sev_dash,
    edits.levels_spelt_sev_joined,
    edits.levels_spelt_severity_word,
    edits.levels_spelt_bold_with_name,
]

SHAPES = [
    edits.severity_matrix_html,
    edits.severity_matrix_split_by_rows,
    edits.severity_matrix_split_by_columns,
    edits.severity_matrix_sub_headings,
    edits.severity_matrix_bullet_blocks,
    edits.severity_matrix_before_first_heading,
    edits.severity_matrix_in_details,
    edits.raci_transposed,
    edits.raci_in_details,
    edits.checklist_as_table,
]

VALUES = [
    edits.response_in_prose,
    edits.response_within,
    edits.response_at_most_symbol,
    edits.response_working_day,
    edits.response_with_br,
    edits.slo_window_one_month,
    edits.slo_window_calendar_month,
    edits.policy_framed_as_remaining,
]

VARIATIONS: list[tuple[str, Callable[[Path], None]]] = [
    (group, edit)
    for group, members in (
        ("heading", HEADINGS),
        ("column", COLUMNS),
        ("level", LEVELS),
        ("shape", SHAPES),
        ("value", VALUES),
    )
    for edit in members
]


def _id(case: tuple[str, Callable[[Path], None]]) -> str:
    return f"{case[0]}:{case[1].__name__}"


def test_there_are_at_least_forty_variations() -> None:
    assert len(VARIATIONS) >= 40
    assert len({_id(case) for case in VARIATIONS}) == len(VARIATIONS)


def test_the_unedited_copy_passes(docs: Path, lint: Callable[[], Linted]) -> None:
    result = lint()
    assert result.diagnostics == [], result.shown()


@pytest.mark.parametrize("case", VARIATIONS, ids=_id)
def test_compliant_variation_passes(
    case: tuple[str, Callable[[Path], None]], docs: Path, lint: Callable[[], Linted]
) -> None:
    before = (docs / edits.HANDOVER).read_text(encoding="utf-8")
    case[1](docs)
    assert (docs / edits.HANDOVER).read_text(encoding="utf-8") != before
    result = lint()
    assert result.errors == [], result.shown()
    assert result.code == 0, result.shown()
