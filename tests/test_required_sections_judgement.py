"""Required sections with judgement: "one of" groups, stubs, one finding per doc."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.conftest import write_tree

AS_OF = ("--as-of", "2026-11-27")


def _run(tmp_path: Path, ops_lint: Any, files: dict[str, str], options: dict[str, Any]) -> Any:
    config = {"docs": ["ops-docs"], "select": ["OPS003"], "rules": {"OPS003": {"options": options}}}
    write_tree(tmp_path, {".ops-lint.yaml": yaml.safe_dump(config), **files})
    return ops_lint(tmp_path, "check", "--format", "json", "--no-cache", *AS_OF)


def _diags(run: Any) -> list[dict[str, Any]]:
    assert run.code in (0, 1), run.err
    found: list[dict[str, Any]] = run.json()["diagnostics"]
    return found


HANDOVER = "---\ntype: handover\n---\n# Handover\n\n## Open Questions\nNone.\n"


def test_a_handover_missing_ten_sections_gets_one_finding(tmp_path: Path, ops_lint: Any) -> None:
    diags = _diags(_run(tmp_path, ops_lint, {"ops-docs/h.md": HANDOVER}, {}))
    assert [(d["path"], d["line"]) for d in diags] == [("ops-docs/h.md", 4)]
    message = diags[0]["message"]
    assert message.startswith("10 required sections are missing: 'Operational Roles & RACI', ")
    assert message.endswith(
        "'Knowledge Base Structure', 'Handover Checklist' and 'Continuous Improvement Loop'"
    )
    assert "Open Questions" not in message


def test_missing_and_empty_sections_are_reported_apart(tmp_path: Path, ops_lint: Any) -> None:
    doc = "---\ntype: runbook\n---\n# R\n\n## Trigger\n\n## Notes\nText.\n"
    options = {"required": {"runbook": ["Trigger", "Steps", ["Troubleshooting", "Maintenance"]]}}
    diags = _diags(_run(tmp_path, ops_lint, {"ops-docs/r.md": doc}, options))
    assert [(d["line"], d["message"]) for d in diags] == [
        (
            4,
            "2 required sections are missing: 'Steps' and "
            "one of 'Troubleshooting' or 'Maintenance'",
        ),
        (6, "required section 'Trigger' is empty"),
    ]


def test_group_member_found_by_alias_and_vocabulary(tmp_path: Path, ops_lint: Any) -> None:
    doc = "---\ntype: runbook\n---\n# R\n\n## Diagnosis\nLook at the graphs.\n"
    options = {
        "required": {"runbook": [["Troubleshooting", "Maintenance"]]},
        "aliases": {"Troubleshooting": ["Diagnosis"]},
    }
    assert _diags(_run(tmp_path, ops_lint, {"ops-docs/r.md": doc}, options)) == []


def test_moved_to_deep_in_a_runbook_does_not_make_it_a_stub(tmp_path: Path, ops_lint: Any) -> None:
    body = "# R\n\nWhen the queue fills.\n\n## Prerequisites\nVPN.\n\n## Steps\n1. Look.\n"
    body += "".join(f"\nParagraph {i}.\n" for i in range(5))
    body += "\nThe backlog is moved to the DLQ.\n"
    doc = "---\ntype: runbook\n---\n" + body
    diags = _diags(_run(tmp_path, ops_lint, {"ops-docs/r.md": doc}, {}))
    assert [d["message"] for d in diags] == [
        "3 required sections are missing: 'Verification', 'Rollback' and 'Escalation'"
    ]


def test_this_page_has_moved_is_a_stub(tmp_path: Path, ops_lint: Any) -> None:
    doc = "---\ntype: runbook\n---\n# Old queue\n\nThis page has moved.\nSee the wiki.\n"
    assert _diags(_run(tmp_path, ops_lint, {"ops-docs/r.md": doc}, {})) == []


def test_invalid_stub_pattern_is_a_config_error(tmp_path: Path, ops_lint: Any) -> None:
    run = _run(tmp_path, ops_lint, {"ops-docs/r.md": HANDOVER}, {"stub_patterns": ["("]})
    assert run.code == 2
    assert "invalid regular expression" in run.err
    assert "Traceback" not in run.err
