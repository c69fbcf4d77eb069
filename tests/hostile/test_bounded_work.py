"""Bounded work on doc content: hostile text costs time linear in its size.

Each attack input is sized so that a quadratic scan of it takes well over 30 s, and a
linear one a fraction of a second. The CLI runs in-process under an alarm, so a scan that
has turned quadratic again fails the test after ``GUARD`` seconds instead of stalling it,
and the findings it still gives are checked.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from ops_lint.checks.placeholders import DEFAULT_PATTERNS
from ops_lint.diagnostic import MAX_TEXT
from ops_lint.durations import window_days
from ops_lint.governance import slo_values
from ops_lint.normalize import find_spans, normalize_title
from tests.conftest import write_tree

GUARD = 10  # seconds: every input below takes well under one once the scans are linear
REPO = Path(__file__).resolve().parents[2]
CHECK = ("check", "--no-git", "--no-cache", "--jobs", "1", "--format", "json")

ROSTER = "teams:\n  - id: platform-sre\n    members: ['@a', '@b']\n"


def _front(doc_type: str, owner: str = "platform-sre") -> str:
    return f"---\ntype: {doc_type}\nowner: {json.dumps(owner)}\n---\n"


def _handover(body: str, owner: str = "platform-sre") -> dict[str, str]:
    return {"ops-docs/owners.yaml": ROSTER, "ops-docs/h.md": _front("handover", owner) + body}


def _policy_table(cell: str) -> str:
    return (
        "# Handover\n\n## SLOs & Error Budgets\n\n### Error-budget policy\n\n"
        "| Budget consumed | Deployment decision |\n|---|---|\n"
        f"| < 50% | Ship |\n| {cell} | Freeze all deploys |\n"
    )


# name -> (files, (code, text in its message) that the run must still report)
ATTACKS: dict[str, tuple[dict[str, str], tuple[str, str]]] = {
    "unclosed-comments": (
        _handover("# T\n\nOwner TBD.\n\n<!-- a\n" + "<!--" * 40_000 + "\n"),
        ("OPS004", "'TBD'"),
    ),
    "unclosed-directives": (
        _handover("# T\n\nOwner TBD.\n\n" + "<!-- ops-lint-disable OPS004 " * 8_000 + "\n"),
        ("OPS004", "'TBD'"),
    ),
    "owner-spaces": (_handover("# T\n", "team-a" + " " * 40_000 + "b"), ("OPS105", "team-a")),
    "owner-links": (_handover("# T\n", "[" * 40_000), ("OPS105", "[[[")),
    "owner-notes": (_handover("# T\n", "x " + "(" * 160_000), ("OPS105", "x (((")),
    "owner-email": (_handover("# T\n", "a@" + "." * 60_000 + "b c"), ("OPS105", "a@...")),
    "checklist-owner-notes": (
        _handover("# T\n\n## Handover Checklist\n\n- [ ] (owner: x" + " (owner:" * 14_000 + "\n"),
        ("OPS501", "handover checklist has 1 distinct item"),
    ),
    "budget-cell-digits": (
        _handover(_policy_table("1" * 40_000 + "x")),
        ("OPS403", "exhausted"),
    ),
    "budget-cells-many": (
        _handover(_policy_table(" | x |\n| ".join(["1" * 190 + "x"] * 5_000))),
        ("OPS403", "exhausted"),
    ),
    "placeholder-braces-spaces": (
        _handover("# T\n\nOwner TBD, {{" + " " * 25_000 + "x\n"),
        ("OPS004", "'TBD'"),
    ),
    "heading-punctuation": (
        _handover("# T\n\n## a" + "!" * 60_000 + "a\n"),
        ("OPS003", "are missing"),
    ),
    "heading-spaces": (_handover("# T\n\n## a" + " " * 50_000 + "b\n"), ("OPS003", "are missing")),
}


class Hang(Exception):
    pass


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail, rather than stall, a test whose work is not bounded."""

    def ring(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {GUARD} s: the work is not linear in the input")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(GUARD)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", list(ATTACKS))
