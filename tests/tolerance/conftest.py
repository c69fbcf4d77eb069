"""A copy of the bundled ops-docs per case, and one ``ops-lint check`` over it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.conftest import ROOT

AS_OF = "2026-11-27"


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
