"""Front-matter that does not match the schema of its doc type.

The front-matter of a doc of ``type: X`` is validated against ``common.schema.json``
and ``X.schema.json`` in the pack's ``schemas/`` directory (JSON Schema 2020-12). Each
violation is one diagnostic, at the line of the offending key. Dates must be real
calendar dates (``YYYY-MM-DD``; ``2026-02-30`` fails), date-times ISO 8601 with an
offset. A type with no schema file is reported too.

Options:
- ``schemas``: directory of the schemas, relative to the pack file (default ``schemas``).
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
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.dates import parse_date, parse_datetime
from ops_lint.model import Document

KIND = "front-matter-schema"


class Options(CheckOptions):
    schemas: str = "schemas"
    common: str = "common.schema.json"
    pack_dir: str = ""


def _is_date(value: object) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None


def _is_datetime(value: object) -> bool:
    return not isinstance(value, str) or parse_datetime(value) is not None


@lru_cache(maxsize=64)
def _validator(path: str) -> Any:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(_is_date)
    checker.checks("date-time")(_is_datetime)
    schema = json.loads(Path(path).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


@lru_cache(maxsize=256)
def _schema_paths(pack_dir: str, schemas: str, doc_type: str) -> tuple[Path, Path, bool]:
    """(folder, type schema, whether it exists), looked up once per run and type."""
    folder = Path(pack_dir) / schemas
    type_schema = folder / f"{doc_type}.schema.json"
    return folder, type_schema, type_schema.is_file()


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


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    if doc.front_matter.error is not None or not doc.doc_type:
        return
    folder, type_schema, exists = _schema_paths(options.pack_dir, options.schemas, doc.doc_type)
    start = doc.front_matter_lines[0] if doc.front_matter_lines else 1
    if not exists:
        known = sorted(p.name.removesuffix(".schema.json") for p in folder.glob("*.schema.json"))
        known = [k for k in known if k not in ("common", "pack")]
        line = doc.front_matter.line_of("type") or start
        yield Finding(
            line,
            1,
            f"unknown doc type '{doc.doc_type}': no schema {type_schema.name}",
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
    schemas = (str(folder / options.common), str(type_schema))
    key = _memo_key(schemas, doc.meta)
    problems: list[tuple[list[str], str, str, str]] | None = ctx.recall(key)
    if problems is None:  # validation is a pure function of the schemas and the values
        problems = list(_validate(schemas, doc.meta))
        ctx.remember(key, problems)
    for keys, message, hint, snippet in problems:
        line = (doc.front_matter.line_of(*keys) if keys else None) or start
        yield Finding(line, 1, message, hint, snippet)
    if not problems:
        yield Evidence(start, f"front-matter matches {doc.doc_type}.schema.json")


def _validate(
    schemas: tuple[str, ...], meta: dict[str, Any]
) -> Iterator[tuple[list[str], str, str, str]]:
    for schema_path in schemas:
        for error in sorted(_validator(schema_path).iter_errors(meta), key=str):
            keys = [str(p) for p in error.absolute_path]
            where = ".".join(keys) if keys else "front-matter"
            yield (
                keys,
                f"{where}: {error.message}",
                _hint(error),
                f"{where}={error.instance!r}"[:200],
            )


@lru_cache(maxsize=64)
def _schema_digest(path: str) -> bytes:
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).digest()


def _memo_key(schemas: tuple[str, ...], meta: dict[str, Any]) -> bytes:
    digest = hashlib.blake2b(b"front-matter-schema/1", digest_size=20)
    for path in schemas:
        digest.update(_schema_digest(path))
    digest.update(json.dumps(meta, sort_keys=True, default=repr).encode())
    return digest.digest()
