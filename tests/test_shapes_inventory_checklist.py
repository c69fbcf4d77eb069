"""Runbook inventory, checklist and dry run in the shapes people write them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint.document import build
from ops_lint.governance.checklist import extract_checklist, is_done
from ops_lint.governance.inventory import extract_inventory
from ops_lint.vocabulary import Vocabulary
from tests.conftest import write_tree

HANDOVER = "ops-docs/handover/edi.md"
FRONT = "---\ntype: handover\n---\n"
ITEMS = [f"Hand over duty number {n}" for n in range(1, 16)]


def _lint(tmp_path: Path, ops_lint: Any, files: dict[str, str], code: str) -> list[str]:
    """The ``path:line:column CODE message (hint)`` of each finding of rule ``code``."""
    config = {"docs": ["ops-docs"], "select": [code]}
    write_tree(tmp_path, files)
    (tmp_path / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = ops_lint(tmp_path, "check", "--format", "json", "--as-of", "2026-11-27")
    assert result.code in (0, 1), result.err
    return [
        f"{d['path']}:{d['line']}:{d['column']} {d['code']} {d['message']} ({d['hint']})"
        for d in result.json()["diagnostics"]
    ]


def _table(items: list[str], owner: str = "edi-platform", done: str = "✅") -> str:
    rows = "".join(f"| {n} | {text} | {owner} | {done} |\n" for n, text in enumerate(items, 1))
    return "| # | Item | Owner | Done |\n|---|---|---|---|\n" + rows


def _checklist(body: str, title: str = "## 9. Handover Checklist") -> dict[str, str]:
    return {HANDOVER: f"{FRONT}# EDI Handover\n\n{title}\n\n{body}"}


def test_checklist_table_of_15_items_passes(tmp_path: Path, ops_lint: Any) -> None:
    assert _lint(tmp_path, ops_lint, _checklist(_table(ITEMS)), "OPS501") == []


def test_checklist_table_of_14_items_fails(tmp_path: Path, ops_lint: Any) -> None:
    (finding,) = _lint(tmp_path, ops_lint, _checklist(_table(ITEMS[:14])), "OPS501")
    assert finding.startswith(f"{HANDOVER}:6:1 OPS501 handover checklist has 14 distinct items")


def test_checklist_table_rows_carry_owners_and_done_state() -> None:
    source = _checklist(_table(ITEMS[:2], owner="@rkim", done="[ ]"))[HANDOVER]
    checklist = extract_checklist(build(HANDOVER, "/p/" + HANDOVER, source), Vocabulary())
    first = checklist.items[0]
    assert (first.text, first.at.line, first.at.column, first.checked) == (ITEMS[0], 10, 7, False)
    assert [(v.text, v.at.line) for v in first.owner_notes] == [("@rkim", 10)]
    assert checklist.tables and checklist.tables[0].line == 8


@pytest.mark.parametrize(
    ("text", "done"),
    [("✅", True), ("[x]", True), ("Yes", True), ("**done**", True), ("", False), ("no", False)],
)
def test_done_cells(text: str, done: bool) -> None:
    assert is_done(text) is done


def test_checklist_table_owner_that_is_a_person_fails_single_person_owner(
    tmp_path: Path, ops_lint: Any
) -> None:
    files = _checklist(_table(ITEMS, owner="dana@example.org"))
    findings = _lint(tmp_path, ops_lint, files, "OPS104")
    assert findings and all("handover checklist owner 'dana@example.org'" in f for f in findings)


def test_checklist_items_in_details_count(tmp_path: Path, ops_lint: Any) -> None:
    bullets = "".join(f"- [ ] {text}\n" for text in ITEMS)
    body = f"<details>\n<summary>All items</summary>\n\n{bullets}\n</details>\n"
    assert _lint(tmp_path, ops_lint, _checklist(body), "OPS501") == []
    fewer = "".join(f"- [ ] {text}\n" for text in ITEMS[:14])
    body = f"<details>\n<summary>All items</summary>\n\n{fewer}\n</details>\n"
    assert len(_lint(tmp_path, ops_lint, _checklist(body), "OPS501")) == 1


@pytest.mark.parametrize(
    "title",
    [
        "## Handover Checklist (sign-off 2026-12-04)",
        "## 9) ✅ Handover checklist",
        "## IX. Handover Checklist — final",
        "## Handoff checklist",
    ],
)
def test_tolerant_checklist_headings(title: str, tmp_path: Path, ops_lint: Any) -> None:
    bullets = "".join(f"- [ ] {text}\n" for text in ITEMS[:14])
    (finding,) = _lint(tmp_path, ops_lint, _checklist(bullets, title), "OPS501")
    assert "has 14 distinct items" in finding  # found: counted, not reported missing


def test_two_checklist_sections_are_ambiguous(tmp_path: Path, ops_lint: Any) -> None:
    bullets = "".join(f"- [ ] {text}\n" for text in ITEMS)
    body = f"{bullets}\n## Checklist\n\n{bullets}\n## Handover Checklist\n\n- [ ] one\n"
    (finding,) = _lint(tmp_path, ops_lint, _checklist(body), "OPS501")
    assert "3 sections could hold the handover checklist" in finding


RUNBOOK = "---\ntype: runbook\nowner: edi-l2-support\ntrigger: t\n---\n# Ingestion outage\n"
INVENTORY = (
    "| Runbook | Trigger | Owner |\n|---|---|---|\n"
    "| [Ingestion outage](../runbooks/ingestion-outage.md) | {trigger} | edi-l2-support |\n"
)


def _inventory_doc(before: str, after: str = "") -> dict[str, str]:
    return {
        HANDOVER: f"{FRONT}{before}# EDI Handover\n\n{after}",
        "ops-docs/runbooks/ingestion-outage.md": RUNBOOK,
    }


def test_inventory_table_before_the_first_heading(tmp_path: Path, ops_lint: Any) -> None:
    files = _inventory_doc(INVENTORY.format(trigger="EDIIngestStalled") + "\n")
    for code in ("OPS301", "OPS302", "OPS303", "OPS304"):
        assert _lint(tmp_path, ops_lint, files, code) == [], code
    doc = build(HANDOVER, "/p/" + HANDOVER, files[HANDOVER])
    inventory = extract_inventory(doc, Vocabulary())
    assert inventory.by_shape and [e.label for e in inventory.entries] == ["Ingestion outage"]


def test_inventory_table_before_the_first_heading_still_checked(
    tmp_path: Path, ops_lint: Any
) -> None:
    files = _inventory_doc(INVENTORY.format(trigger="-") + "\n")
    (finding,) = _lint(tmp_path, ops_lint, files, "OPS301")
    assert finding.startswith(f"{HANDOVER}:6:")
    assert "runbook 'Ingestion outage' has no trigger" in finding


@pytest.mark.parametrize(
    "title",
    [
        "## 3. Runbook Inventory (14 runbooks)",
        "## 📚 Runbooks",
        "## 3b. Runbook inventory — EDI",
        "## Runbook index",
    ],
)
def test_tolerant_inventory_headings(title: str, tmp_path: Path, ops_lint: Any) -> None:
    files = _inventory_doc("", f"{title}\n\n{INVENTORY.format(trigger='-')}")
    (finding,) = _lint(tmp_path, ops_lint, files, "OPS301")
    assert "has no trigger" in finding


def test_tolerant_inventory_headers(tmp_path: Path, ops_lint: Any) -> None:
    table = INVENTORY.format(trigger="").replace("| Trigger |", "| Trigger (alert name) |")
    files = _inventory_doc("", f"## Runbook Inventory\n\n{table}")
    (finding,) = _lint(tmp_path, ops_lint, files, "OPS301")
    assert "fill the 'Trigger (alert name)' cell" in finding


def test_inventory_not_found_names_the_nearest_heading(tmp_path: Path, ops_lint: Any) -> None:
    files = _inventory_doc("", "## Procedure index\n\nSee the wiki.\n")
    (finding,) = _lint(tmp_path, ops_lint, files, "OPS303")
    assert "nearest heading: 'Procedure index'" in finding


@pytest.mark.parametrize(
    "title", ["## Dry run (last: 2026-11-02)", "## Game day / simulation", "## 5) Dry-run"]
)
def test_tolerant_dry_run_headings(title: str, tmp_path: Path, ops_lint: Any) -> None:
    files = {"ops-docs/runbooks/a.md": f"---\ntype: runbook\n---\n# A\n\n{title}\n\nIn staging.\n"}
    assert _lint(tmp_path, ops_lint, files, "OPS305") == []
    files = {"ops-docs/runbooks/a.md": f"---\ntype: runbook\n---\n# A\n\n{title}\n"}
    (finding,) = _lint(tmp_path, ops_lint, files, "OPS305")
    assert "is empty" in finding


@pytest.mark.parametrize(
    ("code", "option", "key"),
    [
        (
            "OPS301",
            {"trigger_columns": ["Fires on"]},
            "vocabulary.columns.runbook-inventory.trigger",
        ),
        ("OPS303", {"sections": ["Playbooks"]}, "vocabulary.sections.runbook-inventory"),
        ("OPS305", {"sections": ["Chaos"]}, "vocabulary.sections.dry-run"),
        ("OPS501", {"sections": ["Sign-off"]}, "vocabulary.sections.checklist"),
        ("OPS105", {"owner_columns": ["Contact"]}, "vocabulary.columns.runbook-inventory.owner"),
    ],
)
def test_moved_options_name_the_vocabulary_key(
    code: str, option: dict[str, Any], key: str, tmp_path: Path, ops_lint: Any
) -> None:
    config = {"docs": ["ops-docs"], "rules": {code: {"options": option}}}
    (tmp_path / "ops-docs").mkdir()
    (tmp_path / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = ops_lint(tmp_path, "check")
    assert result.code == 2
    assert f"option '{next(iter(option))}' moved: set {key}" in result.err


def test_two_inventory_sections_are_ambiguous(tmp_path: Path, ops_lint: Any) -> None:
    table = INVENTORY.format(trigger="-")
    files = _inventory_doc("", f"## Runbook Inventory\n\n{table}\n## Runbooks\n\n{table}")
    (finding,) = _lint(tmp_path, ops_lint, files, "OPS303")
    assert "2 sections could hold the runbook inventory" in finding
    assert _lint(tmp_path, ops_lint, files, "OPS301") == []  # none guessed, nothing checked
