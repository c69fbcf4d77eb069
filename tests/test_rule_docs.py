"""``ops-lint rules CODE`` names where a rule lives: its check module and its fixtures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

CODES = sorted(p.stem for p in (ROOT / "tests/fixtures/rules").glob("OPS*.yaml"))


@pytest.mark.parametrize("code", CODES)
def test_rules_code_names_the_check_module_and_fixture_file(code: str, ops_lint: Any) -> None:
    run = ops_lint(ROOT, "rules", code)
    assert run.code == 0, run.err
    module = re.search(r"^Check module: (ops_lint\.checks\.\w+) \((\w+\.py)\)$", run.out, re.M)
    assert module is not None, run.out
    path = Path(ROOT, *module.group(1).split(".")).with_suffix(".py")
    assert path.is_file() and path.name == module.group(2)
    assert f"\nFixtures: tests/fixtures/rules/{code}.yaml\n" in run.out
    assert (ROOT / f"tests/fixtures/rules/{code}.yaml").is_file()
    assert "pack_root" not in run.out and "pack_dir" not in run.out


def test_every_check_module_is_named_after_its_kind() -> None:
    from ops_lint.checks import registry

    for name, kind in registry().items():
        if kind.module.startswith("ops_lint.checks."):
            assert kind.module == "ops_lint.checks." + name.replace("-", "_"), (name, kind.module)
