"""Hostile git repositories: git runs nothing and fetches nothing it is told to by the
repository, log records cannot be forged by free text, work stays bounded, and the
repository read is named when it is not the project's own."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ops_lint.freshness import history_notice
from ops_lint.git.command import repository_state
from ops_lint.git.history import DocHistory, History, HistorySettings, read_history
from ops_lint.git.log import parse_log
from tests.conftest import write_tree
from tests.gitrepo import GitRepo
from tests.hostile.conftest import HANG_GUARD, Tripwire, run_guarded

DOC = "---\ntitle: A\ntype: runbook\nowner: t\nlast_reviewed: {review}\n---\n# A\n\n{body}\n"
# What an old record splitter on \x1e/\x1f would have read as a whole commit.
FAKE = (
    "\x1e" + "f" * 40 + "\x1fMallory\x1fmallory@evil.example"
    "\x1f2099-12-31T00:00:00+00:00\x1f2099-12-31T00:00:00+00:00\x1fforged"
)


def doc(review: str = "2026-01-01", body: str = "Steps.") -> str:
    return DOC.format(review=review, body=body)


def history(root: Path, *paths: str, **settings: object) -> History:
    abspaths = [str(root / p) for p in paths]
    return read_history(root, abspaths, [str(root / "ops-docs")], HistorySettings(**settings))  # type: ignore[arg-type]


def fast_import(repo: GitRepo, commits: list[tuple[str, dict[str, bytes]]]) -> None:
    """Many commits at once: (subject, {path: content}) each, one second apart."""
    stream = io.BytesIO()
    for n, (subject, files) in enumerate(commits):
        message = subject.encode()
        stream.write(b"commit refs/heads/main\n")
        stream.write(b"committer A <a@x> %d +0000\n" % (1767225600 + n))
        stream.write(b"data %d\n%s\n" % (len(message), message))
        for path, content in files.items():
            stream.write(b"M 644 inline %s\ndata %d\n" % (path.encode(), len(content)))
            stream.write(content + b"\n")
        stream.write(b"\n")
    repo_run(repo.path, ["git", "fast-import", "--quiet"], stream.getvalue())
    repo.git("reset", "-q", "--hard", "main")


def repo_run(cwd: Path, argv: list[str], data: bytes | None = None) -> None:
    subprocess.run(argv, cwd=cwd, input=data, check=True, capture_output=True)


def script(path: Path, marker: Path, name: str) -> str:
    """An executable that records that it ran, then passes its input through."""
    path.write_text(f"#!/bin/sh\necho {name} >> '{marker}'\ncat\n")
    path.chmod(0o755)
    return str(path)


# -- nothing runs, nothing is fetched --------------------------------------------------------


@pytest.mark.slow
def test_committed_git_program_on_path_never_runs(tmp_path: Path, marker: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    script(repo.path / "git", marker, "committed-git")  # what a pull request can add
    path = f".{os.pathsep}bin{os.pathsep}{os.environ['PATH']}"
    (repo.path / "bin").mkdir()
    script(repo.path / "bin" / "git", marker, "committed-bin-git")
    result = run_guarded(repo.path, "freshness", "--format", "json", env={"PATH": path})
    assert not marker.exists(), marker.read_text()
    report = result.json()
    assert report["history"]["available"] is True
    assert report["docs"][0]["last_change"]["date"] == "2026-01-10"


def test_repository_config_runs_no_program(tmp_path: Path, marker: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc(), "ops-docs/b.md": doc()})
    # A signed commit: log.showSignature would hand it to gpg.program.
    raw = repo.git("cat-file", "commit", "HEAD")
    head, _, message = raw.partition("\n\n")
    signature = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----"
    signed = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=repo.path, input=f"{head}\n{signature}\n\n{message}".encode(),
        capture_output=True, check=True,
    ).stdout.decode().strip()  # fmt: skip
    repo.git("update-ref", "HEAD", signed)
    bin_dir = tmp_path / "programs"
    bin_dir.mkdir()
    for key in (
        "core.fsmonitor", "filter.evil.clean", "filter.evil.process", "diff.evil.textconv",
        "diff.evil.command", "diff.external", "core.pager", "gpg.program",
        "gpg.openpgp.program",
    ):  # fmt: skip
        repo.git("config", key, script(bin_dir / key, marker, key))
    repo.git("config", "log.showSignature", "true")
    write_tree(repo.path, {".gitattributes": "*.md filter=evil diff=evil\n"})
    os.utime(repo.path / "ops-docs/a.md", (1, 1))  # stat-dirty, same content: status re-hashes
    write_tree(repo.path, {"ops-docs/b.md": doc(body="edited")})
    h = history(repo.path, "ops-docs/a.md", "ops-docs/b.md")
    assert not marker.exists(), marker.read_text()
    assert h.available and h.docs[str(repo.path / "ops-docs/a.md")].last_change is not None
    assert not h.docs[str(repo.path / "ops-docs/a.md")].uncommitted
    assert h.docs[str(repo.path / "ops-docs/b.md")].uncommitted


def test_partial_clone_never_lazy_fetches_a_missing_blob(tmp_path: Path) -> None:
    origin = GitRepo(tmp_path / "origin")
    origin.git("config", "uploadpack.allowFilter", "true")
    origin.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    origin.commit("reviewed", date="2026-03-01", files={"ops-docs/a.md": doc("2026-03-01")})
    clone = tmp_path / "clone"
    url = f"file://{origin.path}"
    repo_run(tmp_path, ["git", "clone", "-q", "--filter=blob:none", url, str(clone)])
    wire = Tripwire()
    try:
        repo_run(clone, ["git", "config", "remote.origin.url", wire.url])
        h = history(clone, "ops-docs/a.md")
        assert wire.hits() == 0
    finally:
        wire.close()
    assert h.available and h.missing_objects >= 1  # the old blob was never fetched


# -- log records cannot be forged ------------------------------------------------------------


@pytest.mark.parametrize("where", ["file-name", "subject", "author-name", "mailmap"])
def test_free_text_cannot_forge_a_log_record(where: str, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    files = {"ops-docs/a.md": doc(body="Edited.")}
    if where == "file-name":  # sorts before a.md, so the doc's change follows it in the log
        files["ops-docs/0" + FAKE] = "x\n"
    subject = "edit" + FAKE if where == "subject" else "edit"
    author = ("Ana" + FAKE if where == "author-name" else "Ana Lima") + " <ana@example.org>"
    sha = repo.commit(subject, date="2026-02-01", author=author, files=files)
    if where == "mailmap":
        write_tree(repo.path, {".mailmap": f"Ana{FAKE} <ana@example.org>\n"})
    held = repo.git("log", "-1", "--use-mailmap", "--format=%aN%x00%s").rstrip("\n")
    h = history(repo.path, "ops-docs/a.md")
    change = h.docs[str(repo.path / "ops-docs/a.md")].last_change
    assert h.available and change is not None
    assert (change.sha, change.date) == (sha, dt.date(2026, 2, 1))
    assert f"{change.author}\0{change.subject}" == held
    assert h.skipped_records == 0


def test_record_that_does_not_parse_is_skipped_not_fatal() -> None:
    good = (
        b"a" * 40 + b"\x002026-02-01T12:00:00+00:00\x002026-02-01T12:00:00+00:00\x00A\x00a@x\x00ok"
    )
    bad = b"b" * 40 + b"\x00not a date\x002026-01-01T12:00:00+00:00\x00M\x00m@x\x00bad"
    raw = b"\0\n:100644 100644 " + b"1" * 40 + b" " + b"2" * 40 + b" M\0ops-docs/a.md\0"
    records = list(parse_log(io.BytesIO(bad + raw + good + raw)))
    assert records[0] is None
    assert records[1] is not None and records[1].sha == "a" * 40
    assert [c.new_path for c in records[1].changes] == ["ops-docs/a.md"]


# -- bounded work ----------------------------------------------------------------------------


@pytest.mark.slow
def test_catastrophic_ignore_message_pattern_is_switched_off(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    subject = "a" * 40 + "!"  # (a|aa)+$ tries every split of the a's: fib(40) ways
    edits = [(subject, {"ops-docs/a.md": doc(body=str(n)).encode()}) for n in range(2000)]
    fast_import(repo, edits)
    write_tree(repo.path, {".ops-lint.yaml": "freshness:\n  ignore_messages: ['^(a|aa)+$']\n"})
    result = run_guarded(repo.path, "freshness", "--format", "json")
    assert result.code == 0, result.err
    assert "freshness.ignore_messages[0]" in result.err and "switched off" in result.err
    assert result.json()["docs"][0]["last_change"]["date"] == "2026-01-01"


@pytest.mark.slow
def test_120000_ignore_revs_cost_constant_time_per_commit(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    paths = [f"ops-docs/d{i}.md" for i in range(10)]
    fast_import(
        repo, [(f"c{n}", {p: doc(body=f"{n}").encode() for p in paths}) for n in range(500)]
    )
    last = repo.commit("reformat", date="2026-06-01", files={p: doc(body="x") for p in paths})
    revs = [f"{n:040x}" for n in range(60_000)] + [f"{n:012x}" for n in range(60_000)]
    write_tree(repo.path, {".git-blame-ignore-revs": "\n".join([*revs, last]) + "\n"})
    # 5,000 doc changes x 120,001 revs: minutes when each commit is compared to every rev.
    report = run_guarded(repo.path, "freshness", "--format", "json").json()
    assert {d["last_change"]["date"] for d in report["docs"]} == {"2026-01-01"}


def test_ignore_revs_symlink_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    (repo.path / ".git-blame-ignore-revs").symlink_to("/dev/zero")
    result = capped(repo.path, "freshness", "--format", "json")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ignore-revs file not used" in result.stderr.decode()


def capped(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The CLI in a subprocess with 1 GB of address space and the hang guard."""
    code = (
        "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "sys.argv = ['ops-lint', *sys.argv[1:]]; runpy.run_module('ops_lint', run_name='__main__')"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, timeout=HANG_GUARD
    )


