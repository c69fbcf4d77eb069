"""The one-pass history reader, on real repositories with fixed dates and authors."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ops_lint.git.history import History, HistorySettings, read_history
from tests.conftest import run_cli, write_tree
from tests.gitrepo import GitRepo

DOC = (
    "---\ntitle: {title}\ntype: runbook\nowner: t\nlast_reviewed: {review}\n"
    "review_cycle_days: 90\n---\n# {title}\n\n{body}\n"
)


def doc(title: str = "DLQ", review: str = "2026-01-01", body: str = "Steps.") -> str:
    return DOC.format(title=title, review=review, body=body)


def history(repo: Path, *paths: str, **settings: object) -> History:
    abspaths = [str(repo / p) for p in paths]
    return read_history(repo, abspaths, [str(repo / "ops-docs")], HistorySettings(**settings))  # type: ignore[arg-type]


def last(h: History, repo: Path, path: str) -> tuple[str, str] | None:
    change = h.docs[str(repo / path)].last_change
    return (change.date.isoformat(), change.subject) if change else None


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def test_pure_move_keeps_the_date_of_the_last_edit(repo: GitRepo) -> None:
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    repo.commit("move", date="2026-06-01", moves={"ops-docs/a.md": "ops-docs/runbooks/a.md"})
    h = history(repo.path, "ops-docs/runbooks/a.md")
    assert last(h, repo.path, "ops-docs/runbooks/a.md") == ("2026-01-10", "write")
    assert h.docs[str(repo.path / "ops-docs/runbooks/a.md")].created == dt.date(2026, 1, 10)


def test_rename_with_edits_is_an_edit(repo: GitRepo) -> None:
    body = "Steps.\n" + "\n".join(f"line {i}" for i in range(30))
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc(body=body)})
    repo.git("mv", "ops-docs/a.md", "ops-docs/b.md")
    write_tree(repo.path, {"ops-docs/b.md": doc(body=body + "\nline 31")})
    repo.commit("move and edit", date="2026-06-01")
    h = history(repo.path, "ops-docs/b.md")
    assert last(h, repo.path, "ops-docs/b.md") == ("2026-06-01", "move and edit")


def test_ignore_revs_and_message_patterns(repo: GitRepo) -> None:
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    sha = repo.commit(
        "reformat tables", date="2026-03-01", files={"ops-docs/a.md": doc(body="Steps!")}
    )
    repo.commit(
        "chore: relink wiki", date="2026-04-01", files={"ops-docs/a.md": doc(body="Steps?")}
    )
    write_tree(repo.path, {".git-blame-ignore-revs": f"# formatting\n{sha}\n"})
    h = history(repo.path, "ops-docs/a.md", ignore_messages=(r"^chore:",))
    assert last(h, repo.path, "ops-docs/a.md") == ("2026-01-10", "write")
    assert last(history(repo.path, "ops-docs/a.md"), repo.path, "ops-docs/a.md") == (
        "2026-04-01",
        "chore: relink wiki",
    )


def test_review_only_commit_is_an_attestation_not_an_edit(repo: GitRepo) -> None:
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    repo.commit("reviewed", date="2026-05-01", files={"ops-docs/a.md": doc(review="2026-05-01")})
    entry = history(repo.path, "ops-docs/a.md").docs[str(repo.path / "ops-docs/a.md")]
    assert entry.last_change is not None and entry.last_change.subject == "write"
    assert entry.last_attestation is not None and entry.last_attestation.subject == "reviewed"


def test_sweep_is_reported(repo: GitRepo) -> None:
    files = {f"ops-docs/d{i}.md": doc(title=f"D{i}") for i in range(8)}
    repo.commit("write", date="2026-01-10", files=files)
    swept = {p: c.replace("Steps.", "Steps, relinked.") for p, c in list(files.items())[:4]}
    sha = repo.commit("relink everything", date="2026-02-01", files=swept)
    h = history(repo.path, *files, sweep_min_files=3, sweep_share=0.25)
    assert [(s.sha, s.files, s.subject) for s in h.sweeps] == [(sha, 4, "relink everything")]
    assert history(repo.path, *files, sweep_min_files=5).sweeps == []


def test_mailmap_and_dates(repo: GitRepo) -> None:
    write_tree(repo.path, {".mailmap": "Ana Lima <ana@example.org> <al@old.example.org>\n"})
    repo.commit(
        "write",
        date="2026-01-10T23:30:00-05:00",
        author="A L <al@old.example.org>",
        files={"ops-docs/a.md": doc()},
    )
    entry = history(repo.path, "ops-docs/a.md").docs[str(repo.path / "ops-docs/a.md")]
    assert entry.last_change is not None
    assert (entry.last_change.author, entry.last_change.email) == ("Ana Lima", "ana@example.org")
    assert entry.last_change.date == dt.date(2026, 1, 10)  # the author's own day, not UTC


def test_author_date_by_default_committer_date_on_request(repo: GitRepo) -> None:
    write_tree(repo.path, {"ops-docs/a.md": doc()})
    repo.git("add", "-A")
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2025-12-01T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-02-01T12:00:00+00:00",
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@x",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@x",
    }
    subprocess.run(["git", "commit", "-qm", "backdated"], cwd=repo.path, env=env, check=True)
    assert last(history(repo.path, "ops-docs/a.md"), repo.path, "ops-docs/a.md") == (
        "2025-12-01",
        "backdated",
    )
    assert last(
        history(repo.path, "ops-docs/a.md", date="committer"), repo.path, "ops-docs/a.md"
    ) == ("2026-02-01", "backdated")


def test_uncommitted_and_untracked(repo: GitRepo) -> None:
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    write_tree(repo.path, {"ops-docs/a.md": doc(body="edited"), "ops-docs/new.md": doc()})
    h = history(repo.path, "ops-docs/a.md", "ops-docs/new.md")
    assert h.docs[str(repo.path / "ops-docs/a.md")].uncommitted
    new = h.docs[str(repo.path / "ops-docs/new.md")]
    assert new.uncommitted and new.last_change is None
    # the walk reads to the end of the log (the new doc has no creation commit), and the
    # NUL that ends git's output is no record: nothing is reported as unreadable
    assert h.skipped_records == 0 and h.commits_read == 1


def test_stops_early_once_every_doc_is_created(repo: GitRepo) -> None:
    for n in range(5):
        repo.commit(
            f"other {n}", date=f"2026-01-0{n + 1}", files={"ops-docs/old.md": doc(body=str(n))}
        )
    repo.commit("write", date="2026-02-01", files={"ops-docs/a.md": doc()})
    h = history(repo.path, "ops-docs/a.md")
    assert h.commits_read == 1


def test_shallow_clone_is_detected_and_dates_are_not_invented(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc(), "ops-docs/b.md": doc()})
    repo.commit("edit b", date="2026-03-01", files={"ops-docs/b.md": doc(body="more")})
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True
    )
    h = history(clone, "ops-docs/a.md", "ops-docs/b.md")
    assert h.shallow
    a = h.docs[str(clone / "ops-docs/a.md")]
    assert a.truncated and a.last_change is None  # the cut is not an edit
    assert a.created is None


def test_not_a_repository_and_empty_repository(tmp_path: Path) -> None:
    write_tree(tmp_path / "plain", {"ops-docs/a.md": doc()})
    h = history(tmp_path / "plain", "ops-docs/a.md")
    assert not h.available and "not a git repository" in h.reason
    empty = GitRepo(tmp_path / "empty")
    write_tree(empty.path, {"ops-docs/a.md": doc()})
    h = history(empty.path, "ops-docs/a.md")
    assert h.available and h.commits_read == 0
    assert h.docs[str(empty.path / "ops-docs/a.md")].uncommitted


def test_check_runs_without_git_on_path(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("write", date="2025-01-01", files={"ops-docs/a.md": doc(review="2025-01-01")})
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = Path(shutil.which("python3") or "/usr/bin/python3")
    (bin_dir / "python3").symlink_to(python)
    result = run_cli(
        tmp_path,
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-11-27",
        "--select",
        "OPS6",
        env={"PATH": str(bin_dir)},
    )
    assert result.code == 0, result.err
    assert result.err.count("warning: git history unavailable (git is not installed") == 1
    assert [d["code"] for d in result.json()["diagnostics"]] == ["OPS601"]


def test_progress_is_reported_every_thousand_commits(repo: GitRepo) -> None:
    import io

    from ops_lint.freshness import TerminalProgress
    from ops_lint.git.history import begin_history

    fast_import = "".join(
        f"commit refs/heads/main\ncommitter A <a@x> {1700000000 + n} +0000\n"
        f"data 2\nc{n % 10}\nM 644 inline ops-docs/a.md\ndata {len(str(n)) + 1}\n{n}\n\n"
        for n in range(2100)
    )
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=repo.path, input=fast_import.encode(), check=True
    )
    repo.git("reset", "-q", "--hard", "main")
    stream = io.StringIO()
    progress = TerminalProgress(stream)
    pending = begin_history(
        repo.path,
        [str(repo.path / "ops-docs/a.md")],
        [str(repo.path / "ops-docs")],
        HistorySettings(),
        progress,
    )
    assert pending.result().commits_read == 2100
    progress.done()
    shown = stream.getvalue()
    assert "reading git history: 1,000 commits" in shown
    assert "2,000 commits" in shown and shown.endswith("\r\x1b[K")


def test_progress_is_silent_without_a_terminal(repo: GitRepo) -> None:
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    result = run_cli(repo.path, "freshness", "--format", "json", "--as-of", "2026-11-27")
    assert result.code == 0 and result.err == ""
