"""Command line: ``ops-lint check | rules | schema``.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings; 2 usage, configuration
or rule-pack error; 3 internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ops_lint import __version__
from ops_lint.errors import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def build_parser() -> argparse.ArgumentParser:
    from ops_lint.formats import FORMATS

    parser = argparse.ArgumentParser(
        prog="ops-lint",
        description="Governance-as-code linter for operations documentation.",
    )
    parser.add_argument("--version", action="version", version=f"ops-lint {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="lint the doc set (or the given files)")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="report findings for these files only (the whole doc set is loaded)",
    )
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
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
    check.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="evaluate dates (suppression expiry, staleness) as of DATE",
    )

    rules = sub.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("code", nargs="?", help="a rule code, e.g. OPS203")
    rules.add_argument("--config", metavar="FILE")

    schema = sub.add_parser("schema", help="print a JSON Schema (pack, or a doc type)")
    schema.add_argument("name", help="'pack', 'config' or a doc type such as 'runbook'")
    return parser


def _cmd_check(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint import config as config_mod
    from ops_lint.discovery import candidate_for, discover
    from ops_lint.engine import Selection, check, load_documents
    from ops_lint.formats import renderer
    from ops_lint.packs import load_rules
    from ops_lint.report_io import write_output

    loaded = config_mod.load(args.config, cwd)
    cfg = loaded.config
    rules = load_rules(loaded)
    candidates = {c.abspath: c for c in discover(loaded)}
    targets: set[str] | None = None
    if args.paths:
        targets = set()
        for path in args.paths:
            folder = os.path.normpath(os.path.join(str(cwd), path))
            if os.path.isdir(folder):
                inside = folder.rstrip(os.sep) + os.sep
                targets.update(k for k in candidates if k.startswith(inside))
                continue
            cand = candidate_for(path, loaded, cwd)
            if cand is not None:
                candidates.setdefault(cand.abspath, cand)
                targets.add(cand.abspath)
    docs = load_documents([candidates[k] for k in sorted(candidates)], loaded, cwd)
    selection = Selection(
        args.select if args.select is not None else cfg.select,
        args.ignore if args.ignore is not None else cfg.ignore,
    )
    today = args.as_of or dt.date.today()
    report = check(docs, rules, loaded, selection, today, targets)
    for notice in report.notices:
        sys.stderr.write(f"ops-lint: warning: {notice}\n")
    text = renderer(args.format)(report, {"cwd": cwd, "config": loaded})
    write_output(text, args.output)
    if args.exit_zero:
        return EXIT_OK
    from ops_lint.diagnostic import Severity

    floor = Severity.parse(args.fail_on or cfg.fail_on)
    return EXIT_FINDINGS if any(d.severity >= floor for d in report.diagnostics) else EXIT_OK


def _cmd_rules(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint import config as config_mod
    from ops_lint.packs import load_rules
    from ops_lint.rule_docs import explain, listing

    rules = load_rules(config_mod.load(args.config, cwd))
    if args.code is None:
        sys.stdout.write(listing(rules))
        return EXIT_OK
    found = [r for r in rules if r.code == args.code.upper() or r.name == args.code]
    if not found:
        raise UsageError(f"no rule {args.code!r} (see 'ops-lint rules' for the list)")
    sys.stdout.write(explain(found[0]))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.config import Config
    from ops_lint.packs import bundled_rules_dir

    if args.name == "config":
        sys.stdout.write(json.dumps(Config.model_json_schema(by_alias=True), indent=2) + "\n")
        return EXIT_OK
    path = bundled_rules_dir() / "schemas" / f"{args.name}.schema.json"
    if not path.is_file():
        known = sorted(p.name.removesuffix(".schema.json") for p in path.parent.glob("*.json"))
        raise UsageError(f"no schema {args.name!r} (known: config, {', '.join(known)})")
    sys.stdout.write(path.read_text(encoding="utf-8"))
    return EXIT_OK


COMMANDS = {"check": _cmd_check, "rules": _cmd_rules, "schema": _cmd_schema}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    cwd = Path(os.getcwd())
    try:
        return COMMANDS[args.command](args, cwd)
    except UsageError as exc:
        sys.stderr.write(f"ops-lint: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("ops-lint: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line, not a traceback, unless asked
        if args.debug:
            raise
        where = getattr(exc, "ops_lint_file", None)
        at = f" while processing {where}" if where else ""
        sys.stderr.write(
            f"ops-lint: internal error{at}: {type(exc).__name__}: {exc} "
            "(please report it; rerun with --debug for the traceback)\n"
        )
        return EXIT_INTERNAL
