"""``pipeline.lint``: the one ``check`` pipeline behind the command line and the pytest plugin.

The plugin and ``ops-lint check`` must report the same findings: ``pytest --ops-lint``
(run with pytester) is compared with ``check`` on the bundled doc set and on a failing
case of every rule; the plugin's run is compared with ``check`` on every case of every
rule fixture (``tests/fixtures/rules/*.yaml``, materialised as
``tests/test_rule_fixtures.py`` does).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint import pytest_plugin
from ops_lint.errors import UsageError
from ops_lint.pipeline import RunOptions, lint
from ops_lint.pytest_plugin import OpsLintItem
from tests.conftest import ROOT, write_tree
from tests.gitrepo import GitRepo
from tests.test_rule_fixtures import _load_cases

Finding = tuple[str, int, int, str, str]
BAD = "# Bad\n\nOwner TBD.\n"


def _plugin_findings(pytester: pytest.Pytester, as_of: str) -> list[Finding]:
    """What ``pytest --ops-lint`` finds, read from its collected items."""
    recorder = pytester.inline_run(
        "-p",
        "no:pytest-lsp",
        "-p",
        "no:asyncio",
        "--collect-only",
        "--ops-lint",
        "--ops-lint-as-of",
        as_of,
    )
    items = recorder.getcall("pytest_collection_finish").session.items
    assert items, "the plugin collected nothing"
    return sorted(
        (d.path, d.line, d.column, d.code, d.message)
        for item in items
        if isinstance(item, OpsLintItem)
        for d in item.evaluation.findings
    )


def _check_findings(ops_lint: Any, cwd: Path, as_of: str) -> list[Finding]:
    result = ops_lint(cwd, "check", "--format", "json", "--as-of", as_of)
    assert result.code in (0, 1), result.err
    return sorted(
        (d["path"], d["line"], d["column"], d["code"], d["message"])
        for d in result.json()["diagnostics"]
    )


@pytest.mark.parametrize("as_of", ["2026-11-27", "2031-01-01"])
def test_plugin_and_check_agree_on_the_bundled_docs(
    pytester: pytest.Pytester, ops_lint: Any, as_of: str
) -> None:
    shutil.copytree(ROOT / "ops-docs", pytester.path / "ops-docs")
    from_plugin = _plugin_findings(pytester, as_of)
    assert from_plugin == _check_findings(ops_lint, pytester.path, as_of)
    if as_of > "2030":  # years later the docs are stale: the comparison is not of nothing
        assert from_plugin


def _materialise(path: Path, code: str, case: dict[str, Any]) -> str:
    """The case's project in ``path``, as ``tests/test_rule_fixtures.py`` makes it; its date."""
    config = {"docs": ["ops-docs"], "select": [code], **case.get("config", {})}
    if "git" in case:
        GitRepo(path).apply(case["git"])
    write_tree(path, case.get("files", {}))
    (path / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return str(case.get("as_of", "2026-11-27"))


@pytest.mark.slow  # about 250 cases, each run twice; the bundled docs are compared above
@pytest.mark.parametrize(("code", "case"), _load_cases())
def test_the_plugins_run_and_check_agree_on_every_rule_fixture(
    tmp_path: Path,
    ops_lint: Any,
    monkeypatch: pytest.MonkeyPatch,
    code: str,
    case: dict[str, Any],
) -> None:
    """What the plugin's items are made of (its run's evaluations) is what check reports."""
    as_of = _materialise(tmp_path, code, case)
    monkeypatch.chdir(tmp_path)  # pytest runs the plugin in its invocation folder
    result = pytest_plugin.run(tmp_path, None, dt.date.fromisoformat(as_of))
    from_plugin = sorted(
        (d.path, d.line, d.column, d.code, d.message)
        for ev in result.report.evaluations
        for d in ev.findings
    )
    assert from_plugin == _check_findings(ops_lint, tmp_path, as_of)


def _one_failing_case_per_rule() -> list[Any]:
    seen: set[str] = set()
    chosen = []
    for param in _load_cases():
        code, case = param.values
        if case["expect"] and code not in seen and not case.get("paths"):
            seen.add(code)
            chosen.append(param)
    return chosen


@pytest.mark.slow
@pytest.mark.parametrize(("code", "case"), _one_failing_case_per_rule())
def test_pytest_ops_lint_and_check_agree_on_a_failing_case_of_every_rule(
    pytester: pytest.Pytester, ops_lint: Any, code: str, case: dict[str, Any]
) -> None:
    as_of = _materialise(pytester.path, code, case)
    from_plugin = _plugin_findings(pytester, as_of)
    assert from_plugin == _check_findings(ops_lint, pytester.path, as_of)


def _project(tmp_path: Path) -> Path:
    write_tree(
        tmp_path,
        {".ops-lint.yaml": "select: [OPS004, OPS005]\n", "ops-docs/bad.md": BAD},
    )
    return tmp_path


def test_lint_returns_the_report_and_what_rendering_needs(tmp_path: Path) -> None:
    day = dt.date(2026, 11, 27)
    result = lint(RunOptions(cwd=_project(tmp_path), as_of=day, use_cache=False))
    assert [(d.code, d.line, d.column) for d in result.report.diagnostics] == [("OPS004", 3, 7)]
    assert result.as_of == day
    assert result.loaded.root == tmp_path
    assert result.enabled("OPS004") and not result.enabled("OPS203")
    assert not (tmp_path / ".ops_lint_cache").exists()  # use_cache=False writes nothing


def test_lint_defaults_to_today_and_options_replace_the_config(tmp_path: Path) -> None:
    result = lint(RunOptions(cwd=_project(tmp_path), select=("OPS005",), use_cache=False))
    assert result.as_of == dt.date.today()
    assert result.report.diagnostics == []
    assert not result.enabled("OPS004")


def test_lint_splits_off_baselined_findings(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = lint(RunOptions(cwd=project, use_cache=False))
    from ops_lint import baseline

    (tmp_path / "baseline.json").write_text(baseline.dump(first.report.diagnostics))
    again = lint(RunOptions(cwd=project, baseline=str(tmp_path / "baseline.json")))
    assert again.report.diagnostics == []
    assert len(again.report.baselined) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"update_baseline": True}, "--update-baseline needs --baseline FILE"),
        (
            {"update_baseline": True, "baseline": "b.json", "changed_from": "HEAD"},
            "drop --changed-from",
        ),
        ({"config": "missing.yaml"}, "config file not found"),
    ],
)
def test_lint_usage_errors(tmp_path: Path, options: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        lint(RunOptions(cwd=_project(tmp_path), use_cache=False, **options))
