"""Owner sources: team files as roster, CODEOWNERS, OWNERS files and a default owner."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ops_lint.codeowners import load as load_codeowners
from ops_lint.codeowners import parse
from ops_lint.owner_settings import RosterKeys
from ops_lint.owners_files import OwnersTree
from ops_lint.roster import load_roster

ROSTER = """\
teams:
  - id: edi-l2-support
    aliases: ["@acme/edi-l2"]
    members: ["@ann", "@bob", "@cy"]
  - id: solo
    members: ["@dana"]
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _runbook(owner: str = "") -> str:
    head = f"owner: {owner}\n" if owner else ""
    return f"---\ntype: runbook\n{head}trigger: x\n---\n# Runbook\n"


def _project(root: Path, config: str, files: dict[str, str]) -> Path:
    base = {".ops-lint.yaml": config, "ops-docs/owners.yaml": ROSTER}
    _write(root, {**base, **files})
    return root


def _findings(ops_lint: Any, root: Path, *codes: str) -> list[dict[str, Any]]:
    data = ops_lint(root, "check", "--no-cache", "--format", "json").json()
    return [d for d in data["diagnostics"] if d["code"] in codes]


# CODEOWNERS patterns: owners_of(path) for the tricky cases of the documented syntax.
TRICKY = """\
*            @acme/all
*.md         @acme/writers
/docs/       @acme/docs
docs/*       @acme/docs-top
apps/        @acme/apps
docs/**/runbooks/  @acme/runbooks
/build/logs  @acme/logs
/empty/
"""


@pytest.mark.parametrize(
    ("path", "owner"),
    [
        ("main.py", "@acme/all"),
        ("deep/er/notes.md", "@acme/writers"),  # no slash: any depth
        ("docs/sub/x.txt", "@acme/docs"),  # /docs/: everything below the root's docs/
        ("docs/x.txt", "@acme/docs-top"),  # docs/*: direct children only ...
        ("docs/sub/y.md", "@acme/docs"),  # ... so the nested file keeps /docs/
        ("src/docs/x.txt", "@acme/all"),  # /docs/ is anchored
        ("src/apps/a/b.py", "@acme/apps"),  # apps/: a folder at any depth
        ("docs/runbooks/r.md", "@acme/runbooks"),  # **/ may be no folder at all
        ("docs/a/b/runbooks/r.md", "@acme/runbooks"),
        ("x/docs/runbooks/r.md", "@acme/writers"),  # docs/**/runbooks/ is anchored
        ("build/logs/2024/x.log", "@acme/logs"),  # a folder pattern without "/" at its end
        ("build/logs.txt", "@acme/all"),
        ("empty/file.md", None),  # a pattern without owners leaves the path unowned
    ],
)
def test_codeowners_patterns(path: str, owner: str | None) -> None:
    found = parse(TRICKY, "CODEOWNERS").owners_of(path)
    assert [o for o, _ in found] == ([owner] if owner else [])


def test_codeowners_lines_escapes_and_comments() -> None:
    text = "# c\n\ndocs/my\\ file.md  @a @b  # trailing\n!neg @x\n"
    found = parse(text, ".github/CODEOWNERS")
    assert found.owners_of("docs/my file.md") == [("@a", 3), ("@b", 3)]
    assert found.problems == ["line 4: negated pattern '!neg' not supported"]


def test_gitlab_sections_add_up_and_give_default_owners() -> None:
    text = (
        "[Docs] @acme/docs\n"
        "docs/\n"
        "docs/runbooks/ @acme/sre\n"
        "^[Optional][2]\n"
        "*.md @acme/writers\n"
        "[docs]\n"  # the same section again (names ignore case)
        "docs/legal/ @acme/legal\n"
    )
    found = parse(text, "CODEOWNERS")
    assert [o for o, _ in found.owners_of("docs/a.md")] == ["@acme/docs", "@acme/writers"]
    assert found.owners_of("docs/runbooks/r.md")[0] == ("@acme/sre", 3)
    assert found.owners_of("docs/legal/l.md")[0] == ("@acme/legal", 7)


