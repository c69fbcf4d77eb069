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
import re
import shutil
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ops_lint.shell_blocks import console_script, language
from ops_lint.shell_syntax import Problem, Settings
from ops_lint.shellcheck_procs import Linting, collect, start, stop

_FENCE = re.compile(r"^( *)(`{3,}|~{3,})(.*)$")


class Launched(NamedTuple):
    key: str  # the rule's options, as the rule will ask
    scripts: frozenset[str]  # every script handed to shellcheck
    run: Linting


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
    if tool is not None and scripts:
        _pending.append(Launched(key, frozenset(scripts), start(tool, scripts, settings)))


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
    return collect(launched.run)


def drop_all() -> None:
    """Kill and remove every prefetch nobody adopted."""
    while _pending:
        stop(_pending.pop().run)


atexit.register(drop_all)
