"""``ops-lint slo rules``: recording and burn-rate alerting rules that promtool accepts and
that fire at the thresholds the docs state."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.slo.docset import CATALOG, handover, write_docset

PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(PROMTOOL is None, reason="promtool is not installed")


def _rules(cwd: Path, ops_lint: Any) -> dict[str, Any]:
    run = ops_lint(cwd, "slo", "rules", "-o", "rules.yaml")
    assert run.code == 0, run.err
    data: dict[str, Any] = yaml.safe_load((cwd / "rules.yaml").read_text(encoding="utf-8"))
    return data


def _by_name(data: dict[str, Any], group: str) -> dict[str, dict[str, Any]]:
    [found] = [g for g in data["groups"] if g["name"] == group]
    return {r.get("alert") or r["record"]: r for r in found["rules"]}


def test_recording_rules_cover_every_tier_window_and_the_slo_window(
    tmp_path: Path, ops_lint: Any
) -> None:
    rules = _by_name(_rules(write_docset(tmp_path), ops_lint), "slo-availability")
    windows = [k.removeprefix("slo:sli_error:ratio_rate") for k in rules if k.startswith("slo:")]
    assert windows == ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"]
    one_hour = rules["slo:sli_error:ratio_rate1h"]
    assert one_hour["labels"] == {"slo": "availability"}
    assert " ".join(one_hour["expr"].split()) == (
        "(sum(rate(test_bad_minutes_total[1h]))) / (sum(rate(test_minutes_total[1h])))"
    )


def test_alerts_join_the_tiers_with_severity_slo_and_runbook(tmp_path: Path, ops_lint: Any) -> None:
    rules = _by_name(_rules(write_docset(tmp_path), ops_lint), "slo-batch_delivery")
    page = rules["SloBatchDeliveryBurnPage"]
    assert page["expr"].split("\n")[:3] == [
        '(slo:sli_error:ratio_rate1h{slo="batch_delivery"} > (14.4 * 0.01) and '
        'slo:sli_error:ratio_rate5m{slo="batch_delivery"} > (14.4 * 0.01))',
        "or",
        '(slo:sli_error:ratio_rate6h{slo="batch_delivery"} > (6 * 0.01) and '
        'slo:sli_error:ratio_rate30m{slo="batch_delivery"} > (6 * 0.01))',
    ]
    assert page["labels"] == {"severity": "S1", "slo": "batch_delivery"}
    assert page["annotations"]["runbook_url"] == "ops-docs/runbooks/scale.md"
    ticket = rules["SloBatchDeliveryBurnTicket"]
    assert ticket["labels"]["severity"] == "S3"
    assert "ratio_rate3d" in ticket["expr"] and "(1 * 0.01)" in ticket["expr"]


def test_burn_rates_are_scaled_to_the_slo_window(tmp_path: Path, ops_lint: Any) -> None:
    text = handover().replace("| 30 days | 43.2 min |", "| 28 days | 40.32 min |")
    rules = _by_name(_rules(write_docset(tmp_path, text), ops_lint), "slo-availability")
    assert "slo:sli_error:ratio_rate28d" in rules
    assert "> (13.44 * 0.001)" in rules["SloAvailabilityBurnPage"]["expr"]  # 2% x 672 h / 1 h


def test_an_alert_missing_from_the_catalog_is_reported(tmp_path: Path, ops_lint: Any) -> None:
    catalog = "\n".join(line for line in CATALOG.splitlines() if "Batch" not in line)
    write_docset(tmp_path, catalog=catalog + "\n")
    run = ops_lint(tmp_path, "slo", "rules")
    assert run.code == 0
    assert "alert SloBatchDeliveryBurnPage of SLO 'Batch delivery latency' has no row" in run.err
    rules = _by_name(yaml.safe_load(run.out), "slo-batch_delivery")
    assert "runbook_url" not in rules["SloBatchDeliveryBurnPage"]["annotations"]


def _promtool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL is not None
    return subprocess.run(
        [PROMTOOL, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


@needs_promtool
def test_promtool_accepts_the_rules_of_the_bundled_docs(tmp_path: Path, ops_lint: Any) -> None:
    run = ops_lint(ROOT, "slo", "rules", "-o", str(tmp_path / "rules.yaml"))
    assert run.code == 0, run.err
    assert run.err == ""
    checked = _promtool("check", "rules", "rules.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 90 rules found" in checked.stdout


@needs_promtool
def test_promtool_accepts_the_rules_of_the_fixture(tmp_path: Path, ops_lint: Any) -> None:
    _rules(write_docset(tmp_path), ops_lint)
    checked = _promtool("check", "rules", "rules.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _case(alert: str, rule: dict[str, Any], ratio: float, hours: int, fires: bool) -> Any:
    """A promtool test: 1,000 events a minute, ``ratio`` of them bad, for ``hours`` + 2 h."""
    steps = (hours + 2) * 60
    expected = [{"exp_labels": rule["labels"], "exp_annotations": rule["annotations"]}]
    return {
        "interval": "1m",
        "input_series": [
            {"series": "test_minutes_total", "values": f"0+1000x{steps}"},
            {"series": "test_bad_minutes_total", "values": f"0+{ratio * 1000:.6f}x{steps}"},
        ],
        "alert_rule_test": [
            {"eval_time": f"{hours}h", "alertname": alert, "exp_alerts": expected if fires else []}
        ],
    }


@pytest.mark.slow
@needs_promtool
def test_alerts_fire_just_above_the_threshold_and_not_just_below(
    tmp_path: Path, ops_lint: Any
) -> None:
    rules = _by_name(_rules(write_docset(tmp_path), ops_lint), "slo-availability")
    budget = 1 - 0.999
    # The slowest tier of each alert has the lowest threshold: 6x for page, 1x for ticket.
    tests = []
    for alert, burn, hours in (
        ("SloAvailabilityBurnPage", 6, 8),
        ("SloAvailabilityBurnTicket", 1, 74),
    ):
        threshold = burn * budget
        tests.append(_case(alert, rules[alert], threshold * 1.05, hours, fires=True))
        tests.append(_case(alert, rules[alert], threshold * 0.95, hours, fires=False))
    unit = {"rule_files": ["rules.yaml"], "evaluation_interval": "1m", "tests": tests}
    (tmp_path / "test.yaml").write_text(yaml.safe_dump(unit, sort_keys=False), encoding="utf-8")
    tested = _promtool("test", "rules", "test.yaml", cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_runbook_urls_follow_the_configured_base_url(tmp_path: Path, ops_lint: Any) -> None:
    root = write_docset(tmp_path)
    config = {
        "docs": ["ops-docs"],
        "runbooks": {
            "runbook_base_url": ["https://runbooks.example.org/"],
            "runbook_root": "ops-docs/runbooks",
        },
    }
    (root / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    rules = _by_name(_rules(root, ops_lint), "slo-batch_delivery")
    url = rules["SloBatchDeliveryBurnPage"]["annotations"]["runbook_url"]
    assert url == "https://runbooks.example.org/scale.md"
