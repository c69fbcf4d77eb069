"""Command-line habits of ``check``: --statistics, --quiet, colour, --show-settings,
--show-files, ``completion``, the config JSON Schema, and hints grouped with a count."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ops_lint.colour import Palette, wanted
from ops_lint.config_schema import SCHEMA_ID
from tests.conftest import write_tree

SMALL = Path(__file__).resolve().parent / "golden" / "small"
RUN = ("check", "--no-git", "--as-of", "2026-11-27")
ESC = "\x1b["


def _placeholders(n: int) -> str:
    rows = "".join(f"- step {i}: TBD\n" for i in range(n))
    return "---\ntype: reference\n---\n# Notes\n\n" + rows


# -- statistics, quiet, grouped hints --------------------------------------------------------


def test_statistics_count_each_code_after_the_findings(ops_lint: Any) -> None:
    out = ops_lint(SMALL, *RUN, "--statistics").out.splitlines()
    stats = [line for line in out if re.match(r"\s*\d+  OPS", line)]
    assert stats[0].split() == ["3", "OPS004", "unresolved-placeholder", "(error)"]
    assert ["1", "OPS904", "suppression-malformed", "(info)"] in [s.split() for s in stats]
    counts = [int(s.split()[0]) for s in stats]
    assert counts == sorted(counts, reverse=True) and sum(counts) == 12
    first_stat = out.index(stats[0])
    assert all(":" in line.split()[0] for line in out[:first_stat] if not line.startswith(" "))
    assert out[-2].startswith("Found 9 errors")  # the summary still closes the report


def test_statistics_of_a_machine_format_go_to_stderr(ops_lint: Any) -> None:
    run = ops_lint(SMALL, *RUN, "--statistics", "--format", "json")
    assert len(run.json()["diagnostics"]) == 12  # the report stays valid JSON
    assert run.err.splitlines()[0].split()[:2] == ["3", "OPS004"]


def test_quiet_prints_the_findings_only(ops_lint: Any) -> None:
    quiet = ops_lint(SMALL, *RUN, "--quiet")
    lines = quiet.out.splitlines()
    assert quiet.code == 1
    assert len(lines) == 12
    assert all(line.startswith("ops-docs/") for line in lines)
    assert "hint" not in quiet.out and "Found" not in quiet.out


def test_a_shared_hint_is_printed_once_with_its_count(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/notes.md": _placeholders(148), ".ops-lint.yaml": ""})
    out = ops_lint(tmp_path, "check", "--no-git", "--select", "OPS004").out
    assert [line for line in out.splitlines() if line.startswith(" ")] == [
        "    hint (148 findings with this hint): replace the placeholder with the real value "
        "(or suppress it with a reason and an until date)"
    ]
    assert "147 repeated hints not shown" in out


def test_a_hint_of_one_finding_has_no_count(ops_lint: Any) -> None:
    out = ops_lint(SMALL, *RUN).out
    assert "    hint: remove the comment\n" in out
    assert "    hint (3 findings with this hint): replace the placeholder" in out


# -- colour ----------------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "to_file", "environ", "tty", "expected"),
    [
        ("auto", False, {}, True, True),
        ("auto", False, {}, False, False),  # a pipe
        ("auto", False, {"NO_COLOR": "1"}, True, False),
        ("auto", False, {"NO_COLOR": ""}, True, True),  # empty: not set (no-color.org)
        ("always", False, {"NO_COLOR": "1"}, False, True),  # the option is more specific
        ("always", True, {}, True, False),  # never into a file
        ("never", False, {}, True, False),
    ],
)
def test_when_colour_is_used(
    choice: Any, to_file: bool, environ: dict[str, str], tty: bool, expected: bool
) -> None:
    stream = _Tty() if tty else io.StringIO()
    assert wanted(choice, to_file=to_file, stream=stream, environ=environ) is expected


def test_palette_styles_only_when_on() -> None:
    assert Palette(False).severity("error") == "error"
    assert Palette(True).severity("error") == "\x1b[1;31merror\x1b[0m"


def test_colour_always_styles_severity_code_and_path(ops_lint: Any) -> None:
    out = ops_lint(SMALL, *RUN, "--color", "always").out
    first = out.splitlines()[0]
    assert first.startswith(f"{ESC}1mops-docs/handover.md{ESC}0m:8:1: {ESC}1;31merror{ESC}0m")
    assert f"{ESC}1mOPS003{ESC}0m required-section-missing" in first
    assert ESC not in ops_lint(SMALL, *RUN).out  # captured output is not a terminal


def test_no_colour_in_files_or_machine_formats(tmp_path: Path, ops_lint: Any) -> None:
    report = tmp_path / "report.txt"
    ops_lint(SMALL, *RUN, "--color", "always", "--output", str(report))
    assert ESC not in report.read_text(encoding="utf-8")
    assert "OPS004" in report.read_text(encoding="utf-8")
    assert ESC not in ops_lint(SMALL, *RUN, "--color", "always", "--format", "json").out


def _on_terminal(env: dict[str, str], *args: str) -> str:
    """ops-lint's standard output when it is a real pseudo-terminal."""
    leader, follower = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env
    proc = subprocess.Popen(
        [sys.executable, "-m", "ops_lint", *RUN, *args],
        cwd=SMALL,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=full_env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_a_real_terminal_gets_colour_unless_no_color() -> None:
    assert f"{ESC}1;31merror" in _on_terminal({})
    assert ESC not in _on_terminal({"NO_COLOR": "1"})
    assert ESC not in _on_terminal({}, "--color", "never")


# -- show-settings, show-files ---------------------------------------------------------------


def _project(tmp_path: Path) -> Path:
    write_tree(
        tmp_path,
        {
            ".ops-lint.yaml": (
                "extends: [mkdocs-site]\n"
                "fail-on: warning\n"
                "freshness:\n  basis: review\n"
                "rules:\n  ops101: {severity: warning}\n"
            ),
            "docs/runbooks/a.md": "---\ntype: runbook\n---\n# A\n",
            "docs/notes/b.md": "# B\n",
            "docs/ref/c.md": "# C\n",
        },
    )
    return tmp_path


def _origins(out: str) -> dict[str, tuple[str, str]]:
    rows = {}
    for line in out.splitlines():
        if line.startswith("#"):
            continue
        setting, origin = line.rsplit("  # ", 1)
        key, value = setting.split(" = ", 1)
        rows[key] = (value.strip(), origin)
    return rows


def test_show_settings_names_where_each_value_came_from(tmp_path: Path, ops_lint: Any) -> None:
    run = ops_lint(_project(tmp_path), "check", "--show-settings", "--select", "OPS1")
    assert run.code == 0
    rows = _origins(run.out)
    assert rows["docs"] == ('["docs"]', "preset mkdocs-site")
    assert rows["site.generator"] == ('"mkdocs"', "preset mkdocs-site")
    assert rows["fail-on"] == ('"warning"', "config .ops-lint.yaml")
    assert rows["freshness.basis"] == ('"review"', "config .ops-lint.yaml")
    assert rows["freshness.date"] == ('"author"', "default")
    assert rows["select"] == ('["OPS1"]', "command line (--select)")
    assert rows["include"] == ('["**/*.md"]', "default")
    assert rows["rules.OPS101.severity"] == ('"warning"', "config .ops-lint.yaml")
    assert rows["rules.OPS102.severity"] == ('"error"', "pack builtin roles.yaml")
    required = rows["rules.OPS003.options.required.postmortem"]
    assert required == ('["Timeline", "Action Items"]', "pack builtin core.yaml")
    assert "rules.OPS101.options.min_roles" not in rows  # at its default
    assert rows["rules.OPS101.options"] == ("{}", "default")  # not "derived"
    assert "Found" not in run.out  # nothing was checked


def test_show_settings_config_over_preset(tmp_path: Path, ops_lint: Any) -> None:
    project = _project(tmp_path)
    config = project / ".ops-lint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "docs: [docs/runbooks]\n", "utf-8")
    rows = _origins(ops_lint(project, "check", "--show-settings").out)
    assert rows["docs"] == ('["docs/runbooks"]', "config .ops-lint.yaml")
    assert rows["select"] == ('["OPS"]', "default")


def test_show_files_lists_docs_with_their_type(tmp_path: Path, ops_lint: Any) -> None:
    project = _project(tmp_path)
    config = project / ".ops-lint.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'types:\n  "docs/ref/**": reference\n', "utf-8"
    )
    run = ops_lint(project, "check", "--show-files")
    assert run.code == 0
    assert run.out.splitlines() == [
        "docs/notes/b.md\t-",
        "docs/ref/c.md\treference",
        "docs/runbooks/a.md\trunbook",
    ]
    only = ops_lint(project / "docs", "check", "--show-files", "runbooks/a.md").out
    assert only == "runbooks/a.md\trunbook\n"


# -- completion, schema ----------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "tcsh"])
def test_completion_scripts_know_every_option(shell: str, ops_lint: Any) -> None:
    run = ops_lint(SMALL, "completion", shell)
    assert run.code == 0
    words = ["check", "freshness", "completion"]
    if shell != "tcsh":  # shtab completes subcommands only there
        words += ["--show-settings", "--statistics", "--color"]
    for word in words:
        assert word in run.out


def test_bash_completion_is_valid_bash(ops_lint: Any, tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    script = tmp_path / "ops-lint.bash"
    script.write_text(ops_lint(SMALL, "completion", "bash").out, encoding="utf-8")
    probe = f"source {script} && complete -p ops-lint"
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "ops-lint" in done.stdout


def test_config_schema_has_an_id_and_describes_every_key(ops_lint: Any) -> None:
    schema = json.loads(ops_lint(SMALL, "schema", "config").out)
    assert schema["$id"] == SCHEMA_ID
    assert schema["$schema"].startswith("https://json-schema.org/")
    models = [("Config", schema), *schema["$defs"].items()]
    missing = [
        f"{name}.{key}"
        for name, model in models
        for key, prop in model.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert missing == [], "describe these keys in ops_lint/config_schema.py"
    assert len(models) > 5
