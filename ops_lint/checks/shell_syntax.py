"""Shell blocks of a runbook that do not parse, or that shellcheck warns about.

A runbook step that does not parse fails when it is needed: a missing ``fi``, an unclosed
quote, a heredoc without its terminator, a stray ``)``. Each shell block of a runbook
(info string ``bash``, ``sh``, ``shell``; of a ``console`` block only the command lines,
those starting with ``$ ``) is parsed with ``bash -n``: read and parsed, never run. When
``shellcheck`` is installed (option ``shellcheck: auto``) each block that parses is also
checked by it (``-s bash``, warnings and errors), except its codes in ``exclude``: by
default SC2154 ("referenced but not assigned", which ``shell-variables`` reports with the
runbook's own inputs in mind) and SC2034 ("appears unused": a runbook's blocks run in one
session, so a variable set in one step is used in a later block). Output examples belong
in ``text`` blocks. An angle-bracket placeholder the reader fills in (``oc -n <namespace>
get pods``) is read as a word, not as two redirections.

The blocks of the whole doc set are parsed in one ``bash -n`` call and linted in one
``shellcheck`` call, with a scrubbed environment, a timeout and no network; a block's
text reaches the tools on standard input or as a temporary file, never on a command line.
Results are remembered per block text across runs (in ``.ops_lint_cache/``). A finding
points at the line of the doc (and, for shellcheck, the column). Without ``bash`` on the
PATH the rule reports nothing and says, in a notice and the evidence, that syntax was not
checked; without ``shellcheck`` only ``bash -n`` runs, and the evidence says so.

Options:
- ``shells``: languages parsed (default ``bash``, ``sh``, ``shell``; ``zsh`` is not bash).
- ``consoles``: console-session languages (default ``console``, ``shell-session``).
- ``shellcheck``: ``auto`` (run it when installed) or ``off`` (default ``auto``).
- ``shellcheck_severity``: the least severe shellcheck level reported: ``error``,
  ``warning``, ``info`` or ``style`` (default ``warning``).
- ``exclude``: shellcheck codes not reported (default ``SC2154``, ``SC2034``).
- ``timeout``: seconds one ``bash -n`` call may take; shellcheck gets ten times as long
  (default 10: a loaded CI machine must not turn a slow parse into a finding).

Fail:

    ```bash
    if kubectl -n edi-core get pods -l app=ack-service | grep -q CrashLoop; then
      kubectl -n edi-core rollout restart deploy/ack-service
    ```

("bash -n: syntax error: unexpected end of file"), or, with shellcheck,
``cd /srv/edi; rm -rf $DIR/*`` (SC2115: use "${var:?}" to make sure this never expands
to /*).

Pass: the same block with its closing ``fi``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, Literal, NamedTuple

from pydantic import Field

from ops_lint import shell_prefetch
from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.model import Document
from ops_lint.model_codec import json_dump
from ops_lint.shell_blocks import CONSOLES, shell_blocks
from ops_lint.shell_prefetch import raw_blocks
from ops_lint.shell_syntax import (
    SHELLCHECK_MISSING,
    Outcome,
    Plan,
    Ran,
    Settings,
    finish,
    plan,
    run_tools,
)

KIND = "shell-syntax"


class Options(CheckOptions):
    shells: tuple[str, ...] = ("bash", "sh", "shell")
    consoles: tuple[str, ...] = CONSOLES
    shellcheck: Literal["auto", "off"] = "auto"
    shellcheck_severity: Literal["error", "warning", "info", "style"] = "warning"
    exclude: tuple[str, ...] = ("SC2154", "SC2034")
    timeout: float = Field(default=10, gt=0, le=60)


class _Started(NamedTuple):
    work: Plan
    ran: Future[Ran]


_POOL: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ops-lint-shell")
    return _POOL


def _settings(options: Options) -> Settings:
    return Settings(
        options.shellcheck == "auto",
        options.shellcheck_severity,
        tuple(code.upper().removeprefix("SC") for code in options.exclude),
        options.timeout,
    )


def _key(options: Options) -> str:
    return f"{KIND}:{json_dump(options)}"  # remembered JSON: no serializer is built


def _start(docs: list[Document], options: Options, ctx: Context) -> _Started:
    blocks = [b for d in docs for b in shell_blocks(d, options.shells, options.consoles)]
    scripts = [_script(b.text) for b in blocks]
    work = plan(scripts, _settings(options), ctx.recall)
    launched = shell_prefetch.adopt(_key(options), work.todo)
    started = partial(shell_prefetch.results, launched) if launched else None
    return _Started(work, _pool().submit(run_tools, work, _settings(options), started))


def prefetch(texts: list[str], options: Options, recall: Callable[[bytes], Any]) -> None:
    """Start shellcheck on the blocks of the raw ``texts`` before they are parsed."""
    settings = _settings(options)
    raw = [_script(s) for text in texts for s in raw_blocks(text, options.shells, options.consoles)]
    shell_prefetch.launch(_key(options), plan(raw, settings, recall).todo, settings)


_PLACEHOLDER = re.compile(r"<([A-Za-z][A-Za-z0-9_.-]*+)>")


def _script(text: str) -> str:
    """The block as the tools see it: ``<namespace>`` becomes ``_namespace_`` (same
    length, so shellcheck's columns stay those of the doc)."""
    return _PLACEHOLDER.sub(r"_\1_", text) if "<" in text else text


def prepare(docs: list[Document], options: Options, ctx: Context) -> None:
    """Start ``bash -n`` and shellcheck on the blocks of the docs this run checks (only
    the given files when ``check`` names some): they run while the other rules do."""
    ctx.cached(f"{_key(options)}:started", lambda: _start(docs, options, ctx))


def _outcome(doc: Document, options: Options, ctx: Context) -> Outcome:
    """The tools' verdict on every block of the run, waited for the first time asked; a
    doc the run did not prepare (the check called on its own) is checked alone."""

    def build(started: _Started) -> Outcome:
        outcome = finish(started.work, started.ran.result(), ctx.remember)
        notices = [n for n in outcome.notes if n != SHELLCHECK_MISSING]  # evidence only
        ctx.notices.extend(f"{KIND}: {note}" for note in notices)
        return outcome

    started: _Started | None = ctx.cached(f"{_key(options)}:started", lambda: None)
    if started is not None:
        return ctx.cached(_key(options), lambda: build(started))
    return ctx.cached(f"{_key(options)}:{doc.abspath}", lambda: build(_start([doc], options, ctx)))


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    blocks = shell_blocks(doc, options.shells, options.consoles)
    if not blocks:
        languages = ", ".join((*options.shells, *options.consoles))
        yield Evidence(1, f"no shell blocks ({languages}): nothing to parse")
        return
    outcome = _outcome(doc, options, ctx)
    for note in outcome.notes:
        yield Evidence(blocks[0].fence, note)
    checked = 0
    for block in blocks:
        problems = outcome.problems.get(_script(block.text))
        if problems is None:
            continue
        checked += 1
        lines = block.text.split("\n")
        for problem in problems:
            offset = min(max(problem.offset, 0), len(lines) - 1)
            yield Finding(
                block.fence + 1 + offset,
                block.indent + max(problem.column, 1),
                f"{problem.source}: {problem.message} (in the {block.label})",
                _hint(problem.source),
                lines[offset].strip()[:120],
            )
    if checked:
        tools = "bash -n" + (" and shellcheck" if not outcome.notes else "")
        yield Evidence(blocks[0].fence, f"{checked} shell block(s) checked with {tools}")


def _hint(source: str) -> str:
    if source == "bash -n":
        return (
            "fix the command so that it parses as bash; if the block shows output rather "
            "than commands, make it a ```text block"
        )
    code = source.rsplit(" ", 1)[-1]
    return (
        f"see https://www.shellcheck.net/wiki/{code}; if the warning does not apply, add "
        f"'# shellcheck disable={code}' above the line or list {code} in the rule's "
        "'exclude' option"
    )
