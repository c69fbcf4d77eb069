"""The governance models of a doc, as ``ops-lint inspect`` shows them.

:func:`collect` reads every model the rules read, through the run's ``Context`` (so
inspect shows exactly what the checks see), and turns each into the plain data of
``ops_lint.inspect_views``. :func:`inspect_docs` runs it over the doc set the way
``check`` discovers and loads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ops_lint import durations
from ops_lint.context import Context
from ops_lint.governance import Position, SectionRef, Value
from ops_lint.governance.locate import Rejected, Search
from ops_lint.governance.raci import RaciMatrix
from ops_lint.governance.severity import SeverityMatrix, SeverityRow
from ops_lint.governance.slo_found import Column
from ops_lint.inspect_views import (
    VERSION,
    BandView,
    Candidate,
    ChecklistView,
    ColumnUse,
    DocModels,
    Heading,
    InspectReport,
    InventoryTableView,
    InventoryView,
    LevelView,
    OwnerView,
    PolicyTableView,
    PolicyView,
    RaciView,
    SearchView,
    SeverityView,
    SloRowView,
    SloTableView,
    SloView,
)
from ops_lint.matching import column_of
from ops_lint.model import Document, Section
from ops_lint.vocabulary import COLUMNS, Vocabulary

# ---- shared pieces ---------------------------------------------------------------------


def _search(
    search: Search,
    rejected: Sequence[Rejected],
    ambiguous: Sequence[Section | SectionRef] = (),
    by_shape: bool = False,
) -> SearchView:
    """Where a concept was looked for, as the model recorded it."""
    nearby = search.nearby
    return SearchView(
        search.names,
        search.key,
        tuple(Heading(s.title, s.line) for s in search.sections),
        Heading(nearby.title, nearby.line) if nearby is not None else None,
        tuple(Heading(s.title, _line(s)) for s in ambiguous),
        by_shape,
        tuple(Candidate(r.what, r.at.line, r.why) for r in rejected),
    )


def _line(place: Section | SectionRef) -> int:
    return place.at.line if isinstance(place, SectionRef) else place.line


def _named(headers: Sequence[str], concept: str, ctx: Context) -> tuple[ColumnUse, ...]:
    """Each logical column of ``concept`` found among ``headers``, in header order."""
    found: list[ColumnUse] = []
    for column in COLUMNS[concept]:
        index = column_of(headers, ctx.vocabulary.column_names(concept, column))
        if index is not None:
            found.append(ColumnUse(column, headers[index], index + 1))
    return tuple(sorted(found, key=lambda c: c.position or 0))


def _used(columns: Iterable[Column]) -> tuple[ColumnUse, ...]:
    return tuple(ColumnUse(c.name, c.header, c.index + 1) for c in columns)


def _index_at(doc: Document, at: Position) -> int | None:
    """The 1-based index of the table header cell written at ``at``, if it is one."""
    for table in doc.tables:
        if table.line == at.line:
            found = [i for i, c in enumerate(table.header) if c.column == at.column]
            return found[0] + 1 if found else None
    return None


def _text(value: Value | None) -> str | None:
    return value.text if value is not None else None


def _minutes(text: str | None, vocabulary: Vocabulary) -> float | None:
    """A response time in minutes; None when it does not read or is unbounded."""
    found = vocabulary.find_response_time(text) if text is not None else None
    if found is None or found.unit == "unbounded":
        return None
    minutes: float = round(found.hours * 60, 6)
    return minutes


# ---- one view per concept --------------------------------------------------------------


def raci_view(doc: Document, ctx: Context) -> RaciView:
    model = ctx.raci(doc)
    if not isinstance(model, RaciMatrix):
        search = _search(model.search, model.rejected, model.ambiguous)
        return RaciView(search, False, None, None, None, None, (), (), 0)
    return RaciView(
        _search(model.search, model.rejected, (), model.by_shape),
        True,
        model.section,
        model.at.line,
        model.orientation,
        model.corner,
        model.roles,
        model.duplicates,
        len(model.activities),
    )


def _level(row: SeverityRow, target: str | None, vocabulary: Vocabulary) -> LevelView:
    level, line, response = row.level, row.at.line, _text(row.get("response"))
    got = vocabulary.find_response_time(response) if response is not None else None
    limit = vocabulary.response_time(target) if target is not None else None
    within = None if got is None or limit is None else not durations.slower(got, limit)
    minutes = _minutes(response, vocabulary), _minutes(target, vocabulary)
    return LevelView(level, line, response, minutes[0], target, minutes[1], within)


def severity_view(doc: Document, ctx: Context) -> SeverityView:
    names = ctx.vocabulary.level_names()
    model = ctx.severity(doc)
    if not isinstance(model, SeverityMatrix):
        search = _search(model.search, model.rejected, model.ambiguous)
        return SeverityView(search, False, None, None, None, (), (), names)
    columns = tuple(
        ColumnUse(name, label.text, _index_at(doc, label.at))
        for name, label in model.columns.items()
    )
    targets = ctx.vocabulary.targets()
    levels = tuple(_level(row, targets.get(row.level), ctx.vocabulary) for row in model.rows)
    have = {row.level for row in model.rows}
    return SeverityView(
        _search(model.search, model.rejected, (), model.by_shape),
        True,
        model.section,
        model.at.line,
        model.shape,
        columns,
        levels,
        tuple(name for name in names if name not in have),
    )


def inventory_view(doc: Document, ctx: Context) -> InventoryView:
    model = ctx.inventory(doc)
    tables = tuple(
        InventoryTableView(
            t.section, t.at.line, _named(t.headers, "runbook-inventory", ctx), len(t.entries)
        )
        for t in model.tables
    )
    search = _search(model.search, model.rejected, model.ambiguous, model.by_shape)
    return InventoryView(search, bool(tables), tables)


def _budget(percent: float | None, days: float | None) -> float | None:
    """``(1 - percent/100) * days``, in minutes."""
    if percent is None or days is None or not 0 < percent < 100:
        return None
    return round((1 - percent / 100) * days * 24 * 60, 6)


def slo_view(doc: Document, ctx: Context) -> SloView:
    model = ctx.slo_tables(doc)
    tables: list[SloTableView] = []
    for table in model.tables:
        rows: list[SloRowView] = []
        for r in table.rows:
            low = r.window_range.low if r.window_range is not None else None
            high = r.window_range.high if r.window_range is not None else None
            budget = r.budget_time.minutes if r.budget_time is not None else None
            rows.append(
                SloRowView(
                    name=_text(r.name),
                    line=r.at.line,
                    target=_text(r.target),
                    target_percent=r.percent,
                    window=_text(r.window),
                    window_days_min=low,
                    window_days_max=high,
                    budget=_text(r.budget),
                    budget_minutes=budget,
                    computed_minutes_min=_budget(r.percent, low),
                    computed_minutes_max=_budget(r.percent, high),
                )
            )
        tables.append(SloTableView(table.at.line, _used(table.columns), tuple(rows)))
    search = _search(model.search, model.rejected, model.ambiguous, model.by_shape)
    return SloView(search, bool(tables), tuple(tables))


def policy_view(doc: Document, ctx: Context) -> PolicyView:
    model = ctx.budget_policy(doc)
    tables = tuple(
        PolicyTableView(
            t.at.line,
            t.framing,
            _used(t.columns),
            tuple(
                BandView(b.at.line, _text(b.band), b.threshold, _text(b.decision)) for b in t.bands
            ),
        )
        for t in model.tables
    )
    search = _search(model.search, model.rejected, model.ambiguous, model.by_shape)
    return PolicyView(search, bool(tables), tables)


def checklist_view(doc: Document, ctx: Context) -> ChecklistView:
    model = ctx.checklist(doc)
    items = model.items
    owners = dict.fromkeys(n.text.strip() for i in items for n in i.owner_notes)
    return ChecklistView(
        _search(model.search, (), model.ambiguous, model.by_shape),
        bool(items),
        tuple(t.line for t in model.tables),
        len(items),
        sum(1 for i in items if i.checked),
        sum(1 for i in items if i.owner_notes),
        tuple(owners),
    )


def owners_view(doc: Document, ctx: Context) -> tuple[OwnerView, ...]:
    return tuple(
        OwnerView(o.text, o.origin or o.source, o.at.line, o.at.column)
        for o in ctx.owners(doc).owners
    )


def collect(doc: Document, ctx: Context) -> DocModels:
    """Every governance model of ``doc``, as the rules of this run read it."""
    return DocModels(
        doc.path,
        doc.doc_type,
        raci_view(doc, ctx),
        severity_view(doc, ctx),
        inventory_view(doc, ctx),
        slo_view(doc, ctx),
        policy_view(doc, ctx),
        checklist_view(doc, ctx),
        owners_view(doc, ctx),
    )


# ---- the doc set -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InspectOptions:
    cwd: Path
    paths: tuple[str, ...] = ()  # these files (or folders); none: every doc with a concept
    config: str | None = None


def inspect_docs(options: InspectOptions) -> InspectReport:
    """The models of the named docs, or of every doc of the project holding a concept."""
    from ops_lint import config as config_mod
    from ops_lint.discovery import discover
    from ops_lint.pipeline import RunOptions, doc_set_context, targets_of

    loaded = config_mod.load(options.config, options.cwd)
    candidates = {c.abspath: c for c in discover(loaded)}
    run = RunOptions(cwd=options.cwd, paths=options.paths, config=options.config)
    targets = targets_of(run, loaded, candidates)
    ctx = doc_set_context(loaded, candidates)
    picked = [d for d in ctx.docs if targets is None or d.abspath in targets]
    models = [collect(doc, ctx) for doc in picked if doc.read_error is None]
    if targets is None:
        models = [m for m in models if m.any_found]
    return InspectReport(VERSION, tuple(sorted(models, key=lambda m: m.path)))
