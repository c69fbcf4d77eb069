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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ops_lint.config import LoadedConfig
from ops_lint.errors import UsageError
from ops_lint.globs import file_matcher, matches, posix_relpath
from ops_lint.report_io import say
from ops_lint.safe_files import inside as _inside
from ops_lint.stat_memo import signature


@dataclass(frozen=True, slots=True)
class Candidate:
    abspath: str
    key: str  # relative to the project root
    problem: str | None = None  # why it must not be read (reported as unreadable)
    # the file's stat data when discovered (``stat_memo.signature``), b"" if not taken
    signature: bytes = field(default=b"", compare=False, repr=False)


def _classify(
    abspath: str, key: str, real_root: str, info: os.stat_result | None = None
) -> Candidate | None:
    """A regular file inside the project, a reportable problem, or None to skip silently.
    ``info`` is the file's ``lstat`` when the caller has it."""
    try:
        if info is None:
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
    return Candidate(abspath, key, signature=signature(info))


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
    include, exclude = file_matcher(tuple(cfg.include)), file_matcher(tuple(cfg.exclude))
    unused_include, unused_exclude = _Unused(cfg.include), _Unused(cfg.exclude)
    excluding = bool(cfg.exclude)
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
            files: Iterable[tuple[str, str, os.DirEntry[str] | None]] = [
                (base, _key(base, root), None)
            ]
        else:
            rel = _key(base, root)
            files = _walk(base, "" if rel == "." else rel + "/")
        for abspath, key, item in files:
            if unused_include.left:
                unused_include.see(key)
            if not include(key):
                continue
            if unused_exclude.left:
                unused_exclude.see(key)
            if excluding and exclude(key):
                continue
            candidate = None
            if item is not None:  # a plain entry: its lstat, taken once (scandir keeps it)
                try:
                    info = item.stat(follow_symlinks=False)
                except OSError:
                    pass  # gone or unreadable: the file's own lstat says why
                else:
                    if stat.S_ISREG(info.st_mode):
                        candidate = Candidate(abspath, key, None, signature(info))
                    else:
                        candidate = _classify(abspath, key, real_root, info)
                    if candidate is not None:
                        found[abspath] = candidate
                    continue
            candidate = _classify(abspath, key, real_root)
            if candidate is not None:
                found[abspath] = candidate
    _warn_unused(unused_include, unused_exclude, cfg.docs)
    return [found[k] for k in sorted(found)]


def _walk(folder: str, prefix: str) -> Iterator[tuple[str, str, os.DirEntry[str] | None]]:
    """``(abspath, key, entry)`` of everything under ``folder`` (whose key is ``prefix``)
    that is not a directory; ``entry`` None for a symlink (to a directory too: those are
    classified like files, so reported when they point out of the project, never walked).
    An unreadable folder is skipped."""
    pending = [(folder, prefix)]
    while pending:
        folder, prefix = pending.pop()
        joined = folder if folder.endswith(os.sep) else folder + os.sep
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:
            continue
        for item in listed:
            name = item.name
            try:
                if item.is_symlink():
                    yield joined + name, prefix + name, None
                    continue
                if item.is_dir(follow_symlinks=False):
                    pending.append((joined + name, prefix + name + "/"))
                    continue
            except OSError:
                yield joined + name, prefix + name, None
                continue
            yield joined + name, prefix + name, item


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
