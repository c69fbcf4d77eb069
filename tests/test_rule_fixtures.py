"""Pass/fail cases per rule, from ``tests/fixtures/rules/<CODE>.yaml``.

Each file holds ``cases``: a tree of ``files``, an optional ``config`` (the
``.ops-lint.yaml`` of the case; ``select`` defaults to the rule's own code), an optional
``as_of`` date, optional ``git`` commits (message, date, author, files, moves,
deletes) made in a real repository before ``files`` are written as uncommitted changes,
and ``expect``: the findings as ``"path:line:column CODE"`` strings (empty for a
passing case; line and column are 1-based and both required, the column pointing at the
offending text). ``message`` optionally lists substrings the messages (or hints) must contain.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint.packs import bundled_rules_dir
from tests.conftest import FIXTURES, write_tree
from tests.gitrepo import GitRepo

RULE_FIXTURES = FIXTURES / "rules"
EXPECTED_FINDING = re.compile(r"^\S+:[1-9][0-9]*:[1-9][0-9]* [A-Z]+[0-9]+$")


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(RULE_FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}"))
    return params


def _bundled_codes() -> list[str]:
    codes = []
    for pack in sorted(bundled_rules_dir().glob("*.yaml")):
        codes += [r["code"] for r in yaml.safe_load(pack.read_text(encoding="utf-8"))["rules"]]
    return codes


@pytest.mark.parametrize(("code", "case"), _load_cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path, ops_lint: Any) -> None:
    config = {"docs": ["ops-docs"], "select": [code], **case.get("config", {})}
    if "git" in case:
        GitRepo(tmp_path).apply(case["git"])
    write_tree(tmp_path, case.get("files", {}))
    (tmp_path / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    args = ["check", "--format", "json", "--as-of", str(case.get("as_of", "2026-11-27"))]
    result = ops_lint(tmp_path, *args, *case.get("paths", []))
    assert result.code in (0, 1), result.err
    diags = result.json()["diagnostics"]
    got = sorted(f"{d['path']}:{d['line']}:{d['column']} {d['code']}" for d in diags)
    assert got == sorted(case["expect"]), "\n".join(d["message"] for d in diags)
    messages = " | ".join(f"{d['message']} ({d['hint']})" for d in diags)
    for fragment in case.get("message", []):
        assert fragment in messages


@pytest.mark.parametrize(("code", "case"), _load_cases())
def test_expected_findings_pin_line_and_column(code: str, case: dict[str, Any]) -> None:
    unpinned = [e for e in case["expect"] if not EXPECTED_FINDING.match(e)]
    assert not unpinned, f"{code}: write these as 'path:line:column CODE': {unpinned}"


@pytest.mark.parametrize("code", _bundled_codes())
def test_every_rule_has_pass_and_fail_cases(code: str) -> None:
    path = RULE_FIXTURES / f"{code}.yaml"
    assert path.is_file(), f"no fixture file {path.name} for {code}"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    assert any(not c["expect"] for c in cases), f"{code}: no passing case"
    assert any(c["expect"] for c in cases), f"{code}: no failing case"
