"""The JSON Schema machinery of the front-matter check: one folder of schema files.

Schemas are repository data: a ``$ref`` resolves only to the schema files of the same
folder (the registry retrieves nothing), ``pattern`` and ``patternProperties`` run with a
time limit through :mod:`ops_lint.user_regex`, and a validation takes at most
:data:`~ops_lint.checks._schema_keywords.MAX_STEPS` keyword steps
(:mod:`ops_lint.checks._schema_keywords` holds those keywords).
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from ops_lint.checks._schema_keywords import MAX_STEPS, Budget, validator_class
from ops_lint.dates import parse_date, parse_datetime
from ops_lint.safe_files import UnsafeFile, read_bytes
from ops_lint.user_regex import PatternError, UserPattern

SCHEMA_LIMIT = 2_000_000  # bytes per schema file
MAX_SCHEMA_FILES = 256  # files of one folder pre-registered for $ref


def _refuse(uri: str) -> Any:
    """The registry's retrieval: nothing outside the schema folder is ever fetched or read."""
    raise LookupError(f"{uri}: a schema is never fetched or read from outside its folder")


def _is_date(value: object) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None


def _is_datetime(value: object) -> bool:
    return not isinstance(value, str) or parse_datetime(value) is not None


class SchemaFolder:
    """The schema files of one pack folder, loaded once per run, and a validator class
    whose ``$ref``, ``pattern`` and step count stay within the folder and the limits."""

    def __init__(self, folder: str, root: str) -> None:
        self.folder = folder
        self.contents: dict[str, Any] = {}  # file name -> parsed JSON
        self.problems: dict[str, str] = {}  # file name -> why it cannot be used
        self.patterns: dict[str, UserPattern | str] = {}  # source -> pattern or error
        self.steps = 0
        self._validators: dict[str, Any] = {}
        self._digest = hashlib.blake2b(b"schemas/1", digest_size=16)
        try:
            names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
        except OSError:
            names = []
        for name in names[:MAX_SCHEMA_FILES]:
            self._load(name, root)
        self._class = validator_class(self)

    def _load(self, name: str, root: str) -> None:
        try:
            data = read_bytes(os.path.join(self.folder, name), root, SCHEMA_LIMIT)
        except OSError as exc:
            reason = str(exc).removeprefix(f"{os.path.join(self.folder, name)}: ")
            self.problems[name] = reason if isinstance(exc, UnsafeFile) else "cannot be read"
            return
        self._digest.update(name.encode() + b"\0" + hashlib.blake2b(data).digest())
        try:
            contents = json.loads(data)
        except (ValueError, RecursionError):
            self.problems[name] = "not valid JSON"
            return
        if not isinstance(contents, dict | bool):
            self.problems[name] = "not a JSON Schema (an object)"
            return
        self.contents[name] = contents

    def has(self, name: str) -> bool:
        return name in self.contents or name in self.problems

    def types(self) -> list[str]:
        return sorted(n.removesuffix(".schema.json") for n in {*self.contents, *self.problems})

    def digest(self) -> bytes:
        return self._digest.digest()

    def switched_off(self) -> bool:
        return any(isinstance(p, UserPattern) and p.failure for p in self.patterns.values())

    def _registry(self) -> Any:
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012

        resources = []
        for name, contents in self.contents.items():
            resource = DRAFT202012.create_resource(contents)
            resources.append((name, resource))
            if isinstance(contents, dict) and isinstance(contents.get("$id"), str):
                resources.append((contents["$id"], resource))
        return Registry(retrieve=_refuse).with_resources(resources)  # type: ignore[call-arg]

    def pattern(self, source: Any) -> UserPattern | str:
        """The compiled pattern, or why it cannot be used (compiled once per folder)."""
        if not isinstance(source, str):
            return "a pattern must be a string"
        if source not in self.patterns:
            try:
                self.patterns[source] = UserPattern(source, f"schema pattern in {self.folder}")
            except PatternError as exc:
                self.patterns[source] = f"pattern {source[:80]!r}: {exc}"
        return self.patterns[source]

    def validate(self, name: str, meta: dict[str, Any]) -> tuple[list[Any], str | None]:
        """The errors of ``meta`` against schema ``name``, or why the schema is unusable."""
        if name in self.problems:
            return [], self.problems[name]
        if name not in self.contents:
            return [], "no such file in the schemas folder"
        self.steps = 0
        try:
            validator = self._validators.get(name)
            if validator is None:
                self._class.check_schema(self.contents[name])
                validator = self._new_validator(self.contents[name])
                self._validators[name] = validator
            return list(validator.iter_errors(meta)), None
        except Budget:
            self.problems[name] = f"validation takes more than {MAX_STEPS:,} steps"
            return [], self.problems[name]
        except RecursionError:
            self.problems[name] = "it nests or refers to itself too deeply (a $ref loop?)"
            return [], self.problems[name]
        except Exception as exc:  # the schema is repository data: any failure is its own
            from jsonschema.exceptions import SchemaError

            detail = exc.message if isinstance(exc, SchemaError) else str(exc)
            return [], f"{type(exc).__name__}: {' '.join(detail.split())[:300]}"

    def _new_validator(self, schema: Any) -> Any:
        import jsonschema

        checker = jsonschema.FormatChecker(formats=())
        checker.checks("date")(_is_date)
        checker.checks("date-time")(_is_datetime)
        return self._class(schema, registry=self._registry(), format_checker=checker)
