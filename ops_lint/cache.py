"""A per-project cache of parsed documents, so an unchanged doc is never parsed twice.

``.ops_lint_cache/`` in the project root (it ignores itself for git; safe to delete) holds
one file mapping a key to the parsed Document. The key covers the file's content, the tool
version, the parser's own source, and the size limit; config and rule packs do not change
what a file parses to, so they are applied afresh on every run.

That folder is part of the checkout, so a pull request can fill it. Hence:
- values are data only (``cache_codec``: msgpack, rebuilt and checked field by field),
  never unpickled;
- files are signed (HMAC-SHA256, in ``cache_files``) with a key kept in the user's cache
  directory, so a committed cache cannot forge a parse or a finding. A key that lies
  inside the project, is a symlink, is not the user's own or is writable by others is not
  trusted: the run goes without a cache and says why, once;
- files are read through ``safe_files`` (regular files inside the root, at most
  ``LIMIT`` bytes) and written only into a real directory, with ``O_EXCL|O_NOFOLLOW``
  files relative to that directory's descriptor, then renamed over the old one inside it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ops_lint import __version__, cache_codec
from ops_lint.cache_codec import Malformed, Problems
from ops_lint.cache_files import (
    DIRNAME,
    LIMIT,
    read_signed,
    seal,
    secret_key,
    write_signed,
)
from ops_lint.model import Document

__all__ = [
    "DIRNAME",
    "LIMIT",
    "DocumentCache",
    "code_fingerprint",
    "entry_key",
    "read_signed",
    "seal",
    "secret_key",
    "write_signed",
]

_FILE = "documents-v3.bin"
_PARSER_SOURCES = (
    "model.py",
    "document.py",
    "document_builder.py",
    "parse_reference.py",
    "document_light.py",
    "html_tables.py",
    "directives.py",
    "inline_text.py",
    "frontmatter.py",
    "normalize.py",
    "cache_codec.py",
    "parse_fast.py",
    "parse_fast_blocks.py",
    "parse_fast_inline.py",
    "parse_tokens.py",
)


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """Tool version + the parser's source: a changed parser never reads old entries."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    here = Path(__file__).parent
    for name in _PARSER_SOURCES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.digest()


def entry_key(data: bytes, max_size: int, max_nesting: int) -> bytes:
    digest = hashlib.blake2b(data, digest_size=20, key=code_fingerprint())
    digest.update(f"{max_size}/{max_nesting}".encode())
    return digest.digest()


def _blobs(value: Any) -> dict[bytes, bytes]:
    if type(value) is not dict or any(
        type(k) is not bytes or type(v) is not bytes for k, v in value.items()
    ):
        raise Malformed("expected a map of keys to entries")
    return value


class DocumentCache:
    """Entries stay packed until asked for: a run decodes only what it uses, and writes
    back the untouched ones as they were read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.secret = secret_key(root)
        self.packed: dict[bytes, bytes] = {}  # documents, as read from the file
        self.packed_results: dict[bytes, bytes] = {}
        self.entries: dict[bytes, Document] = {}  # decoded or parsed in this run
        self.results: dict[bytes, Any] = {}
        self.used: set[bytes] = set()
        self.results_used: set[bytes] = set()
        self.dirty = False
        self._loaded = False

    def _load(self) -> None:
        """Read the file on first use: a run reusing every doc's stored results never does."""
        if self._loaded:
            return
        self._loaded = True
        if self.secret is None:
            return
        payload = read_signed(self.root, _FILE, self.secret)
        if payload is None:
            self.dirty = True  # absent, corrupt or foreign: rebuilt on save
            return
        try:
            docs, results = cache_codec.list_of(cache_codec.unpack(payload))
            self.packed, self.packed_results = _blobs(docs), _blobs(results)
        except (Malformed, ValueError):  # ValueError: not two parts
            self.dirty = True

    def get(self, key: bytes) -> Document | None:
        self._load()
        doc = self.entries.get(key)
        if doc is None and key in self.packed:
            try:
                doc = cache_codec.decode_document(self.packed[key])
            except Malformed:
                del self.packed[key]
                self.dirty = True
                return None
            self.entries[key] = doc
        if doc is not None:
            self.used.add(key)
        return doc

    def put(self, key: bytes, doc: Document) -> None:
        self._load()
        self.entries[key] = doc
        self.packed.pop(key, None)
        self.used.add(key)
        self.dirty = True

    def recall(self, key: bytes) -> Problems | None:
        """A remembered result, or None."""
        self._load()
        if key not in self.results and key in self.packed_results:
            try:
                self.results[key] = cache_codec.decode_problems(self.packed_results[key])
            except Malformed:
                del self.packed_results[key]
                self.dirty = True
                return None
        if key in self.results:
            self.results_used.add(key)
            value: Problems = self.results[key]
            return value
        return None

    def remember(self, key: bytes, value: Problems) -> None:
        self._load()
        self.results[key] = value
        self.packed_results.pop(key, None)
        self.results_used.add(key)
        self.dirty = True

    def keep(self, keys: set[bytes]) -> None:
        """Keep the entries of ``keys`` (the doc set's content) though this run did not
        read them: a run that reuses stored results reads only the docs it checks."""
        self._load()
        self.used.update(k for k in keys if k in self.packed or k in self.entries)

    def save(self) -> None:
        """Write the entries used or kept by this run (others are pruned), atomically."""
        if not self._loaded or self.secret is None:
            return
        docs = _kept(self.used, self.packed, self.entries, cache_codec.encode_document)
        results = _kept(
            self.results_used, self.packed_results, self.results, cache_codec.encode_problems
        )
        pruned = len(docs) != len(self.packed) or len(results) != len(self.packed_results)
        if not (self.dirty or pruned):
            return
        payload = cache_codec.pack((docs, results))
        if payload is not None:
            write_signed(self.root, _FILE, self.secret, payload)


def _kept(
    used: set[bytes], packed: dict[bytes, bytes], live: dict[bytes, Any], encode: Any
) -> dict[bytes, bytes]:
    """Used entries, packed: as read when untouched, else encoded now (skipped when the
    value cannot be held, e.g. a front-matter integer over 64 bits)."""
    out: dict[bytes, bytes] = {}
    for key in used:
        blob = packed.get(key)
        if blob is None and key in live:
            blob = encode(live[key])
        if blob is not None:
            out[key] = blob
    return out


def read_keyed(
    root: Path, name: str, secret: bytes | None, key: bytes, count: int
) -> list[Any] | None:
    """The fields of the store ``name`` signed with ``secret`` (an array whose first field
    is its key) if it holds ``count`` fields keyed with ``key``; None if it is absent,
    foreign, another key's, or not plain data."""
    payload = read_signed(root, name, secret) if secret is not None else None
    if payload is None:
        return None
    try:
        fields = cache_codec.list_of(cache_codec.unpack(payload))
    except Malformed:
        return None
    return fields if len(fields) == count and fields[0] == key else None
