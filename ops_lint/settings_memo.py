"""Validated settings from memory: the config and the rules of the packs, rebuilt without
validating them again.

Loading a run's settings costs more than a pre-commit run of one file may spend: pydantic
builds a validator for each of some sixty models (the config's and every check's
``Options``) the first time it validates one, and each pack is parsed as YAML and checked
against the pack JSON Schema (``jsonschema`` and its referencing machinery). None of that
can answer differently for the same input, so a load that succeeded is remembered, keyed
on everything it read:

- the tool: the size and modification time of every file of the package and of the
  bundled rules, the Python, pydantic and pydantic-core versions, and the files of
  ``jsonschema`` (:func:`tool_identity`; stat data, not contents: it is read on every run);
- the config: the project root, the config file's path and bytes (or "no config file");
- the rules: the config's key, and each pack's path, the folder it must stay in, and bytes.

The memo is one file in ``.ops_lint_cache/`` signed like every file there
(``cache_files``): a committed one fails the signature. It is data only (JSON). A
validated model is written as its class (``module:qualname``) and its field values, and
rebuilt with ``model_construct``; on the way back the class must be a pydantic model of an
``ops_lint`` module with exactly the fields written. A value that would not come back
identical (a type the encoding does not know, a NaN) is not remembered at all. The
after-validators of every rebuilt model run again, since they may look at the file system
(a schema folder removed since the last run). Anything unexpected is a miss: the full load
runs and reports every error exactly as it always has. Only a load that succeeded is
remembered, so an invalid config or pack, having new bytes, has a new key and is validated
afresh.

:func:`json_dump` is the JSON text of a validated model as the run memo keys it; a rebuilt
model brings it from the memo, so keying a run does not build the model's serializer.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ops_lint.cache_files import DIRNAME, read_signed, secret_key, write_signed

_FILE = "settings-v1.bin"
_KEEP = 16  # entries: a config and its rules per project state (and REV's, --changed-from)
_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".md")


class Unencodable(Exception):
    """A value the memo's encoding does not keep exactly."""


class Malformed(Exception):
    """Memo data that does not have the shape written."""


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
    _top_files("jsonschema", digest)
    return digest.digest()


def key_of(kind: str, parts: Iterable[bytes]) -> bytes:
    """The key of a memo entry: ``kind`` (config, rules), the tool, and ``parts``."""
    digest = hashlib.blake2b(kind.encode(), digest_size=24)
    digest.update(tool_identity())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.digest()


# ---- values as plain data -------------------------------------------------------------


def encode(value: Any) -> Any:
    """``value`` as JSON data that :func:`decode` turns back into an equal value."""
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return ["l", [encode(item) for item in value]]
    if kind is tuple:
        return ["t", [encode(item) for item in value]]
    if kind is frozenset:
        return ["f", [encode(item) for item in value]]
    if kind is dict:
        return ["d", [[encode(k), encode(v)] for k, v in value.items()]]
    if isinstance(value, BaseModel):
        if not kind.__module__.startswith("ops_lint."):
            raise Unencodable(f"a model of {kind.__module__}")
        if value.__pydantic_extra__ or value.__pydantic_private__:
            raise Unencodable(f"{kind.__qualname__} holds extra or private values")
        fields = [[name, encode(item)] for name, item in value.__dict__.items()]
        name = f"{kind.__module__}:{kind.__qualname__}"
        return ["m", name, fields, sorted(value.model_fields_set)]
    raise Unencodable(kind.__name__)


def _model_class(name: Any) -> type[BaseModel]:
    if not isinstance(name, str) or name.count(":") != 1:
        raise Malformed("model name")
    module_name, qualname = name.split(":")
    if not module_name.startswith("ops_lint.") or "__" in qualname:
        raise Malformed(f"model {name!r}")
    module = sys.modules.get(module_name) or importlib.import_module(module_name)
    found: Any = module
    for part in qualname.split("."):
        found = getattr(found, part)
    if not (isinstance(found, type) and issubclass(found, BaseModel)):
        raise Malformed(f"{name!r} is not a model")
    return found


def _items(data: Any) -> list[Any]:
    if type(data) is not list:
        raise Malformed("expected a list")
    return data


def decode(data: Any) -> Any:
    """The value :func:`encode` gave ``data`` for; :class:`Malformed` if it does not fit.
    Rebuilt models run their after-validators (an error there is a ``ValueError``)."""
    if data is None or type(data) in (bool, int, float, str):
        return data
    parts = _items(data)
    if not parts or not isinstance(parts[0], str):
        raise Malformed("untagged value")
    tag = parts[0]
    if tag in ("l", "t", "f") and len(parts) == 2:
        items = [decode(item) for item in _items(parts[1])]
        return items if tag == "l" else tuple(items) if tag == "t" else frozenset(items)
    if tag == "d" and len(parts) == 2:
        pairs = [_items(pair) for pair in _items(parts[1])]
        if any(len(pair) != 2 for pair in pairs):
            raise Malformed("dict item")
        return {decode(k): decode(v) for k, v in pairs}
    if tag == "m" and len(parts) == 4:
        return _rebuild(_model_class(parts[1]), _items(parts[2]), _items(parts[3]))
    raise Malformed(f"tag {tag!r}")


def _rebuild(cls: type[BaseModel], fields: list[Any], fields_set: list[Any]) -> BaseModel:
    values: dict[str, Any] = {}
    for pair in fields:
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
            raise Malformed("model field")
        values[pair[0]] = decode(pair[1])
    if set(values) != set(cls.model_fields) or not set(fields_set) <= set(values):
        raise Malformed(f"fields of {cls.__qualname__}")
    model = cls.model_construct(_fields_set=set(fields_set), **values)
    for decorator in cls.__pydantic_decorators__.model_validators.values():
        if decorator.info.mode == "after":  # e.g. a folder that must exist
            decorator.func.__get__(model, cls)()
    return model


def round_trip(value: Any) -> Any:
    """``value`` encoded as it will be stored, if it comes back equal; else Unencodable."""
    data = encode(value)
    if decode(json.loads(json.dumps(data))) != value:
        raise Unencodable("not equal once rebuilt")
    return data


# ---- the JSON text of validated models ------------------------------------------------

_DUMPS: dict[int, tuple[BaseModel, str]] = {}


def json_dump(model: BaseModel) -> str:
    """``model.model_dump(mode="json")`` as sorted JSON text; remembered per model (they
    are immutable), so a model rebuilt from the memo needs no serializer."""
    known = _DUMPS.get(id(model))
    if known is not None and known[0] is model:
        return known[1]
    text = json.dumps(model.model_dump(mode="json"), sort_keys=True)
    remember_dump(model, text)
    return text


def remember_dump(model: BaseModel, text: str) -> None:
    if len(_DUMPS) > 4096:  # a long-lived process (the language server) reloads settings
        _DUMPS.clear()
    _DUMPS[id(model)] = (model, text)  # the model is kept: its id is not reused meanwhile


# ---- the memo file --------------------------------------------------------------------


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
