"""A copy of the bundled ops-docs per case, and one ``ops-lint check`` over it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.conftest import ROOT

AS_OF = "2026-12-02"


class Linted(NamedTuple):
    """What ``ops-lint check --format json`` said about the copied doc set."""

    code: int
    diagnostics: list[dict[str, Any]]
    out: str

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [d for d in self.diagnostics if d["severity"] == "error"]

    def shown(self) -> str:
        """The findings, one a line, for assertion messages."""
        return "\n".join(
            f"{d['code']} {d['path']}:{d['line']}: {d['message']}" for d in self.diagnostics
        )


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """The bundled ops-docs, copied into a project with no config file."""
    shutil.copytree(ROOT / "ops-docs", tmp_path / "ops-docs")
    return tmp_path / "ops-docs"


@pytest.fixture
def lint(tmp_path: Path, ops_lint: Any) -> Callable[[], Linted]:
    """Run ``ops-lint check`` on the copied project (no git history, no cache)."""

    def run() -> Linted:
        result = ops_lint(
            tmp_path,
            "check",
            "--format",
            "json",
            "--no-git",
            "--no-cache",
            "--jobs",
            "1",
            "--as-of",
            AS_OF,
        )
        assert result.code in (0, 1), f"exit {result.code}: {result.err}"
        return Linted(result.code, result.json()["diagnostics"], result.out)

    return run


def _family(item: pytest.Item) -> str:
    """A case's test function and class: ``test_x[heading:…]`` -> ``test_x heading``;
    a case id without a class belongs to its function's family."""
    name, _, case = item.name.partition("[")
    return f"{name} {case.split(':', 1)[0]}" if ":" in case else name


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The first case of each family runs in the everyday core; the rest are ``slow``
    (CI and ``make test-all`` run every case)."""
    seen: set[str] = set()
    here = Path(__file__).parent
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        family = _family(item)
        if family in seen:
            item.add_marker(pytest.mark.slow)
        seen.add(family)
