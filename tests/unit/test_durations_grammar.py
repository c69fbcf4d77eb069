"""One duration grammar: the same tokenizer and unit table read every use of a duration."""

from __future__ import annotations

import time

import pytest

from ops_lint import durations
from ops_lint.durations import (
    Duration,
    TimeBudget,
    read,
    response_time,
    review_cycle,
    slower,
    time_budget,
    window_days,
)
from ops_lint.freshness import Cycle, parse_cycle

RESPONSE, CYCLE, WINDOW, BUDGET = "response", "cycle", "window", "budget"
USES = {
    RESPONSE: response_time,
    CYCLE: review_cycle,
    WINDOW: window_days,
    BUDGET: time_budget,
}

# text -> what each use reads from it (None: that use does not accept it)
TABLE: list[tuple[str, dict[str, object]]] = [
    (
        "90 days",
        {
            RESPONSE: Duration(90, "day"),
            CYCLE: (90, "day"),
            WINDOW: 90.0,
            BUDGET: TimeBudget(129600.0, "d"),
        },
    ),
    ("2 weeks", {RESPONSE: Duration(2, "week"), CYCLE: (2, "week"), WINDOW: 14.0, BUDGET: None}),
    ("6 months", {RESPONSE: None, CYCLE: (6, "month"), WINDOW: None, BUDGET: None}),
    ("1 year", {RESPONSE: None, CYCLE: (1, "year"), WINDOW: None, BUDGET: None}),
    (
        "30d",
        {RESPONSE: Duration(30, "day"), CYCLE: None, WINDOW: 30.0, BUDGET: TimeBudget(43200, "d")},
    ),
    ("4 wks", {RESPONSE: Duration(4, "week"), CYCLE: None, WINDOW: 28.0, BUDGET: None}),
    ("30-day", {RESPONSE: None, CYCLE: None, WINDOW: 30.0, BUDGET: None}),
    ("rolling 30 days", {RESPONSE: None, CYCLE: None, WINDOW: 30.0, BUDGET: None}),
    (
        "90 Days",
        {RESPONSE: Duration(90, "day"), CYCLE: None, WINDOW: 90.0, BUDGET: TimeBudget(129600, "d")},
    ),
    (
        "1.5 days",
        {RESPONSE: Duration(1.5, "day"), CYCLE: None, WINDOW: 1.5, BUDGET: TimeBudget(2160, "d")},
    ),
    (
        "2 working days",
        {RESPONSE: Duration(2, "business day"), CYCLE: None, WINDOW: None, BUDGET: None},
    ),
    (
        "2 business days",
        {RESPONSE: Duration(2, "business day"), CYCLE: None, WINDOW: None, BUDGET: None},
    ),
    (
        "43.2 min",
        {
            RESPONSE: Duration(43.2, "minute"),
            CYCLE: None,
            WINDOW: None,
            BUDGET: TimeBudget(43.2, "min"),
        },
    ),
    (
        "3.6 h",
        {
            RESPONSE: Duration(3.6, "hour"),
            CYCLE: None,
            WINDOW: None,
            BUDGET: TimeBudget(216.0, "h"),
        },
    ),
    ("90 s", {RESPONSE: None, CYCLE: None, WINDOW: None, BUDGET: TimeBudget(1.5, "s")}),
    ("15 min (24/7)", {RESPONSE: Duration(15, "minute"), CYCLE: None, WINDOW: None, BUDGET: None}),
    ("2 h 10 min", {RESPONSE: Duration(2, "hour"), CYCLE: None, WINDOW: None, BUDGET: None}),
    (
        "90  days",
        {RESPONSE: Duration(90, "day"), CYCLE: None, WINDOW: 90.0, BUDGET: TimeBudget(129600, "d")},
    ),
    (
        "090 days",
        {RESPONSE: Duration(90, "day"), CYCLE: None, WINDOW: 90.0, BUDGET: TimeBudget(129600, "d")},
    ),
    ("2 mo", {RESPONSE: None, CYCLE: None, WINDOW: None, BUDGET: None}),
]


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[t for t, _ in TABLE])
@pytest.mark.parametrize("use", list(USES))
def test_each_use_reads_what_it_accepts(text: str, expected: dict[str, object], use: str) -> None:
    got = USES[use](text)
    want = expected[use]
    if isinstance(want, TimeBudget):
        assert isinstance(got, TimeBudget)
        assert got.minutes == pytest.approx(want.minutes)
        assert got.unit == want.unit
    else:
        assert got == want


@pytest.mark.parametrize(
    ("spelling", "unit"),
    [
        ("s", "second"),
        ("secs", "second"),
        ("m", "minute"),
        ("Minutes", "minute"),
        ("hrs", "hour"),
        ("D", "day"),
        ("business days", "business day"),
        ("business-day", "business day"),
        ("Working Days", "business day"),
        ("working-day", "business day"),
        ("wk", "week"),
        ("weeks", "week"),
        ("months", "month"),
        ("year", "year"),
    ],
)
def test_one_unit_table(spelling: str, unit: str) -> None:
    found = read(f"3 {spelling}, then more")
    assert found is not None
    assert (found.number, found.unit, found.spelling) == ("3", unit, spelling)
    assert found.end == 2 + len(spelling)


@pytest.mark.parametrize("text", ["3 fortnights", "three days", "3", "", " 3 days", "3 - - d"])
def test_not_a_quantity(text: str) -> None:
    assert read(text) is None


def test_what_follows_the_unit_is_up_to_each_use() -> None:
    found = read("3 mo")
    assert found is not None and (found.unit, found.end) == ("minute", 3)
    assert response_time("3 mo") is None  # a unit must end at a word boundary
    assert response_time("3 m.") == Duration(3, "minute")


def test_working_days_are_business_days() -> None:
    working, business = response_time("2 working days"), response_time("2 business days")
    assert working == business == Duration(2, "business day")
    assert str(working) == "2 business days"
    assert response_time("next working day") == response_time("next business day")
    assert response_time("**1 working-day**") == Duration(1, "business day")
    one = response_time("1 working day")
    assert one is not None and not slower(one, Duration(24, "hour"))
    assert slower(Duration(25, "hour"), one)


def test_review_cycles_keep_their_errors() -> None:
    assert parse_cycle("12 weeks") == Cycle(days=84)
    assert parse_cycle(" 1 year ") == Cycle(months=12)
    for text in ("90d", "90 Days", "0 days", "10000 days", "1.5 months", "2 business days"):
        message = parse_cycle(text)
        assert isinstance(message, str) and message.startswith(f"review cycle {text!r}")


def test_the_response_grammar_is_the_rule_documentation() -> None:
    from ops_lint.checks import severity_response_target

    assert (severity_response_target.__doc__ or "").endswith(durations.RESPONSE_TIME_DOC)
    assert "working day" in durations.RESPONSE_TIME_DOC


@pytest.mark.parametrize("use", list(USES))
def test_linear_time_on_hostile_text(use: str) -> None:
    """Anchored, possessive patterns: a long run costs one pass, not one per position."""
    parse = USES[use]
    texts = ["1" * 200_000, "1" + " " * 200_000 + "x", "1" + "-" * 200_000, "rolling " * 25_000]
    start = time.perf_counter()
    for text in texts:
        assert parse(text) is None
    assert time.perf_counter() - start < 2.0
