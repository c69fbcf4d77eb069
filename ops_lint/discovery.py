"""Find the files of the doc set: configured roots, include/exclude patterns, safe walking.

A docs root must be inside the project, also once its symlinks are resolved; that is
checked before its existence, so an error never tells whether a path outside exists.
``include`` and ``exclude`` have ``.gitignore`` semantics (``ops_lint.globs``), each list
compiled once; a pattern that matches no file is said once on stderr (a warning, not a
failure): a mistyped exclude would otherwise go on checking what it meant to leave out.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ops_lint.config import LoadedConfig
from ops_lint.errors import UsageError
from ops_lint.globs import compile_patterns, matches, posix_relpath
from ops_lint.report_io import say
from ops_lint.safe_files import inside as _inside


@dataclass(frozen=True, slots=True)
class Candidate:
    abspath: str
    key: str  # relative to the project root
    problem: str | None = None  # why it must not be read (reported as unreadable)


def _classify(abspath: str, key: str, real_root: str) -> Candidate | None:
    """A regular file inside the project, a reportable problem, or None to skip silently."""
    try:
        info = os.lstat(abspath)
    except OSError as exc:
        return Candidate(abspath, key, f"cannot read file: {exc.strerror}")
    if stat.S_ISLNK(info.st_mode):
        real = os.path.realpath(abspath)
        if not _inside(real, real_root):
            return Candidate(abspath, key, "symlink points outside the project; not read")
        try:
            info = os.stat(abspath)
        except OSError:
            return Candidate(abspath, key, "symlink is broken")
    if not stat.S_ISREG(info.st_mode):
        return None  # FIFOs, sockets, devices: never opened
    return Candidate(abspath, key)


def _key(abspath: str, root: str) -> str:
    return posix_relpath(abspath, root)


class _Unused:
    """The patterns of one list that have matched no file yet."""

    def __init__(self, patterns: list[str]) -> None:
        # a "!pattern" is used when its pattern matches: that is what it takes back
        self.left = {p: p.strip().removeprefix("!") for p in dict.fromkeys(patterns)}

    def see(self, key: str) -> None:
        if self.left:
            for pattern in [p for p, bare in self.left.items() if matches(key, (bare,))]:
                del self.left[pattern]


def _warn_unused(include: _Unused, exclude: _Unused, docs: list[str]) -> None:
    roots = ", ".join(docs)
    for pattern in include.left:
        say(f"ops-lint: warning: include pattern {pattern!r} matches no file under {roots}")
    for pattern in exclude.left:
        say(
            f"ops-lint: warning: exclude pattern {pattern!r} matches no included file "
            f"under {roots}: it excludes nothing"
        )


def discover(loaded: LoadedConfig) -> list[Candidate]:
    """Every doc file under the configured roots, sorted, matched by include/exclude.
    Says which include/exclude patterns matched no file."""
    cfg = loaded.config
    root = str(loaded.root)
    real_root = os.path.realpath(root)
    found: dict[str, Candidate] = {}
    include, exclude = compile_patterns(tuple(cfg.include)), compile_patterns(tuple(cfg.exclude))
    unused_include, unused_exclude = _Unused(cfg.include), _Unused(cfg.exclude)
    for entry in cfg.docs:
        base = os.path.normpath(os.path.join(root, entry))
        if not _inside(base, os.path.normpath(root)):
            raise UsageError(f"docs root '{entry}' is outside the project; not read")
        if not _inside(os.path.realpath(base), real_root):
            raise UsageError(f"docs root '{entry}' is a symlink out of the project; not read")
        if not os.path.exists(base):
            raise UsageError(
                f"docs root '{entry}' does not exist under {root} "
                f"(set 'docs' in {loaded.describe()})"
            )
        if os.path.isfile(base):
            walked = [(os.path.dirname(base), [os.path.basename(base)])]
        else:
            # symlinked directories are not walked, but classified like files (and so
            # reported when they point out of the project)
            walked = [
                (d, files + [n for n in dirs if os.path.islink(os.path.join(d, n))])
                for d, dirs, files in os.walk(base)
            ]
        for folder, files in walked:
            for name in files:
                abspath = os.path.join(folder, name)
                key = _key(abspath, root)
                unused_include.see(key)
                if not include.match_file(key):
                    continue
                unused_exclude.see(key)
                if exclude.match_file(key):
                    continue
                candidate = _classify(abspath, key, real_root)
                if candidate is not None:
                    found[abspath] = candidate
    _warn_unused(unused_include, unused_exclude, cfg.docs)
    return [found[k] for k in sorted(found)]


def candidate_for(path: str, loaded: LoadedConfig, cwd: Path) -> Candidate | None:
    """A path named on the command line, if it is a doc (matches include/exclude)."""
    abspath = os.path.normpath(os.path.join(str(cwd), path))
    key = _key(abspath, str(loaded.root))
    if not matches(key, loaded.config.include) or matches(key, loaded.config.exclude):
        return None
    if not os.path.lexists(abspath):
        raise UsageError(f"{path}: no such file")
    real_root = os.path.realpath(str(loaded.root))
    if _inside(abspath, str(loaded.root)) and not _inside(os.path.realpath(abspath), real_root):
        # reached through a symlinked directory
        return Candidate(abspath, key, "symlink points outside the project; not read")
    return _classify(abspath, key, real_root)