def test_codeowners_location_order_and_unsafe_file(tmp_path: Path) -> None:
    _write(tmp_path, {"CODEOWNERS": "* @root\n", ".github/CODEOWNERS": "* @github\n"})
    assert load_codeowners(tmp_path).owners_of("a.md") == [("@github", 1)]
    (tmp_path / ".github/CODEOWNERS").unlink()
    (tmp_path / ".github/CODEOWNERS").symlink_to("/etc/hostname")
    found = load_codeowners(tmp_path)
    assert found.entries == [] and "outside the project" in found.problems[0]


def test_owners_files_nearest_with_parents_and_no_parent_owners(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "OWNERS": "approvers: [root1]\n",
            "a/OWNERS": "approvers: [ann, '@Bob']\nreviewers: [cy]\n",
            "a/b/c/x.md": "",
            "z/OWNERS": "approvers: [zed]\noptions: {no_parent_owners: true}\n",
            "bad/OWNERS": "approvers: not-a-list\n",
        },
    )
    tree = OwnersTree(tmp_path)
    found = tree.approval("a/b/c/x.md")
    assert found.approvers == ("ann", "@Bob", "root1") and found.files == ("a/OWNERS", "OWNERS")
    assert tree.approval("z/y.md").approvers == ("zed",)
    assert tree.approval("bad/q.md").problem == (
        "bad/OWNERS: 'approvers' and 'reviewers' must be lists of names"
    )


def test_roster_mapped_onto_an_existing_team_file(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "teams.yaml": (
                "- name: govuk-platform\n  slack_channel: '#platform'\n"
                "  people: ['@ann', '@bob']\n- name: data\n  slack_channel: [a, b]\n"
            ),
            "map.yaml": "teams:\n  sre: {members: ['@x']}\n  dba: {}\n",
        },
    )
    keys = RosterKeys(teams="", id="name", aliases=["slack_channel"], members="people")
    roster = load_roster(tmp_path / "teams.yaml", "teams.yaml", tmp_path, keys)
    assert roster.error is None
    team = roster.team("#platform")
    assert team is not None and team.id == "govuk-platform" and len(team.members) == 2
    assert roster.team("b") is not None and team.line == 1
    mapped = load_roster(tmp_path / "map.yaml", "map.yaml", tmp_path)
    assert [t.id for t in mapped.teams] == ["sre", "dba"] and mapped.teams[1].line == 3
    wrong = load_roster(tmp_path / "teams.yaml", "teams.yaml", tmp_path)
    assert wrong.error == "owners roster teams.yaml has no 'teams' list"
    top = load_roster(tmp_path / "teams.yaml", "t", tmp_path, RosterKeys(teams="", id="id"))
    assert top.error == "owners roster t: teams[0] has no 'id'"


CONFIG = "docs: [docs]\nowner_sources: [front-matter, codeowners, owners-files, default]\n"


def test_codeowners_owner_is_judged_and_named_with_its_line(tmp_path: Path, ops_lint: Any) -> None:
    root = _project(
        tmp_path,
        CONFIG,
        {
            ".github/CODEOWNERS": "# owners\n/docs/ @acme/edi-l2\n/docs/solo/ @acme/nobody @dana\n",
            "docs/ok.md": _runbook(),
            "docs/solo/r.md": _runbook(),
            "docs/own.md": _runbook("edi-l2-support"),
        },
    )
    found = _findings(ops_lint, root, "OPS104", "OPS105", "OPS302")
    shown = sorted((d["path"], d["code"], d["message"]) for d in found)
    assert shown == [
        (
            "docs/solo/r.md",
            "OPS104",
            ".github/CODEOWNERS line 3 owner '@dana' is a person (@dana, a member of team "
            "'solo'); the handover must not rely on a single individual",
        ),
        (
            "docs/solo/r.md",
            "OPS105",
            ".github/CODEOWNERS line 3 owner '@acme/nobody' matches no team in "
            "ops-docs/owners.yaml (by id, name or alias)",
        ),
    ]


