"""Hostile config, rule packs, JSON Schemas, owners roster and links.

Each test builds the hostile repository itself (real git, real symlinks, real files) and
fails if the protection it covers is removed: doc types are plain names; schemas fetch
and read nothing outside their folder, run patterns with a time limit and validate within
a step budget; pack and config regexes are bounded; the config search stops at the
repository top and config paths stay inside the project; config, pack and roster YAML
have the node budget of front-matter; numeric settings are bounded; links that leave the
project are findings of their own and are never probed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, write_tree
from tests.gitrepo import GitRepo
from tests.hostile.conftest import Tripwire, run_guarded

SECRET = "SECRET-5f1c9e-never-printed"
OWNED = "---\ntitle: A\ntype: {type}\nowner: edi-l2-support\n---\n# A\n"


def _one_line_exit_2(result: Run) -> str:
    assert result.code == 2, (result.code, result.out, result.err[:2000])
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ops-lint: error: "), result.err[:2000]
    return lines[0]


def _findings(result: Run) -> list[tuple[str, int, str, str]]:
    assert result.code in (0, 1), (result.code, result.err[:2000])
    return [(d["path"], d["line"], d["code"], d["message"]) for d in result.json()["diagnostics"]]


def _schema_pack(root: Path, schemas: dict[str, Any], options: str = "") -> None:
    """A project pack with a front-matter-schema rule (OPS700) over ``schemas``."""
    files: dict[str, str | bytes] = {
        "packs/mine.yaml": "pack: mine\nrules:\n  - {code: OPS700, name: schema, "
        "check: front-matter-schema, summary: x, severity: error" + options + "}\n",
        "packs/schemas/common.schema.json": "{}",
        ".ops-lint.yaml": "packs: [packs/mine.yaml]\nselect: [OPS700]\n",
    }
    for name, schema in schemas.items():
        text = schema if isinstance(schema, str) else json.dumps(schema)
        files[f"packs/schemas/{name}"] = text
    write_tree(root, files)


def _bomb(levels: int = 6) -> str:
    """A YAML alias bomb: 9**levels leaves from a few hundred bytes."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# -- doc types name files ----------------------------------------------------------


@pytest.mark.parametrize("doc_type", ["/proc/self/cwd/ops-docs/evil", "../../x", "Run book"])
def test_doc_type_that_is_not_a_plain_name_never_opens_a_file(
    doc_type: str, tmp_path: Path, ops_lint: Any, tripwire: Tripwire
) -> None:
    evil = {"$ref": f"{tripwire.url}/x", "required": [SECRET]}
    write_tree(
        tmp_path,
        {
            "ops-docs/a.md": OWNED.format(type=json.dumps(doc_type)),
            "ops-docs/evil.schema.json": json.dumps(evil),
            "x.schema.json": json.dumps(evil),
            ".ops-lint.yaml": "select: [OPS002]\n",
        },
    )
    result = ops_lint(tmp_path, "check", "--no-cache", "--format", "json")
    assert [(p, line, m) for p, line, _, m in _findings(result)] == [
        ("ops-docs/a.md", 3, f"type {doc_type!r} is not a plain name")
    ]
    assert SECRET not in result.out and tripwire.hits() == 0


def test_config_types_must_be_plain_names(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {"ops-docs/a.md": "# A\n", ".ops-lint.yaml": "types: {'ops-docs/*.md': ../../x}\n"},
    )
    assert "is not a plain name" in _one_line_exit_2(ops_lint(tmp_path, "check"))


# -- JSON Schemas are repository data -----------------------------------------------


