"""The freshness report as of its date, and one answer for one input.

Real git repositories with fixed dates: a past ``--as-of`` or ``--quarter`` reads the
repository as it was then; a quarter still running is reported as of today; ``check`` and
``freshness`` judge the same docs; history follows every branch; front-matter reads the
same cold and from the cache; report links lead to the docs. A differential test checks
the report against an independent computation from ``git rev-list`` and ``git show``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops_lint.document import build, front_matter_only
from ops_lint.git.history import HistorySettings, read_history
from tests.conftest import write_tree
from tests.gitrepo import GitRepo

ANA = "Ana Lima <ana@example.org>"
BO = "Bo Chen <bo@example.org>"


def doc(
    title: str, reviewed: str, body: str = "Steps.", cycle: int = 90, kind: str = "runbook"
) -> str:
    type_line = f"type: {kind}\n" if kind else ""
    review = f"last_reviewed: {reviewed}\n" if reviewed else ""
    return (
        f"---\ntitle: {title}\n{type_line}owner: team-a\n{review}"
        f"review_cycle_days: {cycle}\n---\n\n# {title}\n\n{body}\n"
    )


def report(ops_lint: Any, cwd: Path, *args: str) -> dict[str, Any]:
    result = ops_lint(cwd, "freshness", "--format", "json", *args)
    assert result.code == 0, result.err
    data: dict[str, Any] = result.json()
    return data


def by_path(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["path"]: d for d in data["docs"]}


# -- a past date is the repository as it was then ---------------------------------------------


def test_past_date_reads_the_repository_as_it_was(tmp_path: Path, ops_lint: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    first = repo.commit(
        "Add runbooks",
        date="2026-01-10",
        files={
            "ops-docs/a.md": doc("A", "2026-01-10"),
            "ops-docs/b.md": doc("B", "2026-01-10"),
            "ops-docs/gone.md": doc("Gone", "2026-01-10"),
        },
    )
    repo.commit("Review A", date="2026-05-01", files={"ops-docs/a.md": doc("A", "2026-05-01")})
    repo.commit("Retire gone", date="2026-07-01", deletes=["ops-docs/gone.md"])
    repo.commit("Add late", date="2026-08-01", files={"ops-docs/late.md": doc("L", "2026-08-01")})
    repo.commit(
        "Edit B",
        date="2026-08-15",
        author=BO,
        files={"ops-docs/b.md": doc("B", "2026-01-10", "v2")},
    )
    data = report(ops_lint, repo.path, "--as-of", "2026-04-30")
    docs = by_path(data)
    assert sorted(docs) == ["ops-docs/a.md", "ops-docs/b.md", "ops-docs/gone.md"]  # not late.md
    assert data["history"]["commit"] == first
    a, b = docs["ops-docs/a.md"], docs["ops-docs/b.md"]
    # The review of 2026-05-01 had not happened: A was 20 days overdue, not fresh.
    assert (a["status"], a["last_review"], a["due"], a["days_left"]) == (
        "stale",
        "2026-01-10",
        "2026-04-10",
        -20,
    )
    assert a["last_attestation"] is None
    assert b["last_change"]["date"] == "2026-01-10" and b["authors_in_window"] == 1
    md = ops_lint(repo.path, "freshness", "--as-of", "2026-04-30").out
    assert f"docs as of commit {first[:12]}, the last on or before 2026-04-30" in md
    # Before the first commit there was no doc; after the last one, the checkout is read.
    assert report(ops_lint, repo.path, "--as-of", "2025-12-31")["docs"] == []
    today = report(ops_lint, repo.path, "--as-of", "2026-09-01")
    assert today["history"]["commit"] is None
    assert sorted(by_path(today)) == ["ops-docs/a.md", "ops-docs/b.md", "ops-docs/late.md"]


def test_quarter_trend_compares_like_with_like(tmp_path: Path, ops_lint: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    names = ["a", "b", "c"]
    repo.commit(
        "Add runbooks",
        date="2026-03-01",
        files={f"ops-docs/{n}.md": doc(n.upper(), "2026-03-01") for n in names},
    )
    for day, n in zip(("2026-10-05", "2026-10-12", "2026-11-02"), names, strict=True):
        repo.commit(f"Review {n}", date=day, files={f"ops-docs/{n}.md": doc(n.upper(), day)})
    q3 = report(ops_lint, repo.path, "--quarter", "2026Q3")
    assert q3["as_of"] == "2026-09-30"
    assert {d["status"] for d in q3["docs"]} == {"stale"}
    previous = tmp_path / "q3.json"
    previous.write_text(json.dumps(q3), encoding="utf-8")
    now = report(ops_lint, repo.path, "--as-of", "2026-11-30", "--previous", str(previous))
    assert now["trend"]["refreshed"] == [f"ops-docs/{n}.md" for n in names]
    assert now["trend"]["newly_stale"] == []


# -- a quarter still running is reported as of today ------------------------------------------


def _quarter(day: dt.date, shift: int = 0) -> tuple[str, dt.date]:
    index = day.year * 4 + (day.month - 1) // 3 + shift
    year, q = divmod(index, 4)
    end = dt.date(year + (q == 3), 1 if q == 3 else 3 * q + 4, 1) - dt.timedelta(days=1)
    return f"{year}Q{q + 1}", end


def test_quarter_in_progress_is_as_of_today_and_says_so(tmp_path: Path, ops_lint: Any) -> None:
    today = dt.date.today()
    quarter, end = _quarter(today)
    if end == today:
        pytest.skip("the quarter ends today: it is not in progress")
    repo = GitRepo(tmp_path / "repo")
    reviewed = (today - dt.timedelta(days=89)).isoformat()  # due tomorrow
    repo.commit("Add", date=reviewed, files={"ops-docs/a.md": doc("A", reviewed)})
    data = report(ops_lint, repo.path, "--quarter", quarter)
    assert data["as_of"] == today.isoformat()
    assert (data["quarter"], data["quarter_in_progress"]) == (quarter, True)
    assert data["docs"][0]["status"] == "due-soon"  # not yet due, whatever the quarter's end
    label = f"{quarter} (in progress, as of {today})"
    for fmt in ("markdown", "html", "csv"):
        out = ops_lint(repo.path, "freshness", "--quarter", quarter, "--format", fmt).out
        assert label in out, fmt
    future, _ = _quarter(today, 1)
    result = ops_lint(repo.path, "freshness", "--quarter", future)
    assert result.code == 2
    assert f"quarter {future} has not started yet" in result.err


# -- check and freshness judge the same docs --------------------------------------------------


def test_check_and_report_judge_the_same_docs(tmp_path: Path, ops_lint: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit(
        "Add docs",
        date="2025-01-10",
        files={
            "ops-docs/runbook.md": doc("R", "2025-01-10"),
            "ops-docs/untyped-reviewed.md": doc("U", "2025-01-10", kind=""),
            "ops-docs/index.md": "---\ntitle: Index\nowner: team-a\n---\n# Index\n",
            "ops-docs/fresh.md": doc("F", "2026-11-01"),
        },
    )
    as_of = ("--as-of", "2026-11-27")
    result = ops_lint(repo.path, "check", "--select", "OPS601", "--format", "json", *as_of)
    flagged = {d["path"] for d in result.json()["diagnostics"] if d["code"] == "OPS601"}
    data = report(ops_lint, repo.path, *as_of)
    judged = {d["path"] for d in data["docs"] if d["status"] in ("stale", "never-reviewed")}
    assert flagged == judged == {"ops-docs/runbook.md", "ops-docs/untyped-reviewed.md"}
    assert "ops-docs/index.md" not in by_path(data)
    assert data["summary"]["not_under_review"] == 1
    md = ops_lint(repo.path, "freshness", *as_of).out
    assert "1 doc has no type and no review date or cycle: not judged." in md


# -- sweeps and history ------------------------------------------------------------------------


def test_sweep_already_ignored_is_not_listed_again(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    files = {f"ops-docs/d{i}.md": doc(f"D{i}", "2026-01-10") for i in range(6)}
    repo.commit("write", date="2026-01-10", files=files)
    relinked = {p: c.replace("Steps.", "Steps, relinked.") for p, c in files.items()}
    sha = repo.commit("relink everything", date="2026-02-01", files=relinked)
    abspaths = [str(repo.path / p) for p in files]
    roots = [str(repo.path / "ops-docs")]
    settings = HistorySettings(sweep_min_files=3)
    assert [s.sha for s in read_history(repo.path, abspaths, roots, settings).sweeps] == [sha]
    write_tree(repo.path, {".git-blame-ignore-revs": f"# relink\n{sha}\n"})
    assert read_history(repo.path, abspaths, roots, settings).sweeps == []


def _branchy(repo: GitRepo, branch_version: str) -> None:
    """main edits a.md on 02-01; a branch edits it on 03-01; the merge keeps ``main``'s
    version (``-s ours``) or the content both sides share."""
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc("A", "2026-01-10")})
    repo.git("checkout", "-q", "-b", "fix")
    repo.commit(
        "fix on a branch",
        date="2026-03-01",
        author=BO,
        files={"ops-docs/a.md": doc("A", "2026-01-10", branch_version)},
    )
    repo.git("checkout", "-q", "main")
    repo.commit(
        "fix on main", date="2026-02-01", files={"ops-docs/a.md": doc("A", "2026-01-10", "v2")}
    )
    strategy = ["-s", "ours"] if branch_version != "v2" else []
    repo.git("merge", "-q", "--no-edit", *strategy, "fix", date="2026-03-05")


def _last_change(repo: GitRepo) -> tuple[str, str]:
    path = str(repo.path / "ops-docs/a.md")
    found = read_history(repo.path, [path], [str(repo.path / "ops-docs")], HistorySettings())
    change = found.docs[path].last_change
    assert change is not None
    return change.date.isoformat(), change.subject


def test_last_change_is_found_on_a_branch_git_simplification_drops(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    _branchy(repo, "v2")  # both sides wrote the same content: the merge matches main
    simplified = repo.git("log", "--no-merges", "--format=%s", "--", "ops-docs/a.md")
    assert "fix on a branch" not in simplified  # what git's default walk shows
    assert _last_change(repo) == ("2026-03-01", "fix on a branch")


def test_merge_that_keeps_one_side_is_not_an_edit(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    _branchy(repo, "v3")  # the branch's newer edit was dropped by the merge
    assert _last_change(repo) == ("2026-02-01", "fix on main")


# -- one grammar for front-matter --------------------------------------------------------------

BODY = "title: {t}\ntype: runbook\nowner: team-a\nlast_reviewed: 2026-11-01\nreview_cycle_days: 90"
SHAPES = {
    "dots-closer": "---\n{b}\n...\n\n# {t}\n",
    "four-dashes": "----\n{b}\n----\n\n# {t}\n",
    "indented-closer": "---\n{b}\n   ---\n\n# {t}\n",
    "lone-cr": "---\r{b}\r---\r\r# {t}\r",
    "crlf": "---\r\n{b}\r\n---\r\n\r\n# {t}\r\n",
    "trailing-blanks": "---  \n{b}\n---\t\n\n# {t}\n",
    "plain": "---\n{b}\n---\n\n# {t}\n",
}


def _shape(name: str) -> str:
    body = BODY.format(t=name)
    if "\r" in SHAPES[name]:
        body = body.replace("\n", "\r\n" if "\r\n" in SHAPES[name] else "\r")
    return SHAPES[name].format(b=body, t=name)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_light_and_full_parse_read_the_same_front_matter(name: str) -> None:
    source = _shape(name)
    light, full = front_matter_only("a.md", "/a.md", source), build("a.md", "/a.md", source)
    assert light.meta == full.meta and light.meta["last_reviewed"] == "2026-11-01"
    assert light.front_matter_lines == full.front_matter_lines
    assert light.front_matter.lines == full.front_matter.lines
    assert (light.title, light.line_count) == (full.title, full.line_count)


@pytest.mark.parametrize(
    "source",
    [
        "---\na: 1\n    ---\nb: 2\n---\n# T\n",  # indented 4: code, not a closer
        "---\na: 1\n\t---\n---\n",
        "---\nlist:\n- a\n- b\n-\n---\n# T\n",
        "--- x\na: 1\n-----\n---\n",  # a closer as long as the opener
        "---\na: 1\n",  # never closed: no front-matter
        "---",
        "---\n" + "- x\n" * 3000 + "---\n# T\n",
    ],
)
def test_light_and_full_parse_agree_on_lines_that_do_not_close(source: str) -> None:
    light, full = front_matter_only("a.md", "/a.md", source), build("a.md", "/a.md", source)
    assert (light.front_matter_lines, light.meta, light.line_count) == (
        full.front_matter_lines,
        full.meta,
        full.line_count,
    )


def test_front_matter_shapes_read_the_same_cold_and_warm(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {f"ops-docs/{n}.md": _shape(n) for n in SHAPES})
    args = ("--as-of", "2026-11-27")
    cold = by_path(report(ops_lint, tmp_path, *args))
    assert {p: d["last_review"] for p, d in cold.items()} == {
        f"ops-docs/{n}.md": "2026-11-01" for n in SHAPES
    }
    assert {d["status"] for d in cold.values()} == {"fresh"}
    ops_lint(tmp_path, "check", *args)  # fills the parse cache with full parses
    assert by_path(report(ops_lint, tmp_path, *args)) == cold


# -- report links lead to the docs -------------------------------------------------------------


def test_links_are_relative_to_where_the_report_is_written(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/runbooks/a.md": doc("A", "2026-11-01")})
    args = ("freshness", "--as-of", "2026-11-27")
    ops_lint(tmp_path, *args, "--output", "reports/freshness.md")
    ops_lint(tmp_path, *args, "--format", "html", "--output", "reports/freshness.html")
    md = (tmp_path / "reports/freshness.md").read_text(encoding="utf-8")
    assert "[ops-docs/runbooks/a.md](<../ops-docs/runbooks/a.md>)" in md
    html = (tmp_path / "reports/freshness.html").read_text(encoding="utf-8")
    assert 'href="../ops-docs/runbooks/a.md"' in html
    assert (tmp_path / "reports/../ops-docs/runbooks/a.md").is_file()
    printed = ops_lint(tmp_path, *args).out
    assert "[ops-docs/runbooks/a.md](<ops-docs/runbooks/a.md>)" in printed


# -- differential: the report against git rev-list + git show ----------------------------------


def _generate(repo: GitRepo, seed: int) -> list[str]:
    """Docs, many commits on fixed dates: review bumps, edits, renames, deletions, late adds.

    Returns the commit dates. Review dates never lie in the future of their commit.
    """
    rng = random.Random(seed)
    day = dt.date(2025, 3, 3)
    live: dict[str, tuple[str, str, int, int]] = {}  # path -> (title, reviewed, cycle, version)
    dates: list[str] = []

    def text(path: str) -> str:
        title, reviewed, cycle, version = live[path]
        return doc(title, reviewed, f"Version {version}.", cycle)

    for n in range(6):
        live[f"ops-docs/d{n}.md"] = (f"D{n}", day.isoformat(), rng.choice([30, 60, 90]), 0)
    repo.commit("Add docs", date=day.isoformat(), files={p: text(p) for p in live})
    dates.append(day.isoformat())
    for step in range(36):
        day += dt.timedelta(days=rng.randint(4, 15))
        stamp = day.isoformat()
        path = rng.choice(sorted(live))
        title, reviewed, cycle, version = live[path]
        action = rng.choice(["review", "review", "edit", "edit", "rename", "delete", "add"])
        if action == "review":
            live[path] = (title, stamp, cycle, version)
            repo.commit(f"Review {title}", date=stamp, files={path: text(path)})
        elif action == "edit":
            live[path] = (title, reviewed, cycle, version + 1)
            repo.commit(f"Edit {title}", date=stamp, author=BO, files={path: text(path)})
        elif action == "rename":
            new = f"ops-docs/moved/{title.lower()}-{step}.md"
            live[new] = live.pop(path)
            repo.commit(f"Move {title}", date=stamp, moves={path: new})
        elif action == "delete" and len(live) > 3:
            del live[path]
            repo.commit(f"Retire {title}", date=stamp, deletes=[path])
        else:
            new = f"ops-docs/late{step}.md"
            live[new] = (f"L{step}", stamp, rng.choice([30, 60, 90]), 0)
            repo.commit(f"Add L{step}", date=stamp, files={new: text(new)})
        dates.append(stamp)
    return dates


def _front_matter(text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(text.split("---\n")[1])
    return data


def _without_review(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("last_reviewed:")]


def _expected(repo: GitRepo, day: dt.date) -> dict[str, tuple[str, str | None, str | None]]:
    """status, last review, due per doc, from git rev-list + git show (no ops-lint code)."""
    rev = repo.git("rev-list", "-1", "--first-parent", f"--before={day} 23:59:59 +0000", "HEAD")
    rev = rev.strip()
    if not rev:
        return {}
    paths = repo.git("ls-tree", "-r", "--name-only", rev, "--", "ops-docs").split()
    out: dict[str, tuple[str, str | None, str | None]] = {}
    for path in paths:
        meta = _front_matter(repo.git("show", f"{rev}:{path}"))
        reviewed: dt.date = meta["last_reviewed"]
        log = repo.git("log", "--follow", "--name-status", "--format=@%H %as", rev, "--", path)
        changed = None
        current = path
        for record in log.split("@")[1:]:
            head, *status_lines = [line for line in record.splitlines() if line]
            sha, date = head.split()
            fields = status_lines[0].split("\t")
            old = fields[1] if fields[0].startswith("R") else current
            new_text = repo.git("show", f"{sha}:{current}")
            try:
                old_text = repo.git("show", f"{sha}^:{old}")
            except subprocess.CalledProcessError:
                old_text = None
            current = old
            if old_text is None or _without_review(old_text) != _without_review(new_text):
                changed = dt.date.fromisoformat(date)
                break
        basis = max(d for d in (reviewed, changed) if d is not None)
        due = basis + dt.timedelta(days=int(meta["review_cycle_days"]))
        left = (due - day).days
        status = "stale" if left < 0 else "due-soon" if left <= 30 else "fresh"
        out[path] = (status, reviewed.isoformat(), due.isoformat())
    return out


@pytest.mark.slow
@pytest.mark.parametrize("seed", [7, 2026])
def test_report_as_of_agrees_with_git_show(seed: int, tmp_path: Path, ops_lint: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    dates = [dt.date.fromisoformat(d) for d in _generate(repo, seed)]
    rng = random.Random(seed)
    days = [d + dt.timedelta(days=rng.randint(0, 3)) for d in rng.sample(dates, 6)]
    days += [dates[0] - dt.timedelta(days=1), dates[-1] + dt.timedelta(days=3)]
    seen: set[str] = set()
    for day in days:
        data = report(ops_lint, repo.path, "--as-of", day.isoformat())
        got = {d["path"]: (d["status"], d["last_review"], d["due"]) for d in data["docs"]}
        assert got == _expected(repo, day), day
        seen.update(status for status, _, _ in got.values())
    assert seen >= {"stale", "fresh"}  # the dates exercise both sides of the due date
    log = repo.git("log", "--format=%s")
    assert all(verb in log for verb in ("Review ", "Edit ", "Move ", "Retire ", "Add L"))
