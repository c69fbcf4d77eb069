"""``ops-lint init``: scaffold files, never overwrite, and a check run that lists the blanks."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint.init import hook_snippet

CREATED = [
    "ops-docs/handover/operations-handover.md",
    "ops-docs/runbooks/example-runbook.md",
    "ops-docs/owners.yaml",
    ".ops-lint.yaml",
    ".pre-commit-config.yaml",
]

# Right after init every finding is a blank to fill in. OPS004 marks each placeholder (the
# governance rules leave placeholders to it); the other codes are blanks OPS004 cannot see:
FILL_IN_CODES = {
    "OPS004",  # unresolved placeholder: every {{ ... }} in prose, tables and front-matter
    "OPS101",  # RACI cells are {{ R/A/C/I }} placeholders, not letters yet
    "OPS401",  # the three SLO numbers are not set yet
}

PLACEHOLDER = re.compile(r"\{\{ [^{}\n]{1,60} \}\}")


@pytest.fixture
def scaffolded(tmp_path: Path, ops_lint: Any) -> Path:
    run = ops_lint(tmp_path, "init", "repo")
    assert run.code == 0, run.err
    return tmp_path / "repo"


def test_init_creates_the_files(tmp_path: Path, ops_lint: Any) -> None:
    run = ops_lint(tmp_path, "init", "repo")
    assert run.code == 0, run.err
    assert run.err == ""
    for rel in CREATED:
        assert (tmp_path / "repo" / rel).is_file(), rel
        assert f"created: repo/{rel}" in run.out.splitlines()
    config = yaml.safe_load((tmp_path / "repo/.ops-lint.yaml").read_text(encoding="utf-8"))
    assert config["docs"] == ["ops-docs"]
    assert config["owners"] == "ops-docs/owners.yaml"
    assert config["fail-on"] == "error"
    pre_commit = yaml.safe_load((tmp_path / "repo/.pre-commit-config.yaml").read_text())
    # a local hook running the installed ops-lint: no tag or published package needed
    assert pre_commit["repos"][0]["repo"] == "local"
    assert [h["id"] for h in pre_commit["repos"][0]["hooks"]] == ["ops-lint"]
    roster = yaml.safe_load((tmp_path / "repo/ops-docs/owners.yaml").read_text())
    assert [t["id"] for t in roster["teams"]] == [
        "ops-l1-support",
        "ops-l2-support",
        "ops-l3-engineering",
        "incident-command",
        "platform-engineering",
        "security-privacy",
    ]
    assert not list((tmp_path / "repo").rglob(".ops-lint-*.tmp"))


def test_init_docs_folder_option(tmp_path: Path, ops_lint: Any) -> None:
    run = ops_lint(tmp_path, "init", "--docs", "docs/ops")
    assert run.code == 0, run.err
    assert (tmp_path / "docs/ops/handover/operations-handover.md").is_file()
    config = yaml.safe_load((tmp_path / ".ops-lint.yaml").read_text(encoding="utf-8"))
    assert config["docs"] == ["docs/ops"]
    assert config["owners"] == "docs/ops/owners.yaml"
    check = ops_lint(tmp_path, "check", "--format", "json")
    assert {d["path"] for d in check.json()["diagnostics"]} == {
        "docs/ops/handover/operations-handover.md",
        "docs/ops/runbooks/example-runbook.md",
    }


@pytest.mark.parametrize("docs", ["../elsewhere", "/abs/ops-docs", "."])
def test_init_rejects_docs_outside_dir(tmp_path: Path, ops_lint: Any, docs: str) -> None:
    run = ops_lint(tmp_path, "init", "--docs", docs)
    assert run.code == 2
    assert run.err.count("\n") == 1 and "--docs" in run.err
    assert not list(tmp_path.iterdir())


def test_init_never_overwrites(tmp_path: Path, ops_lint: Any) -> None:
    owners = tmp_path / "ops-docs/owners.yaml"
    owners.parent.mkdir(parents=True)
    owners.write_text("teams: []  # ours\n", encoding="utf-8")
    run = ops_lint(tmp_path, "init")
    assert run.code == 0, run.err
    assert owners.read_text(encoding="utf-8") == "teams: []  # ours\n"
    assert "exists, kept: ops-docs/owners.yaml" in run.out.splitlines()
    assert "created: ops-docs/handover/operations-handover.md" in run.out.splitlines()

    handover = tmp_path / CREATED[0]
    handover.write_text("edited\n", encoding="utf-8")
    again = ops_lint(tmp_path, "init")
    assert again.code == 0
    assert handover.read_text(encoding="utf-8") == "edited\n"
    for rel in CREATED:
        assert f"exists, kept: {rel}" in again.out.splitlines()
    assert "created:" not in again.out


def test_existing_pre_commit_config_gets_the_snippet(tmp_path: Path, ops_lint: Any) -> None:
    mine = "repos:\n  - repo: local\n    hooks: []\n"
    (tmp_path / ".pre-commit-config.yaml").write_text(mine, encoding="utf-8")
    run = ops_lint(tmp_path, "init")
    assert run.code == 0, run.err
    assert (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8") == mine
    assert "exists, kept: .pre-commit-config.yaml" in run.out
    snippet = hook_snippet()
    assert snippet.rstrip("\n") in run.out
    entry = yaml.safe_load(snippet)
    assert [h["id"] for h in entry[0]["hooks"]] == ["ops-lint"]
    assert entry[0]["repo"] == "local"  # runs the installed ops-lint: no tag to pin


def test_unwritable_dir_exits_2(tmp_path: Path, ops_lint: Any) -> None:
    # A regular file where a folder should be: unwritable even for root.
    (tmp_path / "plain-file").write_text("x", encoding="utf-8")
    run = ops_lint(tmp_path, "init", "plain-file/repo")
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("ops-lint: error: plain-file/repo/")
    assert run.err.count("\n") == 1


def test_check_after_init_lists_only_blanks(scaffolded: Path, ops_lint: Any) -> None:
    run = ops_lint(scaffolded, "check", "--format", "json")
    assert run.code == 1, run.err
    diagnostics = run.json()["diagnostics"]
    codes = Counter(d["code"] for d in diagnostics)
    assert set(codes) == FILL_IN_CODES, codes
    assert all(d["hint"] for d in diagnostics)
    assert all(d["severity"] == "error" for d in diagnostics)
    assert codes["OPS401"] == 3

    # Every placeholder written in the docs is reported, on its own line.
    reported = {(d["path"], d["line"]) for d in diagnostics if d["code"] == "OPS004"}
    for rel in CREATED[:2]:
        text = (scaffolded / rel).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if PLACEHOLDER.search(line) and not line.lstrip().startswith("#"):
                assert (rel, number) in reported, f"{rel}:{number}: {line}"

    # The other rules only see blanks that OPS004 also reports, except the SLO numbers, which
    # the template leaves out (a quoted "<number>" would also fail the front-matter schema).
    placeholder_lines = {(d["path"], d["line"]) for d in diagnostics if d["code"] == "OPS004"}
    for d in diagnostics:
        if d["code"] not in ("OPS004", "OPS401", "OPS101"):
            assert (d["path"], d["line"]) in placeholder_lines, d


def test_text_output_after_init_has_hints(scaffolded: Path, ops_lint: Any) -> None:
    run = ops_lint(scaffolded, "check")
    assert run.code == 1
    lines = run.out.splitlines()
    findings = [i for i, line in enumerate(lines) if re.match(r"^\S+:\d+:\d+: error OPS", line)]
    assert findings
    # Each rule's first finding carries its hint; the same hint is not printed again.
    firsts: dict[str, int] = {}
    for i in findings:
        firsts.setdefault(lines[i].split()[2], i)
    assert all(lines[i + 1].lstrip().startswith("hint") for i in firsts.values())
    hints = [line for line in lines if line.startswith("    hint")]
    assert len(hints) == len(set(hints)) < len(findings) / 10
    assert f"{len(findings) - len(hints)} repeated hints not shown" in run.out


def _fill(text: str) -> str:
    """Replace every placeholder of the scaffold with a realistic value."""
    raci: list[str] = []
    for line in text.splitlines():
        if "{{ R/A/C/I }}" in line:  # one accountable and responsible team, the others informed
            line = line.replace("{{ R/A/C/I }}", "A/R", 1).replace("{{ R/A/C/I }}", "I")
        raci.append(line)
    text = "\n".join(raci) + "\n"
    text = text.replace(
        "slo: {}",
        "slo: {latency_p95_ms: 1500, availability_percent: 99.9, error_budget_window_days: 30}",
    )
    text = text.replace(
        "| Availability | {{ SLI: good events / valid events }} | {{ number }}% "
        "| {{ number }} days | {{ number }} min |",
        "| Availability | successful requests / valid requests | 99.9% | 30 days | 43.2 min |",
    )
    text = text.replace(
        "| Latency p95 | {{ SLI: share of requests under the p95 target }} | {{ number }}% "
        "| {{ number }} days | {{ number }} min |",
        "| Latency p95 | requests served under 1500 ms / all requests | 99.5% | 30 days "
        "| 216 min |",
    )
    values = {
        "{{ team-id }}": "ops-l2-support",
        "{{ YYYY-MM-DD }}": "2026-03-31",
        "{{ S0-S4 }}": "S2",
        "{{ deployment decision }}": "Caution: reliability fixes first, 60-min canary",
        "{{ escalation path }}": "L2 primary, then L3 on-call after 15 min",
        "{{ communication }}": "status page and partner notice within 30 min",
        "{{ example scenarios }}": "all intake failing for 10 min",
        "{{ passed, failed or partial }}": "passed",
        "{{ @handle of who ran it, from owners.yaml }}": "@eng1",
        "{{ link to the recording, report or ticket }}": "https://tickets.example.org/OPS-12",
    }
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    rehearsed = (dt.date.today() - dt.timedelta(days=7)).isoformat()
    text = re.sub(r"^  # last_run: .*$", f"  last_run: {rehearsed}", text, flags=re.M)
    return PLACEHOLDER.sub("checked and written down", text)


def _fill_tree(root: Path, rel: str) -> None:
    path = root / rel
    path.write_text(_fill(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_filling_the_severity_matrix_clears_its_findings(scaffolded: Path, ops_lint: Any) -> None:
    handover = scaffolded / CREATED[0]
    text = handover.read_text(encoding="utf-8")
    matrix = re.search(r"\| Severity \|.*?\n\n", text, re.S)
    assert matrix is not None
    handover.write_text(text.replace(matrix.group(0), _fill(matrix.group(0))), encoding="utf-8")
    run = ops_lint(scaffolded, "check", "--format", "json", "--select", "OPS2")
    assert run.code == 0, run.out
    assert run.json()["diagnostics"] == []


def test_filled_scaffold_passes(tmp_path: Path, scaffolded: Path, ops_lint: Any) -> None:
    copy = tmp_path / "filled"
    shutil.copytree(scaffolded, copy)
    for rel in CREATED[:2]:
        _fill_tree(copy, rel)
    today = dt.date.today().isoformat()
    # The docs now name a team whose members are still the roster's placeholders: no member.
    run = ops_lint(copy, "check", "--format", "json", "--as-of", today)
    left = run.json()["diagnostics"]
    # ... and the dry run names a person who is not yet in it.
    assert left and {d["code"] for d in left} == {"OPS104", "OPS709"}, left
    owners = [d for d in left if d["code"] == "OPS104"]
    assert all("0 members, not counting 2 placeholder entries" in d["message"] for d in owners)
    (by,) = [d for d in left if d["code"] == "OPS709"]
    assert "@eng1" in by["message"], by
    roster = copy / "ops-docs/owners.yaml"
    text = roster.read_text(encoding="utf-8")
    for number in range(text.count('{name: "{{ name }}", handle: "{{ @handle }}"}')):
        text = text.replace(
            '{name: "{{ name }}", handle: "{{ @handle }}"}',
            f'{{name: "Engineer {number}", handle: "@eng{number}"}}',
            1,
        )
    roster.write_text(text, encoding="utf-8")
    run = ops_lint(copy, "check", "--format", "json", "--as-of", today)
    assert run.json()["diagnostics"] == []
    assert run.code == 0
