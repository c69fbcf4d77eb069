"""Doc freshness: review dates from the front-matter, change dates from git, kept apart.

The freshness date of a doc is, by ``freshness.basis``: ``review`` (the front-matter
review date only), ``change`` (the last substantive commit only) or ``either`` (the later
of the two, the default). It is due one review cycle later, or on its review-by date
when it has one. Field names may be dotted to reach nested front-matter
(``last_update.date``).

:func:`compute` decides both which docs are judged (:func:`under_review`) and their
status; the OPS6xx rules (:func:`for_run`) and the ``freshness`` report read its result,
so ``check`` and the report never disagree about a doc.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ops_lint.dates import parse_date
from ops_lint.freshness_fields import (
    Cycle,
    has_field,
    parse_cycle,
    parse_review_date,
    value_of,
)
from ops_lint.freshness_history import (
    TerminalProgress,
    history_notice,
    history_settings,
    start_history,
)
from ops_lint.git.history import Commit, History, PendingHistory, Sweep

if TYPE_CHECKING:  # check's context is not needed to compute a report
    from ops_lint.config import Config
    from ops_lint.context import Context
    from ops_lint.freshness_settings import FreshnessSettings
    from ops_lint.model import Document
    from ops_lint.owner_sources import OwnerSources

__all__ = [
    "STATUSES",
    "Cycle",
    "DocFreshness",
    "DocSet",
    "Freshness",
    "TerminalProgress",
    "compute",
    "for_doc",
    "for_run",
    "history_notice",
    "history_settings",
    "parse_cycle",
    "parse_review_date",
    "start_history",
    "under_review",
]
STATUSES = ("stale", "due-soon", "never-reviewed", "fresh")
DEFAULT_CYCLE_DAYS = 180


@dataclass(slots=True)
class DocFreshness:
    doc: Document
    owner: str
    last_change: Commit | None = None
    uncommitted: bool = False
    truncated: bool = False  # history was cut short (shallow clone) before the doc's creation
    created: dt.date | None = None
    last_review: dt.date | None = None
    last_attestation: Commit | None = None
    review_problem: str | None = None
    review_by: dt.date | None = None  # the doc's own due date, in place of a cycle
    review_by_problem: str | None = None
    cycle: Cycle | None = None
    cycle_problem: str | None = None
    freshness_date: dt.date | None = None
    due: dt.date | None = None
    status: str = "never-reviewed"
    days_left: int | None = None
    authors_in_window: list[str] = field(default_factory=list)

    @property
    def change_date(self) -> dt.date | None:
        return self.last_change.date if self.last_change else None


@dataclass(slots=True)
class Freshness:
    as_of: dt.date
    history: History
    docs: list[DocFreshness]
    window_days: int
    not_under_review: int = 0  # readable docs left out: no type and no review field
    _index: dict[str, DocFreshness] = field(default_factory=dict)

    @property
    def sweeps(self) -> list[Sweep]:
        return self.history.sweeps

    def of(self, doc: Document) -> DocFreshness | None:
        """The entry of ``doc`` (indexed once, not searched per doc)."""
        if len(self._index) != len(self.docs):
            self._index = {entry.doc.abspath: entry for entry in self.docs}
        return self._index.get(doc.abspath)


class DocSet(Protocol):
    """What :func:`compute` reads of a run: check's :class:`~ops_lint.context.Context`,
    or the lighter one of the ``freshness`` command."""

    @property
    def docs(self) -> list[Document]: ...

    config: Config
    root: Path
    use_git: bool
    history_future: PendingHistory | None

    @property
    def owner_sources(self) -> OwnerSources: ...


def under_review(doc: Document, cfg: Config) -> bool:
    """Whether freshness judges ``doc``: it has a type (declared or from ``types``), or a
    review date, review cycle or review-by date in its front-matter. A doc with none of
    them (an index page, a README) is under no review cycle: neither OPS601 nor the report
    judges it."""
    if doc.doc_type is not None:
        return True
    if not doc.meta:  # most docs of a large set that is not all ops docs
        return False
    fields = cfg.freshness.fields
    return any(
        has_field(doc, name)
        for name in (fields.last_reviewed, fields.review_cycle, fields.review_by)
    )


def _owner(doc: Document, field_name: str, default: str | None = None) -> str:
    value = value_of(doc, field_name)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value).strip() if value is not None else ""
    return text or default or "(no owner)"


def assess(
    doc: Document,
    entry: DocFreshness,
    ctx: DocSet,
    as_of: dt.date,
    due_within: int,
) -> None:
    """Fill in review date, cycle, due date, status and authors of one doc."""
    settings = ctx.config.freshness
    _read_review(doc, entry, settings, as_of)
    _read_cycle(doc, entry, settings)
    change = as_of if entry.uncommitted else entry.change_date
    candidates = {
        "review": [entry.last_review],
        "change": [change],
        "either": [entry.last_review, change],
    }[settings.basis]
    known = [d for d in candidates if d is not None]
    if known:
        entry.freshness_date = max(known)
    if entry.review_by is not None:
        entry.due = entry.review_by
    elif entry.freshness_date is not None and entry.cycle is not None:
        entry.due = entry.cycle.after(entry.freshness_date)
    else:
        entry.status = "never-reviewed"
        return
    entry.days_left = (entry.due - as_of).days
    if entry.days_left < 0:
        entry.status = "stale"
    elif entry.days_left <= due_within:
        entry.status = "due-soon"
    else:
        entry.status = "fresh"


def _read_review(
    doc: Document, entry: DocFreshness, settings: FreshnessSettings, as_of: dt.date
) -> None:
    """The doc's last review date, or why it cannot be right."""
    review = parse_review_date(value_of(doc, settings.fields.last_reviewed))
    if isinstance(review, str):
        entry.review_problem = review
    elif review is not None:
        if review > as_of:
            entry.review_problem = f"review date {review} is in the future (as of {as_of})"
        elif entry.created and not entry.truncated and review < entry.created:
            entry.review_problem = (
                f"review date {review} is before the file's first commit ({entry.created})"
            )
        entry.last_review = review