def test_front_matter_wins_over_codeowners_and_default_owner_last(
    tmp_path: Path, ops_lint: Any
) -> None:
    config = "docs: [docs]\nowner_sources: [front-matter, codeowners, default]\n"
    root = _project(
        tmp_path,
        config + "default_owner: nobody-team\n",
        {
            "CODEOWNERS": "/docs/a/ @dana\n",
            "docs/a/r.md": _runbook("edi-l2-support"),  # front-matter first: @dana not read
            "docs/b/r.md": _runbook(),  # no CODEOWNERS line: the default owner
        },
    )
    found = _findings(ops_lint, root, "OPS104", "OPS105", "OPS302")
    assert [(d["path"], d["code"]) for d in found] == [("docs/b/r.md", "OPS105")]
    assert "default_owner in config owner 'nobody-team'" in found[0]["message"]


def test_owners_files_need_min_approvers(tmp_path: Path, ops_lint: Any) -> None:
    root = _project(
        tmp_path,
        "docs: [docs]\nowner_sources: [owners-files]\n",
        {
            "docs/OWNERS": "approvers: [ann, bob]\n",
            "docs/ok/r.md": _runbook(),
            "docs/one/OWNERS": "approvers: [cy]\noptions: {no_parent_owners: true}\n",
            "docs/one/r.md": _runbook(),
            "docs/bad/OWNERS": "approvers: [",
            "docs/bad/r.md": _runbook(),
        },
    )
    found = _findings(ops_lint, root, "OPS104", "OPS105", "OPS302")
    shown = sorted((d["path"], d["code"], d["message"].split(":")[0].split(";")[0]) for d in found)
    assert shown == [
        ("docs/bad/r.md", "OPS105", "owner file docs/bad/OWNERS"),
        ("docs/bad/r.md", "OPS302", "runbook front-matter has no 'owner'"),
        ("docs/one/r.md", "OPS104", "approvers in docs/one/OWNERS"),
    ]
    one = next(d for d in found if d["code"] == "OPS104")
    assert "1 approver (cy), at least 2 required" in one["message"]


def test_freshness_report_says_where_the_owner_came_from(tmp_path: Path, ops_lint: Any) -> None:
    root = _project(
        tmp_path,
        "docs: [docs]\nowner_sources: [front-matter, codeowners]\n",
        {
            "CODEOWNERS": "\n*.md @acme/edi-l2\n",
            "docs/r.md": _runbook(),
            "docs/s.md": _runbook("x"),
        },
    )
    data = ops_lint(root, "freshness", "--format", "json").json()
    owners = {d["path"]: d["owner"] for d in data["docs"]}
    assert owners == {"docs/r.md": "@acme/edi-l2 (CODEOWNERS line 2)", "docs/s.md": "x"}


def test_without_owner_sources_codeowners_is_not_read(tmp_path: Path, ops_lint: Any) -> None:
    root = _project(
        tmp_path, "docs: [docs]\n", {"CODEOWNERS": "* @dana\n", "docs/r.md": _runbook()}
    )
    found = _findings(ops_lint, root, "OPS104", "OPS105", "OPS302")
    assert [d["code"] for d in found] == ["OPS302"]
    assert os.path.exists(root / "CODEOWNERS")


def test_a_changed_codeowners_file_is_not_answered_from_memory(
    tmp_path: Path, ops_lint: Any
) -> None:
    root = _project(
        tmp_path,
        "docs: [docs]\nowner_sources: [codeowners]\n",
        {"CODEOWNERS": "* @acme/edi-l2\n", "docs/r.md": _runbook()},
    )
    owners = ("OPS104", "OPS105", "OPS302")

    def codes() -> list[str]:
        found = ops_lint(root, "check", "--format", "json").json()["diagnostics"]
        return [d["code"] for d in found if d["code"] in owners]

    assert codes() == []
    (root / "CODEOWNERS").write_text("* @dana\n", encoding="utf-8")
    assert codes() == ["OPS104"]
