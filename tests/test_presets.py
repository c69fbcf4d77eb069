"""Presets (``extends:``): bundled config for common conventions, merged under the project's."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ops_lint.config import Config, validate
from ops_lint.errors import ConfigError
from ops_lint.presets import apply_presets, deep_merge, known, load_preset
from tests.conftest import ROOT, write_tree
from tests.gitrepo import GitRepo

FIXTURES = ROOT / "tests" / "fixtures" / "presets"
EXPECTED = {
    "alert-runbooks": ["alerts/storage/QueueStuck.md OPS003 Mitigation"],
    "mkdocs-site": ["docs/index.md OPS005 /runbooks/no-such/"],
    "tech-docs-site": [
        "source/alerts/high-cpu.html.md OPS601 2025-01-01",
        "source/index.html.md.erb OPS005 /alerts/no-such.html",
    ],
}


AS_OF = "2026-12-01"  # every run is dated: the fixtures' review dates must not age out
RECENT = "2026-11-01"


def _findings(project: Path, ops_lint: Any) -> list[str]:
    result = ops_lint(project, "check", "--format", "json", "--no-cache", "--as-of", AS_OF)
    assert result.code in (0, 1), result.err
    diags = result.json()["diagnostics"]
    return sorted(f"{d['path']} {d['code']} {d['message']}" for d in diags)


def _copy(name: str, tmp_path: Path) -> Path:
    """The fixture, committed before its review dates, or a month before the run's date
    when it has none."""
    project = tmp_path / name
    shutil.copytree(FIXTURES / name, project)
    GitRepo(project).commit("docs", date="2024-06-01" if name == "tech-docs-site" else RECENT)
    return project


def test_every_bundled_preset_is_a_valid_config() -> None:
    assert known() == sorted(EXPECTED)
    for name in known():
        config = validate({"extends": [name]}, Path("cfg.yaml"))
        assert config.extends == [name]
        assert config != Config(extends=[name])  # the preset set something


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_repository_with_only_extends(name: str, tmp_path: Path, ops_lint: Any) -> None:
    project = _copy(name, tmp_path)
    assert (project / ".ops-lint.yaml").read_text(encoding="utf-8") == f"extends: [{name}]\n"
    found = _findings(project, ops_lint)
    assert len(found) == len(EXPECTED[name]), found
    for line, expected in zip(found, EXPECTED[name], strict=True):
        path, code, word = expected.split(" ", 2)
        assert line.startswith(f"{path} {code} ") and word in line, (line, expected)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_without_the_preset_the_fixture_is_misjudged(
    name: str, tmp_path: Path, ops_lint: Any
) -> None:
    project = _copy(name, tmp_path)
    config = load_preset(name)
    (project / ".ops-lint.yaml").write_text(f"docs: {config['docs']}\n", encoding="utf-8")
    assert _findings(project, ops_lint) != _findings(_copy(name, tmp_path / "with"), ops_lint)


def test_tech_docs_owner_comes_from_owner_slack(tmp_path: Path, ops_lint: Any) -> None:
    project = _copy("tech-docs-site", tmp_path)
    result = ops_lint(project, "freshness", "--format", "json", "--as-of", AS_OF)
    assert "#ops" in result.out and "(no owner)" not in result.out, result.out


def test_project_config_wins_mappings_merge_lists_replace() -> None:
    config = validate(
        {"extends": ["alert-runbooks"], "ignore": ["OPS305"], "runbooks": {"exempt": ["x.md"]}},
        Path("cfg.yaml"),
    )
    assert config.ignore == ["OPS305"]
    assert config.runbooks.exempt == ["x.md"]
    assert config.runbooks.trigger_from == ["front-matter", "file-name", "h1"]
    assert config.owner_sources == ["front-matter", "owners-files", "codeowners"]
    assert deep_merge({"a": {"b": 1, "c": [1]}}, {"a": {"c": [2]}}) == {"a": {"b": 1, "c": [2]}}


def test_later_presets_win_over_earlier_ones() -> None:
    merged = apply_presets({"extends": ["alert-runbooks", "mkdocs-site"]}, Path("c"))
    assert merged["docs"] == ["docs"] and merged["site"] == {"generator": "mkdocs"}
    assert "OPS003" in merged["rules"]


@pytest.mark.parametrize(
    "extends", ["no-such", "../ops_lint/presets/mkdocs-site", "https://example.com/p.yaml"]
)
def test_unknown_preset_is_a_config_error(extends: str, tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {".ops-lint.yaml": f"extends: [{extends!r}]\n"})
    result = ops_lint(tmp_path, "check", "--no-git", "--no-cache")
    assert result.code == 2
    assert "unknown preset" in result.err and "known: alert-runbooks, mkdocs-site" in result.err


def test_extends_must_be_names() -> None:
    with pytest.raises(ConfigError, match="list of preset names"):
        validate({"extends": [{"a": 1}]}, Path("cfg.yaml"))
