"""Configuration: where it is found, how it is validated, which paths it may name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ops_lint import config, config_files
from ops_lint.errors import ConfigError
from tests.conftest import write_tree


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    return tmp_path / "repo"


def test_defaults_without_a_config(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    loaded = config.load(None, repo)
    assert (loaded.source, loaded.root, loaded.describe()) == (None, repo, "defaults")
    assert loaded.config.docs == ["ops-docs"]
    assert loaded.config.select == ["OPS"]
    assert loaded.config.max_file_size == 5_000_000


def test_discovery_walks_up_to_the_nearest_config(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    write_tree(repo, {".ops-lint.yaml": "docs: [handbook]\n", "handbook/deep/x.md": ""})
    loaded = config.load(None, repo / "handbook" / "deep")
    assert loaded.source == repo / ".ops-lint.yaml"
    assert loaded.root == repo
    assert loaded.config.docs == ["handbook"]


def test_yaml_config_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    write_tree(
        repo,
        {
            ".ops-lint.yml": "docs: [from-yaml]\n",
            "pyproject.toml": '[tool.ops-lint]\ndocs = ["from-toml"]\n',
        },
    )
    assert config_files.discover(repo) == repo / ".ops-lint.yml"


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    write_tree(repo, {"pyproject.toml": "[project]\nname = 'x'\n", "sub/pyproject.toml": ""})
    assert config_files.discover(repo / "sub") is None
    write_tree(repo, {"pyproject.toml": '[tool.ops-lint]\nselect = ["OPS1"]\n'})
    assert config.load(None, repo / "sub").config.select == ["OPS1"]


def test_search_stops_at_the_top_of_the_repository(tmp_path: Path) -> None:
    write_tree(tmp_path, {".ops-lint.yaml": "docs: [elsewhere]\n"})
    repo = _repo(tmp_path)
    assert config_files.discover(repo) is None
    assert config.repository_top(repo / "a" / "b") == repo


def test_explicit_config_may_be_anywhere_and_sets_the_root(tmp_path: Path) -> None:
    write_tree(tmp_path, {"conf/lint.yaml": "docs: [docs]\n"})
    loaded = config.load("conf/lint.yaml", tmp_path)
    assert loaded.root == tmp_path / "conf"
    with pytest.raises(ConfigError, match="config file not found"):
        config.load("missing.yaml", tmp_path)


def test_dashed_and_underscored_keys_are_the_same(tmp_path: Path) -> None:
    a = config.validate({"max_file_size": 10, "fail-on": "warning"}, tmp_path / "c")
    b = config.validate({"max-file-size": 10, "fail_on": "warning"}, tmp_path / "c")
    assert a == b
    assert (a.max_file_size, a.fail_on) == (10, "warning")


def test_rule_codes_are_upper_cased() -> None:
    cfg = config.validate({"rules": {"ops101": {"severity": "info"}}}, Path("c"))
    assert cfg.rules["OPS101"].severity == "info"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"doc": ["x"]}, "unknown key 'doc' (expected one of: docs,"),
        ({"freshness": {"basis": "never"}}, "key 'freshness.basis'"),
        ({"rules": {"OPS1": {"level": "x"}}}, "unknown key 'rules.OPS1.level'"),
        ({"max-file-size": 5.5}, "key 'max-file-size'"),
        ({"max-nesting": 2}, "key 'max-nesting'"),
        ({"types": {"runbooks/": "../x"}}, "is not a plain name"),
        ({"fail-on": "fatal"}, "key 'fail-on'"),
    ],
    ids=["unknown", "enum", "rule-key", "float-size", "nesting-low", "type", "fail-on"],
)
def test_validation_errors_name_the_file_and_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config.validate(data, Path("/p/.ops-lint.yaml"))
    text = str(caught.value)
    assert text.startswith("/p/.ops-lint.yaml: ")
    assert message in text
    assert "\n" not in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]\n", "config must be a mapping"),
        ("docs: [\n", "invalid YAML"),
        ("x: !!python/object/apply:os.system ['true']\n", "invalid YAML"),
    ],
    ids=["list", "broken", "unsafe-tag"],
)
def test_unreadable_config_files(tmp_path: Path, text: str, message: str) -> None:
    repo = _repo(tmp_path)
    write_tree(repo, {".ops-lint.yaml": text})
    with pytest.raises(ConfigError, match=message):
        config.load(None, repo)


def test_an_empty_yaml_file_is_the_defaults(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    write_tree(repo, {".ops-lint.yaml": ""})
    loaded = config.load(None, repo)
    assert loaded.source == repo / ".ops-lint.yaml"
    assert loaded.config == config.Config()


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"docs": ["../outside"]}, "docs"),
        ({"docs": ["/etc"]}, "docs"),
        ({"owners": "a/../../owners.yaml"}, "owners"),
        ({"packs": ["../../secret.yaml"]}, "packs"),
        ({"freshness": {"ignore_revs": "/abs/revs"}}, "freshness.ignore_revs"),
        ({"freshness": {"ignore_revs": "../revs"}}, "freshness.ignore_revs"),
    ],
    ids=["docs-up", "docs-abs", "owners", "packs", "revs-abs", "revs-up"],
)
def test_paths_must_stay_inside_the_project(
    tmp_path: Path, data: dict[str, object], key: str
) -> None:
    repo = _repo(tmp_path)
    cfg = config.validate(data, repo / ".ops-lint.yaml")
    with pytest.raises(ConfigError, match=f"key '{key}'"):
        config.check_paths(cfg, repo, repo / ".ops-lint.yaml")


def test_paths_inside_the_project_and_builtin_pass(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    cfg = config.validate(
        {"docs": ["a/../docs"], "packs": ["builtin", "rules/"], "owners": "docs/o.yaml"},
        repo / ".ops-lint.yaml",
    )
    config.check_paths(cfg, repo, repo / ".ops-lint.yaml")


def test_config_symlinked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    write_tree(tmp_path, {"secret.yaml": "docs: [x]\n"})
    os.symlink(tmp_path / "secret.yaml", repo / ".ops-lint.yaml")
    with pytest.raises(ConfigError, match="cannot read config"):
        config.load(None, repo)