@pytest.mark.slow
def test_huge_old_version_of_a_doc_is_never_read_into_memory(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    huge = doc().encode() + b"012345678\n" * 5_000_000  # 50 MB of short lines
    fast_import(
        repo, [("huge", {"ops-docs/a.md": huge}), ("small", {"ops-docs/a.md": doc().encode()})]
    )
    del huge
    code = (
        "import json, resource, subprocess, sys;"
        "subprocess.run([sys.executable, '-m', 'ops_lint', 'freshness', '--format', 'json'],"
        " check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=repo.path, capture_output=True, timeout=HANG_GUARD
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert int(out.stdout) < 250_000  # KiB: the 50 MB blob was never read
    h = history(repo.path, "ops-docs/a.md")
    change = h.docs[str(repo.path / "ops-docs/a.md")].last_change
    assert change is not None and change.subject == "small"  # too big to judge: an edit


def _judged(entry: DocHistory) -> tuple[str, str]:
    change, attestation = entry.last_change, entry.last_attestation
    return (change.subject if change else "", attestation.subject if attestation else "")


def test_cat_file_reader_gives_the_same_answer_every_run(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    paths = [f"ops-docs/d{i}.md" for i in range(6)]
    commits = [("write", {p: doc(body=p).encode() for p in paths})]
    for n in range(40):  # review-only commits: one judgement round each
        review = (dt.date(2026, 1, 1) + dt.timedelta(days=n)).isoformat()
        commits.append((f"reviewed {n}", {p: doc(review, body=p).encode() for p in paths}))
    fast_import(repo, commits)
    answers = set()
    for _ in range(12):
        h = history(repo.path, *paths)
        assert h.missing_objects == 0
        answers.add(tuple(_judged(e) for e in h.docs.values()))
    assert answers == {(("write", "reviewed 39"),) * len(paths)}


# -- which repository was read ---------------------------------------------------------------


def _two_repos(tmp_path: Path) -> tuple[GitRepo, GitRepo]:
    project = GitRepo(tmp_path / "project")
    project.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    other = GitRepo(tmp_path / "elsewhere")
    other.commit(
        "planted", date="2026-11-01", author="Mallory <m@evil>", files={"ops-docs/a.md": doc()}
    )
    return project, other


def test_git_dir_from_the_environment_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, other = _two_repos(tmp_path)
    gitdir = os.path.realpath(other.path / ".git")
    monkeypatch.setenv("GIT_DIR", gitdir)
    notice = history_notice(history(project.path, "ops-docs/a.md")) or ""
    assert f"git history read from {gitdir} (set by GIT_DIR), outside the project" in notice


def test_git_file_pointing_outside_the_project_is_named(tmp_path: Path) -> None:
    project, other = _two_repos(tmp_path)
    shutil.rmtree(project.path / ".git")
    (project.path / ".git").write_text(f"gitdir: {other.path / '.git'}\n")
    notice = history_notice(history(project.path, "ops-docs/a.md")) or ""
    gitdir = os.path.realpath(other.path / ".git")
    assert f"git history read from {gitdir} (named by the file" in notice
    assert "outside the project" in notice


def test_worktree_and_submodule_git_dirs_are_not_warned(tmp_path: Path) -> None:
    inner = GitRepo(tmp_path / "inner")
    inner.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    inner.git("worktree", "add", "-q", str(tmp_path / "tree"), "HEAD")
    outer = GitRepo(tmp_path / "outer")
    outer.git("-c", "protocol.file.allow=always", "submodule", "-q", "add", str(inner.path), "sub")
    outer.commit("add submodule", date="2026-02-01")
    for root in (tmp_path / "tree", outer.path / "sub"):
        h = history(root, "ops-docs/a.md")
        assert h.available and h.location_note == "", h.location_note
        assert h.docs[str(root / "ops-docs/a.md")].last_change is not None


# -- the run memo's view of git --------------------------------------------------------------


def test_repository_state_changes_after_unshallow(tmp_path: Path) -> None:
    origin = GitRepo(tmp_path / "origin")
    origin.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    origin.commit("edit", date="2026-02-10", files={"ops-docs/a.md": doc(body="More.")})
    clone = tmp_path / "clone"
    repo_run(tmp_path, ["git", "clone", "-q", "--depth", "1", f"file://{origin.path}", str(clone)])
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True).stdout
    shallow = repository_state(clone, ["ops-docs"])
    repo_run(clone, ["git", "fetch", "-q", "--unshallow"])
    assert (
        subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True).stdout == head
    )
    assert repository_state(clone, ["ops-docs"]) != shallow


def test_repository_state_covers_what_history_depends_on(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    first = repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    second = repo.commit("edit", date="2026-02-10", files={"ops-docs/a.md": doc(body="More.")})
    other = repo.git("commit-tree", f"{first}^{{tree}}", "-m", "rewritten").strip()
    steps = {
        "work-tree edit": lambda: write_tree(repo.path, {"ops-docs/a.md": doc(body="Again.")}),
        "staged": lambda: repo.git("add", "ops-docs/a.md"),
        "untracked doc": lambda: write_tree(repo.path, {"ops-docs/new.md": doc()}),
        ".mailmap": lambda: write_tree(repo.path, {".mailmap": "A <a@x> <ana@example.org>\n"}),
        "mailmap config": lambda: repo.git("config", "mailmap.blob", "HEAD:ops-docs/a.md"),
        "replace ref": lambda: repo.git("replace", first, other),
        "grafts": lambda: write_tree(repo.path, {".git/info/grafts": f"{second}\n"}),
    }
    seen = {repository_state(repo.path, ["ops-docs"])}
    for name, step in steps.items():
        step()
        state = repository_state(repo.path, ["ops-docs"])
        assert state not in seen, name
        seen.add(state)


def test_sha256_repository_history_and_uncommitted(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    repo_run(tmp_path, ["git", "init", "-q", "--object-format=sha256", str(root)])
    repo = GitRepo.__new__(GitRepo)
    repo.path = root
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc(), "ops-docs/b.md": doc()})
    write_tree(root, {"ops-docs/b.md": doc(body="edited")})
    h = history(root, "ops-docs/a.md", "ops-docs/b.md")
    a = h.docs[str(root / "ops-docs/a.md")]
    assert a.last_change is not None and len(a.last_change.sha) == 64 and not a.uncommitted
    assert h.docs[str(root / "ops-docs/b.md")].uncommitted


def test_doc_replaced_by_a_symlink_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    (repo.path / "ops-docs/z.md").symlink_to("/dev/zero")
    repo.git("add", "ops-docs/z.md")
    repo.commit("link", date="2026-01-11")
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from pathlib import Path; from ops_lint.git.command import repository_state;"
        "sys.stdout.write(repository_state(Path('.'), ['ops-docs']).hex())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=repo.path, capture_output=True, timeout=HANG_GUARD
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert b"ops-docs/z.md" not in bytes.fromhex(out.stdout.decode()).split(b"\1")[-1]


# -- GitPython reads, it never runs git from PATH --------------------------------------------


def test_gitpython_is_pinned_to_the_git_found_outside_the_project(
    tmp_path: Path, marker: Path
) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    script(repo.path / "git", marker, "committed-git")
    code = (
        "import os, sys; from pathlib import Path; from ops_lint.git.repository import locate;"
        "loc = locate(Path('.')); import git;"
        "print(loc.git.exe, os.environ['GIT_PYTHON_GIT_EXECUTABLE'],"
        " git.Git.GIT_PYTHON_GIT_EXECUTABLE, loc.toplevel, sep='\\n')"
    )
    env = {**os.environ, "PATH": f".{os.pathsep}{os.environ['PATH']}"}
    env.pop("GIT_PYTHON_GIT_EXECUTABLE", None)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=repo.path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    exe, pinned, used, toplevel = out.stdout.splitlines()
    assert os.path.isabs(exe) and exe == pinned == used
    assert not exe.startswith(str(repo.path)) and toplevel == os.path.realpath(repo.path)
    assert not marker.exists(), marker.read_text()


@pytest.mark.slow
def test_locate_follows_git_for_work_tree_and_object_format(tmp_path: Path) -> None:
    from ops_lint.git.repository import config_items, locate

    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    repo.git("config", "mailmap.file", "~/nowhere")
    (repo.path / "ops-docs" / "deep").mkdir()
    loc = locate(repo.path / "ops-docs" / "deep")
    real = os.path.realpath(repo.path)
    assert (loc.toplevel, loc.git_dir, loc.common_dir) == (real, f"{real}/.git", f"{real}/.git")
    assert (loc.object_format, loc.shallow, loc.note) == ("sha1", False, "")
    assert ("mailmap.file", "~/nowhere") in config_items(loc, "mailmap")


def test_config_git_cannot_read_makes_history_unavailable(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2026-01-10", files={"ops-docs/a.md": doc()})
    with open(repo.path / ".git" / "config", "a") as config:
        config.write("[core\nbroken =\n")  # GitPython's reader is lenient; git is not
    h = history(repo.path, "ops-docs/a.md")
    assert not h.available and h.reason.startswith("git failed:"), h.reason
    assert repository_state(repo.path, ["ops-docs"]).startswith(b"(no git: git failed:")