def test_schema_refs_are_never_fetched_or_read(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, ops_lint: Any, tripwire: Tripwire
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.json"
    outside.write_text(json.dumps({"required": [SECRET]}))
    loop = {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}
    _schema_pack(
        tmp_path,
        {
            "remote.schema.json": {"properties": {"title": {"$ref": f"{tripwire.url}/s.json"}}},
            "local.schema.json": {"$ref": outside.as_uri()},
            "linked.schema.json": "{}",
            "loop.schema.json": loop,
            "self.schema.json": {"$ref": "#"},
            "invalid.schema.json": {"type": 5},
            "notjson.schema.json": "{" * 100_000,
            "sibling.schema.json": {"$ref": "shared.json"},
            "shared.json": {"required": ["review_cycle_days"]},
        },
    )
    linked = tmp_path / "packs/schemas/linked.schema.json"
    linked.unlink()
    linked.symlink_to(outside)
    types = ["remote", "local", "linked", "loop", "self", "invalid", "notjson", "sibling"]
    write_tree(tmp_path, {f"ops-docs/{t}.md": OWNED.format(type=t) for t in types})
    result = ops_lint(tmp_path, "check", "--no-cache", "--format", "json")
    found = {p.removeprefix("ops-docs/").removesuffix(".md"): m for p, _, _, m in _findings(result)}
    assert set(found) == set(types)
    for name in types[:-1]:
        assert found[name].startswith(f"schema {name}.schema.json cannot be used"), found[name]
    assert "'review_cycle_days' is a required property" in found["sibling"]
    assert SECRET not in result.out + result.err
    assert tripwire.hits() == 0


@pytest.mark.slow
def test_schema_validation_has_a_step_budget(tmp_path: Path) -> None:
    # 2**30 paths through anyOf: without a budget the validation never ends
    defs: dict[str, Any] = {
        f"d{i}": {"anyOf": [{"$ref": f"#/$defs/d{i + 1}"}] * 2} for i in range(30)
    }
    defs["d30"] = {"type": "string"}
    _schema_pack(tmp_path, {"deep.schema.json": {"$defs": defs, "$ref": "#/$defs/d0"}})
    write_tree(tmp_path, {"ops-docs/a.md": OWNED.format(type="deep")})
    result = run_guarded(tmp_path, "check", "--no-cache", "--format", "json")
    [(_, _, _, message)] = _findings(result)
    assert "more than 10,000 steps" in message


@pytest.mark.slow
def test_schema_patterns_run_with_a_time_limit(tmp_path: Path) -> None:
    # Python's re backtracks for ages on both; the bounded engine finishes the first and
    # stops the second after its time limit
    schema = {
        "properties": {
            "title": {"pattern": "^(a+)+$"},
            "extra": {"patternProperties": {"^(a|a)+$": {}}, "additionalProperties": False},
        },
    }
    _schema_pack(tmp_path, {"slow.schema.json": schema})
    slow = "a" * 40 + "!"
    doc = f"---\ntitle: {slow}\ntype: slow\nowner: x\nextra: {{{slow}: 1}}\n---\n# A\n"
    write_tree(tmp_path, {"ops-docs/a.md": doc, "ops-docs/b.md": doc})
    result = run_guarded(tmp_path, "check", "--no-cache", "--format", "json")
    found = sorted((p, m.split(":")[0], "switched off" in m) for p, _, _, m in _findings(result))
    # the pattern is switched off, and every doc it could not check says so
    assert found == [
        ("ops-docs/a.md", "extra", True),
        ("ops-docs/a.md", "title", False),
        ("ops-docs/b.md", "extra", True),
        ("ops-docs/b.md", "title", False),
    ]


@pytest.mark.parametrize(
    ("options", "config", "fragment"),
    [
        (", options: {schemas: ../../..}", "", "leads outside the project"),
        (", options: {schemas: /etc}", "", "leads outside the project"),
        (", options: {common: ../../../etc/passwd}", "", "is not a file name"),
        ("", "rules: {OPS700: {options: {schemas: /etc}}}\n", "leads outside the project"),
        ("", "rules: {OPS700: {options: {pack_root: /}}}\n", "unknown option"),
        ("", "rules: {OPS002: {options: {pack_dir: /etc}}}\n", "unknown option"),
    ],
)
def test_schema_folder_stays_inside_the_project(
    options: str, config: str, fragment: str, tmp_path: Path, ops_lint: Any
) -> None:
    _schema_pack(tmp_path, {}, options)
    packs = "[builtin, packs/mine.yaml]" if "OPS002" in config else "[packs/mine.yaml]"
    write_tree(
        tmp_path,
        {"ops-docs/a.md": "# A\n", ".ops-lint.yaml": f"packs: {packs}\n{config}"},
    )
    assert fragment in _one_line_exit_2(ops_lint(tmp_path, "check"))


# -- regexes from packs -------------------------------------------------------------


@pytest.mark.slow
def test_pack_placeholder_patterns_run_with_a_time_limit(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "packs/mine.yaml": "pack: mine\nrules:\n  - {code: OPS700, name: ph, check: "
            "placeholders, summary: x, severity: error, options: {patterns: ['(a|a)+$']}}\n",
            ".ops-lint.yaml": "packs: [packs/mine.yaml]\n",
            "ops-docs/a.md": "# A\n\n" + "a" * 40 + "!\n",
            "ops-docs/b.md": "# B\n\nplain text\n",
        },
    )
    result = run_guarded(tmp_path, "check", "--no-cache", "--format", "json")
    found = _findings(result)
    assert {p for p, *_ in found} == {"ops-docs/a.md", "ops-docs/b.md"}  # none passes silently
    assert all("switched off" in m for *_, m in found)


