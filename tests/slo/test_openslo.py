"""``ops-lint slo export --format openslo``: one OpenSLO v1 SLO per SLO with queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT
from tests.slo.docset import SLI_BLOCK, handover, write_docset


def test_export_writes_one_openslo_document_per_slo(tmp_path: Path, ops_lint: Any) -> None:
    write_docset(tmp_path)
    run = ops_lint(tmp_path, "slo", "export", "--format", "openslo", "-o", "slos.yaml")
    assert run.code == 0, run.err
    assert run.err == ""
    docs = list(yaml.safe_load_all((tmp_path / "slos.yaml").read_text(encoding="utf-8")))
    assert [d["metadata"]["name"] for d in docs] == ["availability", "batch-delivery"]
    first = docs[0]
    assert first["apiVersion"] == "openslo/v1" and first["kind"] == "SLO"
    spec = first["spec"]
    assert spec["service"] == "acme-edi"
    ratio = spec["indicator"]["spec"]["ratioMetric"]
    assert ratio["counter"] is True
    assert ratio["bad"]["metricSource"] == {
        "type": "Prometheus",
        "spec": {"query": "sum(rate(test_bad_minutes_total[30d]))"},
    }
    assert ratio["total"]["metricSource"]["spec"]["query"] == "sum(rate(test_minutes_total[30d]))"
    assert spec["timeWindow"] == [{"duration": "30d", "isRolling": True}]
    assert spec["budgetingMethod"] == "Timeslices"
    assert spec["objectives"][0]["target"] == 0.999
    assert spec["objectives"][0]["timeSliceWindow"] == "1m"
    second = docs[1]["spec"]
    assert second["budgetingMethod"] == "Occurrences"
    assert second["objectives"] == [{"displayName": "Batch delivery latency", "target": 0.99}]


def test_an_slo_without_queries_is_left_out_with_a_warning(tmp_path: Path, ops_lint: Any) -> None:
    sli = SLI_BLOCK.split("- slo: Batch delivery latency")[0] + "```\n"
    write_docset(tmp_path, handover(sli=sli))
    run = ops_lint(tmp_path, "slo", "export", "--service", "intake")
    assert run.code == 0
    docs = list(yaml.safe_load_all(run.out))
    assert [d["metadata"]["name"] for d in docs] == ["availability"]
    assert docs[0]["spec"]["service"] == "intake"
    assert "warning: ops-docs/handover/edi.md:12: SLO 'Batch delivery latency' has no" in run.err


def test_no_queries_at_all_is_a_usage_error(tmp_path: Path, ops_lint: Any) -> None:
    write_docset(tmp_path, handover(sli=""))
    run = ops_lint(tmp_path, "slo", "export")
    assert run.code == 2
    assert "no SLO has queries" in run.err
    assert "SLO 'Platform availability' has no queries" in run.err


def test_bundled_docs_export_nine_slos(ops_lint: Any) -> None:
    run = ops_lint(ROOT, "slo", "export", "--format", "openslo")
    assert run.code == 0, run.err
    docs = list(yaml.safe_load_all(run.out))
    assert len(docs) == 9
    assert len({d["metadata"]["name"] for d in docs}) == 9
    for doc in docs:
        ratio = doc["spec"]["indicator"]["spec"]["ratioMetric"]
        assert "{{window}}" not in ratio["bad"]["metricSource"]["spec"]["query"]
        assert 0 < doc["spec"]["objectives"][0]["target"] < 1
