"""Real temporary git repositories with fixed dates and authors, for history tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import write_tree


class GitRepo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "commit.gpgsign", "false")

    def git(
        self, *args: str, date: str = "2026-01-01", author: str = "Ana Lima <ana@example.org>"
    ) -> str:
        name, _, email = author.partition(" <")
        stamp = f"{date}T12:00:00+00:00" if "T" not in date else date
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email.rstrip(">"),
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email.rstrip(">"),
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        }
        proc = subprocess.run(
            ["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=True
        )
        return proc.stdout

    def commit(
        self,
        message: str,
        *,
        date: str,
        author: str = "Ana Lima <ana@example.org>",
        files: dict[str, str] | None = None,
        moves: dict[str, str] | None = None,
        deletes: list[str] | None = None,
    ) -> str:
        for old, new in (moves or {}).items():
            (self.path / new).parent.mkdir(parents=True, exist_ok=True)
            self.git("mv", old, new)
        write_tree(self.path, dict(files or {}))
        for rel in deletes or []:
            self.git("rm", "-q", rel)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date, author=author)
        return self.git("rev-parse", "HEAD").strip()

    def apply(self, commits: list[dict[str, Any]]) -> list[str]:
        """Commits given as fixture data: message, date, author, files, moves, deletes."""
        return [
            self.commit(
                c.get("message", "Update docs"),
                date=str(c["date"]),
                author=c.get("author", "Ana Lima <ana@example.org>"),
                files=c.get("files"),
                moves=c.get("moves"),
                deletes=c.get("deletes"),
            )
            for c in commits
        ]


def copy_working_tree(source: Path, dest: Path) -> GitRepo:
    """A new repository at ``dest`` holding ``source``'s working tree as it is on disk
    (tracked and untracked files, ignored ones left out), not yet committed."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=source,
        capture_output=True,
        check=True,
    ).stdout.decode()
    repo = GitRepo(dest)
    for rel in filter(None, listed.split("\0")):
        if (source / rel).is_file():  # a tracked file deleted in the working tree is left out
            (repo.path / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / rel, repo.path / rel)
    return repo
