"""Validated pydantic models as plain data, and back without validating them.

A model is written as its class (``module:qualname``) and its field values, and rebuilt
with ``model_construct``: no validator is built or run, which is what makes reading
settings back cheap (``ops_lint.settings_memo``). Values are JSON data with the type kept:
lists, tuples, frozensets and dicts are tagged (``["t", [...]]``), so ``True`` never comes
back as ``1`` nor a tuple as a list. What the encoding does not know (a ``Path``, an enum,
a model outside ``ops_lint``) is :class:`Unencodable`; :func:`round_trip` also refuses a
value that would not come back equal (a NaN). On the way back the class must be a pydantic
model of an ``ops_lint`` module with exactly the fields written, else :class:`Malformed`;
the after-validators of every rebuilt model run again, since they may look at the file
system.

:func:`json_dump` is the JSON text of a validated model as the stored results are keyed with it
(``model_dump(mode="json")``, sorted); a rebuilt model brings it along
(:func:`remember_dump`), so keying a run builds no serializer either.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from pydantic import BaseModel


class Unencodable(Exception):
    """A value the memo's encoding does not keep exactly."""


class Malformed(Exception):
    """Memo data that does not have the shape written."""


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
