"""Freshness fields: nested front-matter, review-by dates and a default owner.

Real git repositories with fixed commit dates: every case runs ``check`` (OPS601/OPS602)
and the ``freshness`` report on the same tree, and both must judge the same docs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.gitrepo import GitRepo

AS_OF = ("--as-of", "2026-11-27")


def _repo(tmp_path: Path, files: dict[str, str], config: dict[str, Any], date: str) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    config = {"docs": ["ops-docs"], **config}
    files = {".ops-lint.yaml": yaml.safe_dump(config), **files}
    repo.commit("Add docs", date=date, files=files)
    return repo


def _check(ops_lint: Any, root: Path, code: str) -> list[dict[str, Any]]:
    result = ops_lint(root, "check", "--select", code, "--format", "json", "--no-cache", *AS_OF)
    assert result.code in (0, 1), result.err
    return [d for d in result.json()["diagnostics"] if d["code"] == code]


def _report(ops_lint: Any, root: Path) -> dict[str, dict[str, Any]]:
    result = ops_lint(root, "freshness", "--format", "json", *AS_OF)
    assert result.code == 0, result.err
    return {d["path"]: d for d in result.json()["docs"]}


def _stale(ops_lint: Any, root: Path) -> tuple[set[str], set[str]]:
    """Docs OPS601 flags, and docs the report calls stale or never reviewed."""
    flagged = {d["path"] for d in _check(ops_lint, root, "OPS601")}
    docs = _report(ops_lint, root)
    judged = {p for p, d in docs.items() if d["status"] in ("stale", "never-reviewed")}
    return flagged, judged


def test_nested_review_date_of_untyped_docs(tmp_path: Path, ops_lint: Any) -> None:
    files = {
        "ops-docs/old.md": "---\nlast_update:\n  date: 2025-01-10\n---\n# Old\n",
        "ops-docs/new.md": "---\nlast_update:\n  date: 2026-11-01\n---\n# New\n",
        "ops-docs/index.md": "---\ntitle: Index\n---\n# Index\n",
    }
    config = {"freshness": {"basis": "review", "fields": {"last_reviewed": "last_update.date"}}}
    repo = _repo(tmp_path, files, config, "2025-01-10")
    flagged, judged = _stale(ops_lint, repo.path)
    assert flagged == judged == {"ops-docs/old.md"}
    docs = _report(ops_lint, repo.path)
    assert set(docs) == {"ops-docs/old.md", "ops-docs/new.md"}
    assert docs["ops-docs/old.md"]["last_review"] == "2025-01-10"
    assert docs["ops-docs/new.md"]["status"] == "fresh"
    diag = _check(ops_lint, repo.path, "OPS601")[0]
    assert diag["line"] == 3  # the nested 'date:' line
    assert "set 'last_update.date' to the review date" in diag["hint"]


def test_nested_review_date_that_is_not_a_date(tmp_path: Path, ops_lint: Any) -> None:
    files = {"ops-docs/a.md": "---\nlast_update:\n  author: ana\n  date: soon\n---\n# A\n"}
    config = {"freshness": {"fields": {"last_reviewed": "last_update.date"}}}
    repo = _repo(tmp_path, files, config, "2026-11-01")
    diags = _check(ops_lint, repo.path, "OPS602")
    assert [(d["line"], d["message"]) for d in diags] == [
        (4, "review date 'soon' is not a date (YYYY-MM-DD)")
    ]


def test_tech_docs_fields(tmp_path: Path, ops_lint: Any) -> None:
    page = "---\ntitle: {t}\nlast_reviewed_on: {d}\nreview_in: 6 months\n---\n# {t}\n"
    files = {
        "docs/a.md": page.format(t="A", d="2026-01-15"),
        "docs/b.md": page.format(t="B", d="2026-10-01"),
    }
    fields = {
        "last_reviewed": "last_reviewed_on",
        "review_cycle": "review_in",
        "owner": "owner_slack",
    }
    freshness = {"basis": "review", "fields": fields}
    config = {"docs": ["docs"], "freshness": freshness, "default_owner": "#team-docs"}
    repo = _repo(tmp_path, files, config, "2026-01-15")
    repo.commit("config", date="2026-01-15", files={".ops-lint.yaml": yaml.safe_dump(config)})
    flagged, judged = _stale(ops_lint, repo.path)
    assert flagged == judged == {"docs/a.md"}
    docs = _report(ops_lint, repo.path)
    assert docs["docs/a.md"]["due"] == "2026-07-15"
    assert docs["docs/a.md"]["owner"] == "#team-docs (default_owner in config)"


def test_review_by_date_replaces_the_cycle(tmp_path: Path, ops_lint: Any) -> None:
    files = {
        # reviewed last month, a 90-day cycle: fresh by the cycle, but past its own date
        "ops-docs/due.md": "---\ntype: runbook\nlast_reviewed: 2026-10-20\n"
        "review_by: 2026-11-01\n---\n# Due\n",
        # reviewed two years ago, but not due until next year
        "ops-docs/later.md": "---\ntype: runbook\nlast_reviewed: 2024-11-01\n"
        "review_by: 2027-06-30\n---\n# Later\n",
        # no type, no review date: judged by its review-by date alone
        "ops-docs/untyped.md": "---\nreview_by: 2026-09-30\n---\n# Untyped\n",
    }
    repo = _repo(tmp_path, files, {"freshness": {"basis": "review"}}, "2024-11-01")
    flagged, judged = _stale(ops_lint, repo.path)
    assert flagged == judged == {"ops-docs/due.md", "ops-docs/untyped.md"}
    docs = _report(ops_lint, repo.path)
    assert docs["ops-docs/due.md"]["due"] == "2026-11-01"
    assert docs["ops-docs/later.md"]["status"] == "fresh"
    assert docs["ops-docs/untyped.md"]["days_left"] == -58
    diags = {d["path"]: d for d in _check(ops_lint, repo.path, "OPS601")}
    assert (
        "review by 2026-11-01; due 2026-11-01, 26 days overdue"
        in diags["ops-docs/due.md"]["message"]
    )
    assert diags["ops-docs/untyped.md"]["line"] == 2
    assert "set 'review_by' to the next review date" in diags["ops-docs/untyped.md"]["hint"]


def test_review_by_that_is_not_a_date_falls_back_to_the_cycle(
    tmp_path: Path, ops_lint: Any
) -> None:
    files = {
        "ops-docs/a.md": "---\ntype: runbook\nlast_reviewed: 2026-11-01\n"
        "review_by: next spring\n---\n# A\n"
    }
    repo = _repo(tmp_path, files, {}, "2026-11-01")
    diags = _check(ops_lint, repo.path, "OPS602")
    assert [(d["line"], d["message"]) for d in diags] == [
        (4, "review-by date 'next spring' is not a date (YYYY-MM-DD)")
    ]
    assert _report(ops_lint, repo.path)["ops-docs/a.md"]["due"] == "2027-01-30"


def test_review_by_field_name_is_configurable(tmp_path: Path, ops_lint: Any) -> None:
    files = {"ops-docs/a.md": "---\nnext_review:\n  due: 2026-10-01\n---\n# A\n"}
    config = {"freshness": {"fields": {"review_by": "next_review.due"}}}
    repo = _repo(tmp_path, files, config, "2026-01-01")
    flagged, judged = _stale(ops_lint, repo.path)
    assert flagged == judged == {"ops-docs/a.md"}


def test_attestation_of_a_nested_review_date_is_not_an_edit(tmp_path: Path, ops_lint: Any) -> None:
    page = "---\nlast_update:\n  date: {d}\n---\n# A\n\nSteps.\n"
    config = {"freshness": {"fields": {"last_reviewed": "last_update.date"}}}
    repo = _repo(tmp_path, {"ops-docs/a.md": page.format(d="2025-01-10")}, config, "2025-01-10")
    repo.commit("review", date="2026-11-01", files={"ops-docs/a.md": page.format(d="2026-11-01")})
    entry = _report(ops_lint, repo.path)["ops-docs/a.md"]
    assert entry["last_change"]["date"] == "2025-01-10"
    assert entry["last_attestation"]["date"] == "2026-11-01"


def test_default_owner(tmp_path: Path, ops_lint: Any) -> None:
    files = {
        "ops-docs/mine.md": "---\ntype: runbook\nowner: team-a\nlast_reviewed: 2026-11-01\n---\n",
        "ops-docs/orphan.md": "---\ntype: runbook\nlast_reviewed: 2026-11-01\n---\n",
        "ops-docs/blank.md": "---\ntype: runbook\nowner: ''\nlast_reviewed: 2026-11-01\n---\n",
    }
    config = {"default_owner": "team-platform"}
    repo = _repo(tmp_path, files, config, "2026-11-01")
    owners = {p: d["owner"] for p, d in _report(ops_lint, repo.path).items()}
    assert owners == {
        "ops-docs/mine.md": "team-a",
        "ops-docs/orphan.md": "team-platform (default_owner in config)",
        "ops-docs/blank.md": "team-platform (default_owner in config)",
    }
