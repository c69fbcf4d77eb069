"""A commit's version of the files a check reads, written out so the check can run on it.

``check --changed-from REV`` compares the working tree's findings with REV's. The files
that run reads at REV (the config, the doc roots, the owners roster, the project's rule
packs and their schema folders) are listed with ``git ls-tree`` and read with ``git
cat-file --batch`` through :mod:`ops_lint.git.command` (raw blobs: no filter, textconv or
other program runs) into a fresh folder inside ``.ops_lint_cache/``, removed at the end.

The tree may come from a pull request, so the folder is made by this run (``mkdir``
fails on an existing name) inside the real cache directory, and every folder and file in
it is created relative to its parent's descriptor with ``O_EXCL|O_NOFOLLOW``: no name in
the tree can climb out (``..``, ``.git`` and empty names are skipped) or write through a
link. A symlink in the tree is recreated pointing where it points from the project, so
one that leaves the project still leaves it (and is reported, never read). A blob over
the size cap is a sparse file of its size: reported as too large, never held in memory.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import secrets
import shutil
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, NamedTuple

from ops_lint.cache import DIRNAME
from ops_lint.git.cat_file import CatFile
from ops_lint.git.command import GitFailed
from ops_lint.git.repository import Location
from ops_lint.globs import posix_relpath
from ops_lint.safe_files import inside

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIR_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_DIRECTORY", 0)
_CHUNK = 1 << 20
_LINK_LIMIT = 4096  # bytes of a symlink's target (PATH_MAX)


class SnapshotError(Exception):
    """REV's files could not be written out; ``str()`` says why, in one line."""


class Entry(NamedTuple):
    """One file of REV's tree under the project: ``path`` is relative to the project."""

    mode: str
    sha: str
    size: int
    path: str


def resolve_commit(loc: Location, rev: str) -> str:
    """The commit ``rev`` names; :class:`SnapshotError` when it names none."""
    out = loc.git.run(
        "rev-parse", "--verify", "-q", "--end-of-options", f"{rev}^{{commit}}", check=False
    )
    sha = out.decode("ascii", "replace").strip()
    if sha:
        return sha
    if loc.head() is None:
        raise SnapshotError(f"{rev} does not exist yet (the repository has no commit)")
    raise SnapshotError(f"{rev} does not name a commit in this repository")


