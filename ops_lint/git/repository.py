"""Which repository git reads for a project, found in Python with GitPython.

Discovery (the git directory, the top of the work tree, the common directory of a linked
worktree, a ``.git`` file naming another repository) and the repository's config are read
with GitPython's pure-Python readers: no git process runs for them. GitPython is imported
only here, and only once git is needed (``check --no-git`` never imports it); before the
import its executable is pinned to the absolute ``git`` that :func:`~ops_lint.git.command.find_git`
chose outside the project, so the ``git version`` its import runs is never a program from
the project. ops-lint never asks GitPython to run git: every git command goes through
:mod:`ops_lint.git.command`.

:func:`locate` also says when the git directory read is not the project's own
(``GIT_DIR``, ``GIT_WORK_TREE``, a ``.git`` file naming another repository).
"""

from __future__ import annotations

import configparser
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ops_lint.git.command import Git, GitFailed, GitUnavailable, find_git
from ops_lint.safe_files import inside, read_bytes

if TYPE_CHECKING:
    from git import Repo

MAILMAP_LIMIT = 4_000_000  # git reads the whole .mailmap: a larger one is not used


@dataclass(frozen=True, slots=True)
class Location:
    """The repository git reads for a project, and whether it is the project's own."""

    git: Git  # bound to the top of the working tree
    toplevel: str
    git_dir: str
    common_dir: str
    object_format: str  # "sha1" or "sha256"
    shallow: bool
    note: str  # why the history read is not the project's own; "" when it is

    @property
    def sha_length(self) -> int:
        return 64 if self.object_format == "sha256" else 40

    def head(self) -> str | None:
        out = self.git.run("rev-parse", "--verify", "-q", "HEAD", check=False)
        return out.decode("ascii", "replace").strip() or None


def _open(path: str, exe: str, search: bool) -> Repo:
    """GitPython's view of the repository at ``path``, its executable pinned to ``exe``."""
    os.environ["GIT_PYTHON_GIT_EXECUTABLE"] = exe
    os.environ["GIT_PYTHON_REFRESH"] = "quiet"
    already = "git" in sys.modules
    import git

    if already:  # pinned for this project too, without running anything
        git.Git.GIT_PYTHON_GIT_EXECUTABLE = exe
    try:
        return git.Repo(path, search_parent_directories=search)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitUnavailable("not a git repository") from None


def _real(base: str, path: str) -> str:
    return os.path.realpath(os.path.join(base, os.path.expanduser(path)))


def _toplevel(repo: Repo, root: str, git_dir: str) -> str:
    """The top of the work tree, as git sets it (``GIT_WORK_TREE``, ``core.worktree``)."""
    if "GIT_WORK_TREE" in os.environ:
        return _real(root, os.environ["GIT_WORK_TREE"])
    with repo.config_reader("repository") as reader:
        configured = str(reader.get_value("core", "worktree", ""))
    if configured and not os.path.isfile(os.path.join(git_dir, "commondir")):
        return _real(git_dir, configured)
    if "GIT_DIR" in os.environ:
        return root  # git takes the working directory as the top
    return os.path.realpath(repo.working_tree_dir or root)


def locate(project: Path) -> Location:
    """The repository that git finds for ``project``; :class:`GitUnavailable` if none."""
    root = os.path.realpath(project)
    exe = find_git(root)
    env_dir = os.environ.get("GIT_DIR")
    try:
        repo = _open(_real(root, env_dir) if env_dir else root, exe, not env_dir)
        with repo:
            if repo.bare:
                raise GitUnavailable("a bare repository has no working tree")
            git_dir = os.path.realpath(repo.git_dir)
            common = os.path.realpath(repo.common_dir)
            toplevel = _toplevel(repo, root, git_dir)
            with repo.config_reader("repository") as reader:
                fmt = str(reader.get_value("extensions", "objectformat", "sha1")).lower()
    except OSError as exc:
        raise GitUnavailable(f"git failed: {exc.strerror or exc}") from None
    except (ValueError, configparser.Error) as exc:  # a config git could not read either
        raise GitUnavailable(f"git failed: {' '.join(str(exc).split())[:300]}") from None
    _confirm(Git(exe, root), git_dir)
    return Location(
        git=Git(exe, toplevel),
        toplevel=toplevel,
        git_dir=git_dir,
        common_dir=common,
        object_format=fmt or "sha1",
        shallow=os.path.isfile(os.path.join(common, "shallow")),
        note=_note(root, toplevel, git_dir),
    )