def test_hostile_doc_content_is_checked_in_linear_time(
    name: str, tmp_path: Path, ops_lint: Any, alarm: None
) -> None:
    files, (code, text) = ATTACKS[name]
    write_tree(tmp_path, files)
    result = ops_lint(tmp_path, *CHECK)
    assert result.code == 1, result.err
    found = [(d["code"], d["message"]) for d in result.json()["diagnostics"]]
    assert any(c == code and text in m for c, m in found), found


def test_freshness_title_of_a_hostile_heading_is_read_in_linear_time(
    tmp_path: Path, ops_lint: Any, alarm: None
) -> None:
    """The freshness report reads only front-matter and title (no Markdown parse)."""
    title = "Incident" + " #" * 80_000 + " x"
    write_tree(tmp_path, {"ops-docs/h.md": _front("handover") + f"# {title}\n"})
    result = ops_lint(tmp_path, "freshness", "--format", "json")
    assert result.code in (0, 1), result.err
    assert "ops-docs/h.md" in result.out


def _long(text: str) -> str:
    return text * (40_000 // len(text))


@pytest.mark.parametrize(
    ("scan", "text", "expected"),
    [
        (lambda t: slo_values._RANGE.search(t), _long("1"), None),
        (lambda t: slo_values._RANGE.search(t), "1" + " " * 40_000 + "x", None),
        (lambda t: slo_values._PLUS.search(t), _long("1"), None),
        (lambda t: slo_values._BARE.search(t), _long("1"), None),
        (window_days, _long("1"), None),
        (lambda t: normalize_title(t) == t, "a" + _long("!") + "a", True),
        (lambda t: len(list(find_spans(t, "<!--", "-->"))), _long("<!--"), 0),
    ],
    ids=[
        "range-digits",
        "range-spaces",
        "plus-digits",
        "bare-digits",
        "window-digits",
        "title-edges",
        "comment-spans",
    ],
)
def test_value_grammars_are_linear(
    scan: Callable[[str], object], text: str, expected: object, alarm: None
) -> None:
    """The grammars of table cells stay linear on their own, under the length cap too."""
    for _ in range(20):  # 20 cells of 40 KB: minutes each for a quadratic scan
        assert scan(text) == expected


def test_a_cell_too_long_to_be_a_value_is_not_parsed() -> None:
    assert slo_values.parse_threshold("75%" + " " * 10) == 75.0
    assert slo_values.parse_threshold("75%" + " " * 300) is None
    assert slo_values.parse_percent("9" * 300) is None


def test_default_brace_placeholder_pattern_keeps_its_meaning() -> None:
    """The linear ``{{ VAR }}`` pattern matches exactly what the backtracking one did."""
    old = re.compile(r"\{\{\s*[^{}\n]{1,60}?\s*\}\}")
    new = re.compile(DEFAULT_PATTERNS[-1])
    samples = ["{{ VAR }}", "{{}}", "{{ }}", "{{\n}}", "{{\n x \n}}", "{{a\nb}}", "{{{x}}}"]
    samples += ["{{" + " " * n + "a" * m + " " * n + "}}" for n in (0, 3) for m in (59, 60, 61)]
    for text in samples:
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


@pytest.mark.slow
def test_output_quotes_a_bounded_part_of_a_huge_doc(tmp_path: Path, ops_lint: Any) -> None:
    """OPS003 lists the headings found: 60,000 of them give a hint of a few hundred bytes."""
    headings = "".join(f"## Heading number {i}\n\ntext\n\n" for i in range(60_000))
    write_tree(tmp_path, {"ops-docs/h.md": _front("handover") + "# T\n\n" + headings})
    result = ops_lint(tmp_path, *CHECK)
    diags = [d for d in result.json()["diagnostics"] if d["code"] == "OPS003"]
    assert diags, result.out[:2000]
    for diag in diags:
        assert len(diag["hint"]) <= MAX_TEXT and len(diag["message"]) <= MAX_TEXT
    assert "… and 59,991 more" in diags[0]["hint"]
    assert len(result.out) < 200 * len(result.json()["diagnostics"]) + 10_000


MAPS_PROBE = """
import sys
from ops_lint.document import read_bytes
paths = sys.argv[1:]
def maps():
    with open("/proc/self/maps") as f:
        return sum(1 for _ in f)
before = maps()
kept = [read_bytes(p, 5_000_000) for p in paths]
assert all(k == b"# doc\\n" for k in kept), kept[:3]
print(maps() - before)
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_reading_many_docs_takes_no_memory_mapping_per_file(tmp_path: Path) -> None:
    """Each doc is read into a buffer of its size: 3,000 small docs map no memory each
    (a buffer of max-file-size per doc was one mapping each, and some 65,000 docs
    exhausted the process's mappings)."""
    paths = []
    for i in range(3_000):
        path = tmp_path / f"d{i}.md"
        path.write_bytes(b"# doc\n")
        paths.append(str(path))
    probe = subprocess.run(
        [sys.executable, "-c", MAPS_PROBE, *paths],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=REPO,
    )
    assert probe.returncode == 0, probe.stderr
    assert int(probe.stdout) < 100  # not one per file


INVENTORY_PROBE = """
from ops_lint.document import build
from ops_lint.governance.inventory import extract_inventory
from ops_lint.vocabulary import Vocabulary
rows = "".join(f"| [r{i}](r{i}.md) | t |\\n" for i in range(25_000))
source = "# T\\n\\n## Runbook Inventory\\n\\n| Runbook | Trigger |\\n|---|---|\\n" + rows
doc = build("h.md", "/nowhere/h.md", source)
entries = extract_inventory(doc, Vocabulary()).entries
assert [e.links[0].target for e in entries[:2]] == ["r0.md", "r1.md"]
assert len(entries) == 25_000
assert len({e.column_at(1) for e in entries}) > 1
print("ok")
"""

SUPPRESSIONS_PROBE = """
import datetime as dt
from ops_lint import suppressions
from ops_lint.diagnostic import Diagnostic, Severity
from ops_lint.model import Directive
count = 80_000
directives = [
    Directive("disable-next-line", ("OPS004",), "ok", None, 2 * i + 1, "<!-- -->")
    for i in range(count)
]
diagnostics = [
    Diagnostic("h.md", 2 * i + 2, 1, "OPS004", "r", Severity.ERROR, "m") for i in range(count)
]
diagnostics.append(Diagnostic("h.md", 2 * count + 5, 1, "OPS004", "r", Severity.ERROR, "m"))
outcome = suppressions.apply(
    directives, diagnostics, dt.date(2026, 1, 1), 2 * count + 9, lambda code: True
)
assert len(outcome.waived) == count
assert [d.line for d in outcome.kept] == [2 * count + 5]
assert [w[1].line for w in outcome.waived[:3]] == [1, 3, 5]
assert not outcome.problems
print("ok")
"""


def _probe(code: str) -> str:
    """``code`` in a fresh interpreter that must end within ``GUARD`` seconds (pure Python
    loops are stopped by a timeout, not by an alarm: its exception can be swallowed)."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=GUARD,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.slow
def test_runbook_inventory_rows_find_their_links_by_bisection() -> None:
    """25,000 inventory rows, one link each: each row's links are found without a pass
    over all the doc's links (that was 25,000 × 25,000 comparisons, twice)."""
    assert _probe(INVENTORY_PROBE) == "ok"


@pytest.mark.slow
def test_suppressions_are_matched_in_one_sweep() -> None:
    """80,000 suppressions and 80,000 findings: each finding finds its suppression without
    trying every suppression (over 3 billion checks)."""
    assert _probe(SUPPRESSIONS_PROBE) == "ok"
