"""``ops-lint review``: the review date (and team) written in place, every other byte kept."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import write_tree
from tests.gitrepo import GitRepo

ROSTER = (
    "teams:\n"
    "  - id: edi-l2-support\n"
    "    name: EDI L2 Support\n"
    '    aliases: ["L2 Support"]\n'
    '    members: ["@praman"]\n'
)
DOC = (
    "---\n"
    "title: 'DLQ backlog'   # shown in the index\n"
    "type: runbook\n"
    'owner: "edi-l2-support"\n'
    "last_reviewed: 2026-01-10  # last full walk-through\n"
    "tags: [dlq, routing]\n"
    "\n"
    "# the cycle follows the policy\n"
    "review_cycle_days: 90\n"
    "---\n"
    "# DLQ backlog\n"
    "\n"
    "last_reviewed: 2020-01-01 is body text, not front-matter.\n"
)


def project(
    tmp_path: Path, files: dict[str, str | bytes], config: dict[str, Any] | None = None
) -> Path:
    root = tmp_path / "proj"
    cfg = {"docs": ["ops-docs"], **(config or {})}
    write_tree(root, {".ops-lint.yaml": yaml.safe_dump(cfg), "ops-docs/owners.yaml": ROSTER})
    write_tree(root, files)
    return root


def changed_lines(before: bytes, after: bytes) -> list[tuple[int, bytes, bytes]]:
    """The lines that differ (same line count required), compared byte for byte."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    return [(i, a, b) for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


def test_only_the_review_line_changes(tmp_path: Path, ops_lint: Any) -> None:
    root = project(tmp_path, {"ops-docs/dlq.md": DOC})
    before = (root / "ops-docs/dlq.md").read_bytes()
    result = ops_lint(root, "review", "ops-docs/dlq.md", "--as-of", "2026-11-30")
    assert result.code == 0, result.err
    assert "ops-docs/dlq.md: reviewed (last_reviewed 2026-11-30)" in result.out
    after = (root / "ops-docs/dlq.md").read_bytes()
    assert changed_lines(before, after) == [
        (
            4,
            b"last_reviewed: 2026-01-10  # last full walk-through\n",
            b"last_reviewed: 2026-11-30  # last full walk-through\n",
        )
    ]


def test_by_writes_the_roster_team_id_as_a_new_key(tmp_path: Path, ops_lint: Any) -> None:
    root = project(tmp_path, {"ops-docs/dlq.md": DOC})
    before = (root / "ops-docs/dlq.md").read_bytes()
    result = ops_lint(
        root, "review", "ops-docs/dlq.md", "--by", "l2 support", "--as-of", "2026-11-30"
    )
    assert result.code == 0, result.err
    after = (root / "ops-docs/dlq.md").read_bytes()
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert new[9] == b"reviewed_by: edi-l2-support\n"  # at the end of the front-matter
    assert new[:4] + new[5:9] + new[10:] == old[:4] + old[5:]
    assert new[4] == b"last_reviewed: 2026-11-30  # last full walk-through\n"


def test_nested_field_keeps_its_quoting(tmp_path: Path, ops_lint: Any) -> None:
    page = (
        "---\n"
        "title: A\n"
        "last_update:\n"
        "  author: ana   # who\n"
        "  date: '2025-01-10'\n"
        "review:\n"
        "  cycle: 90\n"
        "---\n"
        "# A\n"
    )
    config = {
        "freshness": {"fields": {"last_reviewed": "last_update.date", "reviewed_by": "review.team"}}
    }
    root = project(tmp_path, {"ops-docs/a.md": page}, config)
    before = (root / "ops-docs/a.md").read_bytes()
    result = ops_lint(
        root, "review", "ops-docs/a.md", "--by", "edi-l2-support", "--as-of", "2026-11-30"
    )
    assert result.code == 0, result.err
    after = (root / "ops-docs/a.md").read_text()
    assert after == page.replace("'2025-01-10'", "'2026-11-30'").replace(
        "  cycle: 90\n", "  cycle: 90\n  team: edi-l2-support\n"
    )
    assert before != after.encode()


def test_crlf_file_stays_crlf(tmp_path: Path, ops_lint: Any) -> None:
    data = DOC.replace("\n", "\r\n").encode()
    root = project(tmp_path, {"ops-docs/dlq.md": data})
    result = ops_lint(
        root, "review", "ops-docs/dlq.md", "--by", "edi-l2-support", "--as-of", "2026-11-30"
    )
    assert result.code == 0, result.err
    after = (root / "ops-docs/dlq.md").read_bytes()
    expected = data.replace(b"2026-01-10", b"2026-11-30").replace(
        b"review_cycle_days: 90\r\n", b"review_cycle_days: 90\r\nreviewed_by: edi-l2-support\r\n"
    )
    assert after == expected


