"""Front-matter that does not match the schema of its doc type.

The front-matter of a doc of ``type: X`` is validated against ``common.schema.json``
and ``X.schema.json`` in the pack's ``schemas/`` directory (JSON Schema 2020-12). Each
violation is one diagnostic, at the line of the offending key. Dates must be real
calendar dates (``YYYY-MM-DD``; ``2026-02-30`` fails), date-times ISO 8601 with an
offset. A type with no schema file is reported too, and so is a type that is not a
plain name (lower-case letters, digits, ``-`` and ``_``, starting with a letter): the
type names a file, so ``type: ../../x`` is never looked up.

Schemas are repository data and are used as such: a ``$ref`` resolves only to the
schema files of the same folder (never fetched, never read from elsewhere);
``pattern`` and ``patternProperties`` run with a time limit; a validation takes at most
10,000 keyword steps. A schema that is invalid, refers to what it cannot reach, loops,
or overruns these limits is reported here, on the docs of its type.

Options:
- ``schemas``: directory of the schemas, relative to the pack file (default ``schemas``);
  it must stay inside the project (or the bundled rules), or the pack does not load.
- ``common``: schema every typed doc must match (default ``common.schema.json``).

Fail:

    ---
    title: Routing DLQ backlog
    type: runbook
    owner: edi-l2-support
    last_reviewed: 2026-02-30
    review_cycle_days: 900
    ---

Pass: the same with ``last_reviewed: 2026-02-27`` and ``review_cycle_days: 90``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.config import is_plain_type
from ops_lint.context import Context
from ops_lint.dates import parse_date, parse_datetime
from ops_lint.model import Document
from ops_lint.safe_files import UnsafeFile, read_bytes, resolve_inside
from ops_lint.user_regex import PatternError, UserPattern

KIND = "front-matter-schema"
_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
SCHEMA_LIMIT = 2_000_000  # bytes per schema file
MAX_SCHEMA_FILES = 256  # files of one folder pre-registered for $ref
# keyword evaluations per validation: the bundled schemas need about 20, a hostile one
# costs some 50 us a step; one overrun switches the schema off for the run
MAX_STEPS = 10_000

Problem = tuple[list[str], str, str, str]  # key path, message, hint, snippet


class Options(CheckOptions):
    schemas: str = "schemas"
    common: str = "common.schema.json"
    pack_dir: str = ""
    # set by the pack loader: the folder schema files must stay in (the project root,
    # or the bundled rules); never shown, never configurable
    pack_root: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _folder_inside_the_pack_root(self) -> Options:
        if not _FILE_NAME.fullmatch(self.common):
            raise ValueError(f"common: {self.common[:80]!r} is not a file name")
        if self.pack_dir and self.pack_root:
            folder = Path(self.pack_dir) / self.schemas
            try:
                real = resolve_inside(folder, self.pack_root)
            except UnsafeFile:
                raise ValueError(
                    f"schemas: {self.schemas[:200]!r} leads outside the project; not read"
                ) from None
            if not os.path.isdir(real):
                raise ValueError(f"schemas: {folder} is not a directory")
        return self


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    if doc.front_matter.error is not None or not doc.doc_type:
        return
    start = doc.front_matter_lines[0] if doc.front_matter_lines else 1
    type_line = doc.front_matter.line_of("type") or start
    if not is_plain_type(doc.doc_type):
        yield Finding(
            type_line,
            1,
            f"type {doc.doc_type[:80]!r} is not a plain name",
            "use a doc type such as 'runbook': lower-case letters, digits, '-' and '_', "
            "starting with a letter",
            doc.doc_type[:200],
        )
        return
    folder_path = str(Path(options.pack_dir) / options.schemas)
    root = options.pack_root or options.pack_dir
    folder = ctx.cached(f"{KIND}:{folder_path}", lambda: SchemaFolder(folder_path, root))
    type_schema = f"{doc.doc_type}.schema.json"
    if not folder.has(type_schema):
        known = [k for k in folder.types() if k not in ("common", "pack")]
        yield Finding(
            type_line,
            1,
            f"unknown doc type '{doc.doc_type}': no schema {type_schema}",
            f"use one of: {', '.join(known)}",
            doc.doc_type,
        )
        return
    if not doc.front_matter_lines:
        yield Finding(
            1,
            1,
            f"a '{doc.doc_type}' doc has no front-matter",
            "start the file with a '---' YAML block holding at least title and owner",
        )
        return
    names = (options.common, type_schema)
    key = _memo_key(folder, names, doc.meta)
    problems: list[Problem] | None = ctx.recall(key)
    if problems is None:  # validation is a pure function of the schemas and the values
        problems = list(_validate(folder, names, doc.meta))
        if not folder.switched_off():  # a timed-out pattern depends on the machine
            ctx.remember(key, problems)
    for keys, message, hint, snippet in problems:
        line = (doc.front_matter.line_of(*keys) if keys else None) or start
        yield Finding(line, 1, message, hint, snippet)
    if not problems:
        yield Evidence(start, f"front-matter matches {type_schema}")


class _Budget(Exception):
    pass


def _refuse(uri: str) -> Any:
    """The registry's retrieval: nothing outside the schema folder is ever fetched or read."""
    raise LookupError(f"{uri}: a schema is never fetched or read from outside its folder")


def _is_date(value: object) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None