def _read_cycle(doc: Document, entry: DocFreshness, settings: FreshnessSettings) -> None:
    """The doc's review-by date, else its review cycle (its own, or its type's)."""
    raw_by = value_of(doc, settings.fields.review_by)
    if raw_by is not None:
        by = parse_date(raw_by)
        if by is not None:
            entry.review_by = by
            return
        entry.review_by_problem = f"review-by date {raw_by!r} is not a date (YYYY-MM-DD)"
    raw_cycle = value_of(doc, settings.fields.review_cycle)
    if raw_cycle is None:
        days = settings.review_cycle_days.get(doc.doc_type or "", DEFAULT_CYCLE_DAYS)
        entry.cycle = Cycle(days=days)
    else:
        cycle = parse_cycle(raw_cycle)
        if isinstance(cycle, str):
            entry.cycle_problem = cycle
            days = settings.review_cycle_days.get(doc.doc_type or "", DEFAULT_CYCLE_DAYS)
            cycle = Cycle(days=days)
        entry.cycle = cycle


def compute(
    ctx: DocSet,
    as_of: dt.date,
    due_within: int = 30,
    window_days: int = 365,
    judged_only: bool = False,
    docs: list[Document] | None = None,
) -> Freshness:
    """Freshness of every doc of the run's doc set, from one pass over git history.

    ``judged_only``: the history is resolved for the judged docs alone (a report reads no
    other; check's rules may read the history of any doc). ``docs``: the docs wanted, if
    not all (git still reads the whole set: a sweep is told by the share it touched).
    """
    cfg = ctx.config
    readable = [d for d in (ctx.docs if docs is None else docs) if d.read_error is None]
    judged = [d for d in readable if under_review(d, cfg)]
    if judged_only:
        wanted: list[str] | None = [d.abspath for d in judged]
    else:
        wanted = None if docs is None else [d.abspath for d in readable]
    if not ctx.use_git:
        history = History(available=False, reason="--no-git")
    elif ctx.history_future is not None:
        history = ctx.history_future.result(wanted)
    else:
        pending = start_history(cfg, Path(ctx.root), [d.abspath for d in readable])
        history = pending.result(wanted)
    window_start = as_of - dt.timedelta(days=window_days)
    out: list[DocFreshness] = []
    for doc in judged:
        declared = _owner(doc, cfg.freshness.fields.owner)  # or CODEOWNERS, OWNERS files
        sources = ctx.owner_sources
        owner = sources.label(doc, cfg.owner_sources, declared, None)
        entry = DocFreshness(doc=doc, owner=owner)
        found = history.docs.get(doc.abspath)
        if found is not None:
            entry.last_change = found.last_change
            entry.last_attestation = found.last_attestation
            entry.uncommitted = found.uncommitted
            entry.truncated = found.truncated
            entry.created = found.created
            in_window = [c for c in found.edits if window_start < c.date <= as_of]
            entry.authors_in_window = sorted({c.email.lower() or c.author for c in in_window})
        assess(doc, entry, ctx, as_of, due_within)
        out.append(entry)
    return Freshness(
        as_of=as_of,
        history=history,
        docs=out,
        window_days=window_days,
        not_under_review=len(readable) - len(judged),
    )


def for_run(ctx: Context) -> Freshness:
    """The run's freshness, computed once and shared by the OPS6xx rules: for the docs
    whose rules run, each of which depends on its own history only."""

    def build() -> Freshness:
        result = compute(ctx, ctx.today, docs=ctx.picked)
        notice = history_notice(result.history)
        if notice:
            ctx.notices.append(notice)
        return result

    return ctx.cached("freshness", build, deps=ctx.history_deps())


def for_doc(ctx: Context, doc: Document) -> DocFreshness | None:
    """The run's freshness entry of ``doc``; None when its front-matter is unreadable
    (OPS001 reports that; dates in it cannot be judged)."""
    if doc.front_matter.error is not None:
        return None
    return for_run(ctx).of(doc)
