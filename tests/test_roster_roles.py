"""Roster roles and on-call coverage (``roles:``, ``on_call``), and what the approver,
dry-run and rotation rules read from them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint import user_regex
from ops_lint.checks.approver_deputy import DEFAULT_TITLE_PATTERN, _pattern, approver_titles
from ops_lint.document import from_bytes
from ops_lint.owner_settings import RosterKeys
from ops_lint.pipeline import RunOptions, lint
from ops_lint.roster import load_roster
from ops_lint.roster_roles import role_key
from tests.conftest import write_tree

ROSTER = """\
teams:
  - id: security-privacy
    name: Security & Privacy
    on_call: 24/7
    members:
      - {name: "Laura Jensen", handle: "@ljensen", email: "ljensen@example.org"}
      - {name: "Irina Volkova", handle: "@ivolkova"}
  - id: partner-management
    on_call: business-hours
    members: ["@kwhitaker"]
roles:
  - name: Privacy Officer
    aliases: ["HIPAA Privacy Officer"]
    holder: "@ljensen"
    deputies: ["@ivolkova"]
    team: security-privacy
  - name: VP Engineering
    holder: "@rcastillo"
    deputies: "@asaleh"
  - {holder: "@x"}
"""


def _roster(tmp_path: Path, text: str, keys: RosterKeys | None = None) -> Any:
    path = tmp_path / "owners.yaml"
    path.write_text(text, encoding="utf-8")
    return load_roster(path, "owners.yaml", tmp_path, keys)


def test_roster_reads_on_call_and_roles_with_their_lines(tmp_path: Path) -> None:
    roster = _roster(tmp_path, ROSTER)
    assert roster.error is None
    assert [t.on_call for t in roster.teams] == ["24/7", "business-hours"]
    roles = roster.roles
    assert roles.declared and roles.line == 12
    privacy, vp = roles.roles
    assert (privacy.name, privacy.holder, privacy.deputies, privacy.team) == (
        "Privacy Officer",
        "@ljensen",
        ("@ivolkova",),
        "security-privacy",
    )
    assert (privacy.line, privacy.column, vp.line) == (12, 5, 17)
    assert vp.deputies == ("@asaleh",)  # one name is a list of one
    assert roles.problems == ((20, "roles[2] has no 'name'"),)


@pytest.mark.parametrize(
    "title",
    ["hipaa privacy officer", "The  HIPAA Privacy-Officer", "HIPAA Privacy Officer's"],
)
def test_roles_are_found_by_name_or_alias_tolerantly(tmp_path: Path, title: str) -> None:
    roster = _roster(tmp_path, ROSTER)
    found = roster.roles.find(title)
    assert found is not None and found.name == "Privacy Officer"
    assert roster.roles.find("Security Officer") is None


def test_role_key_drops_of_article_and_possessive() -> None:
    assert role_key("the VP of Engineering's") == role_key("VP Engineering")


def test_a_mapped_roster_without_roles_has_none(tmp_path: Path) -> None:
    text = "- name: dba\n  slack: '#dba'\n  members: ['@a', '@b']\n"
    roster = _roster(tmp_path, text, RosterKeys(teams="", id="name", aliases=["slack"]))
    assert roster.error is None and not roster.roles.declared
    assert roster.teams[0].on_call == ""
    # a mapping of teams read as the file itself: a key "roles" is a team, not roles
    mapping = "dba: {members: ['@a']}\nroles: {members: ['@b']}\n"
    roster = _roster(tmp_path, mapping, RosterKeys(teams=""))
    assert [t.id for t in roster.teams] == ["dba", "roles"] and not roster.roles.declared


def test_roles_that_are_not_a_list_are_a_problem_not_an_error(tmp_path: Path) -> None:
    roster = _roster(tmp_path, "teams: []\nroles: Privacy Officer\n")
    assert roster.error is None
    assert roster.roles.problems == (
        (2, "'roles' must be a list of roles (name, holder, deputies)"),
    )


def _titles(body: str) -> list[tuple[str, int, int]]:
    text = f"---\ntype: policy\n---\n# Policy\n\n{body}"
    doc = from_bytes("p.md", "/x/p.md", text.encode(), 1_000_000)
    return [
        (t.text, t.line, t.column) for t in approver_titles(doc, _pattern(DEFAULT_TITLE_PATTERN))
    ]


def test_approver_titles_are_read_across_lines_of_one_paragraph() -> None:
    body = (
        "Feature changes need VP of Engineering approval; the Security Officer\n"
        "co-signs security exceptions. The Security Team meets weekly.\n"
    )
    assert _titles(body) == [("VP of Engineering", 6, 22), ("Security Officer", 6, 54)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The Director of EDI Operations decides.\n", ["Director of EDI Operations"]),
        ("Escalate to the L2 duty lead, who approves the replay.\n", ["L2 duty lead"]),
        ("The CTO signs off the plan.\n", ["CTO"]),
        ("The Privacy Officer reads the report.\n", []),  # no approval in the sentence
        ("Only the on-call engineer may lead the approval call.\n", []),  # "may lead"
        ("```bash\n# approved by the Release Manager\n```\n", []),  # code is no prose
    ],
)
def test_approver_titles_need_an_approval_and_a_title(body: str, expected: list[str]) -> None:
    assert [t[0] for t in _titles(body)] == expected


def _project(tmp_path: Path, files: dict[str, str], select: str) -> Path:
    write_tree(tmp_path, files)
    config = {"docs": ["ops-docs"], "select": [select]}
    (tmp_path / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp_path


def _evidence(root: Path, code: str, use_git: bool = True) -> list[str]:
    options = RunOptions(cwd=root, as_of=dt.date(2026, 12, 2), use_git=use_git, use_cache=False)
    report = lint(options).report
    assert not report.diagnostics, report.diagnostics
    return [e.note for ev in report.evaluations if ev.code == code for e in ev.evidence]


RUNBOOK = """\
---
type: runbook
owner: security-privacy
dry_run: {last_run: 2026-11-20, result: passed, by: "@ljensen", evidence: "https://x.org/1"}
---
# PHI exposure
"""


def test_dry_run_author_without_git_says_authorship_was_not_checked(tmp_path: Path) -> None:
    files = {"ops-docs/owners.yaml": ROSTER, "ops-docs/runbooks/phi.md": RUNBOOK}
    root = _project(tmp_path, files, "OPS710")
    notes = _evidence(root, "OPS710", use_git=False)
    assert notes == ["authorship not checked: no git history (--no-git)"]


def test_rotation_without_24x7_teams_says_what_it_looked_for(tmp_path: Path) -> None:
    roster = ROSTER.replace("on_call: 24/7", "on_call: business-hours")
    files = {
        "ops-docs/owners.yaml": roster,
        "ops-docs/handover/h.md": "---\ntype: handover\n---\n# H\n",
    }
    root = _project(tmp_path, files, "OPS712")
    [note] = _evidence(root, "OPS712")
    assert "no team of ops-docs/owners.yaml declares on_call: 24x7" in note


def test_roster_findings_are_reported_once_per_run(tmp_path: Path, ops_lint: Any) -> None:
    roster = ROSTER.replace('deputies: ["@ivolkova"]', "deputies: []")
    files = {"ops-docs/owners.yaml": roster}
    for name in ("a", "b", "c"):
        files[f"ops-docs/policies/{name}.md"] = "---\ntype: policy\n---\n# P\n"
    root = _project(tmp_path, files, "OPS711")
    run = ops_lint(root, "check", "--format", "json", "--as-of", "2026-12-02")
    diags = json.loads(run.out)["diagnostics"]
    got = [(d["path"], d["line"], d["message"]) for d in diags]
    assert got == [
        (
            "ops-docs/owners.yaml",
            12,
            "role 'Privacy Officer' has no deputy: a single point of approval",
        ),
        (
            "ops-docs/owners.yaml",
            17,
            "role 'VP Engineering' holder '@rcastillo' is no member of the roster",
        ),
        (
            "ops-docs/owners.yaml",
            17,
            "role 'VP Engineering' deputy '@asaleh' is no member of the roster",
        ),
        ("ops-docs/owners.yaml", 20, "roster roles[2] has no 'name'"),
    ]


def test_the_title_pattern_budget_is_the_runs_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run whose title pattern ran out of time says so; the next run in the same process
    (a language server, the pytest plugin) starts with a budget of its own."""
    policy = "---\ntype: policy\nowner: security-privacy\n---\n# Policy\n\nThe CTO signs off.\n"
    files = {"ops-docs/owners.yaml": ROSTER, "ops-docs/policies/p.md": policy}
    root = _project(tmp_path, files, "OPS711")
    options = RunOptions(cwd=root, as_of=dt.date(2026, 12, 2), use_git=False, use_cache=False)

    def messages() -> list[str]:
        return [d.message for d in lint(options).report.diagnostics]

    before = messages()
    assert any("CTO" in m for m in before), before
    with monkeypatch.context() as patch:
        patch.setattr(user_regex, "BUDGET", -1.0)  # spent on the first search
        starved = messages()
    assert any("switched off" in m for m in starved), starved
    assert messages() == before
