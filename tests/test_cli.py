"""The command line: exit codes, selection, usage errors (golden outputs: test_golden_outputs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ops_lint import __version__
from tests.conftest import ROOT, run_cli, write_tree

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_json_contract(ops_lint: Any) -> None:
    data = ops_lint(GOLDEN / "small", "check", "--format", "json").json()
    assert data["version"] == 1
    assert data["tool"] == {"name": "ops-lint", "version": __version__}
    assert set(data["summary"]) == {"files", "errors", "warnings", "infos"}
    keys = {"path", "line", "column", "code", "rule", "severity", "message", "hint"}
    assert all(set(d) == keys for d in data["diagnostics"])
    order = [(d["path"], d["line"], d["column"], d["code"]) for d in data["diagnostics"]]
    assert order == sorted(order)


def test_paths_limit_findings_but_load_the_whole_set(ops_lint: Any) -> None:
    # The handover links into runbooks/; checking it alone must still resolve them.
    result = ops_lint(GOLDEN / "small", "check", "--format", "json", "ops-docs/handover.md")
    paths = {d["path"] for d in result.json()["diagnostics"]}
    assert paths == {"ops-docs/handover.md"}
    assert result.json()["summary"]["files"] == 1
    messages = [d["message"] for d in result.json()["diagnostics"]]
    assert not any("dlq.md" in m for m in messages)


def test_non_doc_paths_are_skipped(ops_lint: Any) -> None:
    result = ops_lint(GOLDEN / "small", "check", ".ops-lint.yaml")
    assert result.code == 0
    assert "0 files" in result.out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--exit-zero"], 0),
        (["--select", "OPS901"], 0),  # a warning only: below the default fail-on
        (["--select", "OPS901", "--fail-on", "warning"], 1),
        (["--select", "OPS0", "--ignore", "OPS00"], 0),
        (["--select", "OPS004"], 1),
    ],
)
def test_exit_codes(args: list[str], expected: int, ops_lint: Any) -> None:
    assert ops_lint(GOLDEN / "small", "check", *args).code == expected


def test_most_specific_prefix_wins(ops_lint: Any) -> None:
    result = ops_lint(
        GOLDEN / "small", "check", "--format", "json", "--ignore", "OPS0", "--select", "OPS004"
    )
    assert {d["code"] for d in result.json()["diagnostics"]} == {"OPS004"}


def test_per_file_ignores(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {
            "ops-docs/a.md": "# A\n\nTBD\n",
            "ops-docs/legacy/b.md": "# B\n\nTBD\n",
            ".ops-lint.yaml": "per-file-ignores:\n  'ops-docs/legacy/**': [OPS004]\n",
        },
    )
    result = ops_lint(tmp_path, "check", "--format", "json")
    assert [d["path"] for d in result.json()["diagnostics"]] == ["ops-docs/a.md"]


def test_severity_override_from_pyproject(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {
            "docs/a.md": "# A\n\nTBD\n",
            "pyproject.toml": '[tool.ops-lint]\ndocs = ["docs"]\n'
            '[tool.ops-lint.rules.OPS004]\nseverity = "warning"\n',
        },
    )
    sub = tmp_path / "docs"
    result = ops_lint(sub, "check", "--format", "json")  # config found upwards
    assert result.code == 0
    assert [d["severity"] for d in result.json()["diagnostics"]] == ["warning"]
    assert result.json()["diagnostics"][0]["path"] == "a.md"  # relative to the cwd


def test_include_other_extensions(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {
            "source/runbook.html.md.erb": "# R\n\nTBD\n",
            "source/notes.txt": "TBD\n",
            ".ops-lint.yaml": "docs: [source]\ninclude: ['*.html.md.erb']\n",
        },
    )
    result = ops_lint(tmp_path, "check", "--format", "json")
    assert [d["path"] for d in result.json()["diagnostics"]] == ["source/runbook.html.md.erb"]


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        ({".ops-lint.yaml": "docs: ops-docs\n"}, "key 'docs'"),
        ({".ops-lint.yaml": "colour: red\n"}, "unknown key 'colour'"),
        ({".ops-lint.yaml": "docs: [ops-docs\n"}, "invalid YAML"),
        ({".ops-lint.yaml": "rules:\n  OPS004:\n    severity: fatal\n"}, "rules.OPS004.severity"),
        ({".ops-lint.yaml": "rules:\n  OPS777: {severity: error}\n"}, "OPS777"),
        ({".ops-lint.yaml": "rules:\n  OPS004: {options: {colour: 1}}\n"}, "unknown option"),
        ({"pyproject.toml": "[tool.ops-lint]\ndocs = 3\n"}, "pyproject.toml: key 'docs'"),
        ({"pyproject.toml": "[tool.ops-lint\n"}, "invalid TOML"),
        ({".ops-lint.yaml": "docs: [nowhere]\n"}, "docs root 'nowhere' does not exist"),
        ({".ops-lint.yaml": "packs: [missing.yaml]\n"}, "rule pack not found"),
    ],
)
def test_config_errors_exit_2_with_one_line(
    files: dict[str, str], fragment: str, tmp_path: Path, ops_lint: Any
) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": "# A\n", **files})
    result = ops_lint(tmp_path, "check")
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ops-lint: error: ")
    assert fragment in lines[0]


PACK_RULE = "  - {code: OPS700, name: my-rule, check: %s, summary: x, severity: error%s}\n"


@pytest.mark.parametrize(
    ("pack", "fragment"),
    [
        ("pack: mine\nrules:\n" + PACK_RULE % ("placeholders", ""), None),
        (
            "pack: mine\nrules:\n" + PACK_RULE % ("no-such-check", ""),
            "$.rules[0].check: unknown check kind 'no-such-check'",
        ),
        (
            "pack: mine\nrules:\n" + PACK_RULE % ("placeholders", ", options: {nope: 1}"),
            "$.rules[0].options.nope: unknown option",
        ),
        (
            "pack: mine\nrules:\n" + PACK_RULE % ("placeholders", ", options: {patterns: ['(']}"),
            "invalid regular expression",
        ),
        (
            "pack: mine\nrules:\n  - {code: OPS1, name: x, check: placeholders, summary: x,"
            " severity: error}\n",
            "$.rules[0].code",
        ),
        ("pack: mine\nrules:\n" + PACK_RULE % ("placeholders", ", severity: fatal"), None),
        ("pack: mine\nrules: [\n", "invalid YAML"),
        ("rules: []\n", "'pack' is a required property"),
    ],
)
def test_pack_validation(pack: str, fragment: str | None, tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {
            "ops-docs/a.md": "# A\n\nTBD\n",
            "packs/mine.yaml": pack,
            ".ops-lint.yaml": "packs: [packs/mine.yaml]\n",
        },
    )
    result = ops_lint(tmp_path, "check", "--format", "json")
    if fragment is None and "fatal" not in pack:
        assert result.code == 1
        assert [d["code"] for d in result.json()["diagnostics"]] == ["OPS700"]
        return
    assert result.code == 2
    line = result.err.strip()
    assert "\n" not in line and "packs/mine.yaml" in line
    if fragment:
        assert fragment in line


def test_duplicate_codes_across_packs(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {
            "ops-docs/a.md": "# A\n",
            "packs/extra.yaml": "pack: extra\nrules:\n"
            + PACK_RULE.replace("OPS700", "OPS004") % ("placeholders", ""),
            ".ops-lint.yaml": "packs: [builtin, packs/extra.yaml]\n",
        },
    )
    result = ops_lint(tmp_path, "check")
    assert result.code == 2 and "OPS004 is already defined" in result.err


def test_rules_listing_and_explain(ops_lint: Any) -> None:
    listing = ops_lint(ROOT, "rules")
    assert listing.code == 0
    assert "OPS004  unresolved-placeholder" in listing.out
    explain = ops_lint(ROOT, "rules", "OPS005")
    assert "GitHub" in explain.out and "Options in effect" in explain.out
    assert ops_lint(ROOT, "rules", "OPS999").code == 2


def test_schema_command(ops_lint: Any) -> None:
    pack = json.loads(ops_lint(ROOT, "schema", "pack").out)
    assert pack["title"] == "ops-lint rule pack"
    runbook = json.loads(ops_lint(ROOT, "schema", "runbook").out)
    assert "trigger" in runbook["properties"]
    config = json.loads(ops_lint(ROOT, "schema", "config").out)
    assert "per-file-ignores" in config["properties"]
    assert ops_lint(ROOT, "schema", "nope").code == 2


def test_version_and_module_entry(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "--version")
    assert result.code == 0 and result.out.strip() == f"ops-lint {__version__}"
    usage = run_cli(tmp_path, "check", "--format", "nope")
    assert usage.code == 2 and "invalid choice" in usage.err


def test_output_file_is_written_atomically(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": "# A\n\nTBD\n"})
    out = tmp_path / "reports" / "lint.json"
    result = ops_lint(tmp_path, "check", "--format", "json", "--output", str(out))
    assert result.code == 1 and result.out == ""
    assert json.loads(out.read_text())["summary"]["errors"] == 1
    assert [p.name for p in out.parent.iterdir()] == ["lint.json"]


def test_directory_path_selects_the_docs_under_it(ops_lint: Any) -> None:
    result = ops_lint(GOLDEN / "small", "check", "--format", "json", "ops-docs/runbooks")
    assert {d["path"] for d in result.json()["diagnostics"]} == {"ops-docs/runbooks/dlq.md"}


def test_no_git_never_imports_gitpython(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"ops-docs/a.md": "---\ntype: runbook\nlast_reviewed: 2025-01-01\n---\n# A\n"}
    )
    code = (
        "import sys; from ops_lint.cli import main; rc = main(['check', '--no-git', "
        "'--select', 'OPS6', '--as-of', '2026-11-27']); "
        "print('GIT' if 'git' in sys.modules else 'NOGIT', rc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert proc.stdout.split()[-2:] == ["NOGIT", "0"], proc.stderr
    assert "stale" in proc.stdout and "warning" not in proc.stderr


def test_output_to_dev_null_is_not_replaced(ops_lint: Any) -> None:
    result = ops_lint(GOLDEN / "small", "check", "--output", os.devnull)
    assert result.code == 1
    assert not Path(os.devnull).is_file()
