"""Check kinds do not know the bundled pack's codes, and the bundled packs state no default.

A pack may bind a kind under any code: a message that points at another rule names the
code this run gives it, ``ops-lint rules CODE`` gives the codes of the kinds its text
names, and option defaults live once, in each kind's ``Options``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint import packs
from ops_lint.checks import registry
from ops_lint.config import LoadedConfig, validate
from ops_lint.errors import PackError
from ops_lint.pipeline import RunOptions, lint
from ops_lint.rule_docs import explain
from tests.conftest import ROOT, write_tree

CHECKS = ROOT / "ops_lint" / "checks"
BUNDLED_CODE = re.compile(r"\bOPS\d{3}\b")

REBOUND_PACK = """\
pack: acme
rules:
  - {code: AC201, name: levels, check: severity-levels, summary: s, severity: error}
  - {code: AC202, name: complete, check: severity-complete, summary: s, severity: error}
  - {code: AC203, name: response, check: severity-response-target, summary: s, severity: error}
"""

NO_MATRIX = "---\ntype: handover\n---\n# Handover\n"
NO_RESPONSE_COLUMN = """\
---
type: handover
---
# Handover

## Incident Classification Matrix

| Severity | Escalation path |
|---|---|
| S0 | L2 → IC |
"""
NOT_A_DURATION = NO_RESPONSE_COLUMN.replace("Escalation path", "Response time").replace(
    "L2 → IC", "ASAP"
)


def _bundled_code_lines(path: Path) -> list[str]:
    """Lines of a check module naming a bundled code, but for directive syntax examples."""
    return [
        f"{path.name}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BUNDLED_CODE.search(line) and "<!-- ops-lint-" not in line
    ]


def test_check_kinds_name_no_bundled_code() -> None:
    found = [hit for path in sorted(CHECKS.glob("*.py")) for hit in _bundled_code_lines(path)]
    assert found == []


def test_the_source_scan_sees_a_code(tmp_path: Path) -> None:
    module = tmp_path / "kind.py"
    module.write_text('"""As for OPS201."""\n# <!-- ops-lint-enable OPS201 -->\n')
    assert _bundled_code_lines(module) == ['kind.py:1: """As for OPS201."""']


def _rebound_project(tmp_path: Path) -> Path:
    files = {
        "acme.yaml": REBOUND_PACK,
        "ops-docs/no-matrix.md": NO_MATRIX,
        "ops-docs/no-response.md": NO_RESPONSE_COLUMN,
        "ops-docs/asap.md": NOT_A_DURATION,
        ".ops-lint.yaml": yaml.safe_dump(
            {"docs": ["ops-docs"], "packs": ["acme.yaml"], "select": ["AC"]}
        ),
    }
    write_tree(tmp_path, files)
    return tmp_path


def test_a_rebound_kind_is_named_by_the_runs_code(tmp_path: Path) -> None:
    report = lint(RunOptions(cwd=_rebound_project(tmp_path), use_cache=False)).report
    texts = [d.message + " " + d.hint for d in report.diagnostics]
    texts += [e.note for ev in report.evaluations for e in ev.evidence]
    said = "\n".join(texts)
    assert "no severity matrix to check (AC201 reports it)" in said
    assert "has no response column (AC202)" in said
    assert "see `ops-lint rules AC203`" in said
    assert "OPS" not in said


def test_rules_named_in_the_docs_get_the_packs_codes(tmp_path: Path) -> None:
    root = _rebound_project(tmp_path)
    source = root / ".ops-lint.yaml"
    config = validate({"packs": ["acme.yaml"]}, source)
    rules = packs.load_rules(LoadedConfig(config, root, source))
    text = explain(next(r for r in rules if r.code == "AC203"), rules)
    last = text.rstrip().splitlines()[-1]
    assert last == "Rules named above: `severity-levels` = AC201, `severity-complete` = AC202"
    assert "OPS2" not in text


def test_a_suppression_rule_always_names_its_problem(tmp_path: Path) -> None:
    rule = "{code: OPS901, name: s, check: suppression, summary: s, severity: warning}"
    pack = f"pack: p\nrules:\n  - {rule}\n"
    write_tree(tmp_path, {"p.yaml": pack})
    source = tmp_path / ".ops-lint.yaml"
    config = validate({"packs": ["p.yaml"]}, source)
    with pytest.raises(PackError) as caught:
        packs.load_rules(LoadedConfig(config, tmp_path, source))
    assert str(caught.value).endswith(
        "$.rules[0].options.problem: the 'suppression' check needs options.problem "
        "(one of missing-reason, unused, expired, malformed)"
    )


def _bundled_rules() -> list[tuple[str, str, dict[str, Any]]]:
    """(pack file and code, check kind, options) of every bundled rule that sets options."""
    rows = []
    for path in sorted(packs.bundled_rules_dir().glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            if rule.get("options"):
                rows.append((f"{path.name} {rule['code']}", rule["check"], rule["options"]))
    return rows


def _repeated_defaults(kind: str, given: dict[str, Any]) -> list[str]:
    """The options in ``given`` whose value, once bound, is the default of ``kind``."""
    model = registry()[kind].options
    bound = model.model_validate(given)
    fields = model.model_fields
    return [
        name
        for name in given
        if not fields[name].is_required()
        and getattr(bound, name) == fields[name].get_default(call_default_factory=True)
    ]


@pytest.mark.parametrize(("where", "kind", "given"), _bundled_rules())
def test_the_bundled_packs_set_no_option_to_its_default(
    where: str, kind: str, given: dict[str, Any]
) -> None:
    assert _repeated_defaults(kind, given) == [], where


def test_a_repeated_default_is_seen() -> None:
    assert _repeated_defaults("raci-roles", {"min_roles": 5}) == ["min_roles"]
    assert _repeated_defaults("raci-roles", {"min_roles": 6}) == []
    assert _repeated_defaults("postmortem-deadline", {"max_hours": 72}) == ["max_hours"]
