from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from ops_lint.cli import main

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Python source that sets ``built``: the ops-lint pydantic models whose validator was built
# in the process so far (a subprocess test appends it after the run it inspects).
BUILT_VALIDATORS = (
    "import pydantic\n"
    "def below(c):\n"
    "    for s in c.__subclasses__():\n"
    "        yield s\n"
    "        yield from below(s)\n"
    "built = sorted({c.__qualname__ for c in below(pydantic.BaseModel)\n"
    "                if c.__module__.startswith('ops_lint') and c.__pydantic_complete__})\n"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the golden files under tests/golden/ instead of comparing with them",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files (``pytest --update-goldens``)."""
    return bool(request.config.getoption("--update-goldens"))


def write_tree(base: Path, files: Mapping[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture(autouse=True, scope="session")
def _private_cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the cache signing key out of the user's home directory during tests."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def ops_lint(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """Run the CLI in-process: ``ops_lint(cwd, *args) -> Run``."""

    def run(cwd: Path, *args: str) -> Run:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    yield run


def run_cli(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run the CLI in a subprocess (for behaviour that involves the process itself)."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "ops_lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)
