"""``ops-lint inspect``: the governance model the rules read, as text and as JSON.

Golden files (``tests/golden/inspect/``) hold both outputs for the bundled handover doc,
byte for byte; regenerate them with ``pytest --update-goldens`` after an intended change
and review the diff. The other tests assert facts a user relies on when a finding looks
wrong: parsed response times, roles, the heading found nearby when a section is renamed,
and that a vocabulary entry is what makes such a section found.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import ROOT, write_tree
from tests.test_golden_outputs import assert_golden

HANDOVER = "ops-docs/handover/operations-handover.md"
MATRIX_HEADING = "## 2. Incident Classification Matrix"
RENAMED = "## 2. Incident Grading"


def _doc(data: dict[str, Any], path: str = HANDOVER) -> dict[str, Any]:
    found = [d for d in data["docs"] if d["path"] == path]
    assert len(found) == 1, [d["path"] for d in data["docs"]]
    doc: dict[str, Any] = found[0]
    return doc


@pytest.mark.parametrize(("fmt", "golden"), [("text", "handover.txt"), ("json", "handover.json")])
def test_bundled_handover_golden(
    fmt: str, golden: str, ops_lint: Any, update_goldens: bool
) -> None:
    result = ops_lint(ROOT, "inspect", "--format", fmt, HANDOVER)
    assert result.code == 0, result.err
    assert_golden(result.out, f"inspect/{golden}", update_goldens)


def test_handover_facts(ops_lint: Any) -> None:
    doc = _doc(ops_lint(ROOT, "inspect", "--format", "json", HANDOVER).json())
    levels = {level["level"]: level for level in doc["severity"]["levels"]}
    assert levels["S1"]["response_minutes"] == 60
    assert levels["S1"]["within_target"] is True
    assert levels["S3"]["response_minutes"] == 24 * 60  # a business day counts as 24 hours
    assert levels["S4"]["response_minutes"] is None  # backlog: no bound
    response = [c for c in doc["severity"]["columns"] if c["column"] == "response"]
    assert response == [{"column": "response", "header": "Response time", "position": 3}]
    assert doc["raci"]["found"] and len(doc["raci"]["roles"]) >= 5
    availability = doc["slo"]["tables"][0]["rows"][0]
    assert availability["budget_minutes"] == availability["computed_minutes_min"] == 43.2
    assert availability["window_days_min"] == availability["window_days_max"] == 30
    bands = doc["budget_policy"]["tables"][0]["bands"]
    assert [b["lower_bound_percent"] for b in bands] == [0, 50, 75, 100]
    assert doc["checklist"]["items"] > 0


def _renamed_project(tmp_path: Path, config: str = "docs: [ops-docs]\n") -> Path:
    text = (ROOT / HANDOVER).read_text(encoding="utf-8")
    assert MATRIX_HEADING in text
    write_tree(
        tmp_path,
        {
            ".ops-lint.yaml": config,
            "ops-docs/handover.md": text.replace(MATRIX_HEADING, RENAMED),
            "ops-docs/runbooks/empty.md": "---\ntitle: Nothing\ntype: runbook\n---\n\n# Nothing\n",
        },
    )
    return tmp_path


def test_renamed_section_shows_the_heading_nearby(tmp_path: Path, ops_lint: Any) -> None:
    project = _renamed_project(tmp_path)
    result = ops_lint(project, "inspect", "--format", "json", "ops-docs/handover.md")
    severity = _doc(result.json(), "ops-docs/handover.md")["severity"]
    assert severity["search"]["sections"] == []  # no section is titled for it any more
    assert severity["found"] is severity["search"]["by_shape"]  # unless read for its shape
    lines = (ROOT / HANDOVER).read_text(encoding="utf-8").splitlines()
    line = lines.index(MATRIX_HEADING) + 1
    assert severity["search"]["nearby"] == {"title": "2. Incident Grading", "line": line}
    assert severity["search"]["vocabulary_key"] == "vocabulary.sections.severity-matrix"
    text = ops_lint(project, "inspect", "ops-docs/handover.md").out
    assert "Severity matrix: " in text
    assert f"'2. Incident Grading' (line {line})" in text
    assert "vocabulary.sections.severity-matrix" in text


def test_a_vocabulary_entry_names_the_renamed_section(tmp_path: Path, ops_lint: Any) -> None:
    config = "docs: [ops-docs]\nvocabulary:\n  sections:\n    severity-matrix: [Incident Grading]\n"
    project = _renamed_project(tmp_path, config)
    result = ops_lint(project, "inspect", "--format", "json", "ops-docs/handover.md")
    severity = _doc(result.json(), "ops-docs/handover.md")["severity"]
    assert severity["found"] is True
    assert severity["section"] == "2. Incident Grading"
    assert "Incident Grading" in severity["search"]["looked_for"]


def test_default_lists_only_docs_with_a_concept(tmp_path: Path, ops_lint: Any) -> None:
    project = _renamed_project(tmp_path)
    paths = [d["path"] for d in ops_lint(project, "inspect", "--format", "json").json()["docs"]]
    assert paths == ["ops-docs/handover.md"]
    named = ops_lint(project, "inspect", "--format", "json", "ops-docs/runbooks/empty.md")
    doc = _doc(named.json(), "ops-docs/runbooks/empty.md")
    assert doc["raci"]["found"] is False and doc["checklist"]["found"] is False


def test_json_follows_the_printed_schema(ops_lint: Any) -> None:
    schema = json.loads(ops_lint(ROOT, "schema", "inspect").out)
    data = ops_lint(ROOT, "inspect", "--format", "json", HANDOVER).json()
    assert data["version"] == 1
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "docs": [{"path": HANDOVER}]}, schema)


def test_output_file(tmp_path: Path, ops_lint: Any) -> None:
    out = tmp_path / "model.json"
    result = ops_lint(ROOT, "inspect", "--format", "json", "-o", str(out), HANDOVER)
    assert result.code == 0 and result.out == ""
    assert _doc(json.loads(out.read_text(encoding="utf-8")))["raci"]["found"] is True
