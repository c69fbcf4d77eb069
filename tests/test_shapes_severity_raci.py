"""The severity matrix and the RACI table read in the shapes people write them.

Each shape has a passing case and a failing one that fails for the right reason (the
rule that should fire, with its message), through the CLI with no config unless the
case is about the vocabulary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint.config import Config
from ops_lint.context import Context
from ops_lint.document import build
from ops_lint.durations import Duration, find_response_time
from ops_lint.governance.raci import ROLES_AS_ROWS, RaciMatrix, extract_raci
from ops_lint.governance.severity import SeverityMatrix, SeverityMissing, extract_severity
from ops_lint.vocabulary import Vocabulary
from tests.conftest import write_tree

FRONT = "---\ntype: handover\nowner: edi-l2-support\n---\n# Handover\n\n"
SEVERITY_CODES = ["OPS201", "OPS202", "OPS203"]
RACI_CODES = ["OPS101", "OPS102", "OPS103"]


def lint(tmp: Path, run: Any, body: str, select: list[str], **config: Any) -> list[str]:
    """``CODE line:column message`` of each finding on a handover doc made of ``body``."""
    write_tree(tmp, {"ops-docs/handover.md": FRONT + body})
    settings = {"docs": ["ops-docs"], "select": select, **config}
    (tmp / ".ops-lint.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    result = run(tmp, "check", "--format", "json", "--as-of", "2026-11-27")
    assert result.code in (0, 1), result.err
    return [
        f"{d['code']} {d['line']}:{d['column']} {d['message']}"
        for d in result.json()["diagnostics"]
    ]


def doc_of(body: str) -> Any:
    return build("ops-docs/handover.md", "/p/ops-docs/handover.md", FRONT + body)


# ---- severity matrix shapes ---------------------------------------------------------

ROWS = {
    "S0": ("15 min", "L2 → IC", "every 15 min", "all channels down"),
    "S1": ("1 hour", "L2 → IC", "every 30 min", "999s late"),
    "S2": ("4 hours", "L2 → L3", "partner notice", "one VAN down"),
    "S3": ("1 business day", "L2 queue", "daily ticket update", "slow export"),
    "S4": ("Backlog", "product backlog", "on the case", "new report"),
}
HEADERS = ("Response time", "Escalation path", "Communication", "Example scenarios")


def pipe_table(rows: Mapping[str, tuple[str, ...]], headers: tuple[str, ...] = HEADERS) -> str:
    lines = ["| Severity | " + " | ".join(headers) + " |", "|---" * (len(headers) + 1) + "|"]
    lines += [f"| {lv} | " + " | ".join(v) + " |" for lv, v in rows.items()]
    return "\n".join(lines) + "\n"


def html_table(rows: Mapping[str, tuple[str, ...]]) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("Severity", *HEADERS))
    body = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in (lv, *v)) + "</tr>\n" for lv, v in rows.items()
    )
    return f"<table>\n<tr>{head}</tr>\n{body}</table>\n"


def headings(rows: Mapping[str, tuple[str, ...]]) -> str:
    out = []
    for level, (response, escalation, comms, examples) in rows.items():
        out.append(
            f"### {level.replace('S', 'Sev ')} — level\n\n"
            f"- **Response time:** {response}\n- **Escalation:** {escalation}\n\n"
            f"**Comms:** {comms}\n\n**Examples:** {examples}\n"
        )
    return "\n".join(out)


def bullets(rows: Mapping[str, tuple[str, ...]]) -> str:
    out = []
    for level, (response, escalation, comms, examples) in rows.items():
        out.append(
            f"- **{level}** (level)\n  - Target response: {response}\n"
            f"  - Who is paged: {escalation}\n  - Stakeholder updates: {comms}\n"
            f"  - Examples: {examples}\n"
        )
    return "".join(out)


def split_by_rows(rows: Mapping[str, tuple[str, ...]]) -> str:
    items = list(rows.items())
    return pipe_table(dict(items[:3])) + "\nLower levels:\n\n" + pipe_table(dict(items[3:]))


def split_by_columns(rows: Mapping[str, tuple[str, ...]]) -> str:
    first = {lv: v[:2] for lv, v in rows.items()}
    second = {lv: v[2:] for lv, v in rows.items()}
    return pipe_table(first, HEADERS[:2]) + "\n" + pipe_table(second, HEADERS[2:])


SHAPES = {
    "table": (pipe_table, "table"),
    "html-table": (html_table, "table"),
    "headings": (headings, "headings"),
    "bullets": (bullets, "bullets"),
    "split-by-rows": (split_by_rows, "split tables"),
    "split-by-columns": (split_by_columns, "split tables"),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_shape_is_read_as_the_matrix(shape: str) -> None:
    write, expected = SHAPES[shape]
    matrix = extract_severity(doc_of("## Severity Matrix\n\n" + write(ROWS)), Vocabulary())
    assert isinstance(matrix, SeverityMatrix)
    assert matrix.shape == expected
    assert [r.level for r in matrix.rows] == list(ROWS)
    assert set(matrix.columns) == {"response", "escalation", "communication", "examples"}
    assert [r.get("response").text for r in matrix.rows] == [v[0] for v in ROWS.values()]  # type: ignore[union-attr]
    assert not matrix.conflicts


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_shape_passes(shape: str, tmp_path: Path, ops_lint: Any) -> None:
    write = SHAPES[shape][0]
    body = "## 2. Incident Classification Matrix\n\n" + write(ROWS)
    assert lint(tmp_path, ops_lint, body, SEVERITY_CODES) == []


def test_html_matrix_missing_s2_fails_severity_levels(tmp_path: Path, ops_lint: Any) -> None:
    rows = {lv: v for lv, v in ROWS.items() if lv != "S2"}
    body = "## Incident Classification Matrix\n\n" + html_table(rows)
    found = lint(tmp_path, ops_lint, body, SEVERITY_CODES)
    assert len(found) == 1 and found[0].startswith("OPS201 ")
    assert "severity matrix has no S2 row (rows found: S0, S1, S3, S4)" in found[0]


def test_split_matrix_with_slow_s3_fails_the_response_target(tmp_path: Path, ops_lint: Any) -> None:
    rows = {**ROWS, "S3": ("2 business days", *ROWS["S3"][1:])}
    body = "## Severity Matrix\n\n" + split_by_rows(rows)
    found = lint(tmp_path, ops_lint, body, SEVERITY_CODES)
    assert len(found) == 1 and found[0].startswith("OPS203 ")
    assert "S3 response time '2 business days' is slower than the 1 business day policy" in found[0]


def test_headings_level_without_a_label_fails_severity_complete(
    tmp_path: Path, ops_lint: Any
) -> None:
    body = "## Severity Levels\n\n" + headings(ROWS).replace("**Comms:** partner notice\n", "")
    found = lint(tmp_path, ops_lint, body, SEVERITY_CODES)
    assert len(found) == 1 and found[0].startswith("OPS202 ")
    assert "S2 row has no Comms (not given)" in found[0]


def test_bullets_with_a_slow_response_fail_at_the_value(tmp_path: Path, ops_lint: Any) -> None:
    rows = {**ROWS, "S1": ("within 2 hours", *ROWS["S1"][1:])}
    found = lint(tmp_path, ops_lint, "## Severity Matrix\n\n" + bullets(rows), SEVERITY_CODES)
    line = (
        (FRONT + "## Severity Matrix\n\n" + bullets(rows))
        .splitlines()
        .index("  - Target response: within 2 hours")
    )
    assert found == [
        f"OPS203 {line + 1}:22 S1 response time 'within 2 hours' is slower than the 1 hour policy"
    ]


def test_a_level_given_twice_with_different_values_is_a_conflict(
    tmp_path: Path, ops_lint: Any
) -> None:
    body = "## Severity Matrix\n\n" + pipe_table(ROWS) + "\n" + pipe_table({"S1": ROWS["S2"]})
    matrix = extract_severity(doc_of(body), Vocabulary())
    assert isinstance(matrix, SeverityMatrix)
    assert next((c.level, c.column, c.kept.text, c.other.text) for c in matrix.conflicts) == (
        "S1",
        "response",
        "1 hour",
        "4 hours",
    )
    found = lint(tmp_path, ops_lint, body, ["OPS201"])
    assert found and all("S1 " in f and "is given twice" in f for f in found)


def test_a_table_before_the_first_heading_is_taken_by_its_shape() -> None:
    doc = build("h.md", "/p/h.md", pipe_table(ROWS) + "\n# Handover\n\n## Contacts\n")
    matrix = extract_severity(doc, Vocabulary())
    assert isinstance(matrix, SeverityMatrix) and matrix.by_shape
    assert matrix.at.line == 1 and len(matrix.rows) == 5


def test_two_sections_holding_a_matrix_are_ambiguous(tmp_path: Path, ops_lint: Any) -> None:
    body = "## Severity Matrix\n\n" + pipe_table(ROWS) + "\n## Severity Levels\n\n" + bullets(ROWS)
    missing = extract_severity(doc_of(body), Vocabulary())
    assert isinstance(missing, SeverityMissing) and len(missing.ambiguous) == 2
    found = lint(tmp_path, ops_lint, body, SEVERITY_CODES)
    assert len(found) == 1 and found[0].startswith("OPS201 ")
    assert "2 sections could hold the severity matrix" in found[0]


# ---- response values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Start work & respond: 20 min", 20),
        ("within 60 min", 60),
        ("≤ 15 minutes", 15),
        ("Ack 5 min / mitigate 1 h", 5),
        ("Target:<br>**1 hour**", 60),
        ("24/7, 2 business days", 2880),
    ],
)
def test_a_duration_anywhere_in_the_cell(text: str, minutes: float) -> None:
    found = find_response_time(text)
    assert isinstance(found, Duration) and found.hours * 60 == minutes


@pytest.mark.parametrize("text", ["ASAP", "1 month", "S1", "", "x" * 5000 + " 5 min"])
def test_no_duration(text: str) -> None:
    assert find_response_time(text) is None


def test_duration_words_in_cells_pass(tmp_path: Path, ops_lint: Any) -> None:
    rows = {
        **ROWS,
        "S0": ("Start work & respond: 15 min", *ROWS["S0"][1:]),
        "S1": ("Ack 5 min / mitigate 1 h", *ROWS["S1"][1:]),
        "S3": ("1 working day<br>(ticket)", *ROWS["S3"][1:]),
    }
    body = "## Severity Matrix\n\n" + pipe_table(rows)
    assert lint(tmp_path, ops_lint, body, SEVERITY_CODES) == []


# ---- other severity schemes: one vocabulary entry -----------------------------------

P_SCHEME = {
    "severity": {
        "levels": [
            {"name": "P1", "response": "15 min", "major": True},
            {"name": "P2", "response": "1 hour", "major": True},
            {"name": "P3", "response": "4 hours"},
            {"name": "P4", "response": "1 business day"},
            {"name": "P5", "response": "backlog"},
        ]
    }
}
NAMED_SCHEME = {
    "severity": {
        "levels": [
            {"name": "Critical", "response": "15 min", "major": True},
            {"name": "Major", "aliases": ["High"], "response": "1 hour"},
            {"name": "Minor", "response": "1 business day"},
        ]
    }
}


def scheme_rows(names: list[str], responses: list[str]) -> Mapping[str, tuple[str, ...]]:
    return {n: (r, "L2", "status page", "example") for n, r in zip(names, responses, strict=True)}


@pytest.mark.parametrize(
    ("vocabulary", "names", "good", "slow_at"),
    [
        (
            P_SCHEME,
            ["Priority 1", "P-2", "P3", "P4", "P5"],
            ["15 min", "1 hour", "4 hours", "1 business day", "backlog"],
            1,
        ),
        (
            NAMED_SCHEME,
            ["**Critical**", "High", "Minor"],
            ["15 min", "1 hour", "next business day"],
            0,
        ),
    ],
    ids=["p1-p5", "named"],
)
def test_another_scheme_is_one_vocabulary_entry(
    vocabulary: dict[str, Any],
    names: list[str],
    good: list[str],
    slow_at: int,
    tmp_path: Path,
    ops_lint: Any,
) -> None:
    body = "## Severity Matrix\n\n" + pipe_table(scheme_rows(names, good))
    without = lint(tmp_path, ops_lint, body, SEVERITY_CODES)
    assert without and without[0].startswith("OPS201 ")  # the S0-S4 scheme finds no level
    assert lint(tmp_path, ops_lint, body, SEVERITY_CODES, vocabulary=vocabulary) == []
    slow = list(good)
    slow[slow_at] = "2 days"
    body = "## Severity Matrix\n\n" + pipe_table(scheme_rows(names, slow))
    found = lint(tmp_path, ops_lint, body, SEVERITY_CODES, vocabulary=vocabulary)
    level = vocabulary["severity"]["levels"][slow_at]
    assert len(found) == 1 and found[0].startswith("OPS203 ")
    assert (
        f"{level['name']} response time '2 days' is slower than the {level['response']}" in found[0]
    )


def test_a_target_that_is_not_a_duration_is_a_configuration_error(
    tmp_path: Path, ops_lint: Any
) -> None:
    write_tree(tmp_path, {"ops-docs/handover.md": FRONT})
    config = {"vocabulary": {"severity": {"levels": [{"name": "P1", "response": "ASAP"}]}}}
    (tmp_path / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = ops_lint(tmp_path, "check")
    assert result.code == 2 and "'ASAP' is not a duration" in result.err


@pytest.mark.parametrize(
    ("code", "option", "key"),
    [
        ("OPS201", {"sections": ["Sev"]}, "vocabulary.sections.severity-matrix"),
        ("OPS203", {"targets": {"S1": "30 min"}}, "vocabulary.severity.levels"),
        (
            "OPS202",
            {"escalation_columns": ["Who"]},
            "vocabulary.columns.severity-matrix.escalation",
        ),
        ("OPS204", {"levels": ["S0"]}, "vocabulary.severity.levels"),
        ("OPS102", {"sections": ["Who"]}, "vocabulary.sections.raci"),
    ],
)
def test_moved_options_name_the_vocabulary_key(
    code: str, option: dict[str, Any], key: str, tmp_path: Path, ops_lint: Any
) -> None:
    write_tree(tmp_path, {"ops-docs/handover.md": FRONT})
    config = {"rules": {code: {"options": option}}}
    (tmp_path / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = ops_lint(tmp_path, "check")
    name = next(iter(option))
    assert result.code == 2 and f"option '{name}' moved: set {key}" in result.err


# ---- RACI -----------------------------------------------------------------------------

ROSTER = """\
teams:
  - {id: l1-support, name: L1 Support, members: [{name: A B}, {name: C D}]}
  - {id: l2-support, name: L2 Support, members: [{name: E F}, {name: G H}]}
  - {id: l3-eng, name: L3 Engineering, members: [{name: I J}, {name: K L}]}
  - {id: ic, name: Incident Commander, members: [{name: M N}, {name: O P}]}
  - {id: sre, name: Platform Engineering, members: [{name: Q R}, {name: S T}]}
