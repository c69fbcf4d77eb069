"""Rule packs: loading, schema validation with JSON paths, option binding, overrides."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ops_lint import packs
from ops_lint.config import LoadedConfig, validate
from ops_lint.diagnostic import Severity
from ops_lint.errors import ConfigError, PackError
from tests.conftest import write_tree

PACK = """\
pack: team
rules:
  - code: TEAM001
    name: sections
    check: required-sections
    summary: Sections are missing.
    severity: warning
    applies_to: {types: [runbook], paths: ["runbooks/"]}
    options:
      required: {runbook: [Steps, Rollback]}
      aliases: {Steps: [Procedure]}
    message: "team policy: {message}"
    hint: ask the ops team
    docs: Why this matters.
  - code: TEAM002
    name: placeholders
    check: placeholders
    summary: Placeholders are left.
    severity: error
"""


def _load(root: Path, settings: dict[str, Any] | None = None) -> list[packs.Rule]:
    source = root / ".ops-lint.yaml"
    config = validate({"packs": ["team.yaml"], **(settings or {})}, source)
    return packs.load_rules(LoadedConfig(config, root, source))


def _error(root: Path, rules: str, exc: type[Exception] = PackError) -> str:
    write_tree(root, {"team.yaml": "pack: team\nrules:\n" + rules})
    with pytest.raises(exc) as caught:
        _load(root)
    return str(caught.value)


def test_the_bundled_pack_loads_sorted_by_code() -> None:
    rules = packs.load_rules(LoadedConfig(validate({}, Path("x")), Path.cwd(), None))
    codes = [r.code for r in rules]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    assert {"OPS000", "OPS901", "OPS902", "OPS903", "OPS904"} <= set(codes)
    assert all(r.source.endswith((".yaml", ".yml")) for r in rules)


def test_a_pack_entry_becomes_a_rule(tmp_path: Path) -> None:
    write_tree(tmp_path, {"team.yaml": PACK})
    first, second = _load(tmp_path)
    assert (first.code, first.name, first.kind.name) == ("TEAM001", "sections", "required-sections")
    assert first.severity is Severity.WARNING
    assert (first.types, first.paths) == (("runbook",), ("runbooks/",))
    assert (first.message, first.hint, first.docs) == (
        "team policy: {message}",
        "ask the ops team",
        "Why this matters.",
    )
    assert first.options.model_dump()["required"] == {"runbook": ["Steps", "Rollback"]}
    assert first.source == str(tmp_path / "team.yaml")
    assert (second.severity, second.message, second.hint) == (Severity.ERROR, None, None)


def test_a_folder_of_packs_is_every_yaml_file_in_it(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"rules/a.yaml": PACK, "rules/b.yml": PACK.replace("TEAM00", "TEAM10"), "rules/n.txt": ""},
    )
    found = packs.pack_files(["rules"], tmp_path)
    assert [p.path.name for p in found] == ["a.yaml", "b.yml"]
    assert all(p.root == tmp_path for p in found)
    assert [p.path for p in packs.pack_files([], tmp_path)] == [
        p.path for p in packs.pack_files(["builtin"], tmp_path)
    ]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            "  - {code: T1, name: x, check: placeholders, summary: s, severity: error}\n",
            "$.rules[0].code: 'T1' does not match",
        ),
        (
            "  - {code: TEAM001, name: x, check: placeholders, summary: s, severity: fatal}\n",
            "$.rules[0].severity: 'fatal' is not one of",
        ),
        (
            "  - {code: TEAM001, name: x, check: nope, summary: s, severity: error}\n",
            "$.rules[0].check: unknown check kind 'nope' (known: ",
        ),
        (
            "  - {code: TEAM001, name: x, check: placeholders, summary: s, severity: error,"
            " options: {front_matter: maybe}}\n",
            "$.rules[0].options.front_matter: Input should be a valid boolean",
        ),
        (
            "  - {code: TEAM001, name: x, check: placeholders, summary: s, severity: error,"
            " options: {colour: red}}\n",
            "$.rules[0].options.colour: unknown option",
        ),
        (
            "  - {code: TEAM001, name: x, check: placeholders, summary: s, severity: error,"
            " applies_to: {paths: ['{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}']}}\n",
            "$.rules[0].applies_to.paths: ",
        ),
        (
            "  - {code: TEAM001, name: x, check: placeholders, summary: s, severity: error}\n"
            "  - {code: TEAM001, name: y, check: placeholders, summary: s, severity: error}\n",
            "$.rules[1].code: TEAM001 is already defined in ",
        ),
        ("  - [\n", "invalid YAML"),
    ],
    ids=["code", "severity", "kind", "option-type", "unknown-option", "paths", "dup", "yaml"],
)
def test_pack_errors_are_one_line_with_file_and_json_path(
    tmp_path: Path, rules: str, message: str
) -> None:
    text = _error(tmp_path, rules)
    assert text.startswith(str(tmp_path / "team.yaml"))
    assert message in text
    assert "\n" not in text


def test_a_missing_pack_or_one_outside_the_project(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    write_tree(tmp_path, {"outside.yaml": PACK})
    with pytest.raises(PackError, match="rule pack not found"):
        packs.pack_files(["gone.yaml"], tmp_path / "project")
    os.symlink(tmp_path / "outside.yaml", tmp_path / "project" / "team.yaml")
    with pytest.raises(PackError, match=r"team\.yaml: rule pack"):
        packs.pack_files(["team.yaml"], tmp_path / "project")


def test_config_overrides_merge_options_and_set_severity(tmp_path: Path) -> None:
    write_tree(tmp_path, {"team.yaml": PACK})
    settings = {
        "rules": {"team001": {"severity": "error", "options": {"required": {"policy": ["Scope"]}}}}
    }
    (first, _) = _load(tmp_path, settings)
    assert first.severity is Severity.ERROR
    dumped = first.options.model_dump()
    # mappings merge key by key; the pack's other values stay
    assert dumped["required"] == {"runbook": ["Steps", "Rollback"], "policy": ["Scope"]}
    assert dumped["aliases"] == {"Steps": ["Procedure"]}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"rules": {"TEAM404": {"severity": "info"}}}, "rules.TEAM404: no rule with this code"),
        (
            {"rules": {"TEAM002": {"options": {"front_matter": 3}}}},
            "rules.TEAM002.options.front_matter: ",
        ),
        (
            {"rules": {"TEAM002": {"options": {"pack_dir": "/etc"}}}},
            "rules.TEAM002.options.pack_dir: unknown option",
        ),
    ],
    ids=["unknown-code", "bad-option", "injected-option"],
)
def test_config_override_errors(tmp_path: Path, settings: dict[str, Any], message: str) -> None:
    write_tree(tmp_path, {"team.yaml": PACK})
    with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
        _load(tmp_path, settings)


def test_injected_options_are_the_loader_s_not_the_pack_s(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "rules/team.yaml": "pack: team\nrules:\n"
            "  - {code: TEAM003, name: fm, check: front-matter-schema, summary: s,"
            " severity: error, options: {pack_dir: /etc}}\n",
            "rules/schemas/common.schema.json": "{}",
        },
    )
    source = tmp_path / ".ops-lint.yaml"
    config = validate({"packs": ["rules/team.yaml"]}, source)
    (rule,) = packs.load_rules(LoadedConfig(config, tmp_path, source))
    assert rule.options.model_dump()["pack_dir"] == str(tmp_path / "rules")


def test_suppression_rules_need_a_problem_and_one_rule_each(tmp_path: Path) -> None:
    entry = (
        "  - {{code: {code}, name: s, check: suppression, summary: s, severity: warning{extra}}}\n"
    )
    text = _error(tmp_path, entry.format(code="TEAM901", extra=""))
    assert "needs options.problem" in text
    text = _error(
        tmp_path,
        entry.format(code="TEAM901", extra=", options: {problem: unused}")
        + entry.format(code="TEAM902", extra=", options: {problem: unused}"),
    )
    assert "suppression problem 'unused' is already reported by TEAM901" in text
