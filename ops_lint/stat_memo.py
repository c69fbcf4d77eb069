"""Which doc files are unchanged since the last run, told by their stat data alone.

A warm run must not read and hash every doc to learn that nothing changed. The stat memo
maps each doc (its path relative to the project root) to the stat data it had when it was
last read — size, mtime and ctime to the nanosecond, inode — and the content key its bytes
hashed to (:func:`ops_lint.cache.entry_key`). A doc whose ``lstat`` (discovery takes it
anyway) still gives that stat data is taken to hold the same bytes and is not read; any
other doc is read and hashed as before, and recorded afresh.

Stat data cannot tell two writes apart that fall in the same timestamp tick: a file read
just after a write and written again in that tick keeps its stat data. As git does with
its index, such "racy" entries are not trusted: an entry is recorded only when the file's
mtime and ctime lie more than ``RACY_NS`` before the run started (before any file was
statted). A later write then sets a ctime at least that much later, so it always shows.
The margin covers the coarsest common timestamp (2 s on FAT) and the kernel's coarse
clock; a file written in the last few seconds before a run is simply read again on the
next one.

The memo is keyed by the content-key scheme (tool and parser version, ``max_file_size``,
``max_nesting``) and the project root: a change of any of them starts it afresh. It lives
in ``.ops_lint_cache/`` signed like every file there (``cache_files``), so a committed
memo cannot make a changed doc pass for an unchanged one. The memo also carries the part
of the git state that is costly to find (:mod:`ops_lint.git.uncommitted_memo`), so a warm
run need not compare every file with the index either.

Stat data is packed into 32 bytes per file (``signature``) and the memo is one msgpack
map from path to signature + content key: decoding it is a single C call, and checking a
doc is one dict lookup and one bytes comparison.
"""

from __future__ import annotations

import hashlib
import os
import struct
import time
from pathlib import Path
from typing import Any

RACY_NS = 3_000_000_000
_FILE = "stats-v1.bin"
_STAT = struct.Struct("<QqQq")  # size, mtime_ns, inode, ctime_ns
SIGNATURE_SIZE = _STAT.size


def signature(info: os.stat_result) -> bytes:
    """The stat data that tells a changed file, packed."""
    try:
        return _STAT.pack(info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
    except struct.error:  # a field out of range (a 128-bit file id): never trusted
        return b""


def settled(sig: bytes, before_ns: int) -> bool:
    """True if the file of ``sig`` was last written more than ``RACY_NS`` before
    ``before_ns``: a later write cannot keep its stat data."""
    _size, mtime, _ino, ctime = _STAT.unpack(sig)
    return bool(max(mtime, ctime) < before_ns - RACY_NS)


class StatMemo:
    """The memo of one project, read on first use and written back by :meth:`save`."""

    def __init__(self, root: Path, scheme: bytes, started_ns: int | None = None) -> None:
        self.root = root
        # Taken before discovery stats any file: the reference of the racy check.
        self.started_ns = time.time_ns() if started_ns is None else started_ns
        digest = hashlib.blake2b(b"stats/1", digest_size=16)
        digest.update(scheme)
        digest.update(os.fsencode(root))
        self.tag = digest.digest()
        self.old: dict[str, bytes] = {}
        self.new: dict[str, bytes] = {}
        self.extra_old: Any = None  # the git part, as stored
        self.extra_new: Any = None
        self._secret: bytes | None = None
        self._loaded = False

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from ops_lint import cache_codec
        from ops_lint.cache_files import read_signed, secret_key

        self._secret = secret_key(self.root)
        if self._secret is None:
            return
        payload = read_signed(self.root, _FILE, self._secret)
        if payload is None:
            return
        try:
            fields = cache_codec.list_of(cache_codec.unpack(payload))
        except cache_codec.Malformed:
            return
        if len(fields) != 3 or fields[0] != self.tag or type(fields[1]) is not dict:
            return  # another scheme or root, or not what ops-lint writes
        entries: dict[Any, Any] = fields[1]
        if entries and set(map(type, entries.values())) != {bytes}:
            return
        self.old = entries  # keys are str (a bytes key never matches a path)
        self.extra_old = fields[2]

    def known(self, path: str, sig: bytes) -> bytes | None:
        """The content key of ``path`` if its stat data is still ``sig``; else None."""
        if not self._loaded:
            self.load()
        entry = self.old.get(path)
        if entry is not None and entry[:SIGNATURE_SIZE] == sig and len(entry) > len(sig):
            self.new[path] = entry
            return entry[SIGNATURE_SIZE:]
        return None

    def record(self, path: str, sig: bytes, key: bytes) -> None:
        """``path`` had stat data ``sig`` when it was read and its bytes hashed to ``key``
        (kept only when the file was settled: see the module docstring)."""
        if len(sig) == SIGNATURE_SIZE and key and settled(sig, self.started_ns):
            self.new[path] = sig + key

    def save(self) -> None:
        """Write the entries of this run (docs gone since are dropped)."""
        if not self._loaded or self._secret is None:
            return
        if self.new == self.old and self.extra_new == self.extra_old:
            return
        from ops_lint import cache_codec
        from ops_lint.cache_files import write_signed

        payload = cache_codec.pack([self.tag, self.new, self.extra_new])
        if payload is not None:
            write_signed(self.root, _FILE, self._secret, payload)
