"""Which docs a rule runs on, and what type a doc is.

A doc's type comes from its front-matter (the key ``type_key``, ``type`` unless the
config says otherwise: GOV.UK tech-docs and Hugo give ``type:`` a meaning of their own)
or from the config's ``types`` (path pattern to type). ``types_precedence`` says which
wins when both give one: ``front-matter`` (the default) or ``config``.

``rules.CODE.applies_to`` in the config aims a pack rule at other docs: each key given
(``types``, ``paths``) replaces the pack's; a key left out keeps the pack's; an empty
list means every doc.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator

from ops_lint.globs import PatternError, check_patterns, matches

TypePrecedence = Literal["front-matter", "config"]
_PLAIN_TYPE = re.compile(r"[a-z][a-z0-9_-]{0,63}")
_PREFIX = re.compile(r"[A-Z]+")
_LISTED = 5  # rules named in a notice before "and N more"
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")


def valid_type_key(value: str) -> str:
    """A front-matter key name: letters, digits, ``_``, ``.`` and ``-``."""
    if not _KEY.fullmatch(value):
        raise ValueError(f"{value[:80]!r} is not a front-matter key name")
    return value


TypeKey = Annotated[str, AfterValidator(valid_type_key)]


class AppliesTo(BaseModel):
    """The docs a rule runs on: doc types and path patterns (both must match)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    types: list[str] | None = None
    paths: list[str] | None = None

    @field_validator("types")
    @classmethod
    def _plain(cls, value: list[str] | None) -> list[str] | None:
        for name in value or ():
            if not _PLAIN_TYPE.fullmatch(name):
                raise ValueError(f"type {name[:80]!r} is not a plain name")
        return value

    @field_validator("paths")
    @classmethod
    def _usable(cls, value: list[str] | None) -> list[str] | None:
        try:
            check_patterns(value or ())
        except PatternError as exc:
            raise ValueError(str(exc)) from None
        return value


def declared_type(meta: Mapping[str, Any], type_key: str) -> str | None:
    """The type the front-matter gives under ``type_key``, if a non-empty string."""
    value = meta.get(type_key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def configured_type(path: str, types: Mapping[str, str]) -> str | None:
    """The type of the first ``types`` pattern that matches ``path``."""
    return next((t for glob, t in types.items() if matches(path, [glob])), None)


def decide_type(
    meta: Mapping[str, Any],
    path: str,
    types: Mapping[str, str],
    type_key: str = "type",
    precedence: TypePrecedence = "front-matter",
) -> str | None:
    """A doc's type: from front-matter or config, the one ``precedence`` names first."""
    declared = declared_type(meta, type_key)
    if precedence == "front-matter" and declared is not None:
        return declared
    return configured_type(path, types) or declared


def unselected_notices(
    rules: Iterable[tuple[str, str, str]], select: Iterable[str], source: str
) -> list[str]:
    """One line per code prefix whose rules (code, name, pack file) no ``select`` entry
    enables: such rules never run, so the project is told how to switch them on."""
    prefixes = tuple(s.upper() for s in select)
    silent: dict[str, list[str]] = {}
    for code, name, pack in rules:
        if not code.startswith(prefixes):
            prefix = m.group() if (m := _PREFIX.match(code)) else code
            silent.setdefault(prefix, []).append(f"{code} ({name}, {Path(pack).name})")
    notices = []
    for prefix, named in sorted(silent.items()):
        more = f" and {len(named) - _LISTED} more" if len(named) > _LISTED else ""
        notices.append(
            f"pack rule{'s' if len(named) > 1 else ''} {', '.join(named[:_LISTED])}{more} "
            f"never run: no 'select' entry enables prefix '{prefix}'; add '{prefix}' to "
            f"select in {source}"
        )
    return notices
