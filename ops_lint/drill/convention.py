"""The drill convention: which blocks of a runbook ``ops-lint drill`` runs, and how.

A **drill block** is a fenced block whose info string is a shell language (``bash``,
``sh``, ``shell``) followed by the word ``drill`` or ``drill=<phase>``::

    ```bash drill
    # expect-output: ApproximateNumberOfMessages
    aws sqs get-queue-attributes --queue-url "https://sqs.us-east-1.amazonaws.com/$ACCT/$QUEUE"
    ```

For readers and for the shell rules it is an ordinary bash block (the language is the
info string's first word). The phase is ``main`` (plain ``drill``), ``verify`` or
``rollback``; phases run in that order, the blocks of a phase in document order.

**Expectations** are comment lines at the top of a block, before its first command
(blank lines and other comments may come between them)::

    # expect: exit 0            the exit status (default 0; any integer)
    # expect-output: visible=0  text that must appear in stdout+stderr (repeatable)
    # expect-no-output: ERROR   text that must not appear (repeatable)
    # timeout: 20               seconds for the block (default 30, at most 300)

An expected text is the rest of its line, trimmed and taken literally (quotes included:
``# expect-output: "State": "ok"`` looks for ``"State": "ok"``). A comment line below the
first command is a plain comment. An unknown ``# expect…:`` key,
an exit that is not an integer or a timeout out of range is a :class:`DrillError`, as is an
unknown phase: a typo never silently weakens a drill.

**Front-matter** ``drill:`` (optional)::

    drill:
      platform: ../drills/platform.yaml   # or a list; relative to the runbook
      inputs:                             # the runbook's inputs during the drill
        QUEUE: edi-route-dlq
        ACCT: "000000000000"

Without ``drill.platform`` the caller's default applies (the config's ``drill.platform``,
else ``ops-docs/drills/platform.yaml``). Input values are scalars, given to the blocks as
strings (``true``/``false`` for booleans, empty for null); quote numbers with leading zeros.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from ops_lint.drill import DrillError
from ops_lint.model import CodeBlock, Document
from ops_lint.shell_blocks import language

PHASES = ("main", "verify", "rollback")  # running order
DRILL_SHELLS = ("bash", "sh", "shell")
DEFAULT_TIMEOUT = 30.0
MAX_TIMEOUT = 300.0
FIELD = "drill"

_KEY = re.compile(r"#\s*(expect(?:-[\w-]*)?|timeout)\s*:(.*)$", re.IGNORECASE)
_EXIT = re.compile(r"exit\s+([+-]?[0-9]+)", re.IGNORECASE)
_INPUT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Expectation(NamedTuple):
    exit: int = 0
    output: tuple[str, ...] = ()
    no_output: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT


class DrillBlock(NamedTuple):
    phase: str  # main | verify | rollback (order of running)
    line: int  # 1-based line of the block's first content line in the doc
    text: str  # the block's text exactly as written (expectation comments included)
    expect: Expectation


class DrillPlan(NamedTuple):
    path: str  # project-relative doc path
    abspath: str
    blocks: tuple[DrillBlock, ...]  # in running order
    inputs: dict[str, str]  # front-matter drill.inputs (values as strings)
    platforms: tuple[str, ...]  # absolute paths of the stub specs, in order


def drill_phase(info: str) -> str | None:
    """The phase a block's info string asks for (``bash drill=rollback`` -> ``rollback``),
    ``None`` for a block that is not a drill block; the phase is not checked here."""
    words = info.replace("{", " ").replace("}", " ").split()
    if len(words) < 2 or language(info) not in DRILL_SHELLS:
        return None
    word = words[1].lower()
    if word == "drill":
        return "main"
    if word.startswith("drill="):
        return word.removeprefix("drill=").strip("\"'")
    return None


def has_drill_blocks(doc: Document) -> bool:
    return any(drill_phase(block.info) is not None for block in doc.code_blocks)


def expectation(text: str, line: int) -> Expectation:
    """The expectation comments at the top of a block whose first line is ``line``."""
    status, timeout = 0, DEFAULT_TIMEOUT
    output: list[str] = []
    no_output: list[str] = []
    for number, raw in enumerate(text.split("\n"), start=line):
        body = raw.strip()
        if not body:
            continue
        if not body.startswith("#"):
            break
        if (match := _KEY.match(body)) is None:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        where = f"line {number}: # {key}:"
        if key == "expect":
            found = _EXIT.fullmatch(value)
            if found is None:
                raise DrillError(f"{where} {value[:60]!r} is not 'exit N' (an integer)")
            status = int(found.group(1))
        elif key in ("expect-output", "expect-no-output"):
            if not value:
                raise DrillError(f"{where} needs the text to look for")
            (output if key == "expect-output" else no_output).append(value)
        elif key == "timeout":
            timeout = _timeout(value, where)
        else:
            raise DrillError(
                f"{where} unknown expectation (known: expect, expect-output, "
                "expect-no-output, timeout)"
            )
    return Expectation(status, tuple(output), tuple(no_output), timeout)


def _timeout(value: str, where: str) -> float:
    try:
        seconds = float(value.removesuffix("s").strip())
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= MAX_TIMEOUT:
        raise DrillError(f"{where} {value[:40]!r} is not a number of seconds from 1 to 300")
    return seconds


def _block(block: CodeBlock, phase: str) -> DrillBlock:
    if phase not in PHASES:
        raise DrillError(
            f"line {block.line}: unknown drill phase {phase[:40]!r} (known: {', '.join(PHASES)})"
        )
    line = block.line + 1
    return DrillBlock(phase, line, block.content, expectation(block.content, line))


def _settings(doc: Document) -> dict[str, object]:
    value = doc.meta.get(FIELD)
    if value is None:
        return {}
    if not isinstance(value, dict):
        line = doc.front_matter.line_of(FIELD) or 1
        raise DrillError(f"line {line}: front-matter '{FIELD}' must be a mapping")
    return value


def _inputs(doc: Document, settings: dict[str, object]) -> dict[str, str]:
    value = settings.get("inputs")
    line = doc.front_matter.line_of(FIELD, "inputs") or 1
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DrillError(f"line {line}: {FIELD}.inputs must be a mapping NAME: value")
    inputs: dict[str, str] = {}
    for name, raw in value.items():
        if not isinstance(name, str) or not _INPUT_NAME.fullmatch(name):
            raise DrillError(f"line {line}: {FIELD}.inputs: {str(name)[:40]!r} is not a shell name")
        if isinstance(raw, dict | list):
            raise DrillError(f"line {line}: {FIELD}.inputs.{name} must be a single value")
        inputs[name] = (
            "" if raw is None else str(raw).lower() if isinstance(raw, bool) else str(raw)
        )
    return inputs


def _platforms(doc: Document, settings: dict[str, object], default: str | None) -> tuple[str, ...]:
    value = settings.get("platform")
    if value is None:
        return () if default is None else (os.path.abspath(default),)
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        line = doc.front_matter.line_of(FIELD, "platform") or 1
        raise DrillError(f"line {line}: {FIELD}.platform must be a path or a list of paths")
    here = os.path.dirname(doc.abspath)
    return tuple(os.path.normpath(os.path.join(here, str(v).strip())) for v in values)


def drill_plan(doc: Document, default_platform: str | None) -> DrillPlan:
    """The drill of ``doc``: its drill blocks in running order, its inputs and platform
    specs (``default_platform`` when the front-matter names none). A runbook without drill
    blocks gets a plan without blocks; a malformed block or setting raises DrillError."""
    found = [(b, p) for b in doc.code_blocks if (p := drill_phase(b.info)) is not None]
    blocks = [_block(b, p) for b, p in found]
    blocks.sort(key=lambda b: PHASES.index(b.phase))  # stable: document order in a phase
    settings = _settings(doc)
    return DrillPlan(
        doc.path,
        doc.abspath,
        tuple(blocks),
        _inputs(doc, settings),
        _platforms(doc, settings, default_platform),
    )
