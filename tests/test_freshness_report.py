"""The freshness report in every format: golden files from a real git repo, and the CLI flags.

Golden files are regenerated only with ``pytest --update-goldens``; review the diff before
committing them.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from ops_lint.reports import csv_report, html, markdown
from tests.conftest import write_tree
from tests.gitrepo import GitRepo

GOLDEN = Path(__file__).resolve().parent / "golden" / "freshness"
AS_OF = "2026-11-27"
ANA = "Ana Lima <ana@example.org>"
BO = "Bo Chen <bo@example.org>"
CY = "Cy Okafor <cy@example.org>"
BOT = "Docs Bot <bot@example.org>"
CONFIG = """\
freshness:
  sweep_min_files: 2
  ignore_messages: ["^Import from wiki"]
"""


def _doc(title: str, doc_type: str, owner: str, reviewed: str | None, cycle: str, body: str) -> str:
    review = f"last_reviewed: {reviewed}\n" if reviewed else ""
    return (
        f'---\ntitle: "{title}"\ntype: {doc_type}\nowner: {owner}\n{review}'
        f"review_cycle_days: {cycle}\n---\n\n# {title}\n\n{body}\n"
    )


def build_repo(path: Path) -> GitRepo:
    """Six docs, three owners: stale, due-soon, fresh, never-reviewed, a pure move, a sweep."""
    repo = GitRepo(path)
    dlq = _doc("Dead-letter queue | replay", "runbook", "platform-sre", "2026-03-01", "90", "v1")
    sftp = _doc("SFTP outage", "runbook", "platform-sre", "2026-02-10", "90", "Steps.")
    ack = _doc("ACK SLA breach", "runbook", "edi-engineering", "2026-09-15", "90", "Page.")
    access = _doc("Access policy", "policy", "security-privacy", "2026-10-01", '"1 year"', "MFA.")
    handover = _doc("Handover", "handover", "edi-engineering", "2026-08-01", "90", "Shifts.")
    glossary = _doc("Glossary", "reference", "edi-engineering", None, "180", "Terms.")
    repo.commit("Add config", date="2026-01-05", files={".ops-lint.yaml": CONFIG})
    repo.commit(
        "Add the DLQ runbook and the SFTP runbook",
        date="2026-02-10",
        author=BO,
        files={"ops-docs/runbooks/dlq.md": dlq, "ops-docs/runbooks/old-sftp.md": sftp},
    )
    repo.commit(
        "Add the ACK runbook, access policy and handover",
        date="2026-03-01",
        author=ANA,
        files={
            "ops-docs/runbooks/ack-breach.md": ack,
            "ops-docs/policies/access.md": access,
            "ops-docs/handover/handover.md": handover,
        },
    )
    repo.commit(
        "Import from wiki: glossary",
        date="2026-03-02",
        author=BOT,
        files={"ops-docs/reference/glossary.md": glossary},
    )
    repo.commit(
        "Re-link docs after the wiki move",
        date="2026-06-01",
        author=BOT,
        files={
            "ops-docs/runbooks/dlq.md": dlq.replace("v1", "v1, see wiki"),
            "ops-docs/runbooks/ack-breach.md": ack.replace("Page.", "Page; see wiki."),
            "ops-docs/policies/access.md": access.replace("MFA.", "MFA; see wiki."),
        },
    )
    repo.commit(
        "Tighten the ACK escalation",
        date="2026-09-15",
        author=CY,
        files={"ops-docs/runbooks/ack-breach.md": ack.replace("Page.", "Page the on-call.")},
    )
    repo.commit(
        "Rename the SFTP runbook",
        date="2026-10-20",
        author=CY,
        moves={"ops-docs/runbooks/old-sftp.md": "ops-docs/runbooks/sftp-outage.md"},
    )
    # An uncommitted edit counts as edited now.
    write_tree(path, {"ops-docs/handover/handover.md": handover + "\nNew shift pattern.\n"})
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_repo(tmp_path_factory.mktemp("fresh") / "repo").path


def _freshness(ops_lint: Any, cwd: Path, *args: str) -> Any:
    return ops_lint(cwd, "freshness", "--as-of", AS_OF, *args)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("markdown", "report.md"),
        ("html", "report.html"),
        ("csv", "report.csv"),
        ("json", "report.json"),
    ],
)
def test_golden_report(
    fmt: str, name: str, repo: Path, ops_lint: Any, update_goldens: bool
) -> None:
    result = _freshness(ops_lint, repo, "--format", fmt)
    assert result.code == 0, result.err
    expected = GOLDEN / name
    if update_goldens:
        expected.write_bytes(result.out.encode("utf-8"))
    assert result.out == expected.read_bytes().decode("utf-8")


def test_repo_covers_every_status_a_move_and_a_sweep(repo: Path, ops_lint: Any) -> None:
    data = _freshness(ops_lint, repo, "--format", "json").json()
    statuses = {d["path"].rsplit("/", 1)[1]: d["status"] for d in data["docs"]}
    assert statuses == {
        "glossary.md": "never-reviewed",
        "ack-breach.md": "due-soon",
        "handover.md": "fresh",
        "sftp-outage.md": "stale",
        "dlq.md": "stale",
        "access.md": "fresh",
    }
    moved = next(d for d in data["docs"] if d["path"].endswith("sftp-outage.md"))
    assert moved["last_change"]["date"] == "2026-02-10"  # the pure move is not an edit
    assert [s["subject"] for s in data["sweeps"]] == ["Re-link docs after the wiki move"]
    assert {d["owner"] for d in data["docs"]} == {
        "edi-engineering",
        "platform-sre",
        "security-privacy",
    }


def test_markdown_groups_by_owner_and_escapes_cells(repo: Path, ops_lint: Any) -> None:
    out = _freshness(ops_lint, repo).out
    assert "### platform-sre" in out and "### edi-engineering" in out
    assert "Dead-letter queue \\| replay" in out
    platform = out.split("### platform-sre")[1].split("###")[0]
    assert platform.index("sftp-outage.md") < platform.index("dlq.md")  # most overdue first
    assert "| uncommitted |" in out
    assert ".git-blame-ignore-revs" in out
    assert "[!WARNING]" not in out


def test_markdown_cell_escaping() -> None:
    assert markdown.cell("a|b\nc\\d") == "a\\|b c\\\\d"
    assert markdown.cell(None) == "-"


def test_output_writes_the_file_and_prints_nothing(
    repo: Path, tmp_path: Path, ops_lint: Any
) -> None:
    target = tmp_path / "out" / "report.md"
    result = _freshness(ops_lint, repo, "--output", str(target))
    assert result.code == 0
    assert result.out == ""
    assert target.read_text(encoding="utf-8").startswith("# Doc freshness report, as of")


def test_previous_report_gives_the_trend(repo: Path, tmp_path: Path, ops_lint: Any) -> None:
    old = tmp_path / "q2.json"
    # As of mid-June, the DLQ runbook was fresh (re-linked on 2026-06-01); the SFTP runbook
    # was already stale.
    _freshness(ops_lint, repo, "--format", "json", "--output", str(old))
    previous = ops_lint(repo, "freshness", "--as-of", "2026-06-15", "--format", "json").json()
    old.write_text(json.dumps(previous), encoding="utf-8")
    data = _freshness(ops_lint, repo, "--format", "json", "--previous", str(old)).json()
    assert data["trend"]["previous_as_of"] == "2026-06-15"
    assert data["trend"]["newly_stale"] == ["ops-docs/runbooks/dlq.md"]
    # And backwards: the older report sees the stale DLQ runbook as refreshed.
    old.write_text(_freshness(ops_lint, repo, "--format", "json").out, encoding="utf-8")
    back = ops_lint(repo, "freshness", "--as-of", "2026-06-15", "--previous", str(old)).out
    assert "## Trend since 2026-11-27" in back
    assert "**Refreshed** (1): ops-docs/runbooks/dlq.md" in back  # escaped text, not code
    assert "**Newly stale** (0): none" in back


def test_quarter_sets_as_of_to_its_last_day(repo: Path, ops_lint: Any) -> None:
    result = ops_lint(repo, "freshness", "--quarter", "2026Q3", "--format", "json")
    assert result.json()["as_of"] == "2026-09-30"
    assert result.json()["quarter"] == "2026Q3"
    md = ops_lint(repo, "freshness", "--quarter", "2026Q3").out
    assert md.startswith("# Doc freshness report, as of 2026-09-30 (2026Q3)\n")


@pytest.mark.parametrize(("as_of", "code"), [(AS_OF, 1), ("2026-04-01", 0)])
def test_fail_on_stale(as_of: str, code: int, repo: Path, ops_lint: Any) -> None:
    assert ops_lint(repo, "freshness", "--as-of", as_of, "--fail-on-stale").code == code


def test_shallow_clone_is_said_loudly(repo: Path, tmp_path: Path, ops_lint: Any) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    data = _freshness(ops_lint, clone, "--format", "json").json()
    assert data["history"]["shallow"] is True
    md = _freshness(ops_lint, clone).out
    assert "> [!WARNING]" in md and "fetch-depth: 0" in md
    assert "unknown (shallow)" in md
    assert "fetch-depth: 0" in _freshness(ops_lint, clone, "--format", "html").out


def test_not_a_git_repository(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path,
        {"ops-docs/a.md": _doc("A", "runbook", "team-a", "2026-11-01", "90", "Body.")},
    )
    result = _freshness(ops_lint, tmp_path, "--format", "json")
    assert result.code == 0
    assert result.json()["history"]["available"] is False
    assert result.json()["docs"][0]["status"] == "fresh"
    md = _freshness(ops_lint, tmp_path).out
    assert "Git history unavailable" in md


def test_csv_parses_back(repo: Path, ops_lint: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(_freshness(ops_lint, repo, "--format", "csv").out)))
    assert tuple(rows[0]) == csv_report.COLUMNS
    assert len(rows) == 6
    dlq = next(r for r in rows if r["path"] == "ops-docs/runbooks/dlq.md")
    assert dlq["title"] == "Dead-letter queue | replay"
    assert (dlq["status"], dlq["days_left"], dlq["uncommitted"]) == ("stale", "-89", "false")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (-12, -12),  # a number, not text: days overdue stay numeric
        (None, ""),
        (True, "true"),
    ],
)
def test_csv_neutralizes_formulas(value: object, cell: object) -> None:
    assert csv_report.safe(value) == cell


def test_csv_title_formula_is_quoted(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(
        tmp_path, {"ops-docs/a.md": _doc("=cmd|' /C calc'!A0", "runbook", "+team", None, "90", "")}
    )
    out = _freshness(ops_lint, tmp_path, "--format", "csv").out
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert row["owner"] == "'+team"


class _Strict(HTMLParser):
    """Counts tags and fails on markup a title must not produce."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_html_parses_and_is_self_contained(repo: Path, ops_lint: Any) -> None:
    out = _freshness(ops_lint, repo, "--format", "html").out
    parser = _Strict()
    parser.feed(out)
    parser.close()
    assert "svg" in parser.tags and parser.tags.count("table") >= 5
    assert "script" not in parser.tags and "link" not in parser.tags
    assert "http://" not in out.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in out
    assert "@media print" in out