def test_missing_key_is_added_at_the_end_of_the_front_matter(tmp_path: Path, ops_lint: Any) -> None:
    page = "---\ntitle: A  # t\ntype: runbook\n---\n# A\n\nBody.\n"
    root = project(tmp_path, {"ops-docs/a.md": page})
    result = ops_lint(root, "review", "ops-docs/a.md", "--as-of", "2026-11-30")
    assert result.code == 0, result.err
    assert (root / "ops-docs/a.md").read_text() == (
        "---\ntitle: A  # t\ntype: runbook\nlast_reviewed: 2026-11-30\n---\n# A\n\nBody.\n"
    )


def test_same_date_twice_changes_nothing(tmp_path: Path, ops_lint: Any) -> None:
    root = project(tmp_path, {"ops-docs/dlq.md": DOC})
    args = ("review", "ops-docs/dlq.md", "--by", "edi-l2-support", "--as-of", "2026-11-30")
    assert ops_lint(root, *args).code == 0
    once = (root / "ops-docs/dlq.md").read_bytes()
    stamp = os.stat(root / "ops-docs/dlq.md").st_mtime_ns
    again = ops_lint(root, *args)
    assert again.code == 0, again.err
    assert "already reviewed" in again.out and "unchanged" in again.out
    assert (root / "ops-docs/dlq.md").read_bytes() == once
    assert os.stat(root / "ops-docs/dlq.md").st_mtime_ns == stamp  # not even rewritten


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("---\ntitle: [unclosed\nlast_reviewed: 2026-01-01\n---\n# A\n", "YAML error"),
        ("---\n- a list\n- not a mapping\n---\n# A\n", "not a mapping"),
        ("# No front-matter\n", "no front-matter"),
        (b"---\ntitle: A\n---\n\x00\x01\x02binary", "binary"),
        (b"---\ntitle: caf\xe9\n---\n", "not UTF-8"),
        ("---\nlast_reviewed: {when: 2026-01-01}\n---\n# A\n", "holds a mapping"),
    ],
)
def test_refused_files_are_left_untouched(
    tmp_path: Path, ops_lint: Any, content: str | bytes, reason: str
) -> None:
    root = project(tmp_path, {"ops-docs/bad.md": content, "ops-docs/good.md": DOC})
    before = {p: (root / p).read_bytes() for p in ("ops-docs/bad.md", "ops-docs/good.md")}
    result = ops_lint(
        root, "review", "ops-docs/good.md", "ops-docs/bad.md", "--as-of", "2026-11-30"
    )
    assert result.code == 2
    assert "ops-docs/bad.md" in result.err and reason in result.err
    assert "nothing written" in result.err
    assert {p: (root / p).read_bytes() for p in before} == before  # the good one too


def test_symlink_out_of_the_project_is_refused(tmp_path: Path, ops_lint: Any) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(DOC)
    root = project(tmp_path, {})
    (root / "ops-docs/link.md").symlink_to(outside)
    result = ops_lint(root, "review", "ops-docs/link.md", "--as-of", "2026-11-30")
    assert result.code == 2
    assert "outside the project" in result.err
    assert outside.read_text() == DOC


def test_unknown_team_is_a_usage_error(tmp_path: Path, ops_lint: Any) -> None:
    root = project(tmp_path, {"ops-docs/dlq.md": DOC})
    result = ops_lint(
        root, "review", "ops-docs/dlq.md", "--by", "edi-l2-suport", "--as-of", "2026-11-30"
    )
    assert result.code == 2
    assert "not a team of the owners roster" in result.err
    assert "did you mean 'edi-l2-support'" in result.err
    assert (root / "ops-docs/dlq.md").read_text() == DOC


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path: Path, ops_lint: Any) -> None:
    root = project(tmp_path, {"ops-docs/dlq.md": DOC})
    result = ops_lint(root, "review", "ops-docs/dlq.md", "--dry-run", "--as-of", "2026-11-30")
    assert result.code == 0, result.err
    assert "-last_reviewed: 2026-01-10" in result.out
    assert "+last_reviewed: 2026-11-30" in result.out
    assert (root / "ops-docs/dlq.md").read_text() == DOC


def test_a_committed_review_is_an_attestation_in_freshness(tmp_path: Path, ops_lint: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    config = yaml.safe_dump({"docs": ["ops-docs"]})
    files = {".ops-lint.yaml": config, "ops-docs/owners.yaml": ROSTER, "ops-docs/dlq.md": DOC}
    repo.commit("Add the runbook", date="2026-01-10", files=files)
    args = ("review", "ops-docs/dlq.md", "--by", "edi-l2-support", "--as-of", "2026-11-20")
    result = ops_lint(repo.path, *args)
    assert result.code == 0, result.err
    repo.commit("Review the DLQ runbook", date="2026-11-20")
    report = ops_lint(repo.path, "freshness", "--format", "json", "--as-of", "2026-11-27")
    assert report.code == 0, report.err
    entry = {d["path"]: d for d in report.json()["docs"]}["ops-docs/dlq.md"]
    assert entry["last_review"] == "2026-11-20"
    assert entry["last_attestation"]["date"] == "2026-11-20"
    assert entry["last_change"]["date"] == "2026-01-10"  # the review is not an edit
    assert entry["status"] == "fresh"
