"""The command line's arguments: value types and the parser of every subcommand."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from typing import TYPE_CHECKING

from ops_lint import __version__

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def _quarter(value: str) -> str:
    match = re.fullmatch(r"(\d{4})[-_ ]?[Qq]([1-4])", value.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a quarter (e.g. 2026Q4): {value!r}")
    return f"{match.group(1)}Q{match.group(2)}"


def _quarter_end(quarter: str) -> dt.date:
    year, q = int(quarter[:4]), int(quarter[5])
    nxt = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return nxt - dt.timedelta(days=1)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return int(value)


def _days(value: str) -> int:
    match = re.fullmatch(r"(\d+)\s*([dw]?)", value.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(f"not a number of days (e.g. 30d, 4w): {value!r}")
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


def _doc_path(value: str) -> str:
    if value == "-":  # a doc has no path on stdin: its links and owners could not be resolved
        raise argparse.ArgumentTypeError(
            "'-' (standard input) is not supported: give the paths of the docs to check"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ops-lint",
        description="Governance-as-code linter for operations documentation.",
    )
    parser.add_argument("--version", action="version", version=f"ops-lint {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    # ``--debug`` is also taken after the command (``ops-lint check --debug``), as the
    # internal-error message suggests; SUPPRESS keeps a subcommand from resetting it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_check(sub, common)
    _add_freshness(sub, common)
    _add_others(sub, common)
    _add_inspect(sub, common)
    _add_drill(sub, common)
    _add_own_parsers(sub, common)
    from ops_lint.review_command import add_parser as add_review

    add_review(sub, common)
    return parser


def _add_own_parsers(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """``gate``, ``slo`` and ``server``: their modules declare their arguments."""
    from ops_lint import gate_command, lsp_command, slo_command

    for module in (gate_command, slo_command, lsp_command):
        module.add_parser(sub, common)


def _add_check(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    from ops_lint.cli_habits import add_habits
    from ops_lint.fixes import add_arguments as fix_arguments
    from ops_lint.formats import FORMATS

    check = sub.add_parser("check", help="lint the doc set (or the given files)", parents=[common])
    check.add_argument(
        "paths",
        nargs="*",
        type=_doc_path,
        metavar="PATH",
        help="report findings for these files only (the whole doc set is loaded)",
    )
    check.add_argument(
        "--format",
        choices=[*sorted(FORMATS), "auto"],
        default="text",
        help="output format; auto: github under GitHub Actions, else text",
    )
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument("--config", metavar="FILE", help="config file (default: searched upwards)")
    check.add_argument(
        "--select",
        type=_codes,
        metavar="CODES",
        help="comma-separated code prefixes to enable (replaces the config's)",
    )
    check.add_argument(
        "--ignore",
        type=_codes,
        metavar="CODES",
        help="comma-separated code prefixes to disable (replaces the config's)",
    )
    check.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help="lowest severity that fails the run (default: error)",
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    _add_check_run(check)
    fix_arguments(check)
    add_habits(check, sub, common)  # --quiet, --color, --show-settings...; completion


def _add_check_run(check: argparse.ArgumentParser) -> None:
    """How the run is made: date, git, cache, jobs, baseline, change."""
    check.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="evaluate dates (suppression expiry, staleness) as of DATE",
    )
    check.add_argument(
        "--no-git",
        action="store_true",
        help="do not read git history: freshness rules use front-matter dates only",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every file afresh (no parse cache, no stored results; --changed-from still "
        "writes its temporary copy of REV under .ops_lint_cache/)",
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        metavar="N",
        help="parse on N processes (default: all cores)",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="findings recorded in FILE are reported as baselined, not failures",
    )
    check.add_argument(
        "--update-baseline",
        action="store_true",
        help="write the current findings to the --baseline file and exit 0",
    )
    check.add_argument(
        "--changed-from",
        metavar="REV",
        help="report what the change since REV (e.g. HEAD) causes: every finding in the given "
        "PATHs, plus every finding elsewhere in the doc set that REV does not have; PATHs "
        "outside the doc set (owners roster, config) are accepted and ignored. REV's files "
        "are written to a folder in .ops_lint_cache/ for the run and removed after it",
    )


def _add_freshness(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    fresh = sub.add_parser("freshness", help="write the doc-freshness report", parents=[common])
    fresh.add_argument("--config", metavar="FILE")
    fresh.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="report as of DATE, the repository as it was then (default: today, or the "
        "end of --quarter)",
    )
    fresh.add_argument(
        "--quarter",
        type=_quarter,
        metavar="YYYYQN",
        help="report on a quarter, e.g. 2026Q4: as of its last day, or today while it runs",
    )
    fresh.add_argument(
        "--due-within",
        type=_days,
        default=30,
        metavar="DAYS",
        help="'due-soon' window, e.g. 30d or 4w (default 30d)",
    )
    fresh.add_argument(
        "--window-days",
        type=_days,
        default=365,
        metavar="DAYS",
        help="window for distinct authors (default 365d)",
    )
    fresh.add_argument("--format", choices=["markdown", "html", "json", "csv"], default="markdown")
    fresh.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    fresh.add_argument(
        "--previous", metavar="OLD.json", help="last quarter's JSON report, to show the trend"
    )
    fresh.add_argument("--fail-on-stale", action="store_true", help="exit 1 if any doc is stale")


def _add_others(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    rules = sub.add_parser("rules", help="list the rules, or explain one", parents=[common])
    rules.add_argument("code", nargs="?", help="a rule code, e.g. OPS203")
    rules.add_argument("--config", metavar="FILE")

    schema = sub.add_parser(
        "schema", help="print a JSON Schema (pack, or a doc type)", parents=[common]
    )
    schema.add_argument("name", help="'pack', 'config', 'inspect' or a doc type such as 'runbook'")

    init = sub.add_parser(
        "init", help="scaffold ops-docs/, owners, config and pre-commit hook", parents=[common]
    )
    init.add_argument("dir", nargs="?", default=".", metavar="DIR", help="default: .")
    init.add_argument("--docs", default="ops-docs", help="docs folder in DIR (default ops-docs)")


def _add_inspect(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    inspect = sub.add_parser(
        "inspect",
        help="show the governance model the rules read (RACI, severity matrix, SLOs...)",
        parents=[common],
    )
    inspect.add_argument(
        "paths",
        nargs="*",
        type=_doc_path,
        metavar="FILE",
        help="docs to inspect (default: every doc that holds a governance concept)",
    )
    inspect.add_argument("--format", choices=["text", "json"], default="text")
    inspect.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE")
    inspect.add_argument("--config", metavar="FILE", help="config file (default: searched upwards)")


def _add_drill(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    drill = sub.add_parser(
        "drill",
        help="rehearse runbooks offline: run their drill blocks against a simulated platform",
        parents=[common],
    )
    drill.add_argument(
        "paths",
        nargs="*",
        type=_doc_path,
        metavar="RUNBOOK",
        help="runbooks to drill (default: every runbook with drill blocks)",
    )
    drill.add_argument("--config", metavar="FILE", help="config file (default: searched upwards)")
    drill.add_argument(
        "--output",
        "-o",
        metavar="DIR",
        help="folder of the transcripts (default: drill.output, .ops_lint_cache/drills/)",
    )
    drill.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report to FILE")
    drill.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run without bwrap: a scrubbed environment and a temporary dir only",
    )
    drill.add_argument(
        "--record",
        action="store_true",
        help="write each result into the runbook's dry_run front-matter (needs --by)",
    )
    drill.add_argument("--by", metavar="@HANDLE", help="who ran the drill (for --record)")
    drill.add_argument(
        "--as-of", type=_date, metavar="DATE", help="the date --record writes (default: today)"
    )
