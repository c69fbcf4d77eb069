"""What a check may know beyond its own document: the doc set, built once per run."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from ops_lint.cache import DocumentCache
from ops_lint.config import Config
from ops_lint.git.history import PendingHistory
from ops_lint.globs import posix_relpath
from ops_lint.governance.checklist import Checklist, extract_checklist
from ops_lint.governance.inventory import (
    InventoryColumn,
    RunbookInventory,
    extract_column,
    extract_inventory,
)
from ops_lint.governance.owners import DocOwners, OwnerSources, extract_owners
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
from ops_lint.roster import Roster, load_roster
from ops_lint.safe_files import leaves_project

T = TypeVar("T")

_SCHEMES = ("http:", "https:", "mailto:", "ftp:", "tel:", "data:", "javascript:")


class Context:
    def __init__(
        self,
        docs: list[Document],
        config: Config,
        root: Path,
        today: dt.date,
        use_git: bool = True,
    ) -> None:
        self.docs = docs
        self.use_git = use_git  # False: freshness from front-matter only, git never run
        self.history_future: PendingHistory | None = None  # started before parsing
        self.config = config
        self.root = root
        self.today = today
        self.by_abspath = {d.abspath: d for d in docs}
        self._memo: dict[str, Any] = {}
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

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """Compute a doc-set-wide index once per run (e.g. every inventory link)."""
        if key not in self._memo:
            self._memo[key] = build()
        value: T = self._memo[key]
        return value

    def recall(self, key: bytes) -> Any:
        return self.cache.recall(key) if self.cache is not None else None

    def remember(self, key: bytes, value: Any) -> None:
        if self.cache is not None:
            self.cache.remember(key, value)

    @property
    def roster(self) -> Roster:
        """The owners roster named by the ``owners`` setting, loaded once."""

        def build() -> Roster:
            path = self.root / self.config.owners
            return load_roster(path, self.project_path(str(path)), self.root)

        return self.cached("roster", build)

    def raci(self, doc: Document, sections: Sequence[str]) -> RaciMatrix | RaciMissing:
        """The RACI matrix of ``doc`` under ``sections``, extracted once per run."""
        key = "\x1f".join(["raci", doc.abspath, *sections])
        return self.cached(key, lambda: extract_raci(doc, sections))

    def severity(
        self,
        doc: Document,
        sections: Sequence[str],
        levels: Sequence[str],
        severity_columns: Sequence[str],
    ) -> SeverityMatrix | SeverityMissing:
        """The severity matrix of ``doc``, extracted once per run and set of options."""
        key = "\x1f".join(["severity", doc.abspath, *sections, "", *levels, "", *severity_columns])
        return self.cached(key, lambda: extract_severity(doc, sections, levels, severity_columns))

    def inventory(
        self, doc: Document, sections: Sequence[str], runbook_columns: Sequence[str]
    ) -> RunbookInventory:
        """The runbook inventory of ``doc``, extracted once per run and set of options."""
        key = "\x1f".join(["inventory", doc.abspath, *sections, "", *runbook_columns])
        return self.cached(key, lambda: extract_inventory(doc, sections, runbook_columns))

    def slo_tables(
        self, doc: Document, sections: Sequence[str], columns: Mapping[str, Sequence[str]]
    ) -> Found[SloTable]:
        """The SLO tables of ``doc``, extracted once per run and set of options."""
        key = f"slo-tables:{doc.abspath}:{list(sections)}:{sorted(columns.items())}"
        return self.cached(key, lambda: extract_slo_tables(doc, sections, columns))

    def budget_policy(
        self, doc: Document, sections: Sequence[str], columns: Mapping[str, Sequence[str]]
    ) -> Found[BudgetPolicy]:
        """The error-budget policy tables of ``doc``, extracted once per run and options."""
        key = f"budget-policy:{doc.abspath}:{list(sections)}:{sorted(columns.items())}"
        return self.cached(key, lambda: extract_budget_policy(doc, sections, columns))

    def checklist(self, doc: Document, sections: Sequence[str]) -> Checklist:
        """The checklist of ``doc`` under ``sections``, extracted once per run."""
        key = "\x1f".join(["checklist", doc.abspath, *sections])
        return self.cached(key, lambda: extract_checklist(doc, sections))

    def owners(self, doc: Document, sources: OwnerSources) -> DocOwners:
        """The owners ``doc`` names in ``sources``, extracted once per run; a name of a
        roster team or member is one owner even if it holds a separator."""

        def build() -> DocOwners:
            column = self.inventory_column(doc, sources.inventory_sections, sources.owner_columns)
            checklist = self.checklist(doc, sources.checklist_sections)
            keys = sources.front_matter_keys
            return extract_owners(doc, keys, column, checklist, self.roster.is_name)

        return self.cached(f"owners:{doc.abspath}:{sources!r}", build)

    def inventory_column(
        self, doc: Document, sections: Sequence[str], aliases: Sequence[str]
    ) -> InventoryColumn | None:
        """A column of the first table under ``sections`` that has it, extracted once."""
        key = "\x1f".join(["inventory-column", doc.abspath, *sections, "", *aliases])
        return self.cached(key, lambda: extract_column(doc, sections, aliases))

    def docs_of_type(self, doc_type: str) -> list[Document]:
        """Docs of one type, from an index built once per run."""

        def build() -> dict[str | None, list[Document]]:
            index: dict[str | None, list[Document]] = {}
            for doc in self.docs:
                index.setdefault(doc.doc_type, []).append(doc)
            return index

        return self.cached("docs-by-type", build).get(doc_type, [])

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
        return found

    def looked_up(self) -> dict[str, bool]:
        """Every path whose existence a check asked about, and the answer."""
        return dict(self._exists)

    def resolve_link(self, doc: Document, target: str) -> tuple[str, str] | None:
        """``(abspath, fragment)`` of a relative link, or None for URLs and empty targets.

        ``abspath`` is ``doc.abspath`` for a same-file ``#fragment``. A link starting with
        ``/`` is taken from the project root, as on a code-hosting site.
        """
        target = target.strip()
        lowered = target.lower()
        if not target or lowered.startswith(_SCHEMES) or target.startswith("//"):
            return None
        if "://" in target.split("#", 1)[0]:
            return None
        path, _, fragment = target.partition("#")
        path = unquote(path.split("?", 1)[0])
        if not path:
            return doc.abspath, unquote(fragment)
        if path.startswith("/"):
            base = self.root.as_posix()
            path = path.lstrip("/")
        else:
            base = posixpath.dirname(doc.abspath)
        return posixpath.normpath(posixpath.join(base, path)), unquote(fragment)

    def project_path(self, abspath: str) -> str:
        """How a message names a file: POSIX, relative to the project root (the same from
        any working directory; ``../x.md`` for a file outside the project)."""
        doc = self.by_abspath.get(abspath)
        if doc is not None:
            return doc.path
        return posix_relpath(abspath, str(self.root))