def _is_datetime(value: object) -> bool:
    return not isinstance(value, str) or parse_datetime(value) is not None


def _has_key(value: Any, key: str, depth: int = 0) -> bool:
    if depth > 200:
        return True  # too deep to tell: assume the worst
    if isinstance(value, dict):
        return key in value or any(_has_key(v, key, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_has_key(v, key, depth + 1) for v in value)
    return False


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
        self._class = self._validator_class()

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
        except _Budget:
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

    def _validator_class(self) -> Any:
        from jsonschema import ValidationError
        from jsonschema.validators import Draft202012Validator, extend

        folder = self
        risky = any(_has_key(c, "patternProperties") for c in self.contents.values())
        base = dict(Draft202012Validator.VALIDATORS)

        def unusable(reason: str) -> Any:
            return ValidationError(f"{reason}; not checked")

        def pattern(validator: Any, source: Any, instance: Any, schema: Any) -> Iterator[Any]:
            if not validator.is_type(instance, "string"):
                return
            compiled = folder.pattern(source)
            if isinstance(compiled, str):
                yield unusable(compiled)
            elif compiled.search(instance) is None:
                if compiled.failure is not None:
                    yield unusable(compiled.failure)
                else:
                    yield ValidationError(f"{instance[:200]!r} does not match {source!r}")

        def matched(validator: Any, key: str, sources: Any) -> tuple[list[str], list[str]]:
            """(the patterns ``key`` matches, problems of patterns that cannot run)"""
            hits: list[str] = []
            problems: list[str] = []
            for source in sources:
                compiled = folder.pattern(source)
                if isinstance(compiled, str):
                    problems.append(compiled)
                elif compiled.search(key) is not None:
                    hits.append(source)
                elif compiled.failure is not None:
                    problems.append(compiled.failure)
            return hits, problems

        def pattern_properties(
            validator: Any, pp: Any, instance: Any, schema: Any
        ) -> Iterator[Any]:
            if not validator.is_type(instance, "object"):
                return
            for key, value in instance.items():
                hits, problems = matched(validator, key, pp)
                yield from (unusable(p) for p in problems)
                for source in hits:
                    yield from validator.descend(value, pp[source], path=key, schema_path=source)

        def additional_properties(
            validator: Any, ap: Any, instance: Any, schema: Any
        ) -> Iterator[Any]:
            if not validator.is_type(instance, "object"):
                return
            known = schema.get("properties", {})
            extras = []
            for key in instance:
                if key in known:
                    continue
                hits, problems = matched(validator, key, schema.get("patternProperties", {}))
                # a pattern that cannot run is reported by patternProperties, and the
                # key is taken as matched rather than as an extra
                if not hits and not problems:
                    extras.append(key)
            if validator.is_type(ap, "object"):
                for key in extras:
                    yield from validator.descend(instance[key], ap, path=key)
            elif not ap and extras:
                shown = ", ".join(repr(k[:80]) for k in sorted(extras)[:20])
                yield ValidationError(f"Additional properties are not allowed ({shown})")

        def unevaluated_properties(
            validator: Any, value: Any, instance: Any, schema: Any
        ) -> Iterator[Any]:
            # jsonschema runs patternProperties with Python's re while it looks for the
            # evaluated keys: unbounded with a hostile pattern, so not run at all
            if risky and validator.is_type(instance, "object"):
                yield unusable("unevaluatedProperties with patternProperties in the schemas")
                return
            yield from base["unevaluatedProperties"](validator, value, instance, schema) or ()

        def step(function: Any) -> Any:
            def counted(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
                folder.steps += 1
                if folder.steps > MAX_STEPS:
                    raise _Budget
                return function(validator, value, instance, schema)

            return counted

        own = {
            "pattern": pattern,
            "patternProperties": pattern_properties,
            "additionalProperties": additional_properties,
            "unevaluatedProperties": unevaluated_properties,
        }
        keywords = {name: step(own.get(name, fn)) for name, fn in base.items()}
        return extend(Draft202012Validator, validators=keywords)  # type: ignore[no-untyped-call]


def _hint(error: Any) -> str:
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "the key"
        return f"add '{missing}:' to the front-matter" + (
            f" ({description})" if description else ""
        )
    if description:
        return f"expected: {description}"
    return "see the schema with 'ops-lint schema TYPE'"


def _validate(
    folder: SchemaFolder, names: tuple[str, ...], meta: dict[str, Any]
) -> Iterator[Problem]:
    for name in names:
        errors, broken = folder.validate(name, meta)
        if broken is not None:
            yield (
                ["type"],
                f"schema {name} cannot be used: {broken}",
                "fix the schema in the pack's schemas folder",
                name,
            )
            continue
        for error in sorted(errors, key=str):
            keys = [str(p) for p in error.absolute_path]
            where = ".".join(keys) if keys else "front-matter"
            yield (
                keys,
                f"{where}: {error.message}"[:2000],
                _hint(error)[:2000],
                f"{where}={error.instance!r}"[:200],
            )


def _memo_key(folder: SchemaFolder, names: tuple[str, ...], meta: dict[str, Any]) -> bytes:
    digest = hashlib.blake2b(b"front-matter-schema/2", digest_size=20)
    digest.update(folder.digest())
    digest.update("\0".join(names).encode())
    digest.update(json.dumps(meta, sort_keys=True, default=repr).encode())
    return digest.digest()
