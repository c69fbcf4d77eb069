"""What ``ops-lint inspect`` shows of a doc: the governance model the rules read, as data.

Plain dataclasses, one per concept, built by ``ops_lint.inspect_models.collect`` and
rendered by ``ops_lint.inspect_render`` (text, or JSON with ``"version": 1`` whose JSON
Schema is derived from these classes: ``ops-lint schema inspect``). Lines are 1-based;
a column ``position`` is the 1-based index of a table column; minutes are floats (a
business day counts as 24 hours, an unbounded target such as ``backlog`` is null).
"""

from __future__ import annotations

from dataclasses import dataclass

VERSION = 1


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading of the doc: its title as written and its line."""

    title: str
    line: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """Content that looked like the concept but was not taken, and why."""

    what: str
    line: int
    why: str


@dataclass(frozen=True, slots=True)
class SearchView:
    """Where the concept was looked for: the titles tried (vocabulary, built-in first),
    the config key that adds a title, the sections found, the closest heading when none
    was, the sections that each hold one when only one may be read (then none is taken),
    whether it was taken for its shape (no section named it), and the candidates rejected."""

    looked_for: tuple[str, ...]
    vocabulary_key: str
    sections: tuple[Heading, ...]
    nearby: Heading | None
    ambiguous: tuple[Heading, ...]
    by_shape: bool
    rejected: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class ColumnUse:
    """A logical column of the concept's table and the header (or list label) that holds
    it; ``position`` is null for a label of a list."""

    column: str
    header: str
    position: int | None


@dataclass(frozen=True, slots=True)
class RaciView:
    """The RACI matrix: its table, orientation (activities as rows, or roles as rows when
    transposed), corner header, roles (one per distinct name) and number of activities."""

    search: SearchView
    found: bool
    section: str | None
    line: int | None
    orientation: str | None
    activity_column: str | None
    roles: tuple[str, ...]
    duplicates: tuple[str, ...]
    activities: int


@dataclass(frozen=True, slots=True)
class LevelView:
    """A severity level of the matrix: its response time as written and in minutes, and
    the vocabulary's target for it."""

    level: str
    line: int
    response: str | None
    response_minutes: float | None
    target: str | None
    target_minutes: float | None
    within_target: bool | None


@dataclass(frozen=True, slots=True)
class SeverityView:
    """The severity matrix: its shape (table, split tables, headings, bullets), column
    mapping, levels, and the vocabulary's levels it does not have."""

    search: SearchView
    found: bool
    section: str | None
    line: int | None
    shape: str | None
    columns: tuple[ColumnUse, ...]
    levels: tuple[LevelView, ...]
    missing_levels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InventoryTableView:
    """One runbook inventory table: its column mapping and number of entries."""

    section: str
    line: int
    columns: tuple[ColumnUse, ...]
    entries: int


@dataclass(frozen=True, slots=True)
class InventoryView:
    search: SearchView
    found: bool
    tables: tuple[InventoryTableView, ...]


@dataclass(frozen=True, slots=True)
class SloRowView:
    """An SLO: its target and window as written and read (a month is 28 to 31 days), its
    stated budget, and the budget that follows, ``(1 - target/100) * window``, for the
    shortest and longest window."""

    name: str | None
    line: int
    target: str | None
    target_percent: float | None
    window: str | None
    window_days_min: float | None
    window_days_max: float | None
    budget: str | None
    budget_minutes: float | None
    computed_minutes_min: float | None
    computed_minutes_max: float | None


@dataclass(frozen=True, slots=True)
class SloTableView:
    line: int
    columns: tuple[ColumnUse, ...]
    rows: tuple[SloRowView, ...]


@dataclass(frozen=True, slots=True)
class SloView:
    search: SearchView
    found: bool
    tables: tuple[SloTableView, ...]


@dataclass(frozen=True, slots=True)
class BandView:
    """A band of the error-budget policy: the budget it covers as written, its lower
    bound in percent consumed (a remaining band is converted), and the decision."""

    line: int
    band: str | None
    lower_bound_percent: float | None
    decision: str | None


@dataclass(frozen=True, slots=True)
class PolicyTableView:
    """A policy table; ``framing`` tells whether its bands count budget consumed or
    budget remaining."""

    line: int
    framing: str
    columns: tuple[ColumnUse, ...]
    bands: tuple[BandView, ...]


@dataclass(frozen=True, slots=True)
class PolicyView:
    search: SearchView
    found: bool
    tables: tuple[PolicyTableView, ...]


@dataclass(frozen=True, slots=True)
class ChecklistView:
    """The handover checklist: the tables its items were read from (none for a list),
    its items, how many are ticked or name an owner, and the owners named."""

    search: SearchView
    found: bool
    tables: tuple[int, ...]
    items: int
    checked: int
    with_owner: int
    owners: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OwnerView:
    """An owner the doc names, and where it was read."""

    name: str
    source: str  # front-matter, inventory, checklist, or the file (".github/CODEOWNERS line 4")
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class DocModels:
    """Every governance model of one doc."""

    path: str
    doc_type: str | None
    raci: RaciView
    severity: SeverityView
    inventory: InventoryView
    slo: SloView
    budget_policy: PolicyView
    checklist: ChecklistView
    owners: tuple[OwnerView, ...]

    @property
    def any_found(self) -> bool:
        """Whether the doc holds any governance concept (owners aside)."""
        concepts = (self.raci, self.severity, self.inventory, self.slo, self.budget_policy)
        return any(c.found for c in concepts) or self.checklist.found


@dataclass(frozen=True, slots=True)
class InspectReport:
    """What ``ops-lint inspect`` read: one entry per doc, in path order."""

    version: int
    docs: tuple[DocModels, ...]
