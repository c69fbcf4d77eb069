"""The repository as it was on a date: which commit, and the blobs of its tree.

A report as of a past date reads the docs from the last commit on or before that date on
HEAD's first-parent line (the branch as it stood then), chosen by committer date, the day
the commit landed on the branch, in the committer's own offset. Author dates cannot
choose it: a commit written in March and merged in July was not in the repository in
April. Every git command goes through :mod:`ops_lint.git.command`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
from typing import NamedTuple

from ops_lint.git.command import LOG_OPTIONS, GitFailed, last_line
from ops_lint.git.repository import Location

_MARGIN = dt.timedelta(days=2)  # any UTC offset: the date is checked again below


class TreeEntry(NamedTuple):
    mode: str  # 100644, 100755, 120000 (a symlink)
    blob: str


def commit_on(loc: Location, day: dt.date) -> str | None:
    """The newest first-parent commit of HEAD committed on or before ``day``; None if none.

    ``git log --before`` narrows the walk (it compares instants, not days); the committer's
    own day decides, as everywhere else in ops-lint.
    """
    if loc.head() is None:
        return None
    before = f"--before={(day + _MARGIN).isoformat()}T00:00:00+00:00"
    proc = loc.git.popen(
        "log", "--first-parent", *LOG_OPTIONS, "--format=%H %cI", before, "HEAD",
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    found = None
    try:
        for raw in proc.stdout:
            sha, _, stamp = raw.decode("ascii", "replace").strip().partition(" ")
            with contextlib.suppress(ValueError):
                if dt.datetime.fromisoformat(stamp).date() <= day:
                    found = sha
                    break
    finally:
        if found is not None and proc.poll() is None:
            proc.kill()  # the rest of the log is not needed
        err = proc.stderr.read()
        code = proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    if found is None and code != 0:
        raise GitFailed(last_line(err) or f"git log exited with {code}")
    return found


def tree(loc: Location, rev: str, pathspec: list[str]) -> dict[str, TreeEntry]:
    """Files under ``pathspec`` in the tree of ``rev``: repository-relative path -> entry.

    Submodules are not files and are left out.
    """
    out = loc.git.run("ls-tree", "-r", "-z", "--full-tree", rev, "--", *pathspec)
    found: dict[str, TreeEntry] = {}
    for item in out.split(b"\0"):
        meta, tab, name = item.partition(b"\t")
        fields = meta.decode("ascii", "replace").split()
        if not tab or len(fields) != 3 or fields[1] != "blob":
            continue
        found[os.fsdecode(name)] = TreeEntry(fields[0], fields[2])
    return found
