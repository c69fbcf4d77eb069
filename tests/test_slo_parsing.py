"""The value grammars and option validation of the SLO checks (OPS401-OPS403)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ops_lint.checks import CheckOptions, error_budget_policy
from ops_lint.checks import error_budget_arithmetic as error_budget
from ops_lint.checks import slo_variables as slo
from ops_lint.checks._slo_text import in_unit
from ops_lint.governance.slo_values import (
    as_number,
    in_range,
    parse_budget,
    parse_percent,
    parse_threshold,
    parse_window_days,
)
from ops_lint.vocabulary import Vocabulary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("99.9%", 99.9),
        ("99.9 %", 99.9),
        ("99.9", 99.9),
        ("≥ 99.5%", 99.5),
        (">=99%", 99.0),
        ("**99.95%**", 99.95),
        ("100%", 100.0),
        ("three nines", None),
        ("99.9% of minutes", None),
        ("", None),
        ("<number> %", None),
    ],
)
def test_parse_percent(text: str, expected: float | None) -> None:
    assert parse_percent(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 days", 30.0),
        ("30d", 30.0),
        ("28 d", 28.0),
        ("1 day", 1.0),
        ("30-day", 30.0),
        ("rolling 30 days", 30.0),
        ("30 days rolling", 30.0),
        ("4 weeks", 28.0),
        ("1 week", 7.0),
        ("2w", 14.0),
        ("1 month", None),  # a month has no one length: see parse_window
        ("1 quarter", None),
        ("30", None),
        ("", None),
    ],
)
def test_parse_window_days(text: str, expected: float | None) -> None:
    assert parse_window_days(text) == expected


@pytest.mark.parametrize(
    ("text", "minutes", "unit"),
    [
        ("43.2 min", 43.2, "min"),
        ("43.2 minutes", 43.2, "min"),
        ("43.2min", 43.2, "min"),
        ("3.6 hours", 216.0, "h"),
        ("3.6 h", 216.0, "h"),
        ("90 s", 1.5, "s"),
        ("1 day", 1440.0, "d"),
        ("~43 min", 43.0, "min"),
        ("1,440 minutes", 1440.0, "min"),
    ],
)
def test_parse_budget(text: str, minutes: float, unit: str) -> None:
    budget = parse_budget(text)
    assert budget is not None
    assert budget.minutes == pytest.approx(minutes)
    assert budget.unit == unit


@pytest.mark.parametrize(
    "text",
    ["1% of requests", "10% of 270s over 20 s", "2 h 10 min", "43 min 12 s", "43.2", "", "n/a"],
)
def test_parse_budget_not_a_time(text: str) -> None:
    assert parse_budget(text) is None


@pytest.mark.parametrize(
    ("minutes", "unit", "shown"),
    [(43.2, "min", "43.2 min"), (216.0, "h", "3.6 h"), (1.5, "s", "90 s"), (1440.0, "d", "1 d")],
)
def test_in_unit(minutes: float, unit: str, shown: str) -> None:
    assert in_unit(minutes, unit) == shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("< 50%", 0.0),
        ("<50%", 0.0),
        ("≤ 50%", 0.0),
        ("up to 50%", 0.0),
        ("0\u201350%", 0.0),
        ("50-75%", 50.0),
        ("50 \u2013 75 %", 50.0),
        ("50% to 75%", 50.0),
        ("75\u2013100%", 75.0),
        ("≥ 100%", 100.0),
        (">= 100 %", 100.0),
        ("> 100%", 100.0),
        ("over 100%", 100.0),
        ("100%+", 100.0),
        ("100% or more", 100.0),
        ("Exhausted (≥ 100%)", 100.0),
        ("**≥ 100%**", 100.0),
        ("100%", 100.0),
        ("75\u201350%", None),
        ("Healthy", None),
        ("", None),
    ],
)
def test_parse_threshold(text: str, expected: float | None) -> None:
    assert parse_threshold(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1500, 1500.0), (99.9, 99.9), (True, None), ("99.9", None), (None, None), ([1], None)],
)
def test_as_number(value: object, expected: float | None) -> None:
    assert as_number(value) == expected


@pytest.mark.parametrize(
    ("name", "number", "ok"),
    [
        ("availability_percent", 99.9, True),
        ("availability_percent", 100.0, False),
        ("availability_percent", 0.0, False),
        ("error_budget_window_days", 30.0, True),
        ("error_budget_window_days", 30.5, False),
        ("error_budget_window_days", 0.0, False),
        ("latency_p95_ms", 0.5, True),
        ("latency_p95_ms", 0.0, False),
    ],
)
def test_in_range(name: str, number: float, ok: bool) -> None:
    assert in_range(name, number) is ok


def test_partial_mappings_keep_defaults() -> None:
    options = slo.Options(variables={"latency_p95_ms": "PRIMARY_SLO_LATENCY_P95_MS"})
    assert options.variables["availability_percent"] == "slo.availability_percent"


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (slo.Options, {"variables": {"latency": "slo.latency"}}),
        (slo.Options, {"variables": {"latency_p95_ms": "slo..p95"}}),
        (slo.Options, {"threshold": 1}),
        (error_budget.Options, {"tolerance_percent": -1}),
        (error_budget.Options, {"columns": {"target": ["Goal"]}}),
        (error_budget.Options, {"availability_rows": ["Uptime"]}),
        (error_budget_policy.Options, {"gating_words": ["freeze"]}),
        (error_budget_policy.Options, {"sections": ["Error Budget Policy"]}),
    ],
)
def test_invalid_options_rejected(model: type[CheckOptions], values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        model.model_validate(values)


MODEL_DOC = """\
# Handover

## SLOs & Error Budgets

| SLO | Target | Window | Error budget |
|---|---|---|---|
| Availability | **99.9%** | rolling 4 weeks | 40.32 min |
| Errors | 99% | 1 quarter | 1% of requests |
| Monthly | 99.9% | calendar month | 43.2 min |
| Short |

| Budget consumed | Deployment decision |
|---|---|
| 50\u201375% | canary |
| Healthy | ship |
"""


def test_the_slo_model_carries_values_read_from_its_cells() -> None:
    from ops_lint.document import build
    from ops_lint.governance.slo import extract_budget_policy, extract_slo_tables

    doc = build("docs/h.md", "/project/docs/h.md", MODEL_DOC)
    (table,) = extract_slo_tables(doc, Vocabulary()).tables
    first, second, monthly, short = table.rows
    assert (first.percent, first.window_days) == (99.9, 28.0)
    assert first.budget_time is not None and first.budget_time.unit == "min"
    assert first.budget_time.minutes == pytest.approx(40.32)
    assert first.budget is not None and (first.budget.at.line, first.budget.at.column) == (7, 48)
    assert (second.percent, second.window_days, second.budget_time) == (99.0, None, None)
    assert monthly.window_range == (28.0, 31.0, True) and monthly.window_days is None
    assert (short.percent, short.window_days, short.budget_time) == (None, None, None)
    (policy,) = extract_budget_policy(doc, Vocabulary()).tables
    assert [band.threshold for band in policy.bands] == [50.0, None]
    assert policy.framing == "consumed"
