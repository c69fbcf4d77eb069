"""Each tolerant shape still fails for the right reason when its content is wrong.

A case names the rule that must fire and a fragment of its message; no other rule may
report an error (``also`` lists one an edit cannot avoid).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.tolerance import edits
from tests.tolerance.conftest import Linted


class Broken(NamedTuple):
    edit: Callable[[Path], None]
    code: str
    fragment: str  # in the message of that rule's finding (case ignored)
    also: frozenset[str] = frozenset()


BROKEN = [
    # the issue's own examples
    Broken(edits.html_matrix_without_s2, "OPS201", "no S2 row"),
    Broken(
        edits.transposed_raci_two_accountable, "OPS102", "'Partner onboarding' has 2 Accountable"
    ),
    Broken(edits.split_matrix_s3_two_business_days, "OPS203", "'2 business days' is slower"),
    Broken(edits.remaining_policy_without_freeze, "OPS403", "no row for an exhausted budget"),
    Broken(edits.checklist_table_of_14_items, "OPS501", "has 14 distinct items"),
    # one per other shape
    Broken(
        edits.checklist_table_person_owner,
        "OPS104",
        "'dana.whitfield@claimsbridge.example' is a person",
    ),
    Broken(
        edits.split_columns_matrix_s2_without_communication, "OPS202", "S2 row has no Communication"
    ),
    Broken(edits.sub_heading_matrix_without_s4, "OPS201", "no S4 row"),
    Broken(edits.bullet_block_matrix_s1_two_hours, "OPS203", "'2 hours' is slower"),
    Broken(edits.matrix_before_first_heading_without_s3, "OPS201", "no S3 row"),
    Broken(
        edits.details_raci_capacity_without_responsible,
        "OPS103",
        "'Capacity reviews' has no Responsible",
    ),
    Broken(edits.details_matrix_s0_thirty_minutes, "OPS203", "'30 min' is slower"),
    # tolerant headings, columns, level spellings and values keep their rules active
    Broken(
        edits.extra_words_raci_heading_two_accountable,
        "OPS102",
        "'Partner onboarding' has 2 Accountable",
    ),
    Broken(edits.qualified_checklist_heading_14_items, "OPS501", "has 14 distinct items"),
    Broken(edits.roman_headings_matrix_without_s1, "OPS201", "no S1 row"),
    Broken(edits.sev_dash_levels_s1_two_hours, "OPS203", "'2 hours' is slower"),
    Broken(edits.bold_levels_without_s4, "OPS201", "no S4 row"),
    Broken(edits.response_sla_column_s1_two_hours, "OPS203", "'2 hours' is slower"),
    Broken(edits.who_is_paged_column_s2_blank, "OPS202", "S2 row has no"),
    Broken(edits.comms_column_s2_blank, "OPS202", "S2 row has no"),
    Broken(edits.response_in_prose_too_slow, "OPS203", "'Start work & respond: 2 h' is slower"),
    Broken(edits.response_with_br_too_slow, "OPS203", "6 hours"),
    Broken(edits.response_two_working_days, "OPS203", "'2 working days' is slower"),
    Broken(edits.one_month_window_wrong_budget, "OPS402", "50 min"),
    Broken(edits.indicator_column_wrong_budget, "OPS402", "SLO 'Platform availability'"),
]


@pytest.mark.parametrize("case", BROKEN, ids=[b.edit.__name__ for b in BROKEN])
def test_broken_variation_fails_for_the_right_reason(
    case: Broken, docs: Path, lint: Callable[[], Linted]
) -> None:
    case.edit(docs)
    result = lint()
    codes = {d["code"] for d in result.errors}
    assert case.code in codes, result.shown()
    assert codes <= {case.code} | case.also, result.shown()
    messages = [d["message"].lower() for d in result.errors if d["code"] == case.code]
    assert any(case.fragment.lower() in m for m in messages), result.shown()
    assert result.code == 1
