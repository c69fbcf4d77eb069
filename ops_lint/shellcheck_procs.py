"""shellcheck processes started now and read later: the one way ops-lint runs shellcheck.

The scripts are written to files in a private temporary folder (never put on a command
line) and split over one process per spare core (at most 4: shellcheck's analysis, not
its start, costs); the processes run without a shell, in their own session, with a
scrubbed environment, and are waited for with one deadline. ``shell_syntax`` starts and
reads them at once; ``shell_prefetch`` starts them before the docs are parsed.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple

from ops_lint.shell_syntax import OUTPUT_CAP, TOOL_ENV, Problem, Settings, by_script
from ops_lint.shell_syntax import shellcheck_argv as argv_of


class Linting(NamedTuple):
    names: list[str]  # file name of each script, in order
    order: list[str]  # script of each name
    folder: Any  # tempfile.TemporaryDirectory
    procs: list[tuple[subprocess.Popen[bytes], IO[bytes]]]
    deadline: float


def start(tool: str, scripts: Sequence[str], settings: Settings) -> Linting:
    """shellcheck running on ``scripts``; :func:`collect` reads it, :func:`stop` ends it."""
    folder = tempfile.TemporaryDirectory(prefix="ops-lint-shell-")
    names = [f"block{number}.sh" for number in range(len(scripts))]
    for name, script in zip(names, scripts, strict=True):
        Path(folder.name, name).write_text(script, encoding="utf-8", errors="replace")
    parts = max(1, min((os.cpu_count() or 1) - 1, 4, len(names) // 8))
    procs: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []
    for chunk in (names[i::parts] for i in range(parts)):
        out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop() once read
        proc = subprocess.Popen(  # argv: the tool, our options and file names only
            [*argv_of(tool, settings), "--", *chunk],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=TOOL_ENV,
            cwd=folder.name,
            start_new_session=True,
        )
        procs.append((proc, out))
    deadline = time.monotonic() + settings.timeout * 10
    return Linting(names, list(scripts), folder, procs, deadline)


def collect(run: Linting) -> dict[str, list[Problem]] | str:
    """shellcheck's problems per script, or why there are none; ends the run."""
    try:
        comments: list[Any] = []
        for proc, out in run.procs:
            try:
                status = proc.wait(timeout=max(run.deadline - time.monotonic(), 0.01))
            except subprocess.TimeoutExpired:
                return "shellcheck timed out"
            if status > 1:
                return f"shellcheck failed (exit {status})"
            out.seek(0)
            try:
                found = json.loads(out.read(OUTPUT_CAP)).get("comments", [])
            except (ValueError, AttributeError):
                return "shellcheck output could not be read"
            comments += found if isinstance(found, list) else []
        return dict(zip(run.order, by_script(comments, run.names), strict=True))
    finally:
        stop(run)


def stop(run: Linting) -> None:
    """Kill what still runs and remove the folder."""
    for proc, out in run.procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        out.close()
    run.folder.cleanup()
