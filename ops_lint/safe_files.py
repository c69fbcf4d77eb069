"""The one way ops-lint reads a file that is not a doc: config, rule packs, schemas, the
owners roster, ``.git-blame-ignore-revs``, ``.mailmap``, the cache, a baseline, a
previous report.

Every such file may have been written by whoever opened the pull request, so a read:
- stays inside the project root (after resolving symlinks) unless the caller passes
  ``root=None`` because the user named the file on the command line;
- opens regular files only (never a FIFO, a device or ``/dev/zero`` behind a symlink),
  with ``O_NOFOLLOW`` on the resolved path and ``O_NONBLOCK`` so nothing can hang;
- reads at most ``limit`` bytes: a larger file is refused, never read to its end.

Problems raise :class:`UnsafeFile` (or ``FileNotFoundError`` when the file is absent),
with a reason that never quotes the file's content.
"""

from __future__ import annotations

import os
import stat

# Side files are small: a roster or a pack of a few hundred KB is already unusual.
DEFAULT_LIMIT = 8_000_000
_CHUNK = 1 << 20
_MAX_SYMLINKS = 40  # as the kernel: more is a loop


class UnsafeFile(OSError):
    """A file ops-lint refuses to read; ``str()`` is the reason, safe to print."""


def inside(path: str, root: str) -> bool:
    """True if ``path`` is ``root`` or below it (both absolute and normalized)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def resolve_inside(path: str | os.PathLike[str], root: str | os.PathLike[str] | None) -> str:
    """The real path of ``path``; with a ``root``, refused unless it stays inside it."""
    real = os.path.realpath(os.fspath(path))
    if root is not None and not inside(real, os.path.realpath(os.fspath(root))):
        raise UnsafeFile(f"{os.fspath(path)}: outside the project; not read")
    return real


def read_bytes(
    path: str | os.PathLike[str],
    root: str | os.PathLike[str] | None,
    limit: int = DEFAULT_LIMIT,
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them."""
    real = resolve_inside(path, root)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise UnsafeFile(f"{os.fspath(path)}: cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(f"{os.fspath(path)}: not a regular file; not read")
        if info.st_size > limit:
            raise UnsafeFile(f"{os.fspath(path)}: larger than the {limit:,}-byte limit; not read")
        parts: list[bytes] = []
        total = 0
        while True:  # a file growing while read is still capped
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnsafeFile(
                    f"{os.fspath(path)}: larger than the {limit:,}-byte limit; not read"
                )
        return b"".join(parts)
    except OSError as exc:
        if isinstance(exc, UnsafeFile):
            raise
        raise UnsafeFile(f"{os.fspath(path)}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_text(
    path: str | os.PathLike[str],
    root: str | os.PathLike[str] | None,
    limit: int = DEFAULT_LIMIT,
) -> str:
    """``read_bytes`` decoded as UTF-8; undecodable content is :class:`UnsafeFile`."""
    data = read_bytes(path, root, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsafeFile(
            f"{os.fspath(path)}: not UTF-8 text (byte {exc.start}); not read"
        ) from None


def leaves_project(abspath: str, root: str) -> bool:
    """True if ``abspath`` (absolute, normalized) is not inside ``root`` once its symlinks
    are followed. Only paths inside the project are looked at (``lstat``, ``readlink``):
    the walk stops at the first step that would leave it, so nothing outside is probed.
    """
    real_root = os.path.realpath(root)
    if not inside(abspath, os.path.normpath(root)):
        return True
    rel = os.path.relpath(abspath, os.path.normpath(root))
    pending = [p for p in reversed(rel.split(os.sep)) if p not in ("", ".")]
    current = real_root
    links = 0
    while pending:
        name = pending.pop()
        if name == "..":
            current = os.path.dirname(current)
            continue
        step = os.path.join(current, name)
        if not inside(step, real_root):
            if inside(real_root, step):  # an ancestor of the (real) root: no symlink there
                current = step
                continue
            return True
        try:
            info = os.lstat(step)
        except OSError:
            return False  # missing (or unreadable) inside the project: "does not exist"
        if stat.S_ISLNK(info.st_mode):
            links += 1
            if links > _MAX_SYMLINKS:
                return False  # a loop: the target does not exist
            try:
                target = os.readlink(step)
            except OSError:
                return False
            if os.path.isabs(target):
                current = os.sep
            pending.extend(p for p in reversed(target.split(os.sep)) if p not in ("", "."))
            continue
        current = step
    return not inside(current, real_root)
