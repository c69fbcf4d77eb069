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
from ops_lint.checks._json_schema import SchemaFolder
from ops_lint.config import is_plain_type
from ops_lint.context import Context
from ops_lint.model import Document
from ops_lint.safe_files import UnsafeFile, resolve_inside

KIND = "front-matter-schema"
_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")

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
    type_line = doc.front_matter.line_of(ctx.config.type_key) or start
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
