"""How ops-lint runs git: the one place that builds a git command line and environment.

The repository may come from a pull request, so git must neither run a program that the
repository or its config names (fsmonitor, hooks, a pager, an external diff, textconv,
signature verification, clean/smudge filters) nor fetch anything (a partial clone must not
lazy-fetch a missing object). Every git command of ops-lint is built here:

- the ``git`` executable is looked up on ``PATH`` and one inside the project is skipped
  (a committed ``./git`` with ``.`` on ``PATH`` never runs);
- ``-c`` options switch off every configured program git could start, and the environment
  forbids every transport and prompt;
- uncommitted changes are found without ``git status`` (which runs clean filters and
  fsmonitor): blob ids come from ``ls-tree``/``ls-files`` and the working-tree files are
  hashed here, read through :mod:`ops_lint.safe_files`.

:func:`locate` also says when the git directory read is not the project's own
(``GIT_DIR``, ``GIT_WORK_TREE``, a ``.git`` file naming another repository), and
:func:`repository_state` is everything about git that a run's result depends on.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ops_lint.safe_files import inside, read_bytes

# Each switches off one program or network access that repository config could ask for.
SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.untrackedCache=false",
    "protocol.allow=never",
    "log.showSignature=false",
    "gc.auto=0",
    "maintenance.auto=false",
)
LOG_OPTIONS = ("--no-show-signature", "--no-textconv", "--no-ext-diff", "--no-color")
_SAFE_ENV = {
    "GIT_ALLOW_PROTOCOL": "none",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_LITERAL_PATHSPECS": "1",  # doc roots are paths, never glob patterns
    "GIT_PAGER": "cat",
}
MAILMAP_LIMIT = 4_000_000  # git reads the whole .mailmap: a larger one is not used
_DROP_ENV = ("GIT_EXTERNAL_DIFF", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_SSH", "GIT_SSH_COMMAND")


class GitUnavailable(Exception):
    """No usable repository; ``str()`` is the reason, one line."""


class GitFailed(Exception):
    """A git command failed (corrupt objects, a broken repository...)."""


def git_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in (os.environ if base is None else base).items() if k not in _DROP_ENV}
    env.update(_SAFE_ENV)
    return env


def find_git(project: str) -> str:
    """The absolute path of ``git`` on ``PATH``, skipping any inside ``project``."""
    for entry in os.environ.get("PATH", os.defpath).split(os.pathsep):
        found = shutil.which("git", path=entry or os.curdir)
        if found is None:
            continue
        found = os.path.abspath(found)
        if inside(found, project) or inside(os.path.realpath(found), project):
            continue  # a program the repository ships is not git
        return found
    raise GitUnavailable("git is not installed (not on PATH)")


@dataclass(frozen=True, slots=True)
class Git:
    """A git executable bound to a working directory, with the safe options."""

    exe: str
    cwd: str

    def argv(self, *args: str) -> list[str]:
        options = [part for item in SAFE_CONFIG for part in ("-c", item)]
        return [self.exe, "--no-pager", *options, *args]

    def run(self, *args: str, check: bool = True) -> bytes:
        proc = subprocess.run(
            self.argv(*args),
            cwd=self.cwd,
            env=git_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
        if check and proc.returncode != 0:
            raise GitFailed(
                last_line(proc.stderr) or f"git {args[0]} exited with {proc.returncode}"
            )
        return proc.stdout

    def popen(self, *args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        return subprocess.Popen(self.argv(*args), cwd=self.cwd, env=git_env(), **kwargs)


def last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].strip() if lines else ""


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


def _path(git: Git, *args: str) -> str:
    # One path per call: a path may hold a newline, so answers are never split on lines.
    out = git.run("rev-parse", *args)
    return os.path.realpath(os.fsdecode(out[:-1] if out.endswith(b"\n") else out))


def locate(project: Path) -> Location:
    """The repository that git finds for ``project``; :class:`GitUnavailable` if none."""
    root = os.path.realpath(project)
    git = Git(find_git(root), root)
    try:
        flags = git.run("rev-parse", "--is-bare-repository", "--is-shallow-repository")
        if flags.split()[:1] == [b"true"]:
            raise GitUnavailable("a bare repository has no working tree")
        git_dir = _path(git, "--absolute-git-dir")
        toplevel = _path(git, "--show-toplevel")
        common = _path(git, "--path-format=absolute", "--git-common-dir")
        fmt = git.run("rev-parse", "--show-object-format").decode("ascii", "replace").strip()
    except GitFailed as exc:
        if "not a git repository" in str(exc):
            raise GitUnavailable("not a git repository") from None
        raise GitUnavailable(f"git failed: {exc}") from None
    except OSError as exc:
        raise GitUnavailable(f"git failed: {exc.strerror or exc}") from None
    return Location(
        git=Git(git.exe, toplevel),
        toplevel=toplevel,
        git_dir=git_dir,
        common_dir=common,
        object_format=fmt or "sha1",
        shallow=flags.split()[1:2] == [b"true"],
        note=_note(root, toplevel, git_dir),
    )


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


def _read_or_reason(path: str, root: str | None, limit: int = 4_000_000) -> bytes:
    try:
        return read_bytes(path, root, limit)
    except FileNotFoundError:
        return b"(absent)"
    except OSError as exc:
        return f"(not read: {exc})".encode()


def repository_state(root: Path, roots: list[str]) -> bytes:
    """Everything about git that a freshness result depends on, as bytes to hash."""
    try:
        loc = locate(root)
    except GitUnavailable as exc:
        return f"(no git: {exc})".encode()
    git = loc.git
    rels = [os.path.relpath(os.path.join(root, r), loc.toplevel) for r in roots]
    pathspec = [r for r in rels if not r.startswith("..")] or ["."]
    parts: list[bytes] = [
        os.fsencode(f"{loc.git_dir}\0{loc.common_dir}\0{loc.toplevel}\0{loc.note}"),
        (loc.head() or "(no HEAD)").encode(),
        b"shallow" if loc.shallow else b"complete",
        _read_or_reason(os.path.join(loc.common_dir, "shallow"), loc.common_dir, 1 << 26),
        _read_or_reason(os.path.join(loc.common_dir, "info", "grafts"), loc.common_dir),
        git.run("for-each-ref", "--format=%(objectname) %(refname)%00", "refs/replace/"),
        *_mailmap_state(loc),
        git.run("ls-files", "-s", "-z", "--", *pathspec),
        git.run("ls-files", "-o", "-z", "--exclude-standard", "--", *pathspec),
    ]
    from ops_lint.git_worktree import changed_paths  # it builds on this module

    changed = changed_paths(loc, pathspec, None)
    parts.append(os.fsencode("\0".join(sorted(changed))))
    return b"\1".join(parts)


def _mailmap_state(loc: Location) -> list[bytes]:
    """The mailmap config, what it names, and the work tree's ``.mailmap``."""
    config = loc.git.run("config", "-z", "--get-regexp", r"^mailmap\.", check=False)
    parts = [config, _read_or_reason(os.path.join(loc.toplevel, ".mailmap"), loc.toplevel)]
    for item in config.split(b"\0"):
        key, _, value = item.partition(b"\n")
        if key == b"mailmap.file":  # named by the user's config: read where it is
            parts.append(_read_or_reason(os.fsdecode(os.path.expanduser(value)), None))
        elif key == b"mailmap.blob":
            parts.append(
                loc.git.run("rev-parse", "--verify", "-q", os.fsdecode(value), check=False)
            )
    return parts
