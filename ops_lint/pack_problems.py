"""How a pack or option problem is worded: one line, with the file and the JSON path of
the value (``$.rules[3].options.required``), a required option named with its choices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, get_args, get_origin

from pydantic import ValidationError

from ops_lint.checks import CheckKind


def json_path(parts: Iterable[Any]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def pydantic_problem(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return where, "unknown option"
    if not where:  # a check across options: the message names them
        return "", str(err["msg"]).removeprefix("Value error, ")
    return where, f"{err['msg']} (got {repr(err.get('input'))[:200]})"


def missing_option(kind: CheckKind, exc: ValidationError) -> str | None:
    """What a pack left out when the first error is a required option, with its choices."""
    err = exc.errors()[0]
    if err["type"] != "missing" or len(err["loc"]) != 1:
        return None
    name = str(err["loc"][0])
    field = kind.options.model_fields.get(name)
    literal = field is not None and get_origin(field.annotation) is Literal
    choices = get_args(field.annotation) if field is not None and literal else ()
    listed = f" (one of {', '.join(map(str, choices))})" if choices else ""
    return f"the '{kind.name}' check needs options.{name}{listed}"


def dot(where: str) -> str:
    return f".{where}" if where else ""
