"""The SLOs of the doc set as data: what ``slo export``, ``slo rules`` and ``gate`` read.

The handover doc (``type: handover``) with an SLO table gives, through the governance
models the rules read:

- each SLO of its SLO table (:mod:`ops_lint.governance.slo`): name, target, window and
  budgeting method (the table's ``Budgeting method`` column: ``Timeslices`` or
  ``Occurrences``);
- its queries, from the doc's ``yaml sli`` blocks (:mod:`ops_lint.governance.sli_queries`),
  matched by SLO name;
- the burn-rate tiers of its burn-rate table (:mod:`ops_lint.governance.burn_tiers`);
- the bands of its error-budget policy (:mod:`ops_lint.governance.budget_policy`).

What cannot be read (an SLO without queries, a tier whose windows do not read...) is a
problem in ``SloSet.problems``, saying where and how to fix it; it is never dropped
silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ops_lint.context import Context
from ops_lint.errors import UsageError
from ops_lint.governance.burn_tiers import BurnTable, extract_burn_tables, prometheus_duration
from ops_lint.governance.sli_queries import extract_sli_queries, name_key
from ops_lint.governance.slo import SloRow, SloTable
from ops_lint.matching import column_of
from ops_lint.model import Document

BUDGETING_COLUMN = ("Budgeting method", "Budgeting", "Budget method")


class SliQueries(NamedTuple):
    errors: str  # PromQL with {{window}}
    total: str


class SloSpec(NamedTuple):
    name: str
    id: str
    alert: str  # alert prefix, e.g. SloAvailability
    target: float  # percent, e.g. 99.9
    window_days: float
    budgeting: str  # "Occurrences" | "Timeslices"
    queries: SliQueries | None
    doc: str
    line: int  # where the SLO row is


class BurnTier(NamedTuple):
    name: str
    severity: str
    kind: str  # "page" | "ticket"
    burn: float
    long: str  # Prometheus duration, e.g. "1h"
    short: str  # e.g. "5m"
    consumed: float  # percent of the budget


class Band(NamedTuple):
    threshold: float  # lower bound, percent consumed (0 for the first band)
    label: str  # as written, e.g. "50–75%"
    decision: str  # as written


class SloSet(NamedTuple):
    slos: tuple[SloSpec, ...]
    tiers: tuple[BurnTier, ...]
    bands: tuple[Band, ...]
    problems: tuple[str, ...]


def load_context(cwd: Path, config: str | None = None) -> Context:
    """The doc set of the project at ``cwd``, loaded the way ``check`` loads it."""
    from ops_lint import config as config_mod
    from ops_lint.pipeline import doc_set_context

    return doc_set_context(config_mod.load(config, cwd.resolve()))


def handover_doc(ctx: Context) -> Document:
    """The handover doc with an SLO table (UsageError when there is none)."""
    handovers = [d for d in ctx.docs_of_type("handover") if d.read_error is None]
    for doc in handovers:
        if ctx.slo_tables(doc).tables:
            return doc
    looked = ", ".join(d.path for d in handovers) or "none of type 'handover'"
    raise UsageError(
        f"no handover doc with an SLO table (docs looked at: {looked}); add a table with "
        "SLO, Target, Window and Error budget columns under 'SLOs & Error Budgets' in the "
        "handover doc (front-matter 'type: handover')"
    )


def load_slo_set(cwd: Path, config: str | None = None) -> SloSet:
    """The SLOs, burn tiers and budget bands of the project at ``cwd``."""
    return slo_set_of(load_context(cwd, config))


def slo_set_of(ctx: Context) -> SloSet:
    doc = handover_doc(ctx)
    problems: list[str] = []
    slos = _slos(doc, ctx, problems)
    tiers = _tiers(doc, problems)
    bands = _bands(doc, ctx, problems)
    return SloSet(slos, tiers, bands, tuple(problems))


def slug(name: str) -> tuple[str, str]:
    """A metric-safe id and an alert prefix for an SLO name without queries."""
    words = "".join(ch if ch.isalnum() else " " for ch in name).split()
    ident = "_".join(w.lower() for w in words) or "slo"
    return ident if ident[0].isalpha() else f"slo_{ident}", "Slo" + "".join(
        w[:1].upper() + w[1:] for w in words
    )


def _budgeting(doc: Document, table: SloTable, row: SloRow) -> str | None:
    """The budgeting method cell of ``row`` in the doc's table, read as a method."""
    raw = next((t for t in doc.tables if t.line == table.at.line), None)
    if raw is None:
        return None
    index = column_of([c.text for c in raw.header], BUDGETING_COLUMN)
    if index is None:
        return "Occurrences"  # no column: events are counted
    cells = next((r.cells for r in raw.rows if r.line == row.at.line), ())
    text = cells[index].text.lower() if index < len(cells) else ""
    if "timeslice" in text or "time slice" in text or "slices" in text:
        return "Timeslices"
    if "occurrence" in text or "event" in text:
        return "Occurrences"
    return None


