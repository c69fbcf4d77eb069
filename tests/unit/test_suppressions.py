"""Suppression comments: how they are read and how they waive findings."""

from __future__ import annotations

import datetime as dt

import pytest

from ops_lint import suppressions
from ops_lint.diagnostic import Diagnostic, Severity
from ops_lint.document import build, parse_directive
from ops_lint.model import Directive

TODAY = dt.date(2026, 6, 1)


def _diag(line: int, code: str = "OPS101") -> Diagnostic:
    return Diagnostic("a.md", line, 1, code, "rule", Severity.ERROR, "message")


def _directive(raw: str, line: int) -> Directive:
    found = parse_directive(raw, line)
    assert found is not None
    return found


def _apply(
    directives: list[Directive], diagnostics: list[Diagnostic], line_count: int = 100
) -> suppressions.Outcome:
    return suppressions.apply(directives, diagnostics, TODAY, line_count, lambda code: True)


@pytest.mark.parametrize(
    ("raw", "action", "codes", "reason", "until"),
    [
        (
            "<!-- ops-lint-disable-next-line OPS101 -- tracked in OPS-1 -->",
            "disable-next-line",
            ("OPS101",),
            "tracked in OPS-1",
            None,
        ),
        (
            "<!-- ops-lint-disable OPS101, OPS2 until=2026-12-31 -- migration -->",
            "disable",
            ("OPS101", "OPS2"),
            "migration",
            "2026-12-31",
        ),
        ("<!-- ops-lint-enable OPS101 -->", "enable", ("OPS101",), "", None),
        ("<!-- ops-lint-enable -->", "enable", (), "", None),
        ("<!-- ops-lint-disable-line OPS101 -- x -->", "invalid", ("OPS101",), "x", None),
        ("<!-- ops-lint-disable not-a-code -- x -->", "invalid", ("not-a-code",), "x", None),
    ],
    ids=["next-line", "block-until", "enable", "enable-all", "unknown-action", "bad-code"],
)
def test_parse_directive(
    raw: str, action: str, codes: tuple[str, ...], reason: str, until: str | None
) -> None:
    found = _directive(raw, 7)
    assert (found.action, found.codes, found.reason, found.until) == (action, codes, reason, until)
    assert (found.line, found.raw) == (7, raw)


def test_plain_comments_are_not_directives() -> None:
    assert parse_directive("<!-- just a note about ops-lint -->", 1) is None


def test_directives_are_collected_with_their_line() -> None:
    doc = build("a.md", "a.md", "# A\n\n<!-- ops-lint-disable-next-line OPS101 -- r -->\nx\n")
    assert [(d.action, d.line) for d in doc.directives] == [("disable-next-line", 3)]


def test_next_line_waives_only_the_next_line() -> None:
    d = _directive("<!-- ops-lint-disable-next-line OPS101 -- r -->", 4)
    out = _apply([d], [_diag(5), _diag(6)])
    assert [x.line for x in out.kept] == [6]
    assert [(x.line, w.line) for x, w in out.waived] == [(5, 4)]
    assert out.problems == []


def test_codes_are_prefixes() -> None:
    d = _directive("<!-- ops-lint-disable-next-line OPS1 -- r -->", 4)
    out = _apply([d], [_diag(5, "OPS101"), _diag(5, "OPS201")])
    assert [x.code for x in out.kept] == ["OPS201"]
    assert [x.code for x, _ in out.waived] == ["OPS101"]


def test_disable_runs_until_enable_or_the_end() -> None:
    directives = [
        _directive("<!-- ops-lint-disable OPS101 -- r -->", 2),
        _directive("<!-- ops-lint-disable OPS102 -- r -->", 3),
        _directive("<!-- ops-lint-enable OPS101 -->", 10),
    ]
    diags = [_diag(5), _diag(12), _diag(12, "OPS102"), _diag(1)]
    out = _apply(directives, diags, line_count=20)
    assert sorted((x.line, x.code) for x in out.kept) == [(1, "OPS101"), (12, "OPS101")]
    assert sorted((x.line, x.code) for x, _ in out.waived) == [(5, "OPS101"), (12, "OPS102")]


