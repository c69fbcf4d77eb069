"""``ops-lint gate`` against a real Prometheus: bands, no data, unreachable, URL sources."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_tree
from tests.slo.prometheus_fixture import T_TEXT, Prometheus, free_port, start_prometheus

ROOT = Path(__file__).resolve().parents[2]

SLO_ROW = "| {name} | good requests ÷ all requests | 99% | 30 days | 1% of requests | Occurrences |"
SLI_ENTRY = """\
- slo: {name}
  id: {ident}
  alert: Slo{alert}
  errors: sum(rate({bad}{{set="{set}"}}[{{{{window}}}}]))
  total: sum(rate(gate_all_total{{set="{set}"}}[{{{{window}}}}]))
"""
HANDOVER = """\
---
title: Checkout handover
type: handover
owner: platform-sre
---

# Checkout handover

## SLOs & Error Budgets

| SLO | SLI | Target | Window | Error budget | Budgeting method |
|---|---|---|---|---|---|
{rows}

```yaml sli
{entries}```

### Error-budget policy

| Budget consumed | Deployment decision |
|---|---|
| < 50% | Normal: ship |
| 50–75% | Caution: a reviewer per change |
| 75–100% | Restricted: reliability fixes only |
| ≥ 100% | Freeze: no deploys |
"""


@pytest.fixture(scope="session")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prometheus]:
    yield from start_prometheus(tmp_path_factory.mktemp("prometheus"))


@pytest.fixture(autouse=True)
def _no_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPS_LINT_PROMETHEUS_URL", raising=False)


def project(tmp_path: Path, slos: dict[str, str], bad: str = "gate_bad_total") -> Path:
    """A doc set whose handover has one SLO (99%, 30 days) per ``name -> data set``."""
    rows = "\n".join(SLO_ROW.format(name=name) for name in slos)
    entries = "".join(
        SLI_ENTRY.format(
            name=name,
            ident=name.lower().replace(" ", "_"),
            alert=name.title().replace(" ", ""),
            bad=bad,
            set=data_set,
        )
        for name, data_set in slos.items()
    )
    root = tmp_path / "repo"
    write_tree(
        root,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            "ops-docs/handover/checkout.md": HANDOVER.format(rows=rows, entries=entries),
        },
    )
    return root


@pytest.mark.parametrize(
    ("data_set", "code", "band", "consumed"),
    [
        ("normal", 0, "< 50%: Normal: ship", "30.0%"),
        ("caution", 11, "50–75%: Caution: a reviewer per change", "60.0%"),
        ("restricted", 12, "75–100%: Restricted: reliability fixes only", "90.0%"),
        ("freeze", 13, "≥ 100%: Freeze: no deploys", "120.0%"),
    ],
)
def test_each_band_of_the_policy_has_its_exit_code(
    tmp_path: Path,
    ops_lint: Any,
    prometheus: Prometheus,
    data_set: str,
    code: int,
    band: str,
    consumed: str,
) -> None:
    root = project(tmp_path, {"Checkout availability": data_set})
    result = ops_lint(root, "gate", "--prometheus", prometheus.url, "--at", T_TEXT)
    assert result.code == code, result.err
    assert f"- Checkout availability: {consumed} of the budget consumed, band {band}" in result.out
    assert f"Decision: {band} (exit {code})" in result.out


def test_the_overall_decision_is_the_most_restrictive_band_and_slo_selects(
    tmp_path: Path, ops_lint: Any, prometheus: Prometheus
) -> None:
    root = project(tmp_path, {"Checkout availability": "normal", "Payments": "restricted"})
    both = ops_lint(
        root, "gate", "--prometheus", prometheus.url, "--at", T_TEXT, "--format", "json"
    )
    assert both.code == 12, both.err
    data = both.json()
    assert [(s["name"], s["consumed_percent"]) for s in data["slos"]] == [
        ("Checkout availability", pytest.approx(30.0, abs=0.01)),
        ("Payments", pytest.approx(90.0, abs=0.01)),
    ]
    assert data["decision"]["label"] == "75–100%" and data["exit_code"] == 12
    assert data["at"] == T_TEXT and data["prometheus"] == prometheus.url
    one = ops_lint(
        root,
        "gate",
        "--prometheus",
        prometheus.url,
        "--at",
        T_TEXT,
        "--slo",
        "checkout AVAILABILITY",
    )
    assert one.code == 0, one.err
    assert "Payments" not in one.out
    unknown = ops_lint(root, "gate", "--prometheus", prometheus.url, "--slo", "Search")
    assert unknown.code == 2 and "no SLO 'Search'" in unknown.err


def test_a_missing_series_is_no_data_naming_the_slo_and_the_query(
    tmp_path: Path, ops_lint: Any, prometheus: Prometheus
) -> None:
    root = project(tmp_path, {"Checkout availability": "normal"}, bad="gate_nonexistent_total")
    result = ops_lint(root, "gate", "--prometheus", prometheus.url, "--at", T_TEXT)
    assert result.code == 5, result.err
    assert "- Checkout availability: NO DATA" in result.out
    assert 'the errors query sum(rate(gate_nonexistent_total{set="normal"}[30d]))' in result.out
    assert "Decision: none" in result.out


def test_no_data_at_the_time_asked_is_exit_3(
    tmp_path: Path, ops_lint: Any, prometheus: Prometheus
) -> None:
    root = project(tmp_path, {"Checkout availability": "freeze"})
    result = ops_lint(root, "gate", "--prometheus", prometheus.url, "--at", "2026-08-01T00:00:00Z")
    assert result.code == 5, result.err
    assert "NO DATA: no data at 2026-08-01T00:00:00Z: the errors query" in result.out


def test_an_unreachable_prometheus_is_exit_4(tmp_path: Path, ops_lint: Any) -> None:
    root = project(tmp_path, {"Checkout availability": "normal"})
    closed = f"http://127.0.0.1:{free_port()}"
    result = ops_lint(root, "gate", "--prometheus", closed, "--at", T_TEXT)
    assert result.code == 4
    assert result.out == ""
    assert "Checkout availability: Prometheus at" in result.err and "unreachable" in result.err


def test_a_query_prometheus_refuses_is_exit_4(
    tmp_path: Path, ops_lint: Any, prometheus: Prometheus
) -> None:
    root = project(tmp_path, {"Checkout availability": "normal"}, bad="gate_bad_total(")
    result = ops_lint(root, "gate", "--prometheus", prometheus.url, "--at", T_TEXT)
    assert result.code == 4
    assert "answered HTTP 400" in result.err and "bad_data" in result.err


@pytest.fixture
def listener() -> Iterator[tuple[str, list[int]]]:
    """A local port that counts the connections made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            accepted.append(1)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    stop.set()
    thread.join()
    server.close()


