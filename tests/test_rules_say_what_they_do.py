"""Rules, messages and options that do what they say: rosters counted by person, RACI
columns resolved against the roster, suppression rules found by problem (not by fixed
code), ``until=`` wherever it stands, summaries that count the right files, ``--debug``
after the command, SARIF sentences, compliance-report evidence for failing rules, and
``init`` placeholders that stay visible on a rendered page."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from ops_lint.cli_args import build_parser
from ops_lint.roster import load_roster
from tests.conftest import ROOT, write_tree

AS_OF = ("--as-of", "2026-11-27")

HANDOVER = """\
---
type: handover
owner: edi-l2-support
---
# Handover

## Operational Roles & RACI

| Activity | L2 Support | Platform Engineering |
|---|---|---|
| DLQ redrive | A/R | C |
"""

ROSTER = """\
teams:
  - id: edi-l2-support
    name: EDI L2 Support
    aliases: ["L2 Support"]
    members: ["@rkim", "@tnowak"]
  - id: platform-sre
    name: Platform Engineering (SRE)
    aliases: ["Platform Engineering"]
    members: ["@cdonnelly", "@zyusuf"]
"""


def _project(tmp_path: Path, files: dict[str, str | bytes], **config: Any) -> Path:
    write_tree(tmp_path, files)
    settings = {"docs": ["ops-docs"], **config}
    (tmp_path / ".ops-lint.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return tmp_path


def _codes(run: Any) -> list[str]:
    return sorted(f"{d['path']}:{d['line']} {d['code']}" for d in run.json()["diagnostics"])


# --- OPS104: members are persons ---------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (['{name: "Dana Smith", handle: "@dsmith"}', '"@DSmith"'], 1),  # handle, any case
        (['"dsmith@example.org"', '{name: "Dana", email: "DSmith@Example.ORG"}'], 1),
        (['{name: "Dana  Smith"}', '"dana smith"'], 1),  # name, spacing and case
        (['{handle: "dsmith"}', '"@dsmith"'], 1),  # a handle with or without its "@"
        (['{name: "A"}', '{email: "a@x.org"}', '{name: "a", email: "A@X.org"}'], 1),  # linked
        (['{name: "{{ name }}", handle: "{{ @handle }}"}', '"<name>"', '"{{ @handle }}"'], 0),
        (['{name: "Dana Smith"}', '{name: "Dana Smithers"}'], 2),
    ],
)
def test_roster_counts_each_person_once_and_no_placeholder(
    tmp_path: Path, members: list[str], expected: int
) -> None:
    body = "".join(f"      - {m}\n" for m in members)
    path = tmp_path / "owners.yaml"
    path.write_text(f"teams:\n  - id: dba\n    members:\n{body}", encoding="utf-8")
    roster = load_roster(path, "owners.yaml", tmp_path)
    assert roster.error is None
    team = roster.teams[0]
    assert len(team.members) == expected, team
    assert len(team.members) + len(team.repeated) + len(team.placeholders) == len(members)


def test_single_person_team_listed_twice_fails_ops104(tmp_path: Path, ops_lint: Any) -> None:
    roster = "teams:\n  - id: dba\n    members:\n      - {name: Dana, handle: '@dana'}\n"
    roster += "      - '@DANA'\n"
    runbook = "---\ntype: runbook\nowner: dba\n---\n# Failover\n"
    root = _project(
        tmp_path,
        {"ops-docs/owners.yaml": roster, "ops-docs/runbooks/a.md": runbook},
        select=["OPS104"],
    )
    run = ops_lint(root, "check", "--format", "json", *AS_OF)
    assert run.code == 1, run.err
    assert _codes(run) == ["ops-docs/runbooks/a.md:3 OPS104"]
    assert "1 member (Dana), not counting 1 entry repeating a person" in run.out


def test_init_roster_placeholders_are_reported_once_a_doc_names_the_team(
    tmp_path: Path, ops_lint: Any
) -> None:
    assert ops_lint(tmp_path, "init").code == 0
    runbook = tmp_path / "ops-docs/runbooks/example-runbook.md"
    text = runbook.read_text(encoding="utf-8").replace('"{{ team-id }}"', "ops-l2-support", 1)
    runbook.write_text(text, encoding="utf-8")
    run = ops_lint(tmp_path, "check", "--format", "json", "--select", "OPS104", *AS_OF)
    assert run.code == 1
    [diag] = run.json()["diagnostics"]
    assert (
        "0 members, not counting 2 placeholder entries ({{ name }} / {{ @handle }})"
        in diag["message"]
    )
    assert "fill in the members of team 'ops-l2-support'" in diag["hint"]


# --- OPS106: RACI columns resolve to roster teams ----------------------------------------


def test_raci_column_typo_is_found_with_a_suggestion(tmp_path: Path, ops_lint: Any) -> None:
    root = _project(
        tmp_path,
        {
            "ops-docs/owners.yaml": ROSTER,
            "ops-docs/handover.md": HANDOVER.replace("| L2 Support |", "| L2 Suport |"),
        },
        select=["OPS102", "OPS103", "OPS104", "OPS105", "OPS106"],
    )
    run = ops_lint(root, "check", "--format", "json", *AS_OF)
    diags = run.json()["diagnostics"]
    assert [(d["code"], d["line"], d["column"]) for d in diags] == [("OPS106", 9, 14)]
    assert "did you mean 'edi-l2-support'?" in diags[0]["hint"]


def test_bundled_ops_docs_raci_columns_are_all_roster_teams(ops_lint: Any) -> None:
    run = ops_lint(ROOT, "check", "--format", "json", "--select", "OPS106", "--no-cache", *AS_OF)
    assert run.code == 0, run.out
    assert run.json()["diagnostics"] == []


# --- OPS901-904: codes come from the pack ------------------------------------------------

PACK = """\
pack: acme
rules:
  - code: ACME004
    name: placeholder
    check: placeholders
    summary: placeholder left
    severity: error
  - code: ACME901
    name: no-reason
    check: suppression
    summary: suppression without reason
    severity: error
{extra}"""


def test_recoded_suppression_rule_still_reports(tmp_path: Path, ops_lint: Any) -> None:
    pack = PACK.format(extra="    options: {problem: missing-reason}\n")
    doc = "# A\n\n<!-- ops-lint-disable-next-line ACME004 -->\nLatency TBD.\n"
    root = _project(
        tmp_path,
        {"acme.yaml": pack, "ops-docs/a.md": doc},
        packs=["acme.yaml"],
        select=["ACME"],
    )
    run = ops_lint(root, "check", "--format", "json", *AS_OF)
    assert run.code == 1, run.err
    assert _codes(run) == ["ops-docs/a.md:3 ACME901"]


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ("", "the 'suppression' check needs options.problem"),
        (
            "    options: {problem: missing-reason}\n"
            "  - code: ACME902\n    name: no-reason-2\n    check: suppression\n"
            "    summary: again\n    severity: error\n    options: {problem: missing-reason}\n",
            "suppression problem 'missing-reason' is already reported by ACME901",
        ),
        ("    options: {problem: forgotten}\n", "options.problem"),
    ],
    ids=["recoded-without-problem", "two-rules-one-problem", "unknown-problem"],
)
def test_pack_that_cannot_place_a_suppression_rule_is_refused(
    tmp_path: Path, ops_lint: Any, extra: str, problem: str
) -> None:
    root = _project(
        tmp_path,
        {"acme.yaml": PACK.format(extra=extra), "ops-docs/a.md": "# A\n"},
        packs=["acme.yaml"],
    )
    run = ops_lint(root, "check", *AS_OF)
    assert run.code == 2, run.out
    assert problem in run.err
    assert run.err.count("\n") == 1


@pytest.mark.parametrize("option", ["pack_dir", "pack_root"])
def test_config_cannot_set_internal_pack_options(
    tmp_path: Path, ops_lint: Any, option: str
) -> None:
    root = _project(
        tmp_path,
        {"ops-docs/a.md": "---\ntype: runbook\n---\n# A\n"},
        rules={"OPS002": {"options": {option: "/etc"}}},
    )
    run = ops_lint(root, "check", *AS_OF)
    assert run.code == 2
    assert f"rules.OPS002.options.{option}: unknown option" in run.err


# --- until= after the reason -------------------------------------------------------------


@pytest.mark.parametrize(
    ("until", "expected"),
    [
        ("2026-01-01", ["ops-docs/a.md:3 OPS903", "ops-docs/a.md:4 OPS004"]),  # expired
        ("2027-01-01", []),  # still valid: suppresses, and is not "unused" or "malformed"
    ],
)
def test_until_after_the_reason_is_the_expiry_date(
    tmp_path: Path, ops_lint: Any, until: str, expected: list[str]
) -> None:
    doc = f"# A\n\n<!-- ops-lint-disable OPS004 -- reason until={until} -->\nLatency TBD.\n"
    root = _project(tmp_path, {"ops-docs/a.md": doc}, select=["OPS004", "OPS9"])
    run = ops_lint(root, "check", "--format", "json", *AS_OF)
    assert _codes(run) == expected


def test_suppression_table_shows_the_date_apart_from_the_reason(
    tmp_path: Path, ops_lint: Any
) -> None:
    doc = "# A\n\n<!-- ops-lint-disable OPS004 -- set at review until=2027-01-01 -->\nTBD\n"
    root = _project(tmp_path, {"ops-docs/a.md": doc}, select=["OPS004", "OPS9"])
    run = ops_lint(root, "check", "--format", "markdown", *AS_OF)
    assert "| set at review | 2027-01-01 |" in run.out


# --- summaries, CLI, SARIF, compliance report --------------------------------------------


def test_summary_counts_files_with_findings_apart_from_files_checked(
    tmp_path: Path, ops_lint: Any
) -> None:
    root = _project(
        tmp_path,
        {"ops-docs/a.md": "# A\n\nTBD and TODO.\n", "ops-docs/b.md": "# B\n\nDone.\n"},
        select=["OPS004"],
    )
    run = ops_lint(root, "check", *AS_OF)
    assert "Found 2 errors in 1 file (2 files checked)." in run.out.splitlines()


def test_identical_hints_are_printed_once_per_rule(tmp_path: Path, ops_lint: Any) -> None:
    docs: dict[str, str | bytes] = {f"ops-docs/{n}.md": "# A\n\nTBD\n\nTODO\n" for n in "abc"}
    root = _project(tmp_path, docs, select=["OPS004"])
    lines = ops_lint(root, "check", *AS_OF).out.splitlines()
    assert sum(line.startswith("    hint") for line in lines) == 1
    assert lines[1].startswith("    hint (6 findings with this hint): replace the placeholder")
    assert lines[-2] == "Found 6 errors in 3 files (3 files checked)."
    assert lines[-1] == (
        "5 repeated hints not shown: each hint is printed once, at the first finding of its "
        "rule, with the number of findings it covers."
    )


@pytest.mark.parametrize("argv", [["check", "--debug"], ["--debug", "check"]])
def test_debug_is_taken_before_or_after_the_command(argv: list[str]) -> None:
    assert build_parser().parse_args(argv).debug is True


def test_debug_is_off_unless_given() -> None:
    assert build_parser().parse_args(["check"]).debug is False


def test_check_debug_runs(tmp_path: Path, ops_lint: Any) -> None:
    root = _project(tmp_path, {"ops-docs/a.md": "# A\n"}, select=["OPS004"])
    assert ops_lint(root, "check", "--debug", *AS_OF).code == 0


def test_check_dash_is_a_usage_error(
    tmp_path: Path, ops_lint: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, {"ops-docs/a.md": "# A\n\nTBD\n"})
    with pytest.raises(SystemExit) as exc:
        ops_lint(root, "check", "-")
    assert exc.value.code == 2
    assert "'-' (standard input) is not supported" in capsys.readouterr().err


def test_sarif_message_and_hint_are_two_sentences(tmp_path: Path, ops_lint: Any) -> None:
    doc = "---\ntype: runbook\n---\n# A\n"
    root = _project(tmp_path, {"ops-docs/a.md": doc}, select=["OPS003"])
    run = ops_lint(root, "check", "--format", "sarif", *AS_OF)
    texts = [r["message"]["text"] for r in json.loads(run.out)["runs"][0]["results"]]
    assert texts
    assert all(". Hint: " in t and t.endswith(".") for t in texts), texts
    assert "required sections are missing: 'Prerequisites', 'Steps'" in texts[0]
    assert ". Hint: add a heading for each, e.g. '## Prerequisites'" in texts[0]


def test_failing_rule_row_says_what_was_checked(tmp_path: Path, ops_lint: Any) -> None:
    root = _project(
        tmp_path,
        {"ops-docs/a.md": "# A\n\nTBD\n", "ops-docs/b.md": "# B\n\nTBD\n"},
        select=["OPS004", "OPS005"],
    )
    run = ops_lint(root, "check", "--format", "markdown", *AS_OF)
    row = next(line for line in run.out.splitlines() if line.startswith("| OPS004 |"))
    cells = [c.strip() for c in row.split("|")]
    assert cells[4] == "fail"
    assert cells[5] == "checked, not passing: ops-docs/a.md, ops-docs/b.md"


# --- init placeholders -------------------------------------------------------------------


def test_init_placeholders_show_on_the_rendered_page(tmp_path: Path, ops_lint: Any) -> None:
    """Every placeholder ``check`` reports is visible text on the rendered page, not an
    HTML tag the page hides (GitHub drops unknown tags such as ``<name>``)."""
    assert ops_lint(tmp_path, "init").code == 0
    run = ops_lint(tmp_path, "check", "--format", "json", "--select", "OPS004", *AS_OF)
    md = MarkdownIt("commonmark").enable("table")
    pages: dict[str, str] = {}
    for d in run.json()["diagnostics"]:
        if "front-matter" in d["message"]:
            continue
        if d["path"] not in pages:
            text = (tmp_path / d["path"]).read_text(encoding="utf-8")
            pages[d["path"]] = md.render(text.split("\n---\n", 1)[1])
        placeholder = d["message"].split("'")[1]
        assert html.escape(placeholder, quote=False) in pages[d["path"]], placeholder
    assert len(pages) == 2
