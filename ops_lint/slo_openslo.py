"""OpenSLO v1 documents from the SLOs of the docs: ``ops-lint slo export --format openslo``.

One ``kind: SLO`` document per SLO with queries (:mod:`ops_lint.slo_spec`):
``metadata.name`` is the SLO's id (``_`` as ``-``), ``displayName`` its name; the
indicator is a ``ratioMetric`` of counters (``bad``: the errors query, ``total``: the
total query, both at the SLO window); ``timeWindow`` is the rolling SLO window;
``budgetingMethod`` is the table's (``Occurrences`` or ``Timeslices``: then the
objective's ``timeSliceWindow`` is 1 minute and ``timeSliceTarget`` 1, since the
queries count good and bad minutes); ``objectives[0].target`` is the target as a fraction.
The documents are YAML, separated by ``---``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ops_lint.governance.burn_tiers import prometheus_duration
from ops_lint.slo_rules import fill
from ops_lint.slo_spec import SloSet, SloSpec

_NOT_NAME = re.compile(r"[^a-z0-9-]+")


def dns_name(text: str) -> str:
    """``rt_hop_latency`` -> ``rt-hop-latency`` (OpenSLO names are DNS labels)."""
    return _NOT_NAME.sub("-", text.lower()).strip("-")[:63] or "slo"


def _source(query: str) -> dict[str, Any]:
    return {"metricSource": {"type": "Prometheus", "spec": {"query": query}}}


def slo_document(slo: SloSpec, service: str) -> dict[str, Any]:
    assert slo.queries is not None
    window = prometheus_duration(slo.window_days * 1440)
    objective: dict[str, Any] = {"displayName": slo.name, "target": round(slo.target / 100, 10)}
    if slo.budgeting == "Timeslices":
        objective.update(timeSliceTarget=1, timeSliceWindow="1m")
    name = dns_name(slo.id)
    return {
        "apiVersion": "openslo/v1",
        "kind": "SLO",
        "metadata": {"name": name, "displayName": slo.name},
        "spec": {
            "description": f"{slo.name} ({slo.doc}:{slo.line})",
            "service": service,
            "indicator": {
                "metadata": {"name": f"{name}-sli"},
                "spec": {
                    "ratioMetric": {
                        "counter": True,
                        "bad": _source(fill(slo.queries.errors, window)),
                        "total": _source(fill(slo.queries.total, window)),
                    }
                },
            },
            "timeWindow": [{"duration": window, "isRolling": True}],
            "budgetingMethod": slo.budgeting,
            "objectives": [objective],
        },
    }


def export_openslo(slo_set: SloSet, service: str) -> str:
    """The OpenSLO documents of every SLO with queries, as one YAML stream."""
    docs = [slo_document(s, dns_name(service)) for s in slo_set.slos if s.queries is not None]
    return yaml.safe_dump_all(docs, sort_keys=False, allow_unicode=True, width=1000)
