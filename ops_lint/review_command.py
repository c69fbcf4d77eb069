"""``ops-lint review PATH... [--by TEAM] [--as-of DATE] [--dry-run]``: record a review.

Each doc's review date field (``freshness.fields.last_reviewed``, dotted for a nested
field) is set to ``--as-of`` (default: today) and, with ``--by``, its reviewed-by field
(``freshness.fields.reviewed_by``) to the roster team's id; nothing else in the file
changes (:mod:`ops_lint.review`). A commit that changes only these lines is a review
attestation: ``freshness`` counts the doc as reviewed on that date, not as edited.

Every file is checked before any is written: when one is refused (not a doc of the doc
set, a symlink out of the project, binary, front-matter that does not parse or is no
mapping) or ``--by`` names no roster team, nothing is written and the exit code is 2.
``--dry-run`` prints the change as a diff and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from ops_lint.errors import UsageError
from ops_lint.escape import visible, visible_path
from ops_lint.report_io import say, write_output

if TYPE_CHECKING:  # the parser is built for every command: the rest is imported by run()
    from ops_lint.config import LoadedConfig

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_OK, EXIT_REFUSED = 0, 2


def add_parser(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """The ``review`` subcommand's arguments."""
    from ops_lint.cli_args import _date, _doc_path

    review = sub.add_parser(
        "review",
        help="record a review: set the docs' review date (and reviewing team) in place",
        parents=[common],
    )
    review.add_argument(
        "paths", nargs="+", type=_doc_path, metavar="PATH", help="the docs reviewed"
    )
    review.add_argument(
        "--by", metavar="TEAM", help="the reviewing team (a team of the owners roster)"
    )
    review.add_argument(
        "--as-of", type=_date, metavar="DATE", help="the review date written (default: today)"
    )
    review.add_argument(
        "--dry-run", action="store_true", help="print the change as a diff; write nothing"
    )
    review.add_argument("--config", metavar="FILE", help="config file (default: searched upwards)")


def _team(by: str, loaded: LoadedConfig, today: dt.date) -> str:
    """The roster id of team ``by``; a usage error when the roster does not name it."""
    from ops_lint.context import Context
    from ops_lint.roster import suggest

    roster = Context([], loaded.config, loaded.root, today).roster
    if roster.error:
        raise UsageError(f"--by {by!r}: {roster.error}")
    team = roster.team(by)
    if team is None:
        hint = suggest(by, roster).rstrip("; ")
        raise UsageError(
            f"--by {by!r} is not a team of the owners roster {roster.path}"
            + (f" ({hint})" if hint else "")
        )
    return team.id


def _read(path: str, loaded: LoadedConfig, cwd: Path) -> tuple[Path, str, bytes]:
    """The doc at ``path``: its file, its path in the project and its bytes."""
    from ops_lint.discovery import candidate_for
    from ops_lint.review import Refused
    from ops_lint.safe_files import UnsafeFile, read_bytes

    candidate = candidate_for(path, loaded, cwd)
    if candidate is None:
        raise Refused("not a doc of the doc set (see docs, include and exclude in the config)")
    if candidate.problem is not None:
        raise Refused(candidate.problem)
    try:
        data = read_bytes(candidate.abspath, loaded.root, loaded.config.max_file_size)
    except (UnsafeFile, OSError) as exc:
        raise Refused(str(exc).split(": ", 1)[-1]) from None
    return Path(candidate.abspath), candidate.key, data


def _diff(key: str, before: bytes, after: bytes) -> str:
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, f"a/{key}", f"b/{key}"))


def run(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint import config as config_mod
    from ops_lint.review import Refused, record, write_file

    loaded = config_mod.load(args.config, cwd)
    fields = loaded.config.freshness.fields
    day: dt.date = args.as_of or dt.date.today()
    values = [(fields.last_reviewed, day.isoformat())]
    if args.by is not None:
        if not fields.reviewed_by:
            raise UsageError("--by: freshness.fields.reviewed_by names no field to write")
        values.append((fields.reviewed_by, _team(args.by, loaded, day)))
    planned: list[tuple[Path, str, bytes, bytes]] = []
    refused = 0
    for path in args.paths:
        try:
            file, key, before = _read(path, loaded, cwd)
            planned.append((file, key, before, record(before, values)))
        except Refused as exc:
            say(f"ops-lint: error: {visible_path(path)}: {exc}")
            refused += 1
    if refused:
        say(f"ops-lint: {refused} of {len(args.paths)} file(s) refused; nothing written")
        return EXIT_REFUSED
    said = ", ".join(f"{name} {value}" for name, value in values)
    for file, key, before, after in planned:
        if before == after:
            write_output(f"{visible_path(key)}: already reviewed ({said}): unchanged\n", None)
        elif args.dry_run:
            write_output(visible(_diff(key, before, after), lines=True), None)
        else:
            write_file(file, after)
            write_output(f"{visible_path(key)}: reviewed ({said})\n", None)
    return EXIT_OK
