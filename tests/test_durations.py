"""The duration grammar of response times and targets (severity-response-target)."""

from __future__ import annotations

import math

import pytest

from ops_lint.durations import Duration, response_time, slower


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("15 min", 15, "minute"),
        ("15min", 15, "minute"),
        ("15 minutes", 15, "minute"),
        ("1 minute", 1, "minute"),
        ("30 mins", 30, "minute"),
        ("5m", 5, "minute"),
        ("1h", 1, "hour"),
        ("1 hr", 1, "hour"),
        ("2 hrs", 2, "hour"),
        ("1 hour", 1, "hour"),
        ("4 hours", 4, "hour"),
        ("1.5 hours", 1.5, "hour"),
        ("0.5h", 0.5, "hour"),
        ("2d", 2, "day"),
        ("1 day", 1, "day"),
        ("3 days", 3, "day"),
        ("1 business day", 1, "business day"),
        ("2 business days", 2, "business day"),
        ("1 business-day", 1, "business day"),
        ("1w", 1, "week"),
        ("2 weeks", 2, "week"),
        ("next business day", 1, "business day"),
        ("Next Business Day", 1, "business day"),
        ("immediate", 0, "minute"),
        ("Immediately", 0, "minute"),
        ("0 min", 0, "minute"),
        # qualifiers, emphasis and trailing text
        ("within 15 min", 15, "minute"),
        ("≤ 15 min", 15, "minute"),
        ("<= 1h", 1, "hour"),
        ("< 4 hours", 4, "hour"),
        ("up to 1 hour", 1, "hour"),
        ("**15 min**", 15, "minute"),
        ("`1h`", 1, "hour"),
        ("15 min (24/7)", 15, "minute"),
        ("1 hour, 24/7", 1, "hour"),
        ("15 min-ish", 15, "minute"),
        ("4 hours (business hours) / 8 hours otherwise", 4, "hour"),
        ("  15\u00a0MIN  ", 15, "minute"),
    ],
)
def test_parses(text: str, amount: float, unit: str) -> None:
    assert response_time(text) == Duration(amount, unit)


@pytest.mark.parametrize(
    "text", ["Backlog", "backlog", "best effort", "Best-effort", "next release"]
)
def test_unbounded(text: str) -> None:
    parsed = response_time(text)
    assert parsed is not None and parsed.unit == "unbounded" and math.isinf(parsed.hours)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ASAP",
        "soon",
        "15",
        "fifteen minutes",
        "1 month",
        "2 mo",
        "15 minz",
        "hour",
        "24/7",
        "-",
        "Mon-Fri 9-5",
        "1,5 h",
        "P1: 15 min",
    ],
)
def test_rejects(text: str) -> None:
    assert response_time(text) is None


@pytest.mark.parametrize(
    ("value", "limit", "is_slower"),
    [
        ("15 min", "15 min", False),  # the exact threshold passes
        ("16 min", "15 min", True),
        ("0.25h", "15 min", False),
        ("2 hours", "1 hour", True),
        ("60 min", "1 hour", False),
        ("61 min", "1 hour", True),
        ("immediate", "15 min", False),
        ("4 hours", "1 business day", False),
        ("24 hours", "1 business day", False),  # 1 business day counts as 24 h
        ("1 day", "1 business day", False),
        ("1 business day", "1 day", False),
        ("next business day", "1 business day", False),
        ("25 hours", "1 business day", True),
        ("2 business days", "1 business day", True),
        ("1 business day", "4 hours", True),
        ("1 week", "7 days", False),
        ("backlog", "1 business day", True),  # unbounded fails any bounded target
        ("backlog", "backlog", False),
        ("2 weeks", "backlog", False),
        ("best effort", "next release", False),
    ],
)
def test_ordering(value: str, limit: str, is_slower: bool) -> None:
    got, target = response_time(value), response_time(limit)
    assert got is not None and target is not None
    assert slower(got, target) is is_slower


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("15min", "15 min"),
        ("1h", "1 hour"),
        ("4 hrs", "4 hours"),
        ("1.5 h", "1.5 hours"),
        ("next business day", "1 business day"),
        ("3 business days", "3 business days"),
        ("1w", "1 week"),
        ("2 weeks", "2 weeks"),
        ("Backlog", "backlog (unbounded)"),
    ],
)
def test_str(text: str, shown: str) -> None:
    assert str(response_time(text)) == shown


def test_targets_live_in_the_vocabulary() -> None:
    from ops_lint.vocabulary import Vocabulary

    assert Vocabulary().targets() == {
        "S0": "15 min",
        "S1": "1 hour",
        "S2": "4 hours",
        "S3": "1 business day",
        "S4": "backlog",
    }
    levels = [{"name": "P1", "response": "30 min"}, {"name": "P2"}]
    custom = Vocabulary.model_validate({"severity": {"levels": levels}})
    assert custom.targets() == {"P1": "30 min", "P2": None}


@pytest.mark.parametrize("target", ["soon", "15", "1 month", ""])
def test_invalid_target_is_a_validation_error(target: str) -> None:
    from pydantic import ValidationError

    from ops_lint.vocabulary import Vocabulary

    with pytest.raises(ValidationError, match="is not a duration"):
        Vocabulary.model_validate({"severity": {"levels": [{"name": "S1", "response": target}]}})
