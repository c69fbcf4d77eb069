"""Rehearse one runbook: static checks, stub shims, blocks in order carrying state, verdict.

Nothing runs when a static check fails (the verdict is ``error``). Each block runs in a
fresh ``bash -euo pipefail`` process (see ``ops_lint.drill.sandbox``); the variables a
block assigns or exports are written, when it exits, to a state file in the work dir
that the next block sources first. A block passes when it exits as expected within its
time limit and its output (stdout and stderr) holds every ``expect-output`` text and no
``expect-no-output`` text; after a failed block the rest are skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from ops_lint.drill import DrillError
from ops_lint.drill.convention import DrillBlock, DrillPlan, drill_plan
from ops_lint.drill.platform import Platform, load_platform
from ops_lint.drill.sandbox import (
    STATE_DIR,
    Layout,
    Python,
    Ran,
    block_argv,
    environment,
    host_python,
    inside_path,
    layout,
    run_capped,
)
from ops_lint.drill.static import static_problems
from ops_lint.model import Document

_SAFE_NAME = re.compile(r"[A-Za-z0-9_+][A-Za-z0-9._+-]{0,127}")
# Shell variables that are bash's own or the drill's: never carried between blocks.
_NOT_CARRIED = (
    "BASH*|EUID|PPID|UID|GROUPS|FUNCNAME|DIRSTACK|PIPESTATUS|HISTCMD|LINENO|RANDOM|"
    "SECONDS|SRANDOM|EPOCHREALTIME|EPOCHSECONDS|OPTIND|OPTERR|OPTARG|IFS|PWD|OLDPWD|"
    "SHLVL|HOSTNAME|HOSTTYPE|MACHTYPE|OSTYPE|PS1|PS2|PS3|PS4|COLUMNS|LINES|_|PATH|HOME|"
    "LANG|SHELLOPTS|BASHOPTS|COMP_*|MAILCHECK|HISTFILE*|TERM|OPS_LINT_DRILL_*|__ops_lint_*"
)


class Setup(NamedTuple):
    """How every runbook of a run is drilled."""

    root: Path  # the project root: bound read-only at /repo
    bwrap: str | None  # None: no sandbox (--no-sandbox)
    default_platform: str | None
    known: tuple[str, ...] = ()  # variables known to be set (the shell-variables rule's)


class BlockResult(NamedTuple):
    block: DrillBlock
    ran: Ran | None  # None: not run (an earlier block failed)
    stub_calls: tuple[dict[str, Any], ...]
    expectations: tuple[dict[str, Any], ...]  # {"expect", "value", "met"}
    verdict: str  # passed | failed | skipped
    reason: str


class DrillResult(NamedTuple):
    path: str
    started: dt.datetime
    finished: dt.datetime
    sandbox: str  # bwrap | none
    verdict: str  # passed | failed | error
    reason: str
    blocks: tuple[BlockResult, ...]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _prelude(work: str) -> str:
    state = shlex.quote(f"{work}/{STATE_DIR}/state.sh")
    return (
        "unset BASH_ENV\n"
        f"if [ -f {state} ]; then . {state}; fi\n"
        "__ops_lint_save() {\n"
        "  local IFS=$' \\t\\n' __ops_lint_v\n"
        "  for __ops_lint_v in $(compgen -v); do\n"
        f'    case "$__ops_lint_v" in {_NOT_CARRIED}) continue ;; esac\n'
        '    declare -p "$__ops_lint_v" 2>/dev/null\n'
        f"  done > {state} 2>/dev/null || true\n"
        "}\n"
        "trap __ops_lint_save EXIT\n"
    )


def _shim(command: str, where: Layout) -> str:
    return (
        "#!/bin/sh\n"
        f"PYTHONPATH={shlex.quote(where.pythonpath)}\n"
        "export PYTHONPATH\n"
        f"{shlex.quote(where.python)} -S -P -B -m ops_lint.drill_stub "
        f'{shlex.quote(command)} "$@"\n'
        "status=$?\n"
        # A real command reads its input: what writes into the pipe must not be cut off.
        "cat >/dev/null 2>&1\n"
        'exit "$status"\n'
    )


def prepare(workdir: str, platform: Platform | None, where: Layout) -> None:
    """The work dir: ``bin/`` (one stub shim per stubbed command) and the state folder."""
    os.makedirs(os.path.join(workdir, "bin"))
    os.makedirs(os.path.join(workdir, STATE_DIR))
    for command in platform.commands if platform else ():
        if not _SAFE_NAME.fullmatch(command):
            raise DrillError(f"stubbed command {command[:80]!r} is not a plain command name")
        shim = os.path.join(workdir, "bin", command)
        Path(shim).write_text(_shim(command, where), encoding="utf-8")
        os.chmod(shim, 0o755)
    prelude = os.path.join(workdir, STATE_DIR, "prelude.sh")
    Path(prelude).write_text(_prelude(where.work), encoding="utf-8")


def _expectations(block: DrillBlock, ran: Ran) -> tuple[list[dict[str, Any]], str]:
    """Each expectation with whether it was met, and the first unmet one as a reason."""
    output = ran.stdout + ran.stderr
    checks: list[tuple[str, Any, bool, str]] = [
        ("exit", block.expect.exit, ran.exit == block.expect.exit, ""),
    ]
    checks += [("output", s, s in output, f"output lacks {s!r}") for s in block.expect.output]
    checks += [
        ("no-output", s, s not in output, f"output has {s!r}") for s in block.expect.no_output
    ]
    reasons = [r for _k, _v, met, r in checks[1:] if not met]
    if ran.timed_out:
        reasons.insert(0, f"timed out after {block.expect.timeout:g} s")
    elif ran.exit != block.expect.exit:
        reasons.insert(0, f"exit {ran.exit}, expected {block.expect.exit}")
    listed = [{"expect": k, "value": v, "met": met} for k, v, met, _r in checks]
    return listed, "; ".join(reasons)


def _new_calls(log: str, seen: int) -> tuple[tuple[dict[str, Any], ...], int]:
    try:
        with open(log, "rb") as handle:
            handle.seek(seen)
            data = handle.read(4 << 20)
    except OSError:
        return (), seen
    calls: list[dict[str, Any]] = []
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            calls.append(entry)
    return tuple(calls), seen + len(data)


OnBlock = Callable[["BlockResult"], None]


def _blocks(
    plan: DrillPlan, setup: Setup, workdir: str, py: Python, where: Layout, on_block: OnBlock
) -> list[BlockResult]:
    platforms = [inside_path(p, str(setup.root), where) for p in plan.platforms]
    env = environment(where, plan.inputs, platforms)
    log = os.path.join(workdir, STATE_DIR, "stub-calls.jsonl")
    seen, failed_at, out = 0, 0, []
    for number, block in enumerate(plan.blocks, 1):
        if failed_at:
            reason = f"not run: the block at line {failed_at} failed"
            out.append(BlockResult(block, None, (), (), "skipped", reason))
            continue
        script = f"{STATE_DIR}/block-{number}.sh"
        Path(workdir, script).write_text(block.text, encoding="utf-8")
        argv = block_argv(setup.bwrap, workdir, str(setup.root), py, script)
        ran = run_capped(argv, env, workdir, block.expect.timeout)
        calls, seen = _new_calls(log, seen)
        listed, reason = _expectations(block, ran)
        verdict = "failed" if reason else "passed"
        if reason:
            failed_at = block.line
        out.append(BlockResult(block, ran, calls, tuple(listed), verdict, reason))
        on_block(out[-1])
    return out


def _error(path: str, started: dt.datetime, sandbox: str, reason: str) -> DrillResult:
    return DrillResult(path, started, _now(), sandbox, "error", reason, ())


def _quiet(_result: BlockResult) -> None:
    pass


def drill(doc: Document, setup: Setup, on_block: OnBlock = _quiet) -> DrillResult:
    """Rehearse ``doc``: its result, never an exception for a problem of the runbook."""
    started = _now()
    sandbox = "bwrap" if setup.bwrap is not None else "none"
    try:
        plan = drill_plan(doc, setup.default_platform)
        platform = load_platform(plan.platforms, setup.root) if plan.platforms else None
    except DrillError as exc:
        return _error(doc.path, started, sandbox, str(exc))
    provided = ("HOME", "PATH", "LANG", "PWD")  # the drill's environment sets them
    problems = static_problems(plan, doc, platform, (*provided, *setup.known))
    if problems:
        return _error(doc.path, started, sandbox, "; ".join(problems))
    workdir = tempfile.mkdtemp(prefix="ops-lint-drill-")
    py = host_python()
    where = layout(setup.bwrap is not None, workdir, str(setup.root), py)
    try:
        prepare(workdir, platform, where)
        blocks = _blocks(plan, setup, workdir, py, where, on_block)
    except DrillError as exc:
        return _error(doc.path, started, sandbox, str(exc))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    failed = [b for b in blocks if b.verdict == "failed"]
    reason = f"line {failed[0].block.line}: {failed[0].reason}" if failed else ""
    verdict = "failed" if failed else "passed"
    return DrillResult(doc.path, started, _now(), sandbox, verdict, reason, tuple(blocks))


def summary(results: Iterable[DrillResult]) -> dict[str, int]:
    counts = {"passed": 0, "failed": 0, "error": 0}
    for result in results:
        counts[result.verdict] += 1
    return counts
