"""Which files of the working tree differ from HEAD, found without ``git status``.

``git status`` runs clean filters and fsmonitor, programs a repository's config can name.
Here blob ids come from ``ls-tree``/``ls-files``; a working-tree file that is still the one
git recorded in the index (below) is taken as unchanged, as git takes it, and any other is
hashed in Python (read through :mod:`ops_lint.safe_files`: never a device or a file out of
the tree).

A file whose bytes do not hash to its blob may still be exactly what git checked out: the
repository's ``.gitattributes`` can ask for conversions on checkout (``eol``, ``ident``,
``working-tree-encoding``). Taking those files as edited would let a pull request make
every doc "changed today", so a file is also unchanged when its ``lstat`` matches the
stat data git recorded in the index when it wrote the file (size, mtime to the
nanosecond, inode), as git's own stat check does. An edit that keeps size, inode and
mtime (within the file system's timestamp tick of the checkout) is missed: the doc is
then judged by its last commit, the conservative side for a freshness gate.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from typing import NamedTuple

from ops_lint.git.repository import Location
from ops_lint.safe_files import read_bytes

_U32 = 1 << 32  # the index keeps 32-bit stat fields
# Judging a few docs, git is given their paths rather than the doc roots (its output, not
# the whole index, is what costs in a large repository); bounded well below ARG_MAX.
_NARROW_BYTES = 64 * 1024


class IndexStat(NamedTuple):
    mtime: tuple[int, int]  # seconds, nanoseconds
    ino: int
    size: int


def _entries(out: bytes, sha_at: int) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """path -> (mode, blob id) from ``ls-tree -z`` (sha in field 2) or ``ls-files -s -z``
    (sha in field 1, then the stage); and the paths in a merge conflict."""
    found: dict[str, tuple[str, str]] = {}
    conflicted: set[str] = set()
    for item in out.split(b"\0"):
        meta, tab, name = item.partition(b"\t")
        fields = meta.decode("ascii", "replace").split()
        if not tab or len(fields) < 3 or fields[0] == "160000":  # submodules are not files
            continue
        path = os.fsdecode(name)
        if sha_at == 1 and fields[2] != "0":  # a stage other than 0: a merge conflict
            conflicted.add(path)
        found[path] = (fields[0], fields[sha_at])
    return found, conflicted


def _stat_value(line: bytes, name: bytes) -> int:
    """The number after ``name:`` in one line of ``ls-files --debug``."""
    for part in line.split(b"\t"):
        key, _, value = part.strip().partition(b":")
        if key == name:
            return int(value.split(b":")[0])
    raise ValueError(name)


def index_stats(loc: Location, pathspec: list[str]) -> dict[str, IndexStat]:
    """The stat data the index holds per path, from ``ls-files --debug -z``.

    Each entry is ``path NUL`` then exactly five lines of stat data; a path may itself hold
    newlines, so the five lines are counted, never searched for. The output is walked by
    position (an index of 40,000 entries is some 6 MB: never copied per entry).
    """
    out = loc.git.run("ls-files", "--debug", "-z", "--", *pathspec, check=False)
    stats: dict[str, IndexStat] = {}
    pos, end = 0, len(out)
    while pos < end:
        zero = out.find(b"\0", pos)
        if zero <= pos:  # no more entries, or an empty path
            break
        path = out[pos:zero]
        lines: list[bytes] = []
        at = zero + 1
        while len(lines) < 5:
            newline = out.find(b"\n", at)
            if newline < 0:
                break
            lines.append(out[at:newline])
            at = newline + 1
        if len(lines) < 5:
            break
        pos = at
        _ctime, mtime, dev_ino, _uid_gid, size_flags = lines
        try:
            seconds, _, nanos = mtime.partition(b"mtime:")[2].strip().partition(b":")
            stats[os.fsdecode(path)] = IndexStat(
                (int(seconds), int(nanos or 0)),
                _stat_value(dev_ino, b"ino"),
                _stat_value(size_flags, b"size"),
            )
        except ValueError:
            pass  # not understood: the content decides for this path
    return stats


def _as_checked_out(info: os.stat_result, entry: IndexStat | None) -> bool:
    """True if ``info`` is the file git wrote and recorded in the index."""
    if entry is None:
        return False
    mtime = (info.st_mtime_ns // 1_000_000_000 % _U32, info.st_mtime_ns % 1_000_000_000)
    return (
        mtime == entry.mtime
        and info.st_size % _U32 == entry.size
        and info.st_ino % _U32 == entry.ino
    )


def blob_id(data: bytes, object_format: str = "sha1") -> str:
    """The id git gives ``data`` as a blob, computed without git (so without filters)."""
    digest = hashlib.new("sha256" if object_format == "sha256" else "sha1")
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


class _Tree:
    """What is needed to judge one work-tree file against its index entry."""

    def __init__(self, loc: Location, pathspec: list[str], limit: int) -> None:
        self.loc = loc
        self.pathspec = pathspec
        self.limit = limit
        self._stats: dict[str, IndexStat] | None = None

    def entry_stat(self, path: str) -> IndexStat | None:
        if self._stats is None:  # one ``ls-files --debug`` for every path judged
            self._stats = index_stats(self.loc, self.pathspec)
        return self._stats.get(path)

    def matches(self, path: str, mode: str, sha: str) -> bool:
        """True if the work-tree file at ``path`` holds the blob ``sha``.

        A regular file (within the size limit) that is still the one git recorded in the
        index is taken as unchanged without being read, as git's own stat check takes it;
        this is also what makes a file converted on checkout unchanged (see the module
        docstring). Any other file is read and hashed."""
        loc = self.loc
        full = os.path.join(loc.toplevel, path)
        try:
            info = os.lstat(full)
            is_link = stat.S_ISLNK(info.st_mode)
            if is_link != (mode == "120000"):
                return False  # a file became a symlink or the reverse
            if is_link:
                return blob_id(os.fsencode(os.readlink(full)), loc.object_format) == sha
            if (
                stat.S_ISREG(info.st_mode)
                and info.st_size <= self.limit
                and _as_checked_out(info, self.entry_stat(path))
            ):
                return True
            data = read_bytes(full, loc.toplevel, self.limit)
        except OSError:
            return False
        if blob_id(data, loc.object_format) == sha:
            return True
        # core.autocrlf / eol=crlf, even once the file was touched
        return b"\r\n" in data and blob_id(data.replace(b"\r\n", b"\n"), loc.object_format) == sha


def changed_paths(
    loc: Location,
    pathspec: list[str],
    only: set[str] | None,
    limit: int = 8_000_000,
    floating: set[str] | None = None,
) -> set[str]:
    """Paths (relative to the top) whose work-tree or index content differs from HEAD.

    With ``only``, just those paths are judged (a path in neither HEAD nor the index is
    untracked, so uncommitted); without, every path of HEAD and the index under
    ``pathspec``. ``floating`` collects the paths judged by the ignore rules (in neither
    HEAD nor the index): their verdict depends on more than their content.
    """
    if only is not None and sum(len(p) + 1 for p in only) <= _NARROW_BYTES:
        pathspec = sorted(only)  # a few docs: git lists their entries alone (literal paths)
    head: dict[str, tuple[str, str]] = {}
    if loc.head() is not None:
        head, _ = _entries(loc.git.run("ls-tree", "-r", "-z", "HEAD", "--", *pathspec), 2)
    index, conflicted = _entries(loc.git.run("ls-files", "-s", "-z", "--", *pathspec), 1)
    tree = _Tree(loc, pathspec, limit)
    changed = set(conflicted)
    untracked: set[str] | None = None
    for path in sorted(only if only is not None else set(head) | set(index)):
        committed, staged = head.get(path), index.get(path)
        if path in changed:
            continue
        if staged is None and committed is None:
            if floating is not None:
                floating.add(path)
            if untracked is None:  # as git status: not ignored, not in a nested repository
                out = loc.git.run("ls-files", "-o", "-z", "--exclude-standard", "--", *pathspec)
                untracked = {os.fsdecode(p) for p in out.split(b"\0") if p}
            if path in untracked:
                changed.add(path)
        elif staged is None or committed is None or staged[1] != committed[1]:
            changed.add(path)  # added, removed from the index or staged
        elif not tree.matches(path, staged[0], staged[1]):
            changed.add(path)
    return changed


def uncommitted(loc: Location, pathspec: list[str], docs: Iterable[str], limit: int) -> set[str]:
    """The paths among ``docs`` (relative to the top) whose content differs from HEAD."""
    return changed_paths(loc, pathspec, set(docs), limit)
