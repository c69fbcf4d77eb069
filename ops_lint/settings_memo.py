"""Validated settings from memory: the config and the rules of the packs, rebuilt without
validating them again.

Loading a run's settings costs more than a pre-commit run of one file may spend: pydantic
builds a validator for each of some sixty models (the config's and every check's
``Options``) the first time it validates one, and each pack is parsed as YAML and checked
against the pack JSON Schema (``jsonschema`` and its referencing machinery). None of that
can answer differently for the same input, so a load that succeeded is remembered, keyed
on everything it read:

- the tool: the size and modification time of every file of the package and of the
  bundled rules, the Python, pydantic and pydantic-core versions, and the files of the
  libraries that judge validity (``jsonschema``, ``yaml``, ``pathspec``, ``regex``)
  (:func:`tool_identity`; stat data, not contents: it is read on every run);
- the config: the project root, the config file's path and bytes (or "no config file");
- the rules: the config's key, and each pack's path, the folder it must stay in, and bytes
  (``ops_lint.rules_memo``).

The memo is one file in ``.ops_lint_cache/`` signed like every file there
(``cache_files``): a committed one fails the signature. It is data only (JSON): models are
written and rebuilt by ``ops_lint.model_codec``, and a value that would not come back
identical is not remembered at all. Anything unexpected is a miss: the full load runs and
reports every error exactly as it always has. Only a load that succeeded is remembered, so
an invalid config or pack, having new bytes, has a new key and is validated afresh.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ops_lint.cache_files import DIRNAME, read_signed, secret_key, write_signed
from ops_lint.model_codec import Unencodable, decode, remember_dump, round_trip
from ops_lint.model_codec import json_dump as json_dump  # the stored results are keyed with it

M = TypeVar("M", bound=BaseModel)

_FILE = "settings-v1.bin"
_KEEP = 6  # entries: a config and its rules, for the last few states of the project
_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".md")


def _stat_tree(folder: Path, digest: Any, depth: int = 0) -> None:
    """Every source file under ``folder`` by name, size and modification time."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError:
        digest.update(f"{folder}: unreadable\n".encode())
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__" and depth < 8:
                _stat_tree(Path(entry.path), digest, depth + 1)
        elif entry.name.endswith(_SUFFIXES):
            info = entry.stat(follow_symlinks=False)
            digest.update(f"{entry.path}|{info.st_size}|{info.st_mtime_ns}\n".encode())


def _top_files(package: str, digest: Any) -> None:
    """The top-level modules of an installed package, by stat data (never imported here)."""
    spec = importlib.util.find_spec(package)
    origin = spec.origin if spec is not None else None
    if origin is None:
        digest.update(f"{package}: absent\n".encode())
        return
    folder = os.path.dirname(origin)
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            info = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name}|{info.st_size}|{info.st_mtime_ns}\n".encode())


@lru_cache(maxsize=1)
def tool_identity() -> bytes:
    """What the tool is made of, for the memo's keys: a change of any of it is a miss."""
    import pydantic
    import pydantic_core

    from ops_lint.packs import bundled_rules_dir

    digest = hashlib.blake2b(b"settings-tool/1", digest_size=20)
    digest.update(f"{sys.version}|{pydantic.VERSION}|{pydantic_core.__version__}\n".encode())
    package = Path(__file__).resolve().parent
    _stat_tree(package, digest)
    bundled = bundled_rules_dir()
    if bundled != package / "_bundled_rules":
        _stat_tree(bundled, digest)
    for library in ("jsonschema", "yaml", "pathspec", "regex"):  # they judge what is valid
        _top_files(library, digest)
    return digest.digest()


def key_of(kind: str, parts: Iterable[bytes]) -> bytes:
    """The key of a memo entry: ``kind`` (config, rules), the tool, and ``parts``."""
    digest = hashlib.blake2b(kind.encode(), digest_size=24)
    digest.update(tool_identity())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.digest()


class SettingsMemo:
    """The entries of ``.ops_lint_cache/settings-v1.bin`` of one project root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._entries: dict[str, Any] | None = None
        self._secret: bytes | None = None

    def _read(self) -> dict[str, Any]:
        if self._entries is not None:
            return self._entries
        self._entries = {}
        if not os.path.lexists(self.root / DIRNAME / _FILE):
            return self._entries  # no key is needed (nor made) to learn that
        self._secret = secret_key(self.root)
        payload = read_signed(self.root, _FILE, self._secret) if self._secret else None
        if payload is None:
            return self._entries
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError):
            return self._entries
        if type(data) is list:
            for pair in data:
                if type(pair) is list and len(pair) == 2 and type(pair[0]) is str:
                    self._entries[pair[0]] = pair[1]
        return self._entries

    def get(self, key: bytes) -> Any | None:
        return self._read().get(key.hex())

    def put(self, key: bytes, value: Any) -> None:
        """Remember ``value`` (plain data) under ``key``; the oldest entries make room."""
        entries = self._read()
        entries.pop(key.hex(), None)
        entries[key.hex()] = value
        while len(entries) > _KEEP:
            entries.pop(next(iter(entries)))
        secret = self._secret or secret_key(self.root)
        if secret is None:
            return
        self._secret = secret
        payload = json.dumps([[k, v] for k, v in entries.items()], separators=(",", ":"))
        write_signed(self.root, _FILE, secret, payload.encode())


def recall_model(memo: SettingsMemo, key: bytes, cls: type[M]) -> M | None:
    """The model of class ``cls`` remembered under ``key``; None on any doubt (the caller
    then validates, and reports what is wrong as it always has)."""
    entry = memo.get(key)
    if type(entry) is not list or len(entry) != 2 or type(entry[1]) is not str:
        return None
    try:
        model = decode(entry[0])
    except Exception:  # a miss, whatever went wrong
        return None
    if type(model) is not cls:
        return None
    remember_dump(model, entry[1])
    return model


def remember_model(memo: SettingsMemo, key: bytes, model: BaseModel) -> None:
    """Remember validated ``model`` under ``key``, unless it would not come back equal."""
    try:
        data = round_trip(model)
    except Unencodable:
        return
    memo.put(key, [data, json_dump(model)])
