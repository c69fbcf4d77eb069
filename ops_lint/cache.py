"""A per-project cache of parsed documents, so an unchanged doc is never parsed twice.

``.ops_lint_cache/`` in the project root (it ignores itself for git; safe to delete)
holds one file mapping a key to the parsed Document. The key covers the file's content,
the tool version, the parser's own source, and the size limit; config and rule packs do
not change what a file parses to, so they are applied afresh on every run. The file is
signed with a key kept outside the project (in the user's cache directory): a corrupt,
truncated or foreign cache (say, one committed to the repository) fails the signature
and is discarded, never unpickled.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from ops_lint import __version__
from ops_lint.model import Document

DIRNAME = ".ops_lint_cache"
_FILE = "documents-v2.bin"
_PARSER_SOURCES = ("model.py", "document.py", "frontmatter.py", "normalize.py")


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


def secret_key() -> bytes | None:
    """The signing key, created on first use in the user's cache directory (mode 0600)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "ops-lint" / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key
    except OSError:
        return None


def read_signed(path: Path, secret: bytes) -> Any:
    """The object pickled in ``path`` if its signature is ours; None otherwise."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    mac, payload = blob[:32], blob[32:]
    expected = hmac.new(secret, payload, hashlib.sha256).digest()
    if len(mac) != 32 or not hmac.compare_digest(mac, expected):
        return None  # corrupt, truncated or foreign: never unpickled
    try:
        return pickle.loads(payload)
    except Exception:  # signed by us but unreadable (e.g. an older layout)
        return None


def write_signed(path: Path, secret: bytes, value: Any) -> None:
    """Pickle, sign and write ``value`` atomically into the cache folder of ``path``."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    mac = hmac.new(secret, payload, hashlib.sha256).digest()
    try:
        path.parent.mkdir(exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by ops-lint; safe to delete\n*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(mac + payload)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout still lints, just without a cache


class DocumentCache:
    def __init__(self, root: Path) -> None:
        self.folder = root / DIRNAME
        self.path = self.folder / _FILE
        self.secret = secret_key()
        self.entries: dict[bytes, Document] = {}
        self.used: set[bytes] = set()
        # Results of pure per-document computations (e.g. schema validation), by key.
        self.results: dict[bytes, Any] = {}
        self.results_used: set[bytes] = set()
        self.dirty = False
        self._loaded = False

    def _load(self) -> None:
        """Read the file on first use: a run answered from the run memo never needs it."""
        if self._loaded:
            return
        self._loaded = True
        if self.secret is None:
            return
        entries = read_signed(self.path, self.secret)
        if isinstance(entries, dict) and set(entries) == {"docs", "results"}:
            self.entries = entries["docs"]
            self.results = entries["results"]
        elif self.path.exists():
            self.dirty = True  # corrupt or foreign: rebuilt on save

    def get(self, key: bytes) -> Document | None:
        self._load()
        doc = self.entries.get(key)
        if doc is not None:
            self.used.add(key)
        return doc

    def put(self, key: bytes, doc: Document) -> None:
        self._load()
        self.entries[key] = doc
        self.used.add(key)
        self.dirty = True

    def recall(self, key: bytes) -> Any:
        """A remembered result, or None."""
        self._load()
        if key in self.results:
            self.results_used.add(key)
            return self.results[key]
        return None

    def remember(self, key: bytes, value: Any) -> None:
        self._load()
        self.results[key] = value
        self.results_used.add(key)
        self.dirty = True

    def save(self) -> None:
        """Write the entries used by this run (others are pruned), atomically."""
        if not self._loaded or self.secret is None:
            return
        pruned = len(self.used) != len(self.entries) or len(self.results_used) != len(self.results)
        if not (self.dirty or pruned):
            return
        kept = {
            "docs": {k: v for k, v in self.entries.items() if k in self.used},
            "results": {k: v for k, v in self.results.items() if k in self.results_used},
        }
        write_signed(self.path, self.secret, kept)