def test_pack_pattern_the_bounded_engine_rejects_is_a_pack_error(
    tmp_path: Path, ops_lint: Any
) -> None:
    write_tree(
        tmp_path,
        {
            "packs/mine.yaml": "pack: mine\nrules:\n  - {code: OPS700, name: ph, check: "
            "placeholders, summary: x, severity: error, options: {patterns: ['x"
            + "y" * 3000
            + "']}}\n",
            ".ops-lint.yaml": "packs: [packs/mine.yaml]\n",
            "ops-docs/a.md": "# A\n",
        },
    )
    assert "pattern longer than" in _one_line_exit_2(ops_lint(tmp_path, "check"))


# -- the config: where it is found, what it may name ---------------------------------


def test_config_search_stops_at_the_repository_top(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {".ops-lint.yaml": "colour: red\n"})  # above the checkout
    repo = GitRepo(tmp_path / "checkout")
    write_tree(repo.path, {"ops-docs/a.md": "# A\n\nTBD\n"})
    result = ops_lint(repo.path, "check", "--no-cache", "--no-git", "--format", "json")
    assert [code for _, _, code, _ in _findings(result)] == ["OPS004"]  # the defaults


@pytest.mark.parametrize(
    "setting",
    [
        "docs: [../..]",
        "docs: [/etc]",
        "owners: /etc/passwd",
        "packs: [/etc/passwd]",
        "packs: ['{secret}']",
        "packs: ['../outside/{name}']",
        "freshness: {{ignore_revs: /etc/passwd}}",
        "freshness: {{ignore_revs: ../../../etc/passwd}}",
    ],
)
def test_config_paths_stay_inside_the_project(setting: str, tmp_path: Path, ops_lint: Any) -> None:
    secret = tmp_path / "outside" / "secret.yaml"
    write_tree(tmp_path, {"outside/secret.yaml": f"{SECRET}\n"})
    repo = tmp_path / "repo"
    line = setting.format(secret=secret, name=secret.name)
    write_tree(repo, {"ops-docs/a.md": "# A\n", ".ops-lint.yaml": line + "\n"})
    message = _one_line_exit_2(ops_lint(repo, "check", "--no-cache"))
    assert ".ops-lint.yaml: key '" in message  # refused where the config is loaded
    assert "outside the project" in message or "inside the repository" in message
    assert SECRET not in message


def test_pack_symlinked_out_of_the_project_is_not_read(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"outside/secret.yaml": f"{SECRET}\n"})
    repo = tmp_path / "repo"
    write_tree(repo, {"ops-docs/a.md": "# A\n", ".ops-lint.yaml": "packs: [packs/p.yaml]\n"})
    (repo / "packs").mkdir()
    (repo / "packs/p.yaml").symlink_to(tmp_path / "outside/secret.yaml")
    message = _one_line_exit_2(ops_lint(repo, "check", "--no-cache"))
    assert "outside the project" in message and SECRET not in message


def test_config_file_named_on_the_command_line_may_be_outside(
    tmp_path: Path, ops_lint: Any
) -> None:
    write_tree(tmp_path, {"shared/ops.yaml": "docs: [docs]\n", "shared/docs/a.md": "# A\n"})
    repo = GitRepo(tmp_path / "repo")
    result = ops_lint(repo.path, "check", "--no-cache", "--config", "../shared/ops.yaml")
    assert result.code == 0, result.err


@pytest.mark.slow
def test_config_and_roster_symlinked_to_dev_zero(tmp_path: Path) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": OWNED.format(type="runbook")})
    (tmp_path / "ops-docs/owners.yaml").symlink_to("/dev/zero")
    result = run_guarded(tmp_path, "check", "--no-cache", "--no-git", "--format", "json")
    [(path, _, code, message)] = [f for f in _findings(result) if f[2] == "OPS105"]
    assert (path, code) == ("ops-docs/a.md", "OPS105")
    assert "owners roster" in message and "not read" in message
    (tmp_path / ".ops-lint.yaml").symlink_to("/dev/zero")
    assert "not read" in _one_line_exit_2(run_guarded(tmp_path, "check", "--no-cache"))


