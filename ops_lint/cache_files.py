"""The signed files of the cache folder, and the key that signs them.

``.ops_lint_cache/`` is part of the checkout, so a pull request can fill it: every file is
signed (HMAC-SHA256) with a key kept in the user's cache directory. A key that lies inside
the project, is a symlink, is not the user's own or is writable by others is not trusted:
the run goes without a cache and says why, once. Files are read through ``safe_files``
(regular files inside the root, at most ``LIMIT`` bytes) and written only into a real
directory, with ``O_EXCL|O_NOFOLLOW`` files relative to that directory's descriptor, then
renamed over the old one inside it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import os
import secrets
import stat
import sys
from pathlib import Path

from ops_lint.safe_files import UnsafeFile, inside, read_bytes

DIRNAME = ".ops_lint_cache"
# Measured: about 1.2 bytes of cache per byte of docs (1,000 docs, 7.9 MB -> 9.4 MB), and
# the stored results are smaller. 256 MiB holds a doc set of some 200 MB; a larger file is
# neither written nor read (the run parses afresh), and a committed one costs no memory.
LIMIT = 256 << 20
_MAC = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_said: set[str] = set()


def _notice(text: str) -> None:
    """Say it once per process: the parse cache and the other stores share one key."""
    if text in _said:
        return
    _said.add(text)
    # Before any report exists (the memo is looked up first), so straight to stderr;
    # a closed or failing stderr must not end the run.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"ops-lint: warning: {' '.join(text.split())}\n")


def _key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ops-lint" / "cache-key"


def _read_key(path: Path) -> bytes:
    """The key in ``path``; :class:`UnsafeFile` (why) when it cannot be trusted."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(f"{path} is not a regular file")
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            raise UnsafeFile(f"{path} belongs to another user")
        if info.st_mode & 0o022:
            raise UnsafeFile(f"{path} is writable by others")
        return os.read(fd, 64)
    finally:
        os.close(fd)


def _create_key(path: Path) -> None:
    """Publish a new key atomically: written to an ``O_EXCL`` file, then linked into
    place (a concurrent run keeps the first key; a short key is replaced)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.parent / f".cache-key-{secrets.token_hex(8)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            if len(_read_key(path)) != 32:  # ours (checked), but empty or truncated
                os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def secret_key(root: Path) -> bytes | None:
    """The signing key, created on first use in the user's cache directory (mode 0600);
    None, and the run goes without a cache, when it cannot be made or cannot be trusted."""
    path = _key_path()
    project = str(root.resolve())
    if any(inside(p, project) for p in (os.path.abspath(path), os.path.realpath(path))):
        _notice(
            f"parse cache off: its signing key {path} would lie inside the project, where a "
            "commit can plant one; set XDG_CACHE_HOME to a folder outside the project"
        )
        return None
    try:
        try:
            key = _read_key(path)
        except FileNotFoundError:
            key = b""
        if len(key) != 32:
            _create_key(path)
            key = _read_key(path)
        return key if len(key) == 32 else None
    except UnsafeFile as exc:
        _notice(f"parse cache off: its signing key is not trusted: {exc}")
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink
            _notice(f"parse cache off: its signing key is not trusted: {path} is a symlink")
        # else: e.g. a read-only home; lint without a cache
    return None


def _mac(secret: bytes, name: str, payload: bytes) -> bytes:
    """The file's name is signed too: the stored results never pass for a parse cache."""
    return hmac.new(secret, name.encode() + b"\0" + payload, hashlib.sha256).digest()


def seal(secret: bytes, name: str, payload: bytes) -> bytes:
    """The bytes of cache file ``name`` holding ``payload``."""
    return _mac(secret, name, payload) + payload


def read_signed(root: Path, name: str, secret: bytes) -> bytes | None:
    """The payload of ``.ops_lint_cache/name`` if it is a regular file inside the root,
    within ``LIMIT``, signed with ``secret``; None otherwise."""
    try:
        blob = read_bytes(root / DIRNAME / name, root, LIMIT)
    except OSError:  # absent, a FIFO, a directory, a symlink out, too large
        return None
    mac, payload = blob[:_MAC], blob[_MAC:]
    if len(mac) != _MAC or not hmac.compare_digest(mac, _mac(secret, name, payload)):
        return None  # corrupt, truncated or foreign
    return payload


def _open_folder(root: Path) -> int:
    """A descriptor of the real directory ``root/.ops_lint_cache``, made if absent;
    OSError when that name is anything else (a symlink, a file, a FIFO)."""
    folder = root / DIRNAME
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder)
    flags = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(folder, flags)  # ELOOP on a symlink, ENOTDIR on anything but a directory
    if not stat.S_ISDIR(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotADirectoryError(str(folder))
    return fd


def _create(name: str, folder: int, data: bytes, mode: int) -> None:
    """A new file in ``folder``; FileExistsError when the name is taken by anything,
    including a dangling symlink (never followed)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
    fd = os.open(name, flags, mode, dir_fd=folder)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def write_signed(root: Path, name: str, secret: bytes, payload: bytes) -> None:
    """Sign ``payload`` and put it in ``.ops_lint_cache/name`` atomically."""
    if len(payload) + _MAC > LIMIT or not _NOFOLLOW or os.open not in os.supports_dir_fd:
        return  # too large to be read back; or no safe way to write here
    try:
        folder = _open_folder(root)
    except OSError:
        return  # a read-only checkout, or a name we will not write through
    tmp = f".tmp-{secrets.token_hex(8)}"
    try:
        with contextlib.suppress(FileExistsError):
            _create(".gitignore", folder, b"# created by ops-lint; safe to delete\n*\n", 0o666)
        _create(tmp, folder, seal(secret, name, payload), 0o600)
        # renameat(2) inside the directory; on POSIX (the only place with dir_fd)
        # os.rename replaces the target atomically, exactly as os.replace does.
        os.rename(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        pass  # a read-only checkout still lints, just without a cache
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        os.close(folder)
