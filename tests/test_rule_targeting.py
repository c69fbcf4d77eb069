"""Rule targeting from config: per-rule ``applies_to``, the doc-type key and precedence,
pack rules no ``select`` enables, and config paths relative to the project root."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint.config import LoadedConfig, validate
from ops_lint.discovery import discover
from ops_lint.errors import ConfigError
from ops_lint.loader import load_documents
from ops_lint.packs import load_rules
from ops_lint.targeting import decide_type, unselected_notices
from tests.conftest import write_tree

ROSTER = "teams:\n  - id: payments\n    name: Payments\n"
PACK = """\
pack: team
rules:
  - code: TEAM001
    name: runbook-placeholders
    check: placeholders
    summary: Placeholders are left in a runbook.
    severity: error
    applies_to: {types: [runbook], paths: ["docs/runbooks/"]}
"""


def _doc(body: str = "Steps.\n", **meta: str) -> str:
    front = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return f"---\n{front}---\n# Title\n\n{body}"


def _project(root: Path, config: dict[str, Any], files: dict[str, str]) -> None:
    (root / ".git").mkdir(exist_ok=True)  # the project's top: config search stops here
    write_tree(root, {".ops-lint.yaml": yaml.safe_dump(config), **files})


def _codes(result: Any) -> set[tuple[str, str]]:
    return {(Path(d["path"]).name, d["code"]) for d in result.json()["diagnostics"]}


def _team(root: Path, ops: Any, settings: dict[str, Any], files: dict[str, str]) -> Any:
    config = {"docs": ["docs"], "packs": ["team.yaml"], "select": ["TEAM"], **settings}
    _project(root, config, {"team.yaml": PACK, **files})
    return ops(root, "check", "--format", "json")


# --- applies_to from config ---------------------------------------------------------


def test_config_aims_a_bundled_rule_at_another_doc_type(tmp_path: Path, ops_lint: Any) -> None:
    guide = _doc(title="Deploys", type="guide", owner="nobody-here")
    files = {"docs/guide.md": guide, "owners.yaml": ROSTER}
    config: dict[str, Any] = {"docs": ["docs"], "owners": "owners.yaml", "select": ["OPS105"]}
    _project(tmp_path, config, files)
    assert _codes(ops_lint(tmp_path, "check", "--format", "json")) == set()
    config["rules"] = {"ops105": {"applies_to": {"types": ["guide"]}}}
    _project(tmp_path, config, files)
    assert _codes(ops_lint(tmp_path, "check", "--format", "json")) == {("guide.md", "OPS105")}


def test_each_given_key_replaces_the_packs_and_the_others_stay(
    tmp_path: Path, ops_lint: Any
) -> None:
    files = {
        "docs/runbooks/a.md": _doc("TODO\n", type="runbook"),
        "docs/guides/b.md": _doc("TODO\n", type="runbook"),
        "docs/guides/c.md": _doc("TODO\n", type="guide"),
    }
    result = _team(tmp_path, ops_lint, {}, files)
    assert _codes(result) == {("a.md", "TEAM001")}
    paths_only = {"rules": {"TEAM001": {"applies_to": {"paths": ["docs/guides/"]}}}}
    assert _codes(_team(tmp_path, ops_lint, paths_only, files)) == {("b.md", "TEAM001")}
    every: dict[str, Any] = {"rules": {"TEAM001": {"applies_to": {"types": [], "paths": []}}}}
    assert {p for p, _ in _codes(_team(tmp_path, ops_lint, every, files))} == {
        "a.md",
        "b.md",
        "c.md",
    }


@pytest.mark.parametrize(
    ("applies_to", "expected"),
    [
        ({"types": ["../secret"]}, "is not a plain name"),
        ({"paths": ["{a,b}" * 9]}, "applies_to.paths"),  # expands too far
        ({"kinds": ["runbook"]}, "expected one of: types, paths"),
        ({"types": "runbook"}, "applies_to.types"),
    ],
)
def test_a_bad_applies_to_is_a_config_error(applies_to: dict[str, Any], expected: str) -> None:
    data = {"rules": {"OPS105": {"applies_to": applies_to}}}
    with pytest.raises(ConfigError, match=expected):
        validate(data, Path("c.yaml"))


# --- the doc type: key and precedence --------------------------------------------------


def test_type_key_reads_the_type_from_another_front_matter_key(
    tmp_path: Path, ops_lint: Any
) -> None:
    files = {"docs/runbooks/a.md": _doc("TODO\n", type="page", ops_type="runbook")}
    assert _codes(_team(tmp_path, ops_lint, {}, files)) == set()
    keyed = _team(tmp_path, ops_lint, {"type_key": "ops_type"}, files)
    assert _codes(keyed) == {("a.md", "TEAM001")}


def test_types_precedence_lets_config_types_win(tmp_path: Path, ops_lint: Any) -> None:
    files = {"docs/runbooks/a.md": _doc("TODO\n", type="reference")}
    typed = {"types": {"docs/runbooks/": "runbook"}}
    assert _codes(_team(tmp_path, ops_lint, typed, files)) == set()
    config_wins = {**typed, "types_precedence": "config"}
    assert _codes(_team(tmp_path, ops_lint, config_wins, files)) == {("a.md", "TEAM001")}


def test_decide_type_falls_back_to_the_other_source() -> None:
    types = {"runbooks/": "runbook"}
    meta = {"type": "reference", "kind": " guide "}
    assert decide_type(meta, "runbooks/a.md", types) == "reference"
    assert decide_type(meta, "runbooks/a.md", types, precedence="config") == "runbook"
    assert decide_type(meta, "other/a.md", types, precedence="config") == "reference"
    assert decide_type(meta, "other/a.md", types, type_key="kind") == "guide"
    assert decide_type({"type": 3}, "runbooks/a.md", types) == "runbook"
    assert decide_type({}, "other/a.md", types) is None


@pytest.mark.parametrize("bad", ["", "a b", "x" * 101, "../type"])
def test_a_bad_type_key_is_a_config_error(bad: str) -> None:
    with pytest.raises(ConfigError, match="type_key"):
        validate({"type_key": bad}, Path("c.yaml"))


def test_check_and_freshness_see_the_same_type(tmp_path: Path) -> None:
    write_tree(tmp_path, {"docs/a.md": _doc(type="page", ops_type="runbook")})
    config = validate({"docs": ["docs"], "type_key": "ops_type"}, Path("c.yaml"))
    loaded = LoadedConfig(config, tmp_path, None)
    full = load_documents(discover(loaded), loaded, jobs=1)
    light = load_documents(discover(loaded), loaded, light=True)
    assert [d.doc_type for d in full] == [d.doc_type for d in light] == ["runbook"]


# --- pack rules no select enables ------------------------------------------------------


def test_a_pack_rule_no_select_enables_is_a_warning(tmp_path: Path, ops_lint: Any) -> None:
    files = {"docs/runbooks/a.md": _doc("TODO\n", type="runbook")}
    result = _team(tmp_path, ops_lint, {"select": ["OPS"]}, files)
    warnings = [line for line in result.err.splitlines() if "TEAM001" in line]
    assert len(warnings) == 1
    assert "runbook-placeholders" in warnings[0] and "add 'TEAM' to select" in warnings[0]
    assert "warning:" in warnings[0] and _codes(result) == set()


@pytest.mark.parametrize(
    ("settings", "args"),
    [
        ({"select": ["OPS", "TEAM"]}, ()),
        ({"select": ["TEAM"], "ignore": ["TEAM001"]}, ()),  # switched off on purpose
        ({"select": ["OPS"]}, ("--select", "OPS004")),  # narrowed on the command line
    ],
)
def test_no_warning_when_select_covers_the_rule_or_a_choice_was_made(
    tmp_path: Path, ops_lint: Any, settings: dict[str, Any], args: tuple[str, ...]
) -> None:
    config = {"docs": ["docs"], "packs": ["team.yaml"], **settings}
    _project(tmp_path, config, {"team.yaml": PACK, "docs/a.md": _doc(type="runbook")})
    result = ops_lint(tmp_path, "check", *args)
    assert "TEAM001" not in result.err and "never run" not in result.err


def test_bundled_rules_outside_select_are_a_choice_not_a_warning(
    tmp_path: Path, ops_lint: Any
) -> None:
    _project(tmp_path, {"docs": ["docs"], "select": ["OPS00"]}, {"docs/a.md": _doc()})
    assert "never run" not in ops_lint(tmp_path, "check").err


def test_many_silent_rules_make_one_line_per_prefix() -> None:
    rules = [(f"ACME{i:03}", f"r{i}", "/p/acme.yaml") for i in range(8)]
    rules.append(("XY001", "xy", "/p/xy.yaml"))
    notices = unselected_notices(rules, ["OPS", "xy"], ".ops-lint.yaml")
    assert len(notices) == 1
    assert "ACME000 (r0, acme.yaml)" in notices[0] and "and 3 more" in notices[0]
    assert "ACME005" not in notices[0] and "'ACME'" in notices[0]


# --- paths in the config are relative to the project root ------------------------------


SCHEMA = """{"type": "object", "required": ["service"],
 "properties": {"service": {"type": "string", "description": "the service"}}}"""


def test_config_paths_resolve_against_the_project_root_from_a_subfolder(
    tmp_path: Path, ops_lint: Any
) -> None:
    config = {
        "docs": ["docs"],
        "packs": ["builtin", "packs/team.yaml"],
        "owners": "teams/owners.yaml",
        "select": ["OPS002", "OPS105", "TEAM"],
        "rules": {"OPS002": {"options": {"schemas": "meta/schemas"}}},
    }
    files = {
        "packs/team.yaml": PACK,
        "teams/owners.yaml": ROSTER,
        "meta/schemas/common.schema.json": '{"type": "object"}',
        "meta/schemas/runbook.schema.json": SCHEMA,
        "docs/runbooks/a.md": _doc("TODO\n", type="runbook", owner="payments"),
        "docs/runbooks/b.md": _doc(type="runbook", owner="ghosts", service="api"),
    }
    _project(tmp_path, config, files)
    result = ops_lint(tmp_path / "docs" / "runbooks", "check", "--format", "json")
    assert _codes(result) == {("a.md", "OPS002"), ("a.md", "TEAM001"), ("b.md", "OPS105")}
    assert any("service" in d["message"] for d in result.json()["diagnostics"])


def test_a_schemas_folder_set_in_config_must_exist_in_the_project(tmp_path: Path) -> None:
    data = {"rules": {"OPS002": {"options": {"schemas": "schemas"}}}}  # the bundled name
    with pytest.raises(ConfigError, match="is not a directory"):
        load_rules(LoadedConfig(validate(data, tmp_path / "c.yaml"), tmp_path, None))
