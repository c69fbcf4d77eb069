"""Parse shell scripts with ``bash -n`` and lint them with ``shellcheck``, never running them.

The scripts come from the doc set, which is untrusted input: a script goes to ``bash -n``
(read and parse only; nothing is executed) on its standard input and to ``shellcheck`` as
a file in a private temporary directory that is removed afterwards, never on a command
line. Both run without a shell, with a scrubbed environment (a fixed ``PATH``,
``LC_ALL=C``), a timeout and a cap on the output read back; ``shellcheck`` reads no rc
file and follows no ``source``.

For speed every script of a run is parsed in one ``bash -n`` call, each wrapped in a
function of its own; only when that call fails is each script parsed alone, which names
the script and its line. Results are remembered per script text (and the tools' files),
so an unchanged script is not parsed again in a later run.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

OUTPUT_CAP = 1 << 20  # bytes of a tool's output read back
SHELLCHECK_MISSING = "shellcheck is not installed: blocks were only parsed with bash -n"
TOOL_ENV = {"PATH": os.defpath, "LC_ALL": "C"}
_LINE_REF = re.compile(r" at line [0-9]+")  # a line of the script, not of the doc


class Problem(NamedTuple):
    offset: int  # 0-based line of the script
    column: int  # 1-based
    message: str
    source: str  # "bash -n" or "shellcheck SC2086"


class Settings(NamedTuple):
    shellcheck: bool  # run shellcheck when it is installed
    severity: str  # shellcheck's -S
    exclude: tuple[str, ...]  # shellcheck codes left out (SC2154)
    timeout: float  # seconds, per bash call; shellcheck gets ten times as long


class Outcome(NamedTuple):
    problems: dict[str, list[Problem]]  # script text -> its problems (absent: not checked)
    notes: list[str]  # what could not be checked, and why


class Tools(NamedTuple):
    bash: str | None
    shellcheck: str | None
    fingerprint: bytes  # changes when either tool's file changes


def find_tools(use_shellcheck: bool) -> Tools:
    """``bash`` and (when wanted) ``shellcheck`` on the PATH, and what identifies them."""
    found = [shutil.which("bash"), shutil.which("shellcheck") if use_shellcheck else None]
    digest = hashlib.blake2b(b"shell-tools/1", digest_size=16)
    for path in found:
        try:
            info = os.stat(path) if path else None
        except OSError:
            info = None
        digest.update(f"{path}|{info and info.st_size}|{info and info.st_mtime_ns};".encode())
    return Tools(found[0], found[1], digest.digest())


def _run(argv: list[str], stdin: str, timeout: float, cwd: str | None = None) -> tuple[int, str]:
    """Exit status and output of ``argv`` (no shell; standard output if there is any, else
    standard error, at most OUTPUT_CAP bytes of it); status -1 when it could not finish."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            done = subprocess.run(  # argv: the tool and our options only
                argv,
                input=stdin.encode("utf-8", "surrogateescape"),
                stdout=out,
                stderr=err,
                env=TOOL_ENV,
                cwd=cwd,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return -1, f"{Path(argv[0]).name} timed out after {timeout:g} s"
        except OSError as exc:
            return -1, f"{Path(argv[0]).name} could not be run: {exc.strerror or exc}"
        out.seek(0)
        err.seek(0)
        output = out.read(OUTPUT_CAP) or err.read(OUTPUT_CAP)
    return done.returncode, output.decode("utf-8", "replace")


def _bash_problem(output: str, script: str) -> Problem:
    """The first error ``bash -n`` printed: ``/dev/stdin: line 3: syntax error near …``."""
    for raw in output.splitlines():
        _, sep, rest = raw.partition(": line ")
        number, sep2, message = rest.partition(": ")
        if sep and sep2 and number.isdigit():
            return _at_text(script, int(number) - 1, _LINE_REF.sub("", message.strip()))
    message = output.strip().splitlines()[0] if output.strip() else "syntax error"
    return _at_text(script, len(script), message.strip())


def _at_text(script: str, offset: int, message: str) -> Problem:
    """A problem at the first non-blank character of line ``offset`` of ``script`` (the
    last line when bash names the line after it: "unexpected end of file")."""
    lines = script.rstrip("\n").split("\n")
    offset = min(max(offset, 0), len(lines) - 1)
    line = lines[offset]
    return Problem(offset, len(line) - len(line.lstrip()) + 1, message, "bash -n")


def bash_syntax(bash: str, scripts: Sequence[str], timeout: float) -> list[Problem | None] | str:
    """The syntax error of each script (None: it parses), or why bash could not say."""
    if not scripts:
        return []
    joined = "".join(f"__ops_lint_{i}() {{\n:\n{s}\n}}\n" for i, s in enumerate(scripts))
    status, output = _run([bash, "-n", "/dev/stdin"], joined, timeout)
    if status == 0 and not output.strip():
        return [None] * len(scripts)
    if status < 0:
        return output
    found: list[Problem | None] = []
    for script in scripts:  # one failed: parse each alone to tell which, and where
        status, output = _run([bash, "-n", "/dev/stdin"], script, timeout)
        if status < 0:
            return output
        found.append(None if status == 0 and not output.strip() else _bash_problem(output, script))
    return found


def shellcheck_argv(tool: str, settings: Settings) -> list[str]:
    """shellcheck and our options (no rc file, json1, bash, the severity, the exclusions)."""
    argv = [tool, "--norc", "-f", "json1", "-s", "bash", "-S", settings.severity]
    return [*argv, "-e", ",".join(settings.exclude)] if settings.exclude else argv


