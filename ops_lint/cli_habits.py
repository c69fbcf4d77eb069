"""``ops-lint check`` habits: ``--quiet``, ``--statistics``, ``--color``, ``--show-settings``,
``--show-files``; and ``ops-lint completion SHELL``.

- ``--quiet``: the report holds the findings only (no hints, no summary); warnings on
  standard error still appear.
- ``--statistics``: the count of findings per code after the findings, most frequent
  first. In the text format it is part of the report; with a machine format (JSON, SARIF,
  ...) it goes to standard error, so the report stays valid.
- ``--color auto|always|never``: see ``ops_lint.colour``.
- ``--show-settings``: the resolved config, each value with where it came from
  (``ops_lint.cli_settings``), then exit 0 without checking anything.
- ``--show-files``: the files the run would check, relative to the working directory,
  each with its doc type (``-`` for none), then exit 0 without checking anything.
- ``ops-lint completion bash|zsh|tcsh``: a completion script made by ``shtab`` from the
  command line's own parser, so it never lags behind an option.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ops_lint.colour import CHOICES, wanted
from ops_lint.escape import visible, visible_path
from ops_lint.report_io import write_output

if TYPE_CHECKING:
    from ops_lint.cli_args import Subparsers
    from ops_lint.formats import RenderContext
    from ops_lint.pipeline import RunOptions
    from ops_lint.results import Report

SHELLS = ("bash", "zsh", "tcsh")


def add_habits(
    check: argparse.ArgumentParser, sub: Subparsers, common: argparse.ArgumentParser
) -> None:
    """The options of ``check`` below, and the ``completion`` command."""
    add_check_options(check)
    add_completion(sub, common)


def add_check_options(check: argparse.ArgumentParser) -> None:
    habits = check.add_argument_group("output habits")
    habits.add_argument(
        "--quiet", "-q", action="store_true", help="print the findings only: no hints, no summary"
    )
    habits.add_argument(
        "--statistics", action="store_true", help="count the findings per code after them"
    )
    habits.add_argument(
        "--color",
        choices=CHOICES,
        default="auto",
        help="colour the text report: auto (a terminal, unless NO_COLOR is set), always, never",
    )
    habits.add_argument(
        "--show-settings",
        action="store_true",
        help="print the resolved config and where each value came from, then exit",
    )
    habits.add_argument(
        "--show-files",
        action="store_true",
        help="list the files the run would check with their doc type, then exit",
    )


def add_completion(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    completion = sub.add_parser(
        "completion", help="print a shell completion script (bash, zsh, tcsh)", parents=[common]
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def run_completion(args: argparse.Namespace, cwd: Path) -> int:
    import shtab

    from ops_lint.cli_args import build_parser

    write_output(shtab.complete(build_parser(), shell=args.shell), None)
    return 0


def show_instead(args: argparse.Namespace, options: RunOptions) -> bool:
    """Handle ``--show-settings`` / ``--show-files``; True if one of them was asked."""
    if args.show_settings:
        from ops_lint.cli_settings import settings_text

        write_output(visible(settings_text(args, options.cwd), lines=True), args.output)
        return True
    if args.show_files:
        write_output(files_text(options), args.output)
        return True
    return False


def files_text(options: RunOptions) -> str:
    """The files the run would check (only the given PATHs' if any), each with its type."""
    from ops_lint import config as config_mod
    from ops_lint.cache import DocumentCache
    from ops_lint.discovery import discover
    from ops_lint.loader import load_documents
    from ops_lint.pipeline import targets_of

    loaded = config_mod.load(options.config, options.cwd)
    candidates = {c.abspath: c for c in discover(loaded)}
    targets = targets_of(options, loaded, candidates)
    chosen = [candidates[k] for k in sorted(candidates) if targets is None or k in targets]
    cache = DocumentCache(loaded.root) if options.use_cache else None
    docs = load_documents(chosen, loaded, cache=cache, jobs=options.jobs, light=True)
    rows = []
    for doc in docs:
        shown = visible_path(os.path.relpath(doc.abspath, options.cwd))
        note = f"  (unreadable: {visible(doc.read_error)})" if doc.read_error else ""
        rows.append(f"{shown}\t{visible(doc.doc_type or '-')}{note}\n")
    return "".join(rows)


def render_report(
    fmt: str, report: Report, context: RenderContext, args: argparse.Namespace
) -> str:
    """The report in ``fmt`` with the habits applied (text: quiet, statistics, colour)."""
    from ops_lint.formats import renderer
    from ops_lint.formats.text import TextOptions, render_text, statistics

    if fmt == "text":
        colour = wanted(args.color, to_file=args.output is not None, stream=sys.stdout)
        options = TextOptions(args.quiet, args.statistics, colour)
        return render_text(report, context, options)
    if args.statistics and sys.stderr is not None:  # the report itself stays valid
        sys.stderr.write("".join(f"{line}\n" for line in statistics(report)))
    return renderer(fmt)(report, context)
