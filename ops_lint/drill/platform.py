"""The simulated platform of a drill: canned answers for the commands a runbook runs.

A platform spec is a YAML file (data, never code), by default
``ops-docs/drills/platform.yaml``, validated by ``ops_lint/drill/platform.schema.json``::

    commands:
      aws:
        - match: ["sqs", "get-queue-attributes", "--queue-url", "*edi-route-dlq*"]
          stdout: '{"Attributes": {"ApproximateNumberOfMessages": "1240"}}'
          exit: 0
        - match: ["sqs", "**"]
          stderr: "An error occurred (AWS.SimpleQueueService.NonExistentQueue)"
          exit: 254

Each rule has ``match`` (one glob per argument, ``fnmatch``: ``*`` any text within one
argument; the item ``**`` any number of arguments), and optionally ``stdout``, ``stderr``
(default empty), ``exit`` (0 to 255, default 0) and ``description``. The first rule whose
globs fit the arguments answers; no fitting rule: the stub says so and exits 127. Several
specs may be given (front-matter ``drill.platform`` as a list): their rules for a command
are tried in the order of the specs.

A spec must be inside the project (symlinks followed), a regular file of at most
:data:`SPEC_LIMIT` bytes, and is read with the safe YAML loader and its node budget.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ops_lint.drill import DrillError
from ops_lint.drill_stub import NO_ANSWER, fits
from ops_lint.frontmatter import safe_load, yaml_problem
from ops_lint.safe_files import read_text

SPEC_LIMIT = 1_000_000  # bytes of one platform spec
SCHEMA = Path(__file__).with_name("platform.schema.json")  # package data, not a doc type

__all__ = ["NO_ANSWER", "Answer", "Platform", "answer", "load_platform", "shown"]


class Answer(NamedTuple):
    match: tuple[str, ...]
    stdout: str
    stderr: str
    exit: int


class Platform(NamedTuple):
    paths: tuple[str, ...]  # absolute paths of the specs, in order
    commands: dict[str, tuple[Answer, ...]]  # command -> its rules, in order


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    schema = json.loads(read_text(SCHEMA, None))
    return jsonschema.Draft202012Validator(schema)


def shown(path: str, root: Path | str) -> str:
    """``path`` as a user reads it: relative to the project root when inside it."""
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else Path(rel).as_posix()


def _where(error: Any) -> str:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return where.lstrip(".") or "the spec"


def _read(path: str, root: Path) -> dict[str, Any]:
    name = shown(path, root)
    try:
        data = safe_load(read_text(path, root, SPEC_LIMIT))
    except FileNotFoundError:
        raise DrillError(f"{name}: platform spec not found") from None
    except OSError as exc:
        raise DrillError(f"{name}: {str(exc).removeprefix(path + ': ')}") from None
    except yaml.YAMLError as exc:
        raise DrillError(f"{name}: invalid YAML: {yaml_problem(exc)}") from None
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        message = " ".join(str(first.message).split())[:200]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise DrillError(f"{name}: {_where(first)}: {message}{more}")
    assert isinstance(data, dict)  # the schema says so
    return data


def load_platform(paths: Sequence[str], root: Path) -> Platform:
    """The specs at ``paths`` (absolute, or relative to ``root``) as one platform; a spec
    that cannot be read or does not validate raises :class:`DrillError`."""
    if not paths:
        raise DrillError(
            "no platform spec: set drill.platform in the runbook's front-matter or "
            "drill.platform in the config"
        )
    absolute = tuple(os.path.normpath(os.path.join(root, p)) for p in paths)
    commands: dict[str, list[Answer]] = {}
    for path in absolute:
        for command, rules in _read(path, root)["commands"].items():
            commands.setdefault(command, []).extend(
                Answer(
                    tuple(rule["match"]),
                    rule.get("stdout", ""),
                    rule.get("stderr", ""),
                    rule.get("exit", 0),
                )
                for rule in rules
            )
    return Platform(absolute, {c: tuple(r) for c, r in commands.items()})


def answer(platform: Platform, command: str, argv: Sequence[str]) -> tuple[int, Answer | None]:
    """The first rule of ``command`` whose globs fit ``argv``, with its index among the
    command's rules; ``(-1, None)`` when none does."""
    for index, rule in enumerate(platform.commands.get(command, ())):
        if fits(rule.match, argv):
            return index, rule
    return -1, None
