"""A real Prometheus with synthetic SLI counters backfilled over 31 days ending at ``T``.

The counters are written as OpenMetrics (one sample per 5 min), turned into TSDB blocks
with ``promtool tsdb create-blocks-from openmetrics``, and served by ``prometheus`` on a
free local port. Skipped with a reason when either tool is not installed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

T = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
T_TEXT = "2026-11-30T12:00:00Z"
STEP = 300  # seconds between samples
DAYS = 31
PER_STEP = 100.0  # events per step in every total counter

# band data sets for an SLO with a 99% target: share of the 30-day budget consumed
BAND_SETS = {"normal": 0.30, "caution": 0.60, "restricted": 0.90, "freeze": 1.20}
BUNDLED_CONSUMED = 0.20  # every bundled SLO's data set

_SELECTOR = re.compile(r"([A-Za-z_:][A-Za-z0-9_:]*)(\{[^}]*\})?\[\{\{\s*window\s*\}\}\]")
_MATCHER = re.compile(r'(\w+)\s*(=~|!=|!~|=)\s*"([^"]*)"')


SeriesKey = tuple[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Prometheus:
    url: str
    port: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _series_key(name: str, matchers: str | None) -> SeriesKey:
    labels = []
    for label, op, value in _MATCHER.findall(matchers or ""):
        if op == "=":
            labels.append((label, value))
        elif op == "=~":
            labels.append((label, value.split("|")[0]))
        else:  # a negative matcher: any other value
            labels.append((label, "other"))
    return name, tuple(sorted(labels))


def _negated(selectors: list[tuple[str, str]]) -> dict[str, tuple[tuple[str, str], ...]]:
    """metric -> the labels its negative matchers exclude (``mdn!="ok"`` -> mdn="ok")."""
    out = {}
    for name, matchers in selectors:
        found = [(k, v.split("|")[0]) for k, op, v in _MATCHER.findall(matchers) if op[0] == "!"]
        if found:
            out[name] = tuple(sorted(found))
    return out


def series_for(errors: str, total: str, ratio: float) -> dict[SeriesKey, float]:
    """Counters (key -> increase per step) making ``errors / total == ratio``.

    A selector of the total query counts every event; one of the errors query counts the
    bad ones, or, after a ``-`` (``count - bucket{le=...}``), the good ones. When the
    errors query excludes a label value (``mdn!="ok"``), the total's own series of that
    metric carries the excluded value and counts the good events.
    """
    rates: dict[SeriesKey, float] = {}
    first, *subtracted = errors.split(" - ")
    bad = _SELECTOR.findall(first)
    for name, matchers in bad:
        rates[_series_key(name, matchers)] = PER_STEP * ratio
    for part in subtracted:
        for name, matchers in _SELECTOR.findall(part):
            rates[_series_key(name, matchers)] = PER_STEP * (1 - ratio)
    negated = _negated(bad)
    for name, matchers in _SELECTOR.findall(total):
        if name in negated and not matchers:
            rates[(name, negated[name])] = PER_STEP * (1 - ratio)
        else:
            rates[_series_key(name, matchers)] = PER_STEP
    return rates


def openmetrics(rates: dict[SeriesKey, float]) -> str:
    end = int(T.timestamp())
    steps = DAYS * 86400 // STEP
    lines: list[str] = []
    for (name, labels), per_step in sorted(rates.items()):
        text = ",".join(f'{k}="{v}"' for k, v in labels)
        selector = f"{name}{{{text}}}" if text else name
        lines.extend(
            f"{selector} {per_step * i:.6f} {end - (steps - i) * STEP}" for i in range(steps + 1)
        )
    lines.append("# EOF")
    return "\n".join(lines) + "\n"


def band_series() -> dict[SeriesKey, float]:
    rates = {}
    for name, consumed in BAND_SETS.items():
        errors = f'sum(rate(gate_bad_total{{set="{name}"}}[{{{{window}}}}]))'
        total = f'sum(rate(gate_all_total{{set="{name}"}}[{{{{window}}}}]))'
        rates.update(series_for(errors, total, consumed * 0.01))
    return rates


def bundled_series() -> dict[SeriesKey, float]:
    from ops_lint.slo_spec import load_slo_set

    root = Path(__file__).resolve().parents[2]
    rates = {}
    for slo in load_slo_set(root).slos:
        if slo.queries is not None:
            ratio = BUNDLED_CONSUMED * (1 - slo.target / 100)
            rates.update(series_for(slo.queries.errors, slo.queries.total, ratio))
    return rates


def _wait_ready(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"prometheus exited {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/-/ready", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"prometheus not ready after 60 s: {log.read_text()[-2000:]}")


def start_prometheus(base: Path) -> Iterator[Prometheus]:
    prometheus, promtool = shutil.which("prometheus"), shutil.which("promtool")
    if prometheus is None or promtool is None:
        pytest.skip("prometheus and promtool are not installed (apt-get install prometheus)")
    data = base / "data"
    source = base / "sli.om"
    source.write_text(openmetrics({**band_series(), **bundled_series()}), encoding="utf-8")
    subprocess.run(
        [
            promtool,
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            "--max-block-duration=2000h",
            str(source),
            str(data),
        ],
        check=True,
        capture_output=True,
    )
    config = base / "prometheus.yml"
    config.write_text("global:\n  scrape_interval: 1h\n", encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = base / "prometheus.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                prometheus,
                f"--storage.tsdb.path={data}",
                f"--config.file={config}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--storage.tsdb.retention.time=100y",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_ready(proc, url, log)
        yield Prometheus(url, port)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