class Snapshot:
    """``with Snapshot(loc, commit, project) as snap``: ``snap.root`` holds what was written."""

    def __init__(self, loc: Location, commit: str, project: Path) -> None:
        self.git = loc.git
        self.commit = commit
        real = os.path.realpath(project)
        if not inside(real, loc.toplevel):
            raise SnapshotError("the project is not inside the git work tree")
        prefix = posix_relpath(real, loc.toplevel)
        self.prefix = "" if prefix == "." else prefix + "/"
        self.project = real
        self.name = f"changed-from-{secrets.token_hex(8)}"
        self.root = Path(real) / DIRNAME / self.name
        self._fds: dict[str, int] = {}

    def __enter__(self) -> Snapshot:
        folder = Path(self.project) / DIRNAME
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder)
        try:
            cache_fd = os.open(folder, _DIR_FLAGS)  # ELOOP on a symlink: not written through
        except OSError as exc:
            raise SnapshotError(f"cannot use {folder}: {exc.strerror or exc}") from None
        self._fds["\0cache"] = cache_fd
        try:
            os.mkdir(self.name, 0o700, dir_fd=cache_fd)
            self._fds[""] = os.open(self.name, _DIR_FLAGS, dir_fd=cache_fd)
        except OSError as exc:
            self.__exit__()
            raise SnapshotError(f"cannot write in {folder}: {exc.strerror or exc}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        cache_fd = self._fds.pop("\0cache", None)
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()
        if cache_fd is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(self.name, dir_fd=cache_fd)  # never follows a link
            os.close(cache_fd)

    def entries(self, paths: Iterable[str], trees: bool = False) -> list[Entry]:
        """REV's entries at or under ``paths`` (relative to the project; "." for all of it);
        with ``trees``, the folders on the way too."""
        rels = [posixpath.normpath(p.replace(os.sep, "/")) for p in paths]
        specs = [self.prefix + p if p != "." else (self.prefix or ".") for p in rels]
        if not specs:
            return []
        args = ["ls-tree", "-r", "-l", "-z", *(["-t"] if trees else []), self.commit, "--"]
        try:
            out = self.git.run(*args, *specs)
        except GitFailed as exc:
            raise SnapshotError(f"git ls-tree failed: {exc}") from None
        found: list[Entry] = []
        for record in out.split(b"\0"):
            head, tab, name = record.partition(b"\t")
            parts = head.split()
            if not tab or len(parts) != 4:
                continue
            path = os.fsdecode(name)
            if not path.startswith(self.prefix):
                continue
            size = int(parts[3]) if parts[3].isdigit() else 0
            found.append(
                Entry(parts[0].decode(), parts[2].decode(), size, path[len(self.prefix) :])
            )
        return found

    def write(self, entries: Iterable[Entry], cap: int) -> None:
        """Write regular files and symlinks; a submodule or a folder entry writes nothing."""
        wanted = [e for e in entries if e.mode in ("100644", "100755", "120000")]
        if not wanted:
            return
        batch = CatFile(self.git, "--batch")
        try:
            for entry in wanted:
                folder, name = self._parent(entry.path)
                if name is None:
                    continue
                if entry.mode != "120000" and entry.size > cap:
                    self._sparse(folder, name, entry.size)
                    continue
                batch.ask([entry.sha])
                size = batch.header()
                if size is None:
                    raise SnapshotError(f"git cat-file could not read {entry.path}")
                if entry.mode == "120000":
                    target = _read(batch.stdout, size, _LINK_LIMIT)
                    self._link(folder, name, entry.path, os.fsdecode(target))
                else:
                    self._file(folder, name, batch.stdout, size)
                batch.stdout.read(1)  # the newline after each object
        except (OSError, ValueError) as exc:
            raise SnapshotError(f"cannot write REV's files: {exc}") from None
        finally:
            batch.close()

    def placeholders(self, abspaths: Iterable[str]) -> int:
        """Empty stand-ins for the files (and folders) among ``abspaths`` that REV has but
        that were not written: a link's target only needs to exist. Returns how many."""
        rels = {posix_relpath(p, str(self.root)) for p in abspaths if inside(p, str(self.root))}
        rels = {r for r in rels if r != "." and not r.startswith("../")}
        made = 0
        for entry in self.entries(sorted(rels), trees=True) if rels else []:
            if entry.path not in rels or os.path.lexists(self.root / entry.path):
                continue
            if entry.mode == "040000":
                self.folder(entry.path)
            else:
                folder, name = self._parent(entry.path)
                if name is not None:
                    self._sparse(folder, name, 0)
            made += 1
        return made

    def write_bytes(self, path: str, data: bytes) -> None:
        folder, name = self._parent(path)
        if name is None:
            raise SnapshotError(f"cannot write {path!r}")
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)

    def folder(self, path: str) -> int:
        """A descriptor of the folder ``path`` (relative to the snapshot), made if absent."""
        parts = [p for p in path.split("/") if p not in ("", ".")]
        key = ""
        fd = self._fds[""]
        for part in parts:
            if part == ".." or part.lower() == ".git":
                raise SnapshotError(f"refused path in the tree: {path!r}")
            key = f"{key}/{part}"
            if key not in self._fds:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o700, dir_fd=fd)
                self._fds[key] = os.open(part, _DIR_FLAGS, dir_fd=fd)
                if not stat.S_ISDIR(os.fstat(self._fds[key]).st_mode):
                    raise SnapshotError(f"not a folder: {path!r}")
            fd = self._fds[key]
        return fd

    def _parent(self, path: str) -> tuple[int, str | None]:
        head, _, name = path.rpartition("/")
        if name in ("", ".", "..") or name.lower() == ".git":
            return -1, None
        try:
            return self.folder(head), name
        except SnapshotError:
            return -1, None

    def _sparse(self, folder: int, name: str, size: int) -> None:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=folder)
        try:
            os.ftruncate(fd, size)
        finally:
            os.close(fd)

    def _file(self, folder: int, name: str, stream: IO[bytes], size: int) -> None:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=folder)
        with os.fdopen(fd, "wb") as handle:
            for chunk in _chunks(stream, size):
                handle.write(chunk)

    def _link(self, folder: int, name: str, path: str, target: str) -> None:
        """The link as it resolves from the project: inside, to the same file here; outside,
        to the same place outside (classified as leaving the project, never read)."""
        if "\0" in target or not target:
            return
        where = os.path.normpath(os.path.join(self.project, os.path.dirname(path), target))
        if inside(where, self.project):
            here = self.root / os.path.relpath(where, self.project)
            target = os.path.relpath(here, self.root / os.path.dirname(path))
        else:
            target = where
        os.symlink(target, name, dir_fd=folder)


def _chunks(stream: IO[bytes], size: int) -> Iterator[bytes]:
    left = size
    while left > 0:
        chunk = stream.read(min(left, _CHUNK))
        if not chunk:
            raise ValueError("git cat-file ended early")
        left -= len(chunk)
        yield chunk


def _read(stream: IO[bytes], size: int, limit: int) -> bytes:
    data = b"".join(_chunks(stream, size))
    return data[:limit]