def test_enable_of_one_code_keeps_the_other_codes_of_the_same_comment_disabled() -> None:
    directives = [
        _directive("<!-- ops-lint-disable OPS101 OPS102 -- r -->", 2),
        _directive("<!-- ops-lint-enable OPS101 -->", 10),
    ]
    out = _apply(directives, [_diag(12, "OPS102")], line_count=20)
    assert [x.code for x, _ in out.waived] == ["OPS102"]


def test_missing_reason_is_a_problem_but_still_waives() -> None:
    d = _directive("<!-- ops-lint-disable-next-line OPS101 -->", 4)
    out = _apply([d], [_diag(5)])
    assert out.kept == []
    assert [(p[0], p[1]) for p in out.problems] == [(suppressions.MISSING_REASON, 4)]


def test_unused_is_a_problem_unless_its_rule_is_off() -> None:
    d = _directive("<!-- ops-lint-disable-next-line OPS101 -- r -->", 4)
    assert [p[0] for p in _apply([d], [_diag(9)]).problems] == [suppressions.UNUSED]
    off = suppressions.apply([d], [], TODAY, 100, lambda code: code != "OPS101")
    assert off.problems == []


@pytest.mark.parametrize(
    ("raw", "expired"),
    [
        ("<!-- ops-lint-disable-next-line OPS101 until=2026-05-31 -- r -->", True),
        ("<!-- ops-lint-disable-next-line OPS101 until=2026-06-01 -- r -->", False),
        ("<!-- ops-lint-disable-next-line OPS101 -- r until=2026-05-31 -->", True),
        ("<!-- ops-lint-disable-next-line OPS101 -- r until=2027-01-01 -->", False),
    ],
    ids=["past", "today-still-valid", "in-reason-past", "in-reason-future"],
)
def test_until_expiry(raw: str, expired: bool) -> None:
    out = _apply([_directive(raw, 4)], [_diag(5)])
    if expired:
        assert [x.line for x in out.kept] == [5]  # an expired waiver hides nothing
        assert [p[0] for p in out.problems] == [suppressions.EXPIRED]
        assert "expired on 2026-05-31" in out.problems[0][2]
    else:
        assert out.kept == [] and out.problems == []


def test_until_in_the_reason_leaves_the_reason_clean() -> None:
    d = _directive("<!-- ops-lint-disable-next-line OPS101 -- r until=2027-01-01 later -->", 4)
    ((_, waiver),) = _apply([d], [_diag(5)]).waived
    assert (waiver.until, waiver.reason) == ("2027-01-01", "r later")


@pytest.mark.parametrize(
    "raw",
    [
        "<!-- ops-lint-disable-next-line OPS101 until=2026-13-40 -- r -->",
        "<!-- ops-lint-disable-next-line OPS101 until=2027-01-01 -- r until=2027-02-01 -->",
        "<!-- ops-lint-disable-next-line -- no codes -->",
        "<!-- ops-lint-disable-line OPS101 -- r -->",
    ],
    ids=["bad-date", "two-untils", "no-codes", "unknown-action"],
)
def test_malformed_directives_waive_nothing(raw: str) -> None:
    out = _apply([_directive(raw, 4)], [_diag(5)])
    assert [x.line for x in out.kept] == [5]
    assert [p[0] for p in out.problems] == [suppressions.INVALID]


def test_the_first_directive_in_order_takes_the_finding() -> None:
    first = _directive("<!-- ops-lint-disable OPS101 -- first -->", 1)
    second = _directive("<!-- ops-lint-disable-next-line OPS101 -- second -->", 4)
    out = _apply([second, first], [_diag(5)])
    assert [w.reason for _, w in out.waived] == ["first"]
    assert [(p[0], p[1]) for p in out.problems] == [(suppressions.UNUSED, 4)]
