"""pytest plugin: the doc set's compliance as a test suite (opt-in with ``--ops-lint``).

``pytest --ops-lint`` collects one test item per (rule, doc) that the configured packs
evaluate; an item fails when the rule has findings on that doc at or above the
configured ``fail-on`` severity, and shows them. ``--junitxml`` then gives auditors a
standard report. Without ``--ops-lint`` the plugin does nothing.

The findings come from the same pipeline as ``ops-lint check`` (``pipeline.lint``), run
without the parse cache (a test run writes nothing into the project).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ops_lint.pipeline import RunResult


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ops-lint", "operations docs compliance")
    group.addoption("--ops-lint", action="store_true", help="check the doc set with ops-lint")
    group.addoption("--ops-lint-config", metavar="FILE", help="ops-lint config file")
    group.addoption(
        "--ops-lint-as-of",
        metavar="DATE",
        help="evaluate dates (suppression expiry, staleness) as of DATE (YYYY-MM-DD)",
    )


class OpsLintFindings(Exception):
    pass


class OpsLintItem(pytest.Item):
    def __init__(self, *, evaluation: Any, floor: Any, shown: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.evaluation = evaluation
        self.floor = floor
        self.shown = shown  # a project-relative path as shown: relative to the invocation dir
        self.add_marker("ops_lint")

    def runtest(self) -> None:
        failing = [d for d in self.evaluation.findings if d.severity >= self.floor]
        if failing:
            raise OpsLintFindings(failing)

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, OpsLintFindings):
            return "\n".join(
                f"{self.shown(d.path)}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}"
                + (f"\n    hint: {d.hint}" if d.hint else "")
                for d in excinfo.value.args[0]
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        path = self.shown(self.evaluation.path)
        return Path(path), 0, f"{self.evaluation.code} {path}"


class OpsLintCollector(pytest.Collector):
    def collect(self) -> list[pytest.Item]:
        from ops_lint.diagnostic import Severity
        from ops_lint.errors import UsageError
        from ops_lint.formats import RenderContext
        from ops_lint.formats.locations import shown_path

        cwd = Path(str(self.config.invocation_params.dir))
        try:
            result = run(
                cwd,
                self.config.getoption("ops_lint_config"),
                _as_of(self.config.getoption("ops_lint_as_of")),
            )
        except UsageError as exc:
            raise pytest.UsageError(f"ops-lint: {exc}") from None
        names = {r.code: r.name for r in result.rules}
        floor = Severity.parse(result.loaded.config.fail_on)
        context = RenderContext(cwd, result.loaded.root)

        def shown(path: str) -> str:
            return shown_path(path, context)

        return [
            OpsLintItem.from_parent(
                self,
                name=f"{ev.code} {names.get(ev.code, '')} [{shown(ev.path)}]",
                evaluation=ev,
                floor=floor,
                shown=shown,
            )
            for ev in sorted(result.report.evaluations, key=lambda e: (e.code, shown(e.path)))
        ]


def run(cwd: Path, config: str | None, as_of: dt.date | None) -> RunResult:
    """The plugin's run: ``ops-lint check`` with the given config and date, no parse cache."""
    from ops_lint.pipeline import RunOptions, lint

    return lint(RunOptions(cwd=cwd, config=config, as_of=as_of, use_cache=False))


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"ops-lint: not a date (YYYY-MM-DD): {value!r}") from None


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if not config.getoption("ops_lint"):
        return
    collector = OpsLintCollector.from_parent(session, name="ops-lint")
    items.extend(collector.collect())


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ops_lint: an ops-lint compliance check (rule x doc)")