def _slos(doc: Document, ctx: Context, problems: list[str]) -> tuple[SloSpec, ...]:
    sli = extract_sli_queries(doc)
    problems += sli.problems
    entries = {name_key(e.slo): e for e in sli.entries}
    used: set[str] = set()
    out: list[SloSpec] = []
    for table in ctx.slo_tables(doc).tables:
        for row in table.rows:
            name = row.name.text.strip() if row.name is not None else f"row {row.at.line}"
            where = f"{doc.path}:{row.at.line}: SLO '{name}'"
            method = _budgeting(doc, table, row)
            if row.percent is None or not 0 < row.percent < 100 or row.window_days is None:
                problems.append(
                    f"{where}: target or window does not read (write e.g. '99.9%' and '30 days')"
                )
                continue
            if method is None:
                problems.append(
                    f"{where}: budgeting method is neither Timeslices nor Occurrences; "
                    "taken as Occurrences"
                )
            entry = entries.get(name_key(name))
            if entry is None:
                ident, alert = slug(name)
                problems.append(
                    f"{where} has no queries: add an entry '- slo: {name}' with id, alert, "
                    f"errors and total to the 'yaml sli' block of {doc.path}"
                )
                queries = None
            else:
                used.add(name_key(name))
                ident, alert = entry.id, entry.alert
                queries = SliQueries(entry.errors, entry.total)
            budgeting = method or "Occurrences"
            target, days = row.percent, row.window_days
            spec = SloSpec(name, ident, alert, target, days, budgeting, queries, doc.path, 0)
            out.append(spec._replace(line=row.at.line))
    for key, entry in entries.items():
        if key not in used:
            problems.append(
                f"{doc.path}:{entry.line}: yaml sli entry '{entry.slo}' names no SLO of the "
                "SLO table; write the SLO's name as the table row gives it"
            )
    return tuple(out)


def _tiers(doc: Document, problems: list[str]) -> tuple[BurnTier, ...]:
    tables: tuple[BurnTable, ...] = extract_burn_tables(doc)
    if not tables:
        problems.append(
            f"{doc.path}: no burn-rate table (columns Tier, Burn rate, Long window, Short "
            "window, Budget consumed when it fires, Severity); add one under 'Burn-rate alerting'"
        )
        return ()
    out: list[BurnTier] = []
    for row in tables[0].rows:
        where = f"{doc.path}:{row.at.line}: burn tier '{row.name}'"
        if row.long_minutes is None or row.short_minutes is None or row.kind is None:
            problems.append(
                f"{where}: windows or page/ticket kind do not read (write e.g. '1 h', '5 min', "
                "and 'page' or 'ticket' in the tier name or routing)"
            )
            continue
        if row.burn is None and row.consumed is None:
            problems.append(f"{where}: neither the burn rate nor the budget consumed reads")
            continue
        out.append(
            BurnTier(
                row.name,
                row.text("severity"),
                row.kind,
                row.burn if row.burn is not None else 0.0,
                prometheus_duration(row.long_minutes),
                prometheus_duration(row.short_minutes),
                row.consumed if row.consumed is not None else 0.0,
            )
        )
    return tuple(out)


def _bands(doc: Document, ctx: Context, problems: list[str]) -> tuple[Band, ...]:
    found = ctx.budget_policy(doc)
    if not found.tables:
        problems.append(
            f"{doc.path}: no error-budget policy table (Budget consumed | Deployment decision)"
        )
        return ()
    out: list[Band] = []
    for band in found.tables[0].bands:
        label = band.band.text.strip() if band.band is not None else ""
        if band.threshold is None:
            problems.append(f"{doc.path}:{band.at.line}: budget band {label!r} does not read")
            continue
        decision = band.decision.text.strip() if band.decision is not None else ""
        out.append(Band(band.threshold, label, decision))
    return tuple(sorted(out, key=lambda b: b.threshold))