"""
ROLES = ["L1 Support", "L2 Support", "L3 Engineering", "Incident Commander", "Platform Engineering"]


def transposed(corner: str, accountable: str = "A") -> str:
    rows = [
        ["L1 Support", "R", "I", "I"],
        ["L2 Support", accountable, "R", "C"],
        ["L3 Engineering", "C", "A/R", "R"],
        ["Incident Commander", "I", "C", "A"],
        ["Platform Engineering", "C", "C", "C"],
    ]
    lines = [f"| {corner} | Alert triage | DLQ redrive | Customer comms |", "|---|---|---|---|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows]) + "\n"


def raci_lint(tmp: Path, run: Any, body: str) -> list[str]:
    write_tree(tmp, {"ops-docs/owners.yaml": ROSTER})
    return lint(tmp, run, body, [*RACI_CODES, "OPS106"])


@pytest.mark.parametrize("corner", ["Role", "Team", "Who", ""])
def test_a_transposed_raci_is_read_with_activities_as_columns(
    corner: str, tmp_path: Path, ops_lint: Any
) -> None:
    body = "## Operational Roles & RACI\n\n" + transposed(corner)
    raci = extract_raci(doc_of(body), Vocabulary(), lambda t: t in ROLES)
    assert isinstance(raci, RaciMatrix) and raci.orientation == ROLES_AS_ROWS
    assert raci.roles == tuple(ROLES)
    assert [a.name for a in raci.activities] == ["Alert triage", "DLQ redrive", "Customer comms"]
    assert raci_lint(tmp_path, ops_lint, body) == []


def test_a_transposed_raci_with_two_accountable_fails_raci_accountable(
    tmp_path: Path, ops_lint: Any
) -> None:
    body = "## RACI\n\n" + transposed("Role", accountable="A")
    body = body.replace("| L1 Support | R |", "| L1 Support | A/R |")
    found = raci_lint(tmp_path, ops_lint, body)
    assert len(found) == 1 and found[0].startswith("OPS102 ")
    assert "activity 'Alert triage' has 2 Accountable (L1 Support, L2 Support)" in found[0]
    assert "L1 Support' has" not in found[0]


def test_a_transposed_raci_found_by_the_roster_alone(tmp_path: Path, ops_lint: Any) -> None:
    body = "## RACI\n\n" + transposed("", accountable="R")
    found = raci_lint(tmp_path, ops_lint, body)
    assert found == [
        "OPS102 9:6 activity 'Alert triage' has no Accountable (A); exactly one required"
    ]


def test_an_ordinary_raci_stays_activities_as_rows() -> None:
    body = "## RACI\n\n| Activity | L1 Support | L2 Support |\n|---|---|---|\n| Triage | R | A |\n"
    raci = extract_raci(doc_of(body), Vocabulary(), lambda t: t in ROLES)
    assert isinstance(raci, RaciMatrix) and raci.orientation == "activities as rows"
    assert raci.roles == ("L1 Support", "L2 Support")


def test_raci_section_titles_are_tolerant(tmp_path: Path, ops_lint: Any) -> None:
    table = "| Activity | " + " | ".join(ROLES) + " |\n|---|---|---|---|---|---|\n"
    table += "| Alert triage | R | A | C | I | C |\n"
    for title in [
        "Operational Roles, Responsibilities & RACI",
        "3) RACI (draft)",
        "II. Roles & RACI",
    ]:
        assert raci_lint(tmp_path, ops_lint, f"## {title}\n\n{table}") == []


def test_raci_context_reads_the_project_vocabulary(tmp_path: Path) -> None:
    body = "## Who owns what\n\n| Activity | A team |\n|---|---|\n| x | A |\n\n## RACI\n\nTBD\n"
    doc = doc_of(body)
    config = Config.model_validate({"vocabulary": {"sections": {"raci": ["Who owns what"]}}})
    ctx = Context([doc], config, tmp_path, dt.date(2026, 1, 1))
    raci = ctx.raci(doc)
    assert isinstance(raci, RaciMatrix) and raci.section == "Who owns what"
