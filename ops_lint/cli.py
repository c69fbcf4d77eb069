"""Command line: ``ops-lint check | rules | schema``.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings; 2 usage, configuration
or rule-pack error; 3 internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from ops_lint import __version__
from ops_lint.errors import UsageError
from ops_lint.escape import visible
from ops_lint.report_io import guard_standard_fds, say, write_output

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


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
    from ops_lint.formats import FORMATS

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
        help="parse every file afresh (no parse cache, no run memo; --changed-from still "
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

    rules = sub.add_parser("rules", help="list the rules, or explain one", parents=[common])
    rules.add_argument("code", nargs="?", help="a rule code, e.g. OPS203")
    rules.add_argument("--config", metavar="FILE")

    schema = sub.add_parser(
        "schema", help="print a JSON Schema (pack, or a doc type)", parents=[common]
    )
    schema.add_argument("name", help="'pack', 'config' or a doc type such as 'runbook'")

    init = sub.add_parser(
        "init", help="scaffold ops-docs/, owners, config and pre-commit hook", parents=[common]
    )
    init.add_argument("dir", nargs="?", default=".", metavar="DIR", help="default: .")
    init.add_argument("--docs", default="ops-docs", help="docs folder in DIR (default ops-docs)")
    return parser


def _cmd_check(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint import config as config_mod
    from ops_lint.cache import DocumentCache
    from ops_lint.discovery import candidate_for, discover
    from ops_lint.engine import Selection, check
    from ops_lint.formats import renderer
    from ops_lint.loader import load_documents, read_inputs
    from ops_lint.packs import load_rules
    from ops_lint.run_memo import RunMemo, run_key

    loaded = config_mod.load(args.config, cwd)
    cfg = loaded.config
    rules = load_rules(loaded)
    accepted = None
    if args.update_baseline and not args.baseline:
        raise UsageError("--update-baseline needs --baseline FILE")
    changed = args.changed_from is not None
    if changed and args.update_baseline:
        raise UsageError("--update-baseline records every finding: drop --changed-from")
    if args.baseline and not args.update_baseline:  # a bad baseline fails before the run
        from ops_lint import baseline

        accepted = baseline.load(args.baseline)
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
            if changed and (cand is None or cand.abspath not in candidates):
                continue  # not a doc of the doc set: a roster, config or code change
            if cand is not None:
                candidates.setdefault(cand.abspath, cand)
                targets.add(cand.abspath)
    selection = Selection(
        args.select if args.select is not None else cfg.select,
        args.ignore if args.ignore is not None else cfg.ignore,
    )
    ordered = [candidates[k] for k in sorted(candidates)]
    needs_history = not args.no_git and any(
        r.kind.needs_history and selection.enabled(r.code) for r in rules
    )
    today = args.as_of or dt.date.today()
    cache = None if args.no_cache else DocumentCache(loaded.root)
    inputs = read_inputs(ordered, loaded)
    # --changed-from: findings outside the given files count too, so all docs are checked
    scope = None if changed else targets
    report = memo = key = history = None
    if cache is not None:  # an unchanged run is answered from memory
        settings = {
            "as_of": today.isoformat(),
            "targets": sorted(scope) if scope is not None else None,
            "select": selection.select,
            "ignore": selection.ignore,
            "use_git": not args.no_git,
            "cwd": str(cwd),
        }
        key = run_key(loaded, rules, inputs, settings, needs_history)
        memo = RunMemo(loaded.root)
        report = memo.recall(key, rules)
    if report is None:
        if needs_history:
            from ops_lint.freshness import start_history

            readable = [i.candidate.abspath for i in inputs if isinstance(i.data, bytes)]
            history = start_history(cfg, loaded.root, readable)  # git works while we parse
        docs = load_documents(ordered, loaded, cwd, cache=cache, jobs=args.jobs, inputs=inputs)
        del inputs  # the files' bytes are not needed once parsed
        report = check(
            docs,
            rules,
            loaded,
            selection,
            today,
            scope,
            use_git=not args.no_git,
            history=history,
            cache=cache,
        )
        if cache is not None and memo is not None and key is not None:
            cache.save()
            memo.remember(key, report)
    if changed:
        from ops_lint.changes import RunSettings, caused_by_change

        run = RunSettings(
            args.select, args.ignore, today, not args.no_git, args.jobs, args.config, cache, history
        )
        report = caused_by_change(report, args.changed_from, loaded, cwd, targets or set(), run)
    if args.update_baseline:
        from ops_lint import baseline

        write_output(baseline.dump(report.diagnostics), args.baseline)
        say(f"ops-lint: wrote {len(report.diagnostics)} findings to {args.baseline}")
        return EXIT_OK
    if accepted is not None:
        from ops_lint import baseline

        report.diagnostics, report.baselined = baseline.split(report.diagnostics, accepted)
    for notice in report.notices:
        say(f"ops-lint: warning: {notice}")
    fmt = args.format
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    info = {
        "cwd": cwd,
        "config": loaded,
        "as_of": today.isoformat(),
        "fail_on": args.fail_on or cfg.fail_on,
        "enabled": selection.enabled,
        "baselined": len(report.baselined),
    }
    text = renderer(fmt)(report, info)
    write_output(text, args.output)
    if args.exit_zero:
        return EXIT_OK
    from ops_lint.diagnostic import Severity

    floor = Severity.parse(args.fail_on or cfg.fail_on)
    return EXIT_FINDINGS if any(d.severity >= floor for d in report.diagnostics) else EXIT_OK


def _report_day(args: argparse.Namespace, today: dt.date) -> tuple[dt.date, bool]:
    """The report's date, and whether ``--quarter`` names a quarter not over by then.

    A quarter still in progress is reported as of today (its end has not happened yet);
    one that has not started is a usage error.
    """
    if not args.quarter:
        return args.as_of or today, False
    end = _quarter_end(args.quarter)
    start = dt.date(end.year, end.month - 2, 1)
    if start > today:
        raise UsageError(f"quarter {args.quarter} has not started yet (today is {today})")
    as_of = args.as_of or min(end, today)
    return as_of, as_of < end


def _cmd_freshness(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint import config as config_mod
    from ops_lint.cache import DocumentCache
    from ops_lint.context import Context
    from ops_lint.discovery import discover
    from ops_lint.freshness import TerminalProgress, compute, history_notice, start_history
    from ops_lint.freshness_as_of import load_past
    from ops_lint.loader import load_documents
    from ops_lint.reports import renderer, to_dict
    from ops_lint.reports.previous import load_previous

    loaded = config_mod.load(args.config, cwd)
    previous = load_previous(args.previous) if args.previous else None  # fails before the run
    as_of, in_progress = _report_day(args, dt.date.today())
    tty = sys.stderr is not None and sys.stderr.isatty()
    progress = TerminalProgress(sys.stderr) if tty else None
    # Parsed docs already in the cache are used as they are; the rest are read light.
    cache = DocumentCache(loaded.root)
    past = load_past(loaded, cwd, as_of, cache, progress)  # the repository as of that date
    if past is not None:
        docs, history = past
    else:
        candidates = discover(loaded)
        readable = [c.abspath for c in candidates if c.problem is None]
        history = start_history(loaded.config, loaded.root, readable, progress)  # git runs now
        docs = load_documents(candidates, loaded, cwd, cache=cache, light=True)
    ctx = Context(docs, loaded.config, loaded.root, as_of)
    ctx.history_future = history
    run = compute(ctx, as_of, args.due_within, args.window_days)
    if progress is not None:
        progress.done()
    notice = history_notice(run.history)
    if notice:
        say(f"ops-lint: warning: {notice}")
    links_from = os.path.dirname(os.path.abspath(args.output)) if args.output else None
    data = to_dict(run, loaded.root, args.quarter, previous, in_progress, links_from)
    write_output(renderer(args.format)(data), args.output)
    stale = data["summary"]["by_status"]["stale"]["count"]
    return EXIT_FINDINGS if args.fail_on_stale and stale else EXIT_OK


def _cmd_rules(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint import config as config_mod
    from ops_lint.packs import load_rules
    from ops_lint.rule_docs import explain, listing

    rules = load_rules(config_mod.load(args.config, cwd))
    if args.code is None:
        text = listing(rules)
    else:
        found = [r for r in rules if r.code == args.code.upper() or r.name == args.code]
        if not found:
            raise UsageError(f"no rule {args.code!r} (see 'ops-lint rules' for the list)")
        text = explain(found[0])
    write_output(visible(text, lines=True), None)  # pack text may hold terminal controls
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.config import Config, is_plain_type
    from ops_lint.packs import bundled_rules_dir

    if args.name == "config":
        write_output(json.dumps(Config.model_json_schema(by_alias=True), indent=2) + "\n", None)
        return EXIT_OK
    path = bundled_rules_dir() / "schemas" / f"{args.name}.schema.json"
    if not is_plain_type(args.name) or not path.is_file():
        known = sorted(p.name.removesuffix(".schema.json") for p in path.parent.glob("*.json"))
        raise UsageError(f"no schema {args.name!r} (known: config, {', '.join(known)})")
    write_output(path.read_text(encoding="utf-8"), None)
    return EXIT_OK


def _cmd_init(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.init import init

    lines = init(cwd / args.dir, args.docs, args.dir)
    write_output("".join(f"{visible(line, lines=True)}\n" for line in lines), None)
    return EXIT_OK


COMMANDS = {
    "check": _cmd_check,
    "freshness": _cmd_freshness,
    "rules": _cmd_rules,
    "schema": _cmd_schema,
    "init": _cmd_init,
}


def main(argv: Sequence[str] | None = None) -> int:
    # Relative entries ('' under ``python -c``) would import from the checkout under review.
    sys.path[:] = [p for p in sys.path if os.path.isabs(p)]
    guard_standard_fds()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        cwd = Path(os.getcwd())
        return COMMANDS[args.command](args, cwd)
    except UsageError as exc:
        say(f"ops-lint: error: {exc}")  # one line, control characters shown as escapes
        return EXIT_USAGE
    except KeyboardInterrupt:
        say("ops-lint: interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line, not a traceback, unless asked
        if args.debug:
            raise
        from ops_lint.errors import InternalError

        if isinstance(exc, InternalError):
            at, detail = f" while processing {exc.where}", str(exc)
        else:
            at, detail = "", f"{type(exc).__name__}: {exc}"
        message = " ".join(detail.split())[:300]
        say(
            f"ops-lint: internal error{at}: {message} "
            "(please report it; rerun with --debug for the traceback)"
        )
        return EXIT_INTERNAL
