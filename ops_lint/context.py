"""What a check may know beyond its own document: the doc set, built once per run."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from ops_lint.cache import DocumentCache
from ops_lint.config import Config
from ops_lint.dependencies import GIT, SET, Frame, Recorder, exists_token, type_token
from ops_lint.doc_source import DocMap, DocSource
from ops_lint.git.history import PendingHistory
from ops_lint.globs import posix_relpath
from ops_lint.governance.alert_catalog import (
    AlertCatalog,
    CatalogTable,
    build_catalog,
    doc_catalog_tables,
)
from ops_lint.governance.checklist import Checklist, extract_checklist
from ops_lint.governance.inventory import (
    InventoryColumn,
    RunbookInventory,
    extract_column,
    extract_inventory,
)
from ops_lint.governance.owners import DocOwners, extract_owners
from ops_lint.governance.raci import RaciMatrix, RaciMissing, extract_raci
from ops_lint.governance.severity import SeverityMatrix, SeverityMissing, extract_severity
from ops_lint.governance.slo import (
    BudgetPolicy,
    Found,
    SloTable,
    extract_budget_policy,
    extract_slo_tables,
)
from ops_lint.model import Document
from ops_lint.owner_sources import OwnerSources
from ops_lint.roster import Roster, load_roster
from ops_lint.safe_files import leaves_project
from ops_lint.site_links import SiteMap, load_redirects, resolve_target
from ops_lint.vocabulary import Vocabulary

T = TypeVar("T")


class Context:
    def __init__(
        self,
        docs: list[Document] | DocSource,
        config: Config,
        root: Path,
        today: dt.date,
        use_git: bool = True,
    ) -> None:
        self.source = docs if isinstance(docs, DocSource) else DocSource.of(docs)
        self.deps = Recorder()  # what the doc being checked reads beyond itself
        self.by_abspath = DocMap(self.source, self.deps)
        self.git_identity = b""  # the repository state the history is read from
        # the docs whose rules run now (None: all): the freshness rules read no other
        self.picked: list[Document] | None = None
        self.use_git = use_git  # False: freshness from front-matter only, git never run
        self.history_future: PendingHistory | None = None  # started before parsing
        self.config = config
        self.root = root
        self.today = today
        self._memo: dict[str, Any] = {}
        self._memo_frames: dict[str, Frame] = {}
        self.notices: list[str] = []  # run-level warnings (e.g. no git history), said once
        self.cache: DocumentCache | None = None  # remembers pure per-document results
        self._exists: dict[str, bool] = {}
        self._outside: dict[str, bool] = {}
        # The codes the run's packs give each check kind (set by the engine), so a message
        # can point at another rule by the code this run uses for it.
        self.kind_codes: dict[str, list[str]] = {}

    def rule_ref(self, kind: str) -> str:
        """How a message names the rule(s) of ``kind``: their codes in this run's packs
        (``OPS201``), or ``the 'severity-levels' check`` when no enabled rule has it."""
        codes = self.kind_codes.get(kind)
        return "/".join(codes) if codes else f"the '{kind}' check"

    @property
    def docs(self) -> list[Document]:
        """Every doc of the set, in path order: the doc being checked depends on them all."""
        self.deps.add(SET, self.source.set_identity())
        return self.source.all()

    def cached(self, key: str, build: Callable[[], T], deps: dict[str, bytes] | None = None) -> T:
        """Compute a doc-set-wide index once per run (e.g. every inventory link). The
        doc being checked depends on what the build read (or on ``deps``, when given:
        what the part of the index it reads depends on), and shows its notices."""
        frame = self._memo_frames.get(key)
        if frame is None:
            frame = Frame()
            said = len(self.notices)
            self.deps.push(frame)
            try:
                self._memo[key] = build()
            finally:
                self.deps.pop()
            frame.notices.extend(self.notices[said:])
            if deps is not None:
                frame.tokens = dict(deps)
            self._memo_frames[key] = frame
        if self.deps.active:
            self.deps.stack[-1].merge(frame)
        value: T = self._memo[key]
        return value

    def history_deps(self) -> dict[str, bytes]:
        """What one doc's git history depends on (its own content is its own key)."""
        return {GIT: self.git_identity}

    def recall(self, key: bytes) -> Any:
        return self.cache.recall(key) if self.cache is not None else None

    def remember(self, key: bytes, value: Any) -> None:
        if self.cache is not None:
            self.cache.remember(key, value)

    @property
    def vocabulary(self) -> Vocabulary:
        """The team's words for governance concepts (the ``vocabulary`` config section)."""
        return self.config.vocabulary

    @property
    def roster(self) -> Roster:
        """The owners roster named by the ``owners`` setting, loaded once."""

        def build() -> Roster:
            path = self.root / self.config.owners
            shown = self.project_path(str(path))
            return load_roster(path, shown, self.root, self.config.roster)

        return self.cached("roster", build)

    @property
    def owner_sources(self) -> OwnerSources:
        """CODEOWNERS, OWNERS files and the default owner, read once per run."""
        return self.cached(
            "owner-sources", lambda: OwnerSources(self.root, self.config.default_owner)
        )

    def raci(self, doc: Document) -> RaciMatrix | RaciMissing:
        """The RACI matrix of ``doc`` (``vocabulary`` words; roster names tell a transposed
        matrix), extracted once per run."""
        return self.cached(
            f"raci:{doc.abspath}",
            lambda: extract_raci(doc, self.vocabulary, self.roster.is_name),
        )

    def severity(self, doc: Document) -> SeverityMatrix | SeverityMissing:
        """The severity matrix of ``doc`` in the ``vocabulary`` words, extracted once per run."""
        key = f"severity:{doc.abspath}"
        return self.cached(key, lambda: extract_severity(doc, self.vocabulary))

    def inventory(self, doc: Document) -> RunbookInventory:
        """The runbook inventory of ``doc`` in the ``vocabulary`` words, extracted once."""
        return self.cached(
            f"inventory:{doc.abspath}", lambda: extract_inventory(doc, self.vocabulary)
        )

    def slo_tables(self, doc: Document) -> Found[SloTable]:
        """The SLO tables of ``doc`` (vocabulary ``slo-table``), extracted once per run."""
        vocabulary = self.config.vocabulary
        return self.cached(f"slo-tables:{doc.abspath}", lambda: extract_slo_tables(doc, vocabulary))

    def budget_policy(self, doc: Document) -> Found[BudgetPolicy]:
        """The error-budget policy of ``doc`` (vocabulary ``budget-policy``), extracted once."""
        vocabulary = self.config.vocabulary
        key = f"budget-policy:{doc.abspath}"
        return self.cached(key, lambda: extract_budget_policy(doc, vocabulary))

    def alert_catalog(self) -> AlertCatalog:
        """The doc set's alert catalog (every table with an alert and a runbook column)."""
        tables = self.catalog_tables
        return self.cached("alert-catalog", lambda: build_catalog(self.docs, tables))

    def catalog_tables(self, doc: Document) -> tuple[CatalogTable, ...]:
        """The alert catalog tables of ``doc``, their runbook links resolved, once per run."""

        def resolve(doc: Document, target: str) -> str | None:
            found = self.resolve_link(doc, target)
            return found[0] if found is not None and found[0] != doc.abspath else None

        build = partial(doc_catalog_tables, doc, self.vocabulary, resolve)
        return self.cached(f"catalog-tables:{doc.abspath}", build)

    def checklist(self, doc: Document) -> Checklist:
        """The checklist of ``doc`` in the ``vocabulary`` words, extracted once per run."""
        return self.cached(
            f"checklist:{doc.abspath}", lambda: extract_checklist(doc, self.vocabulary)
        )

    def owners(self, doc: Document, front_matter_keys: Sequence[str] = ("owner",)) -> DocOwners:
        """The owners ``doc`` names in ``front_matter_keys``, its runbook inventory's owner
        column and its checklist, extracted once per run; a name of a roster team or member
        is one owner even if it holds a separator. The doc's own owner comes from the first
        of ``owner_sources`` that names one."""

        def build() -> DocOwners:
            column = self.inventory_column(doc, "owner")
            checklist = self.checklist(doc)
            return extract_owners(
                doc,
                front_matter_keys,
                column,
                checklist,
                self.roster.is_name,
                self.config.owner_sources,
                lambda source: self.owner_sources.refs(doc, source),
            )

        return self.cached(f"owners:{doc.abspath}:{list(front_matter_keys)}", build)

    def inventory_column(self, doc: Document, column: str) -> InventoryColumn | None:
        """The logical ``column`` (``owner``, ``trigger``...) of ``doc``'s runbook inventory
        sections, from the first table that has it, extracted once per run."""
        names = self.vocabulary.column_names("runbook-inventory", column)
        return self.cached(
            f"inventory-column:{doc.abspath}:{column}",
            lambda: extract_column(doc, self.inventory(doc), names),
        )

    def docs_of_type(self, doc_type: str) -> list[Document]:
        """Docs of one type, from an index built once per run."""

        self.deps.add(type_token(doc_type), self.source.type_identity(doc_type))
        return self.source.of_type(doc_type)

    def outside(self, abspath: str) -> bool:
        """True if ``abspath`` leaves the project (symlinks followed, nothing outside probed)."""
        found = self._outside.get(abspath)
        if found is None:
            found = leaves_project(abspath, str(self.root))
            self._outside[abspath] = found
        return found

    def exists(self, abspath: str) -> bool:
        """Whether a file inside the project exists. A path that leaves the project is never
        probed (a report must not tell which files exist on the machine that ran it): False."""
        found = self._exists.get(abspath)
        if found is None:
            if self.outside(abspath):
                return False
            found = os.path.exists(abspath)
            self._exists[abspath] = found
        self.deps.add(exists_token(abspath), b"1" if found else b"0")
        return found

    def resolve_link(self, doc: Document, target: str) -> tuple[str, str] | None:
        """``(abspath, fragment)`` of a relative link, or None for URLs and empty targets
        (:func:`~ops_lint.site_links.resolve_target`)."""
        return resolve_target(doc.abspath, target, self.root.as_posix(), lambda: self.site_map)

    @property
    def site_map(self) -> SiteMap:
        """How links map to files under the ``site`` setting, built once per run."""

        def build() -> SiteMap:
            redirects, problem = load_redirects(self.config.site, self.root)
            if problem is not None:
                self.notices.append(problem)
            site = SiteMap(self.config.site, self.root.as_posix(), redirects, self.exists)
            if site.reads_pages:  # only then does the map depend on the docs
                site.add_old_paths(self.docs)
            return site

        return self.cached("site-map", build)

    def project_path(self, abspath: str) -> str:
        """How a message names a file: POSIX, relative to the project root (the same from
        any working directory; ``../x.md`` for a file outside the project)."""
        path = self.source.paths.get(abspath)
        return path if path is not None else posix_relpath(abspath, str(self.root))