def shellcheck(tool: str, scripts: Sequence[str], settings: Settings) -> list[list[Problem]] | str:
    """shellcheck's findings for each script, or why there are none."""
    from ops_lint import shellcheck_procs  # it builds on this module's pieces

    if not scripts:
        return []
    found = shellcheck_procs.collect(shellcheck_procs.start(tool, scripts, settings))
    return found if isinstance(found, str) else [found[s] for s in scripts]


def by_script(comments: list[Any], names: list[str]) -> list[list[Problem]]:
    """shellcheck's json1 comments, per script (by the file name it was given)."""
    found: list[list[Problem]] = [[] for _ in names]
    index = {name: number for number, name in enumerate(names)}
    for item in comments:
        at = index.get(str(item.get("file"))) if isinstance(item, dict) else None
        if at is not None:
            problem = Problem(
                int(item.get("line", 1)) - 1,
                int(item.get("column", 1)),
                f"{item.get('message', '')} (shellcheck {item.get('level', '')})",
                f"shellcheck SC{item.get('code', '')}",
            )
            found[at].append(problem)
    return found


Memory = tuple[Callable[[bytes], Any], Callable[[bytes, Any], None]]  # recall, remember


class Plan(NamedTuple):
    """What one run must still check: the rest is remembered from earlier runs."""

    tools: Tools
    keys: dict[str, bytes]  # distinct script -> its memo key
    known: dict[str, list[Problem]]  # remembered results
    todo: list[str]  # scripts the tools must see
    notes: list[str]


class Ran(NamedTuple):
    parsed: list[Problem | None] | str  # per todo script, or why bash could not parse
    linted: dict[str, list[Problem]]  # shellcheck's findings per script that parsed
    notes: list[str]


def plan(scripts: Sequence[str], settings: Settings, recall: Callable[[bytes], Any]) -> Plan:
    """Which scripts still need the tools (cheap: no process is started)."""
    tools = find_tools(settings.shellcheck)
    notes = [] if tools.shellcheck or not settings.shellcheck else [SHELLCHECK_MISSING]
    keys = {s: _key(s, settings, tools.fingerprint) for s in dict.fromkeys(scripts)}
    known: dict[str, list[Problem]] = {}
    todo = []
    for script, key in keys.items():
        stored = recall(key)
        if isinstance(stored, list):
            known[script] = [Problem(int(r[0][0]), int(r[0][1]), r[1], r[2]) for r in stored]
        else:
            todo.append(script)
    return Plan(tools, keys, known, todo, notes)


Linted = Callable[[], "dict[str, list[Problem]] | str"]  # shellcheck already started


def run_tools(work: Plan, settings: Settings, started: Linted | None = None) -> Ran:
    """Parse, then lint, the scripts of ``work`` that need it (safe to run in a thread);
    ``started``: the verdicts of a shellcheck run that already covers every one."""
    if work.tools.bash is None or not work.todo:
        return Ran([None] * len(work.todo), {}, [])
    parsed = bash_syntax(work.tools.bash, work.todo, settings.timeout)
    if isinstance(parsed, str):
        return Ran(parsed, {}, [])
    clean = [s for s, problem in zip(work.todo, parsed, strict=True) if problem is None]
    linted: dict[str, list[Problem]] | str = {}
    if work.tools.shellcheck and started is not None:
        linted = started()
        linted = linted if isinstance(linted, str) else {s: linted[s] for s in clean}
    elif work.tools.shellcheck:
        found = shellcheck(work.tools.shellcheck, clean, settings)
        linted = found if isinstance(found, str) else dict(zip(clean, found, strict=False))
    if isinstance(linted, str):
        return Ran(parsed, {}, [f"{linted}: shellcheck findings left out"])
    return Ran(parsed, linted, [])


def finish(work: Plan, ran: Ran, remember: Callable[[bytes, Any], None]) -> Outcome:
    """The problems of every script; what the tools found is remembered for later runs."""
    problems = dict(work.known)
    if work.tools.bash is None:
        return Outcome({}, ["bash is not on the PATH: shell syntax was not checked"])
    if isinstance(ran.parsed, str):
        return Outcome(problems, [*work.notes, f"{ran.parsed}: shell syntax was not checked"])
    linted = ran.linted
    for script, problem in zip(work.todo, ran.parsed, strict=True):
        problems[script] = [problem] if problem else linted.get(script, [])
        if problem or script in linted or not work.tools.shellcheck:
            rows = [
                ([str(p.offset), str(p.column)], p.message, p.source, "") for p in problems[script]
            ]
            remember(work.keys[script], rows)
    return Outcome(problems, [*work.notes, *ran.notes])


def check_scripts(scripts: Sequence[str], settings: Settings, memory: Memory) -> Outcome:
    """Parse (and lint) every distinct script once; what is remembered is not run again."""
    recall, remember = memory
    work = plan(scripts, settings, recall)
    return finish(work, run_tools(work, settings), remember)


def _key(script: str, settings: Settings, fingerprint: bytes) -> bytes:
    digest = hashlib.blake2b(b"shell-syntax/1", digest_size=20, key=fingerprint)
    digest.update(repr((settings.shellcheck, settings.severity, settings.exclude)).encode())
    digest.update(script.encode("utf-8", "surrogateescape"))
    return digest.digest()
