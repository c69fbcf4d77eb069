"""The stand-in for a platform command during a drill: ``python -m ops_lint.drill_stub
<command> [args...]``.

Each stubbed command of a drill (``aws``, ``kubectl``…) is a small shim in the drill's
``bin/`` folder that runs this module. It reads the platform specs named in
``OPS_LINT_DRILL_PLATFORMS`` (``os.pathsep``-separated; the runner has validated them),
finds the first rule of ``commands.<command>`` whose ``match`` fits the arguments, prints
its ``stdout`` and ``stderr`` and exits with its ``exit``. Without a fitting rule it prints
``drill stub: no canned answer for: <command> <args>`` on standard error and exits 127.
Every call is appended as one JSON line (``command``, ``argv``, ``rule``: the index of the
rule among the command's rules or -1, ``exit``) to the file named by ``OPS_LINT_DRILL_LOG``.

A ``match`` is a list of globs, one per argument (``fnmatch``: ``*`` any text within the
argument, ``?``, ``[...]``); the item ``**`` stands for any number of arguments (none
included). This module imports only what it needs, to start fast, and never ends in a
traceback: a spec it cannot read is a message on standard error and exit 127.
"""

from __future__ import annotations

import fnmatch
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

NO_ANSWER = 127
ANY_REST = "**"
PLATFORMS_ENV = "OPS_LINT_DRILL_PLATFORMS"
LOG_ENV = "OPS_LINT_DRILL_LOG"


def fits(match: Sequence[str], argv: Sequence[str]) -> bool:
    """True if the globs of ``match`` fit ``argv`` item by item (``**``: any rest)."""
    # reachable[j]: the globs seen so far can fit argv[:j]; linear in globs x args
    reachable = [True] + [False] * len(argv)
    for glob in match:
        if glob == ANY_REST:
            for j in range(1, len(reachable)):
                reachable[j] = reachable[j] or reachable[j - 1]
            continue
        nxt = [False] * len(reachable)
        for j, arg in enumerate(argv):
            nxt[j + 1] = reachable[j] and fnmatch.fnmatchcase(arg, glob)
        reachable = nxt
    return reachable[-1]


def _load(path: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)  # a safe loader


def _rules(paths: Sequence[str], command: str) -> list[dict[str, Any]]:
    """The rules for ``command`` in the specs, in order."""
    found: list[dict[str, Any]] = []
    for path in paths:
        data = _load(path)
        commands = data.get("commands") if isinstance(data, dict) else None
        rules = commands.get(command) if isinstance(commands, dict) else None
        found += [r for r in rules or () if isinstance(r, dict)]
    return found


def _log(command: str, argv: Sequence[str], rule: int, status: int) -> None:
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    line = json.dumps({"command": command, "argv": list(argv), "rule": rule, "exit": status})
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


STDIN_CAP = 16 << 20  # bytes read from a pipeline; more is left unread


def _answer(command: str, argv: Sequence[str]) -> int:
    paths = [p for p in os.environ.get(PLATFORMS_ENV, "").split(os.pathsep) if p]
    rule, found = -1, None
    for index, candidate in enumerate(_rules(paths, command)):
        match = candidate.get("match")
        if isinstance(match, list) and fits([str(m) for m in match], argv):
            rule, found = index, candidate
            break
    if found is None:
        sys.stderr.write(f"drill stub: no canned answer for: {' '.join([command, *argv])}\n")
        status = NO_ANSWER
    else:
        status = int(found.get("exit", 0))
    _drain_stdin()
    try:
        if found is not None:
            sys.stdout.write(str(found.get("stdout", "")))
            sys.stderr.write(str(found.get("stderr", "")))
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader stopped early (`| head -1`), as with a real tool
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - no flush error at exit
    _log(command, argv, rule, status)
    return status


def _drain_stdin() -> None:
    """Read what a pipeline feeds the stub, as the real tool would: a writer into a stub
    must not die of a closed pipe (SIGPIPE) because the stub answered without reading."""
    if sys.stdin is None or sys.stdin.isatty():
        return
    left = STDIN_CAP
    try:
        while left > 0:
            chunk = sys.stdin.buffer.read(min(left, 1 << 16))
            if not chunk:
                return
            left -= len(chunk)
    except (OSError, ValueError):  # stdin closed or not readable: nothing to drain
        return


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        sys.stderr.write("drill stub: usage: python -m ops_lint.drill_stub COMMAND [ARG...]\n")
        return 2
    try:
        return _answer(args[0], args[1:])
    except Exception as exc:  # a stub never ends in a traceback: the drill reads its output
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        sys.stderr.write(f"drill stub: {args[0]}: {type(exc).__name__}: {reason}\n")
        return NO_ANSWER


if __name__ == "__main__":
    sys.exit(main())
