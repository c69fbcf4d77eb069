"""The deployment gate: error budget consumed per SLO, its policy band, the overall decision.

For each SLO with queries (the handover's ``yaml sli`` block), Prometheus evaluates::

    (errors over the SLO window) / (total over the SLO window) / (1 - target)

at one time: the share of the window's error budget consumed (1.0 = all of it). The band
is the error-budget policy row whose lower bound (percent consumed) is the highest one at
or under that share. The overall decision is the most restrictive band of the SLOs.

Exit codes: 0 the first band (no restriction); 10 + the band's index for the others
(bundled policy: 11 Caution, 12 Restricted, 13 Freeze); 5 an SLO without data (no
series, a missing series, no traffic in the window); 4 Prometheus unreachable or an
HTTP/API error (:class:`ops_lint.prometheus_api.PrometheusError`, raised to the caller).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ops_lint.errors import UsageError
from ops_lint.prometheus_api import Client, PrometheusError, finite

if TYPE_CHECKING:
    from ops_lint.slo_spec import Band, SloSet, SloSpec

EXIT_OK, EXIT_NO_DATA, EXIT_UNREACHABLE, EXIT_BAND_BASE = 0, 5, 4, 10
WINDOW = re.compile(r"\{\{\s*window\s*\}\}")


@dataclass(frozen=True, slots=True)
class SloResult:
    name: str
    id: str
    query: str  # the budget-consumed query sent to Prometheus
    consumed: float | None  # percent of the window's budget; None without data
    band: int | None  # index in the policy's bands (sorted by threshold)
    problem: str | None  # why there is no value


@dataclass(frozen=True, slots=True)
class GateResult:
    at: dt.datetime | None  # None: the server's now
    bands: tuple[Band, ...]  # sorted by threshold
    slos: tuple[SloResult, ...]
    not_gated: tuple[str, ...]  # SLOs without queries, with how to add them

    @property
    def decision(self) -> int | None:
        """The most restrictive band reached (None when no SLO has a value)."""
        reached = [s.band for s in self.slos if s.band is not None]
        return max(reached) if reached else None

    @property
    def exit_code(self) -> int:
        if any(s.problem for s in self.slos) or self.decision is None:
            return EXIT_NO_DATA
        return EXIT_OK if self.decision == 0 else EXIT_BAND_BASE + self.decision


def duration(days: float) -> str:
    """A Prometheus duration for ``days`` (``30`` -> ``30d``, ``0.5`` -> ``12h``)."""
    if days <= 0:
        raise UsageError(f"an SLO window must be longer than 0 days, not {days:g}")
    if float(days).is_integer():
        return f"{int(days)}d"
    return f"{max(1, round(days * 24 * 60))}m"


def at_window(query: str, days: float) -> str:
    """``query`` with ``{{window}}`` replaced by the SLO window."""
    return WINDOW.sub(duration(days), query)


def budget_query(slo: SloSpec) -> str:
    """The PromQL of the share of ``slo``'s budget consumed over its window."""
    if slo.queries is None:
        raise ValueError(f"{slo.name} has no queries")
    allowed = 1 - slo.target / 100
    if not 0 < allowed < 1:
        raise UsageError(f"{slo.doc}:{slo.line}: {slo.name}: target {slo.target:g}% has no budget")
    errors = at_window(slo.queries.errors, slo.window_days)
    total = at_window(slo.queries.total, slo.window_days)
    return f"({errors}) / ({total}) / {allowed:.12g}"


def band_of(bands: tuple[Band, ...], consumed: float) -> int:
    """The index of the band holding ``consumed`` percent (``bands`` sorted by threshold)."""
    index = 0
    for i, band in enumerate(bands):
        if consumed >= band.threshold:
            index = i
    return index


def select(slo_set: SloSet, names: list[str] | None) -> list[SloSpec]:
    """The SLOs named (by name or id, case and spacing ignored), or all of them."""
    if not names:
        return list(slo_set.slos)

    def key(text: str) -> str:
        return re.sub(r"[\s_-]+", " ", text).strip().casefold()

    chosen: list[SloSpec] = []
    for name in names:
        found = [s for s in slo_set.slos if key(name) in (key(s.name), key(s.id))]
        if not found:
            known = ", ".join(s.name for s in slo_set.slos)
            raise UsageError(f"no SLO {name!r} in the SLO table (known: {known})")
        chosen.extend(s for s in found if s not in chosen)
    return chosen


def _why_empty(client: Client, slo: SloSpec, at: dt.datetime | None) -> str:
    assert slo.queries is not None
    when = at.isoformat().replace("+00:00", "Z") if at is not None else "now"
    for part, query in (("errors", slo.queries.errors), ("total", slo.queries.total)):
        text = at_window(query, slo.window_days)
        if not client.query(text, at):
            return (
                f"no data at {when}: the {part} query {text} returned no series (check its "
                "metric name and labels in the handover's `yaml sli` block, and that "
                f"Prometheus keeps {duration(slo.window_days)} of that series)"
            )
    return (
        "the errors and total queries return series with different labels, so their "
        "ratio is empty: aggregate both to the same labels (e.g. sum(rate(...)))"
    )


def _measure(
    client: Client, slo: SloSpec, bands: tuple[Band, ...], at: dt.datetime | None
) -> SloResult:
    query = budget_query(slo)
    try:
        samples = client.query(query, at)
        values = finite(samples)
        problem = None
        if not samples:
            problem = _why_empty(client, slo, at)
        elif not values:
            problem = (
                f"no traffic over {duration(slo.window_days)}: the total query is 0, so "
                "the budget consumed is undefined"
            )
    except PrometheusError as exc:
        raise PrometheusError(f"{slo.name}: {exc}") from None
    if problem is not None:
        return SloResult(slo.name, slo.id, query, None, None, problem)
    consumed = max(v.value for v in values) * 100  # the worst series when there are several
    return SloResult(slo.name, slo.id, query, consumed, band_of(bands, consumed), None)


def evaluate(
    slo_set: SloSet, client: Client, at: dt.datetime | None, names: list[str] | None = None
) -> GateResult:
    """Measure the selected SLOs (see the module docs); PrometheusError when it cannot."""
    bands = tuple(sorted(slo_set.bands, key=lambda b: b.threshold))
    if not bands:
        raise UsageError(
            "no error-budget policy bands found: add an 'Error-budget policy' table "
            "(Budget consumed | Deployment decision) to the handover or the policy doc"
        )
    chosen = select(slo_set, names)
    without = [s for s in chosen if s.queries is None]
    if names and without:
        raise UsageError(_no_queries(without[0]))
    gated = [s for s in chosen if s.queries is not None]
    if not gated:
        raise UsageError(
            "no SLO has queries: add a fenced `yaml sli` block to the handover's SLO section "
            "with slo, id, alert, errors and total for each SLO (see README, error budgets)"
        )
    results = tuple(_measure(client, slo, bands, at) for slo in gated)
    return GateResult(at, bands, results, tuple(_no_queries(s) for s in without))


def _no_queries(slo: SloSpec) -> str:
    return (
        f"{slo.doc}:{slo.line}: {slo.name}: no queries, not gated: add an entry "
        f"'- slo: {slo.name}' with errors and total to the handover's `yaml sli` block"
    )


def percent(value: float) -> str:
    """``63.2%``; one decimal, none needed past 1000%."""
    if math.isinf(value):
        return "∞%"
    return f"{value:.1f}%" if value < 1000 else f"{value:.0f}%"
