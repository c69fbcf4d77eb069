"""The alert catalog model: catalog tables found by their columns, alert names, levels
(default and qualified), runbook links resolved, and the example scenarios it is read
against."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
import yaml

from ops_lint.document import build
from ops_lint.governance import Value, position
from ops_lint.governance.alert_catalog import (
    AlertCatalog,
    alert_names,
    build_catalog,
    doc_catalog_tables,
    levels_in,
    most_severe,
    split_examples,
)
from ops_lint.governance.severity_shapes import spellings_of
from ops_lint.model import Document
from ops_lint.packs import bundled_rules_dir
from ops_lint.pipeline import RunOptions, lint
from ops_lint.vocabulary import Vocabulary
from tests.conftest import write_tree

VOCABULARY = Vocabulary()
SPELLINGS = spellings_of(VOCABULARY)

CATALOG = """\
---
type: reference
---
# Alert catalog

| Alert | Tier | Default severity | Runbook |
|---|---|---|---|
| `EdiIngestStalled` | page | S1 | [Ingestion](../runbooks/ingestion.md) |
| `Edi999RejectSpike` (ticket) | ticket | Sev 2 (SEV-1 top payer) | [A](../runbooks/acks.md#spike) |
| ingestion is slow | ticket | High | [Wiki](https://wiki.example.com/x) |
|  |  |  |  |

| SLO | Page alert | Ticket alert | Runbook |
|---|---|---|---|
| Availability | `SloAvailabilityBurnPage` | - | [Ingestion](../runbooks/ingestion.md) |

| Component | Runbook |
|---|---|
| Ingestion | [Ingestion](../runbooks/ingestion.md) |

| Alert | Threshold |
|---|---|
| `EdiAck999Late` | 45 min |
"""


def _doc(source: str, path: str = "ops-docs/reference/alert-catalog.md") -> Document:
    return build(path, "/project/" + path, source)


def _resolve(doc: Document, target: str) -> str | None:
    if "://" in target:
        return None
    path = target.partition("#")[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(doc.abspath), path))


def _catalog(doc: Document) -> AlertCatalog:
    return build_catalog([doc], lambda d: doc_catalog_tables(d, VOCABULARY, _resolve))


def test_catalog_tables_rows_names_levels_and_runbooks() -> None:
    catalog = _catalog(_doc(CATALOG))
    assert [(t.at.line, t.alert_headers, t.severity_header) for t in catalog.tables] == [
        (6, ("Alert",), "Default severity"),
        (13, ("Page alert", "Ticket alert"), None),
    ]
    got = [(a.name, a.severities, a.runbook_target, a.line) for a in catalog.alerts]
    assert got == [
        ("EdiIngestStalled", ("S1",), "/project/ops-docs/runbooks/ingestion.md", 8),
        ("Edi999RejectSpike", ("S2", "S1"), "/project/ops-docs/runbooks/acks.md", 9),
        ("SloAvailabilityBurnPage", (), "/project/ops-docs/runbooks/ingestion.md", 15),
    ]
    unnamed = catalog.tables[0].rows[2]
    assert [v.text for v in unnamed.unnamed] == ["ingestion is slow"]
    assert unnamed.default is None and unnamed.runbook_target is None
    assert unnamed.links[0].target == "https://wiki.example.com/x"
    assert catalog.docs == ("ops-docs/reference/alert-catalog.md",)
    ingestion = catalog.by_runbook["/project/ops-docs/runbooks/ingestion.md"]
    assert [a.name for a in ingestion] == ["EdiIngestStalled", "SloAvailabilityBurnPage"]
    assert catalog.severities_of("Edi999RejectSpike") == ("S2", "S1")
    assert catalog.by_name["EdiIngestStalled"][0].where == "ops-docs/reference/alert-catalog.md:8"


def test_a_doc_set_without_catalog_tables_has_no_catalog() -> None:
    source = CATALOG.split("| SLO |")[0].replace("Runbook", "Notes")
    catalog = _catalog(_doc(source))
    assert not catalog.found
    assert catalog.alerts == ()


def test_named_in_takes_exact_catalog_names_with_or_without_backticks() -> None:
    catalog = _catalog(_doc(CATALOG))
    text = "EdiIngestStalledX; `Edi999RejectSpike`: AK9=R; EdiIngestStalled, Edi999RejectSpike"
    assert catalog.named_in(text) == ["Edi999RejectSpike", "EdiIngestStalled"]
    assert catalog.named_in("ingestion stalled") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S1", ("S1", ())),
        ("S2 (S1 top-10 payer)", ("S2", ("S1",))),
        ("**Sev 2** (SEV-1 for top payers, S0 if PHI)", ("S2", ("S1", "S0"))),
        ("S2 / S2 in business hours", ("S2", ())),
        ("High", (None, ())),
        ("S10", (None, ())),
        ("page at S1", (None, ("S1",))),
    ],
)
def test_levels_default_then_qualified(
    text: str, expected: tuple[str | None, tuple[str, ...]]
) -> None:
    assert levels_in(text, SPELLINGS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EdiIngestStalled", ["EdiIngestStalled"]),
        ("disk_full", ["disk_full"]),
        (
            "EdiIngestStalled (page) or KubePodCrashLooping",
            ["EdiIngestStalled", "KubePodCrashLooping"],
        ),
        ("ingestion is slow", []),
    ],
)
def test_alert_names_of_a_cell(text: str, expected: list[str]) -> None:
    assert alert_names(text) == expected


def test_examples_split_on_semicolons_outside_parentheses() -> None:
    text = "all failed (`EdiDown`); PHI leak (no alert: partner report; then review); ;last."
    assert split_examples(text) == [
        "all failed (`EdiDown`)",
        "PHI leak (no alert: partner report; then review)",
        "last",
    ]


def test_most_severe_follows_the_vocabulary_order() -> None:
    assert most_severe(["S2", "S0", "S1"], VOCABULARY) == "S0"
    assert most_severe(["S3", "Sx"], VOCABULARY) == "S3"
    assert most_severe([], VOCABULARY) is None
    custom = Vocabulary.model_validate({"severity": {"levels": [{"name": "P1"}, {"name": "P2"}]}})
    assert most_severe(["P2", "P1"], custom) == "P1"


def test_list_shaped_examples_keep_their_code_spans() -> None:
    from ops_lint.checks.severity_scenario_alert import examples_of

    doc = _doc("# H\n\n- **Example scenarios:** all failed (`EdiDown`); b\n", "h.md")
    value = Value(" all failed (); b", position(doc, 3, 26))
    assert examples_of(doc, value) == ["all failed (EdiDown)", "b"]


def test_no_catalog_is_evidence_not_a_finding(tmp_path: Path) -> None:
    runbook = "---\ntype: runbook\ntrigger: no file for 10 min\n---\n# Ingestion\n"
    config = {"docs": ["ops-docs"], "packs": ["alerts.yaml"], "select": ["OPS702"]}
    pack = (bundled_rules_dir() / "alerts.yaml").read_text(encoding="utf-8")
    files = {"ops-docs/runbooks/ingestion.md": runbook, "alerts.yaml": pack}
    write_tree(tmp_path, {**files, ".ops-lint.yaml": yaml.safe_dump(config)})
    report = lint(RunOptions(cwd=tmp_path, use_cache=False)).report
    assert report.diagnostics == []
    notes = [e.note for ev in report.evaluations if ev.code == "OPS702" for e in ev.evidence]
    assert len(notes) == 1
    assert notes[0].startswith("no alert catalog found in the doc set (looked for a table with")
