"""Start shellcheck on a run's shell blocks before the docs are parsed.

shellcheck's analysis is the slowest part of a cold ``check`` (a few hundred milliseconds
for a hundred blocks), so it starts as soon as the files are read: the blocks are cut out
of the raw Markdown by a fence scanner, handed to shellcheck processes (no thread, no
shell: files in a private temporary folder), and the run parses its documents meanwhile.
When the ``shell-syntax`` rule later asks for its verdicts, it adopts the prefetch only if
every block it checks was found by the scanner with the same text (the scanner follows
CommonMark fences: a fence's indentation is removed from its lines, as in a list item);
otherwise the prefetch is dropped and the rule runs the tools itself. A prefetch nobody
adopts is killed and removed at the next run or at exit.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple

from ops_lint.shell_blocks import console_script, language
from ops_lint.shell_syntax import _ENV, OUTPUT_CAP, Problem, Settings, by_script, shellcheck_argv

_FENCE = re.compile(r"^( *)(`{3,}|~{3,})(.*)$")


class Launched(NamedTuple):
    key: str  # the rule's options, as the rule will ask
    scripts: frozenset[str]  # every script handed to shellcheck
    names: list[str]  # file name of each script, in order
    order: list[str]  # script of each name
    folder: Any  # tempfile.TemporaryDirectory
    procs: list[tuple[subprocess.Popen[bytes], IO[bytes]]]
    deadline: float


_pending: list[Launched] = []


def raw_blocks(text: str, shells: Iterable[str], consoles: Iterable[str]) -> list[str]:
    """The shell and console blocks of Markdown ``text`` as the rule reads them."""
    shells, consoles = set(shells), set(consoles)
    found: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if opened is None or (opened.group(2)[0] == "`" and "`" in opened.group(3)):
            i += 1
            continue
        indent, fence, info = len(opened.group(1)), opened.group(2), opened.group(3)
        body: list[str] = []
        i += 1
        while i < len(lines):
            stripped = lines[i].lstrip(" ")
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
            line = lines[i]
            cut = min(indent, len(line) - len(line.lstrip(" ")))
            body.append(line[cut:])
            i += 1
        i += 1
        content = "\n".join(body) + "\n" if body else ""
        lang = language(info)
        if lang in shells:
            found.append(content)
        elif lang in consoles:
            found.append(console_script(content))
    return found


def launch(key: str, scripts: Sequence[str], settings: Settings) -> None:
    """Start shellcheck on ``scripts`` (distinct, those the memo does not know)."""
    drop_all()
    tool = shutil.which("shellcheck") if settings.shellcheck else None
    if tool is None or not scripts:
        return
    folder = tempfile.TemporaryDirectory(prefix="ops-lint-shell-")
    names, order = [], []
    for number, script in enumerate(scripts):
        names.append(f"block{number}.sh")
        order.append(script)
        Path(folder.name, names[-1]).write_text(script, encoding="utf-8", errors="replace")
    parts = max(1, min((os.cpu_count() or 1) - 1, 4, len(names) // 8))
    procs: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []
    for chunk in (names[i::parts] for i in range(parts)):
        out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _drop once read
        proc = subprocess.Popen(  # argv: the tool, our options and file names only
            [*shellcheck_argv(tool, settings), "--", *chunk],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=_ENV,
            cwd=folder.name,
            start_new_session=True,
        )
        procs.append((proc, out))
    deadline = time.monotonic() + settings.timeout * 10
    _pending.append(Launched(key, frozenset(scripts), names, order, folder, procs, deadline))


def adopt(key: str, needed: Iterable[str]) -> Launched | None:
    """The prefetch for ``key`` if it covers every script of ``needed``; else None (and
    the prefetch is dropped)."""
    for launched in list(_pending):
        if launched.key == key and set(needed) <= launched.scripts:
            _pending.remove(launched)
            return launched
    drop_all()
    return None


def results(launched: Launched) -> dict[str, list[Problem]] | str:
    """shellcheck's problems per script, or why there are none; cleans up."""
    try:
        comments: list[Any] = []
        for proc, out in launched.procs:
            try:
                status = proc.wait(timeout=max(launched.deadline - time.monotonic(), 0.01))
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
        per_name = by_script(comments, launched.names)
        return dict(zip(launched.order, per_name, strict=True))
    finally:
        _drop(launched)


def _drop(launched: Launched) -> None:
    for proc, out in launched.procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        out.close()
    launched.folder.cleanup()


def drop_all() -> None:
    """Kill and remove every prefetch nobody adopted."""
    while _pending:
        _drop(_pending.pop())


atexit.register(drop_all)