def test_a_url_in_the_repository_config_is_never_used(
    tmp_path: Path, ops_lint: Any, listener: tuple[str, list[int]]
) -> None:
    url, accepted = listener
    root = project(tmp_path, {"Checkout availability": "normal"})
    (root / ".ops-lint.yaml").write_text(f"prometheus: {url}\ngate:\n  prometheus: {url}\n")
    result = ops_lint(root, "gate", "--at", T_TEXT)
    assert result.code == 2
    assert "pass --prometheus URL or set OPS_LINT_PROMETHEUS_URL" in result.err
    assert accepted == []


def test_the_url_may_come_from_the_environment(
    tmp_path: Path, ops_lint: Any, prometheus: Prometheus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPS_LINT_PROMETHEUS_URL", prometheus.url)
    root = project(tmp_path, {"Checkout availability": "caution"})
    assert ops_lint(root, "gate", "--at", T_TEXT).code == 11


def test_the_bundled_docs_queries_gate_on_their_series(
    ops_lint: Any, prometheus: Prometheus
) -> None:
    from ops_lint.slo_spec import load_slo_set

    slos = [s for s in load_slo_set(ROOT).slos if s.queries is not None]
    if not slos:
        pytest.skip("the bundled handover has no `yaml sli` queries yet")
    result = ops_lint(
        ROOT, "gate", "--prometheus", prometheus.url, "--at", T_TEXT, "--format", "json"
    )
    data = json.loads(result.out)
    assert [s["name"] for s in data["slos"]] == [s.name for s in slos]
    for slo in data["slos"]:  # each data set consumes 20% of its SLO's budget
        assert slo["problem"] is None
        assert slo["consumed_percent"] == pytest.approx(20.0, abs=0.1), slo["name"]
    assert result.code == 0 and data["decision"]["label"] == "< 50%"
