"""Prometheus rules from the SLOs of the docs: ``ops-lint slo rules``.

For every SLO with queries (:mod:`ops_lint.slo_spec`), one rule group ``slo-<id>``:

- recording rules ``slo:sli_error:ratio_rate<w>{slo="<id>"}`` = errors / total over each
  window ``<w>`` the burn tiers use, plus the SLO window (``30d``);
- alerting rule ``<alert>BurnPage``: the page tiers, joined by ``or``; ``<alert>BurnTicket``:
  the ticket tiers. A tier's condition is ``ratio_rate<long> > (burn × (1 − target)) and
  ratio_rate<short> > (burn × (1 − target))``, where the burn rate is scaled to the SLO's
  window from the budget share the tier consumes: ``burn = consumed % × window / long
  window`` (2 % in 1 h of 30 days: 14.4); a tier without a consumed share keeps the burn
  rate the table writes. Labels: ``severity`` (the tier table's, as written) and ``slo``;
  annotations: ``summary`` and ``runbook_url``, the runbook the alert catalog links for
  that alert name (its URL under ``runbooks.runbook_base_url`` when the config sets one,
  else its path in the project).

What cannot be generated (an SLO without queries, an alert missing from the catalog) is
returned as a problem, never skipped silently.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import Any, NamedTuple

import yaml

from ops_lint.context import Context
from ops_lint.governance.burn_tiers import parse_minutes, prometheus_duration
from ops_lint.slo_spec import BurnTier, SloSet, SloSpec

RECORD = "slo:sli_error:ratio_rate{window}"


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (the PromQL expressions) as literal blocks."""


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


class RuleFile(NamedTuple):
    text: str  # the Prometheus rule file (YAML)
    problems: tuple[str, ...]


def _fmt(number: float) -> str:
    return f"{number:.10g}"


def _minutes(window: str) -> float:
    found = parse_minutes(window)
    if found is None:  # a tier's windows come from burn_tiers.prometheus_duration
        raise ValueError(f"not a Prometheus duration: {window!r}")
    return found


def tier_burn(tier: BurnTier, window_days: float) -> float:
    """The burn rate of ``tier`` for an SLO window of ``window_days``."""
    if tier.consumed <= 0:
        return tier.burn
    return tier.consumed / 100 * window_days * 1440 / _minutes(tier.long)


def windows(slo: SloSpec, tiers: Sequence[BurnTier]) -> list[str]:
    """The windows to record, shortest first: every tier's two, and the SLO window."""
    found = {w for t in tiers for w in (t.long, t.short)}
    found.add(prometheus_duration(slo.window_days * 1440))
    return sorted(found, key=_minutes)


def fill(query: str, window: str) -> str:
    return query.replace("{{window}}", window)


def _series(slo: SloSpec, window: str) -> str:
    return f'{RECORD.format(window=window)}{{slo="{slo.id}"}}'


def condition(slo: SloSpec, tier: BurnTier) -> str:
    """``ratio_rate<long> > (b * e) and ratio_rate<short> > (b * e)`` for one tier."""
    limit = f"({_fmt(tier_burn(tier, slo.window_days))} * {_fmt(1 - slo.target / 100)})"
    return f"{_series(slo, tier.long)} > {limit} and {_series(slo, tier.short)} > {limit}"


def _alert(
    slo: SloSpec, kind: str, tiers: Sequence[BurnTier], runbook: str | None
) -> dict[str, Any]:
    name = f"{slo.alert}Burn{kind.capitalize()}"
    conditions = [f"({condition(slo, t)})" for t in tiers]
    spans = ", or ".join(
        f"{_fmt(tier_burn(t, slo.window_days))}x over {t.long} and {t.short}" for t in tiers
    )
    rule: dict[str, Any] = {
        "alert": name,
        "expr": "\nor\n".join(conditions) + "\n",
        "labels": {"severity": tiers[0].severity or kind, "slo": slo.id},
        "annotations": {
            "summary": f"{slo.name}: error budget burning at {kind} rate ({spans}); "
            f"target {_fmt(slo.target)}% over {_fmt(slo.window_days)} days",
        },
    }
    if runbook is not None:
        rule["annotations"]["runbook_url"] = runbook
    return rule


def _group(slo: SloSpec, tiers: Sequence[BurnTier], runbooks: dict[str, str | None]) -> Any:
    assert slo.queries is not None
    rules: list[dict[str, Any]] = []
    for window in windows(slo, tiers):
        errors, total = fill(slo.queries.errors, window), fill(slo.queries.total, window)
        rules.append(
            {
                "record": RECORD.format(window=window),
                "expr": f"({errors})\n/\n({total})\n",
                "labels": {"slo": slo.id},
            }
        )
    for kind in ("page", "ticket"):
        picked = [t for t in tiers if t.kind == kind]
        if picked:
            name = f"{slo.alert}Burn{kind.capitalize()}"
            rules.append(_alert(slo, kind, picked, runbooks.get(name)))
    return {"name": f"slo-{slo.id}", "rules": rules}


def runbook_of(ctx: Context, name: str) -> str | None:
    """The runbook the alert catalog links for alert ``name``: its URL when the config
    names where runbooks are served (``runbooks.runbook_base_url``, the first one, with
    paths from ``runbooks.runbook_root``, as OPS306 reads alert annotations), else its
    project path; None when the catalog links none."""
    settings = ctx.config.runbooks
    for alert in ctx.alert_catalog().by_name.get(name, ()):
        if alert.runbook_target is None:
            continue
        if not settings.runbook_base_url:
            return ctx.project_path(alert.runbook_target)
        served = posixpath.join(str(ctx.root), settings.runbook_root)
        rel = posixpath.relpath(alert.runbook_target, posixpath.normpath(served))
        return settings.runbook_base_url[0] + rel
    return None


def build_rules(slo_set: SloSet, ctx: Context) -> RuleFile:
    """The Prometheus rule file of ``slo_set`` (see the module docs)."""
    problems = list(slo_set.problems)
    kinds = {t.kind for t in slo_set.tiers}
    for kind in ("page", "ticket"):
        if kind not in kinds:
            problems.append(f"no {kind} tier in the burn-rate table: no Burn{kind.title()} alerts")
    groups = []
    for slo in slo_set.slos:
        if slo.queries is None:
            continue  # reported by slo_spec
        runbooks: dict[str, str | None] = {}
        for kind in sorted(kinds):
            name = f"{slo.alert}Burn{kind.capitalize()}"
            runbooks[name] = runbook_of(ctx, name)
            if runbooks[name] is None:
                problems.append(
                    f"{slo.doc}:{slo.line}: alert {name} of SLO '{slo.name}' has no row with a "
                    "runbook link in the alert catalog; its rule has no runbook_url"
                )
        groups.append(_group(slo, slo_set.tiers, runbooks))
    header = "# Prometheus rules generated by `ops-lint slo rules` from the SLO docs.\n"
    body = yaml.dump(
        {"groups": groups}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    return RuleFile(header + body, tuple(problems))
