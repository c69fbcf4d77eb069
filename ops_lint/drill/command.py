"""``ops-lint drill [RUNBOOK...]``: rehearse runbooks offline, exactly as written.

Without RUNBOOK, every runbook of the doc set that has drill blocks is drilled. Exit
codes: 0 every drill passed; 1 a drill failed (an expectation not met, a time limit, an
exit not expected); 2 a usage or config error, a static error (nothing of that runbook
ran), or the sandbox refused (no ``bwrap`` and no ``--no-sandbox``).

Transcripts go to ``--output DIR`` (default: the config's ``drill.output``,
``.ops_lint_cache/drills/``); ``--junit FILE`` adds a JUnit XML report; ``--record --by
@handle`` writes each result into its runbook's ``dry_run:`` front-matter. Without
``--record`` no file of the repository changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ops_lint import config as config_mod
from ops_lint.config import LoadedConfig
from ops_lint.errors import UsageError
from ops_lint.escape import visible
from ops_lint.model import Document
from ops_lint.report_io import say, write_output

if TYPE_CHECKING:
    from ops_lint.drill.runner import BlockResult, DrillResult

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2
NO_BWRAP = (
    "the drill sandbox needs bwrap (bubblewrap), which was not found: install it "
    "(apt-get install bubblewrap), or pass --no-sandbox to run the blocks without one"
)
UNSANDBOXED = (
    "--no-sandbox: drill blocks run WITHOUT a sandbox: no namespaces, the network and "
    "this machine's files are reachable (a scrubbed environment and a temporary work "
    "dir only)"
)


def _runbooks(args: argparse.Namespace, loaded: LoadedConfig, cwd: Path) -> list[Document]:
    from ops_lint.discovery import candidate_for, discover
    from ops_lint.drill.convention import has_drill_blocks
    from ops_lint.loader import load_documents

    if args.paths:
        candidates = []
        for path in args.paths:
            cand = candidate_for(path, loaded, cwd)
            if cand is None:
                raise UsageError(f"{path}: not a doc of the doc set (see include/exclude)")
            candidates.append(cand)
        docs = load_documents(candidates, loaded, jobs=1)
        unread = [d for d in docs if d.read_error]
        if unread:
            raise UsageError(f"{unread[0].path}: {unread[0].read_error}")
        return docs
    docs = load_documents(discover(loaded), loaded)
    return [d for d in docs if d.doc_type == "runbook" and has_drill_blocks(d)]


def _default_platform(loaded: LoadedConfig) -> str | None:
    settings = loaded.config.drill
    if settings.platform:
        return str((loaded.root / settings.platform).resolve())
    fallback = loaded.root / loaded.config.docs[0] / "drills" / "platform.yaml"
    return str(fallback) if fallback.is_file() else None


def _known(loaded: LoadedConfig) -> tuple[str, ...]:
    """Variables the config declares known to the shell rules (``extra_known``)."""
    names: list[str] = []
    for settings in loaded.config.rules.values():
        extra = settings.options.get("extra_known")
        if isinstance(extra, list | tuple):
            names += [str(n) for n in extra]
    return tuple(names)


class _Progress:
    """One line per block on a terminal; nothing otherwise."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream if stream is not None and stream.isatty() else None

    def runbook(self, path: str) -> None:
        if self.stream is not None:
            self.stream.write(f"{visible(path)}\n")
            self.stream.flush()

    def block(self, result: BlockResult) -> None:
        if self.stream is None:
            return
        mark = {"passed": "ok  ", "failed": "FAIL", "skipped": "skip"}[result.verdict]
        ms = result.ran.duration_ms if result.ran else 0
        why = f": {result.reason}" if result.reason else ""
        line = f"  {mark} {result.block.phase} block, line {result.block.line} ({ms} ms){why}"
        self.stream.write(visible(line) + "\n")
        self.stream.flush()


def _output_dir(args: argparse.Namespace, loaded: LoadedConfig, cwd: Path) -> Path:
    if args.output:
        return Path(cwd / str(args.output)).resolve()
    return (loaded.root / loaded.config.drill.output).resolve()


def run(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.drill.evidence import junit, write_transcripts
    from ops_lint.drill.runner import Setup, drill
    from ops_lint.drill.sandbox import find_bwrap

    if args.record and not args.by:
        raise UsageError("--record needs --by @handle (who ran the drill)")
    loaded = config_mod.load(args.config, cwd)
    bwrap = None if args.no_sandbox else find_bwrap()
    if bwrap is None and not args.no_sandbox:
        raise UsageError(NO_BWRAP)
    runbooks = _runbooks(args, loaded, cwd)
    if not runbooks:
        say("ops-lint: no runbook with drill blocks (```bash drill) in the doc set")
        return EXIT_OK
    if args.no_sandbox:
        say(f"ops-lint: warning: {UNSANDBOXED}")
    setup = Setup(loaded.root, bwrap, _default_platform(loaded), _known(loaded))
    progress = _Progress(sys.stderr)
    results = []
    for doc in runbooks:
        progress.runbook(doc.path)
        results.append(drill(doc, setup, progress.block))
    paths = write_transcripts(results, _output_dir(args, loaded, cwd))
    if args.junit:
        write_output(junit(results), str(cwd / args.junit))
    lines = [_line(r.verdict, r.path, r.reason, len(r.blocks)) for r in results]
    write_output("".join(visible(line, lines=True) + "\n" for line in lines), None)
    if args.record:
        _record(results, paths, args.by, args.as_of or dt.date.today(), loaded)
    if any(r.verdict == "error" for r in results):
        return EXIT_ERROR
    return EXIT_FAILED if any(r.verdict == "failed" for r in results) else EXIT_OK


def _line(verdict: str, path: str, reason: str, blocks: int) -> str:
    why = f": {reason}" if reason else f" ({blocks} block{'s' * (blocks != 1)})"
    return f"{verdict:<7} {path}{why}"


def _record(
    results: list[DrillResult], paths: list[Path], by: str, as_of: dt.date, loaded: LoadedConfig
) -> None:
    from ops_lint.drill import DrillError
    from ops_lint.drill.record import record

    for result, transcript in zip(results, paths, strict=True):
        if result.verdict == "error":
            say(f"ops-lint: {result.path}: not recorded: the drill did not run")
            continue
        try:
            record(
                loaded.root / result.path,
                by=by,
                as_of=as_of,
                result=result.verdict,
                evidence=transcript,
            )
        except DrillError as exc:
            say(f"ops-lint: {result.path}: not recorded: {exc}")
