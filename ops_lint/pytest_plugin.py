"""pytest plugin: the doc set's compliance as a test suite (opt-in with ``--ops-lint``).

``pytest --ops-lint`` collects one test item per (rule, doc) that the configured packs
evaluate; an item fails when the rule has findings on that doc at or above the
configured ``fail-on`` severity, and shows them. ``--junitxml`` then gives auditors a
standard report. Without ``--ops-lint`` the plugin does nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ops-lint", "operations docs compliance")
    group.addoption("--ops-lint", action="store_true", help="check the doc set with ops-lint")
    group.addoption("--ops-lint-config", metavar="FILE", help="ops-lint config file")


class OpsLintFindings(Exception):
    pass


class OpsLintItem(pytest.Item):
    def __init__(self, *, evaluation: Any, floor: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.evaluation = evaluation
        self.floor = floor
        self.add_marker("ops_lint")

    def runtest(self) -> None:
        failing = [d for d in self.evaluation.findings if d.severity >= self.floor]
        if failing:
            raise OpsLintFindings(failing)

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, OpsLintFindings):
            return "\n".join(
                f"{d.path}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}"
                + (f"\n    hint: {d.hint}" if d.hint else "")
                for d in excinfo.value.args[0]
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return Path(self.evaluation.path), 0, f"{self.evaluation.code} {self.evaluation.path}"


class OpsLintCollector(pytest.Collector):
    def collect(self) -> list[pytest.Item]:
        from ops_lint import config as config_mod
        from ops_lint.diagnostic import Severity
        from ops_lint.discovery import discover
        from ops_lint.engine import Selection, check
        from ops_lint.errors import UsageError
        from ops_lint.loader import load_documents
        from ops_lint.packs import load_rules

        cwd = Path(str(self.config.invocation_params.dir))
        try:
            loaded = config_mod.load(self.config.getoption("ops_lint_config"), cwd)
            rules = load_rules(loaded)
            docs = load_documents(discover(loaded), loaded, cwd)
        except UsageError as exc:
            raise pytest.UsageError(f"ops-lint: {exc}") from None
        cfg = loaded.config
        report = check(docs, rules, loaded, Selection(cfg.select, cfg.ignore), dt.date.today())
        names = {r.code: r.name for r in rules}
        floor = Severity.parse(cfg.fail_on)
        return [
            OpsLintItem.from_parent(
                self,
                name=f"{ev.code} {names.get(ev.code, '')} [{ev.path}]",
                evaluation=ev,
                floor=floor,
            )
            for ev in sorted(report.evaluations, key=lambda e: (e.code, e.path))
        ]


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if not config.getoption("ops_lint"):
        return
    collector = OpsLintCollector.from_parent(session, name="ops-lint")
    items.extend(collector.collect())


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ops_lint: an ops-lint compliance check (rule x doc)")
