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

Which repository is read is found in :mod:`ops_lint.git.repository` (in Python, no git process);
:func:`repository_state` is everything about git that a run's result depends on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ops_lint.safe_files import inside, read_bytes
from ops_lint.stat_memo import settled as settled_before

if TYPE_CHECKING:
    from ops_lint.git.repository import Location
    from ops_lint.stat_memo import StatMemo

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


def _read_or_reason(path: str, root: str | None, limit: int = 4_000_000) -> bytes:
    try:
        return read_bytes(path, root, limit)
    except FileNotFoundError:
        return b"(absent)"
    except OSError as exc:
        return f"(not read: {exc})".encode()


def repository_state(
    root: Path,
    roots: list[str],
    docs: dict[str, tuple[bytes, bool]] | None = None,
    limit: int = 8_000_000,
    memo: StatMemo | None = None,
) -> bytes:
    """Everything about git that a freshness result depends on, as bytes to hash.

    ``docs`` None: every path under ``roots`` that git knows of, and which of them differ
    from HEAD. Else ``docs`` maps each readable doc (absolute path) to its stat signature
    and whether the stat memo trusts it unchanged, and only which of them differ from HEAD
    is part of the state (the history reads nothing else of the work tree or the index),
    judged as the history judges it (``limit`` is ``max_file_size``); with a ``memo`` that
    holds the last run's verdicts, judged again only for the docs whose stat data changed
    (:mod:`ops_lint.git.uncommitted_memo`)."""
    from ops_lint.git.uncommitted_memo import repo_relative
    from ops_lint.git.worktree import changed_paths

    base = _base(root, roots)
    if isinstance(base, bytes):
        return base
    loc, pathspec, head, refs, parts = base
    git = loc.git
    rel = repo_relative(loc.toplevel)
    if docs is None:  # every path under the roots, as git sees it
        parts.append(git.run("ls-files", "-s", "-z", "--", *pathspec))
        parts.append(git.run("ls-files", "-o", "-z", "--exclude-standard", "--", *pathspec))
        changed = changed_paths(loc, pathspec, None)
    else:
        judged = {r: known for p, known in docs.items() if not (r := rel(p)).startswith("../")}
        changed = _uncommitted(loc, head, refs, pathspec, judged, limit, memo)
    parts.append(os.fsencode("\0".join(sorted(changed))))
    return b"\1".join(parts)


def repository_base(root: Path, roots: list[str]) -> bytes:
    """What the history of a doc depends on besides that doc's own content: the
    repository, its HEAD, shallow boundary, grafts, replace refs and mailmap. (Whether a doc
    differs from HEAD follows from its content and HEAD.)"""
    base = _base(root, roots)
    return base if isinstance(base, bytes) else b"\1".join(base[-1])


def repository_view(
    root: Path,
    roots: list[str],
    docs: dict[str, tuple[bytes, bool]],
    limit: int,
    memo: StatMemo | None,
) -> tuple[bytes, set[str]]:
    """:func:`repository_base`, and which of ``docs`` (as :func:`repository_state` takes
    them) differ from HEAD as the history judges it, by absolute path (the index counts:
    a change staged and then undone in the work tree still differs)."""
    from ops_lint.git.uncommitted_memo import repo_relative

    base = _base(root, roots)
    if isinstance(base, bytes):
        return base, set()
    loc, pathspec, head, refs, parts = base
    rel = repo_relative(loc.toplevel)
    by_rel = {r: p for p in docs if not (r := rel(p)).startswith("../")}
    judged = {r: docs[p] for r, p in by_rel.items()}
    changed = _uncommitted(loc, head, refs, pathspec, judged, limit, memo)
    return b"\1".join(parts), {by_rel[r] for r in changed if r in by_rel}


def _base(
    root: Path, roots: list[str]
) -> bytes | tuple[Location, list[str], str, bytes, list[bytes]]:
    from ops_lint.git.repository import locate  # it builds on this module
    from ops_lint.git.uncommitted_memo import repo_relative

    try:
        loc = locate(root)
    except GitUnavailable as exc:
        return f"(no git: {exc})".encode()
    rel = repo_relative(loc.toplevel)
    rels = [rel(os.path.join(root, r)) for r in roots]
    pathspec = [r for r in rels if not r.startswith("../")] or ["."]
    head = loc.head() or "(no HEAD)"
    refs = loc.git.run("for-each-ref", "--format=%(objectname) %(refname)%00", "refs/replace/")
    parts: list[bytes] = [
        os.fsencode(f"{loc.git_dir}\0{loc.common_dir}\0{loc.toplevel}\0{loc.note}"),
        head.encode(),
        b"shallow" if loc.shallow else b"complete",
        _read_or_reason(os.path.join(loc.common_dir, "shallow"), loc.common_dir, 1 << 26),
        _read_or_reason(os.path.join(loc.common_dir, "info", "grafts"), loc.common_dir),
        refs,
        *_mailmap_state(loc),
    ]
    return loc, pathspec, head, refs, parts


def _uncommitted(
    loc: Location,
    head: str,
    refs: bytes,
    pathspec: list[str],
    docs: dict[str, tuple[bytes, bool]],
    limit: int,
    memo: StatMemo | None,
) -> set[str]:
    """The docs that differ from HEAD, from the verdicts ``memo`` remembers where they
    still hold; the verdicts of this run are left in ``memo`` to be saved."""
    from ops_lint.git.uncommitted_memo import uncommitted_docs

    if memo is None:
        stored: Any = None
        settled: Callable[[bytes], bool] = lambda sig: False  # noqa: E731
    else:
        stored = memo.extra_old
        settled = partial(settled_before, before_ns=memo.started_ns)
    changed, remembered = uncommitted_docs(loc, head, refs, pathspec, docs, limit, stored, settled)
    if memo is not None:
        memo.extra_new = remembered
    return changed


def _mailmap_state(loc: Location) -> list[bytes]:
    """The mailmap config, what it names, and the work tree's ``.mailmap``."""
    from ops_lint.git.repository import config_items

    try:
        config = config_items(loc, "mailmap")
    except (OSError, ValueError) as exc:  # git reads the same config and will say so
        config = [("(config not read)", str(exc))]
    parts = [
        os.fsencode("\0".join(f"{key}\n{value}" for key, value in config)),
        _read_or_reason(os.path.join(loc.toplevel, ".mailmap"), loc.toplevel),
    ]
    for key, value in config:
        if key == "mailmap.file":  # named by the user's config: read where it is
            parts.append(_read_or_reason(os.path.expanduser(value), None))
        elif key == "mailmap.blob":
            parts.append(loc.git.run("rev-parse", "--verify", "-q", value, check=False))
    return parts