def test_html_escapes_everything(tmp_path: Path, ops_lint: Any) -> None:
    evil = '</script><script>alert(1)</script>\\"><img src=x onerror=alert(2)>'
    write_tree(
        tmp_path,
        {
            "ops-docs/x.md": _doc(
                evil, "runbook", "<marquee>team</marquee>", "2026-11-01", "90", "Body."
            )
        },
    )
    out = _freshness(ops_lint, tmp_path, "--format", "html").out
    parser = _Strict()
    parser.feed(out)
    assert "img" not in parser.tags and "script" not in parser.tags and "marquee" not in parser.tags
    assert "&lt;/script&gt;" in out and "&lt;img src=x" in out


def test_renderers_read_only_the_dict() -> None:
    data = {
        "version": 1,
        "as_of": AS_OF,
        "quarter": None,
        "history": {"available": True, "shallow": False, "commits_read": 0, "reason": ""},
        "window_days": 365,
        "docs": [],
        "sweeps": [],
        "summary": {
            "total": 0,
            "by_status": {s: {"count": 0, "percent": 0.0} for s in markdown.STATUS_ORDER},
            "by_type": {},
            "by_owner": {},
        },
    }
    assert "No sweep found" in markdown.render(data)
    assert "<svg" in html.render(data)
    assert csv_report.render(data) == ",".join(f'"{c}"' for c in csv_report.COLUMNS) + "\n"
