"""The JSON Schema keywords ops-lint runs its own way on repository schemas.

``pattern``, ``patternProperties`` and ``additionalProperties`` compile their patterns
through the schema folder (``regex`` with a time limit, never Python's ``re``);
``unevaluatedProperties`` is refused next to ``patternProperties`` (jsonschema would run
those patterns with ``re``); every keyword evaluation counts one step of a bounded budget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ops_lint.checks._json_schema import SchemaFolder

# keyword evaluations per validation: the bundled schemas need about 20, a hostile one
# costs some 50 us a step; one overrun switches the schema off for the run
MAX_STEPS = 10_000
Keyword = Callable[[Any, Any, Any, Any], Any]


class Budget(Exception):
    """A validation ran past :data:`MAX_STEPS` keyword evaluations."""


def _has_key(value: Any, key: str, depth: int = 0) -> bool:
    if depth > 200:
        return True  # too deep to tell: assume the worst
    if isinstance(value, dict):
        return key in value or any(_has_key(v, key, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_has_key(v, key, depth + 1) for v in value)
    return False


def _unusable(reason: str) -> Any:
    from jsonschema import ValidationError

    return ValidationError(f"{reason}; not checked")


def _pattern(
    folder: SchemaFolder, validator: Any, source: Any, instance: Any, schema: Any
) -> Iterator[Any]:
    from jsonschema import ValidationError

    if not validator.is_type(instance, "string"):
        return
    compiled = folder.pattern(source)
    if isinstance(compiled, str):
        yield _unusable(compiled)
    elif compiled.search(instance) is None:
        if compiled.failure is not None:
            yield _unusable(compiled.failure)
        else:
            yield ValidationError(f"{instance[:200]!r} does not match {source!r}")


def _matched(folder: SchemaFolder, key: str, sources: Any) -> tuple[list[str], list[str]]:
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


def _pattern_properties(
    folder: SchemaFolder, validator: Any, pp: Any, instance: Any, schema: Any
) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for key, value in instance.items():
        hits, problems = _matched(folder, key, pp)
        yield from (_unusable(p) for p in problems)
        for source in hits:
            yield from validator.descend(value, pp[source], path=key, schema_path=source)


def _additional_properties(
    folder: SchemaFolder, validator: Any, ap: Any, instance: Any, schema: Any
) -> Iterator[Any]:
    from jsonschema import ValidationError

    if not validator.is_type(instance, "object"):
        return
    known = schema.get("properties", {})
    extras = []
    for key in instance:
        if key in known:
            continue
        hits, problems = _matched(folder, key, schema.get("patternProperties", {}))
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


def _unevaluated_properties(
    risky: bool, base: Keyword, validator: Any, value: Any, instance: Any, schema: Any
) -> Iterator[Any]:
    # jsonschema runs patternProperties with Python's re while it looks for the
    # evaluated keys: unbounded with a hostile pattern, so not run at all
    if risky and validator.is_type(instance, "object"):
        yield _unusable("unevaluatedProperties with patternProperties in the schemas")
        return
    yield from base(validator, value, instance, schema) or ()


def _counted(
    folder: SchemaFolder, function: Keyword, validator: Any, value: Any, instance: Any, schema: Any
) -> Any:
    folder.steps += 1
    if folder.steps > MAX_STEPS:
        raise Budget
    return function(validator, value, instance, schema)


def validator_class(folder: SchemaFolder) -> Any:
    """Draft 2020-12 with the keywords above, bound to ``folder`` and its step budget."""
    from jsonschema.validators import Draft202012Validator, extend

    risky = any(_has_key(c, "patternProperties") for c in folder.contents.values())
    base = dict(Draft202012Validator.VALIDATORS)
    own: dict[str, Keyword] = {
        "pattern": partial(_pattern, folder),
        "patternProperties": partial(_pattern_properties, folder),
        "additionalProperties": partial(_additional_properties, folder),
        "unevaluatedProperties": partial(
            _unevaluated_properties, risky, base["unevaluatedProperties"]
        ),
    }
    keywords = {name: partial(_counted, folder, own.get(name, fn)) for name, fn in base.items()}
    return extend(Draft202012Validator, validators=keywords)  # type: ignore[no-untyped-call]