def _confirm(git: Git, git_dir: str) -> None:
    """Git itself must read that repository: it runs every command (a config it cannot
    parse, a repository it does not trust, a ceiling directory all stop it here)."""
    try:
        out = git.run("rev-parse", "--absolute-git-dir")
    except GitFailed as exc:
        if "not a git repository" in str(exc):
            raise GitUnavailable("not a git repository") from None
        raise GitUnavailable(f"git failed: {exc}") from None
    except OSError as exc:
        raise GitUnavailable(f"git failed: {exc.strerror or exc}") from None
    # One path per call: a path may hold a newline, so the answer is never split on lines.
    found = os.path.realpath(os.fsdecode(out[:-1] if out.endswith(b"\n") else out))
    if found != git_dir:
        raise GitUnavailable(f"git reads the repository {found}, not {git_dir}")


def config_items(loc: Location, section: str) -> list[tuple[str, str]]:
    """``(key, value)`` for every setting of ``section`` git sees (system, user, repository)."""
    repo = _open(loc.git_dir, loc.git.exe, False)
    try:
        with repo, repo.config_reader() as reader:
            if not reader.has_section(section):
                return []
            return [
                (f"{section}.{name}", str(value))
                for name, values in reader.items_all(section)
                for value in values
            ]
    except configparser.Error as exc:
        raise ValueError(" ".join(str(exc).split())[:300]) from None


def _note(project: str, toplevel: str, git_dir: str) -> str:
    """Why the history read may not be the project's, or "" when it is."""
    dot_git = os.path.join(toplevel, ".git")
    if "GIT_DIR" in os.environ:
        via = "set by GIT_DIR"
    elif "GIT_WORK_TREE" in os.environ:
        via = "set by GIT_WORK_TREE"
    elif os.path.isfile(dot_git):
        via = f"named by the file {dot_git}"
    else:
        via = "found by git"
    if not inside(project, toplevel):
        return f"git history read from {git_dir} ({via}); its work tree {toplevel} is elsewhere"
    if inside(git_dir, toplevel) or _worktree_or_module(git_dir, toplevel, dot_git):
        return ""
    return f"git history read from {git_dir} ({via}), outside the project"


def _worktree_or_module(git_dir: str, toplevel: str, dot_git: str) -> bool:
    """A linked worktree's or a submodule's git dir: legitimately outside the work tree."""
    if os.path.basename(os.path.dirname(git_dir)) == "worktrees":
        try:  # a worktree's git dir names the .git file that points back to it
            back = read_bytes(os.path.join(git_dir, "gitdir"), None, 4096).strip()
        except OSError:
            return False
        return os.path.realpath(os.fsdecode(back)) == os.path.realpath(dot_git)
    marker = f"{os.sep}.git{os.sep}modules{os.sep}"
    superproject = git_dir.split(marker, 1)[0] if marker in git_dir else ""
    return bool(superproject) and inside(toplevel, superproject) and toplevel != superproject


def shallow_boundaries(loc: Location) -> set[str]:
    path = os.path.join(loc.common_dir, "shallow")
    try:
        text = read_bytes(path, loc.common_dir, 1 << 26).decode("ascii", "replace")
    except OSError:
        return set()
    return {line.strip() for line in text.splitlines() if line.strip()}


def mailmap_problem(toplevel: str) -> str:
    """Why the work tree's ``.mailmap`` must not be used, or "" (git reads it whole)."""
    try:
        info = os.lstat(os.path.join(toplevel, ".mailmap"))
    except OSError:
        return ""
    if stat.S_ISREG(info.st_mode) and info.st_size > MAILMAP_LIMIT:
        return f".mailmap larger than the {MAILMAP_LIMIT:,}-byte limit; author names not mapped"
    return ""