# -- YAML budget ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("where", ["config", "pack"])
def test_alias_bomb_in_config_or_pack_exits_2(where: str, tmp_path: Path) -> None:
    bomb = _bomb()
    files: dict[str, str | bytes] = {
        "ops-docs/a.md": "# A\n",
        ".ops-lint.yaml": bomb + "docs: *a6\n",
    }
    if where == "pack":
        files[".ops-lint.yaml"] = "packs: [packs/p.yaml]\n"
        files["packs/p.yaml"] = bomb + "pack: p\nrules: *a6\n"
    write_tree(tmp_path, files)
    message = _one_line_exit_2(run_guarded(tmp_path, "check", "--no-cache"))
    assert "more than 100000 nodes" in message and len(message) < 500


@pytest.mark.slow
def test_alias_bomb_in_owners_roster_is_ops105(tmp_path: Path) -> None:
    roster = _bomb() + "teams: [{id: edi-l2-support, aliases: *a6}]\n"
    write_tree(tmp_path, {"ops-docs/a.md": OWNED.format(type="runbook")})
    write_tree(tmp_path, {"ops-docs/owners.yaml": roster})
    result = run_guarded(tmp_path, "check", "--no-cache", "--no-git", "--format", "json")
    messages = [m for _, _, code, m in _findings(result) if code == "OPS105"]
    assert len(messages) == 1 and "more than 100000 nodes" in messages[0]


# -- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", "[tool.ops-lint]\nmax-file-size = 1e23\n"),
        ("pyproject.toml", "[tool.ops-lint]\nmax-file-size = 1e18\n"),
        (".ops-lint.yaml", "max-file-size: 1.0e+18\n"),
        (".ops-lint.yaml", "max-file-size: 100000000000000000000000\n"),
        (".ops-lint.yaml", "max-file-size: 2147483648\n"),
        (".ops-lint.yaml", "max-file-size: 5.5\n"),
        (".ops-lint.yaml", "max-nesting: 1.0e+3\n"),
        (".ops-lint.yaml", "freshness: {sweep_min_files: 1.0e+15}\n"),
        (".ops-lint.yaml", "freshness: {review_cycle_days: {runbook: 99999999999}}\n"),
    ],
)
def test_numeric_settings_are_bounded(name: str, text: str, tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": "# A\n", name: text})
    message = _one_line_exit_2(ops_lint(tmp_path, "check", "--no-cache"))
    assert "key '" in message


# -- links ----------------------------------------------------------------------------


def test_links_leaving_the_project_are_findings_and_never_probed(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    ops_lint: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "exists.md").write_text("# E\n")
    repo = GitRepo(tmp_path / "repo")
    up = os.path.relpath(outside, repo.path / "ops-docs")
    doc = (
        f"# A\n\n[a]({up}/exists.md)\n[b]({up}/missing.md)\n"
        "[c](out/exists.md)\n[d](out/missing.md)\n[e](loop/x.md)\n[f](../ops-docs/b.md)\n"
    )
    write_tree(repo.path, {"ops-docs/a.md": doc, "ops-docs/b.md": "# B\n"})
    (repo.path / "ops-docs/out").symlink_to(outside)
    (repo.path / "ops-docs/loop").symlink_to("loop")
    probed: list[str] = []

    def spy(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(path, str | os.PathLike) and str(outside) in os.fspath(path):
                probed.append(os.fspath(path))
            return real(path, *args, **kwargs)

        return call

    for name in ("stat", "lstat", "readlink", "open", "access", "listdir"):
        monkeypatch.setattr(os, name, spy(getattr(os, name)))
    result = ops_lint(repo.path, "check", "--no-git", "--format", "json", "--select", "OPS005")
    monkeypatch.undo()
    found = [(line, m) for _, line, _, m in _findings(result)]
    assert [line for line, _ in found] == [3, 4, 5, 6, 7]
    assert all("link leaves the project; not checked" in m for _, m in found[:4])
    assert "does not exist" in found[4][1]  # a symlink loop inside: broken, not "leaves"
    assert probed == []
