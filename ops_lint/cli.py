"""Command line: ``ops-lint check | freshness | review | inspect | rules | schema | init |
drill | slo | completion | server``.

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
from typing import TYPE_CHECKING

from ops_lint.cli_args import _quarter_end, build_parser
from ops_lint.errors import UsageError
from ops_lint.escape import visible
from ops_lint.report_io import guard_standard_fds, say, write_output

if TYPE_CHECKING:
    from ops_lint.pipeline import RunOptions

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _run_options(args: argparse.Namespace, cwd: Path) -> RunOptions:
    from ops_lint.pipeline import RunOptions

    return RunOptions(
        cwd=cwd,
        paths=tuple(args.paths),
        config=args.config,
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(args.ignore) if args.ignore is not None else None,
        as_of=args.as_of,
        use_git=not args.no_git,
        use_cache=not args.no_cache,
        jobs=args.jobs,
        baseline=args.baseline,
        update_baseline=args.update_baseline,
        changed_from=args.changed_from,
    )


def _cmd_check(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.cli_habits import render_report, show_instead
    from ops_lint.diagnostic import Severity
    from ops_lint.formats import RenderContext
    from ops_lint.pipeline import lint

    if show_instead(args, _run_options(args, cwd)):
        return EXIT_OK
    if args.fix or args.unsafe_fixes or args.diff:
        from ops_lint.fixes import lint_and_fix, summary

        fixed = lint_and_fix(_run_options(args, cwd), args.unsafe_fixes, args.diff)
        if fixed.diff is not None:  # --diff: the changes are the output
            write_output(fixed.diff, args.output)
            return EXIT_FINDINGS if fixed.diff else EXIT_OK
        say(f"ops-lint: {summary(fixed, args.unsafe_fixes)}")
        result = fixed.result
    else:
        result = lint(_run_options(args, cwd))
    report = result.report
    if args.update_baseline:
        from ops_lint import baseline

        write_output(baseline.dump(report.diagnostics), args.baseline)
        say(f"ops-lint: wrote {len(report.diagnostics)} findings to {args.baseline}")
        return EXIT_OK
    for notice in report.notices:
        say(f"ops-lint: warning: {notice}")
    fmt = args.format
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    fail_on = args.fail_on or result.loaded.config.fail_on
    context = RenderContext(
        cwd=cwd,
        root=result.loaded.root,
        as_of=result.as_of.isoformat(),
        fail_on=fail_on,
        enabled=result.enabled,
        baselined=len(report.baselined),
    )
    write_output(render_report(fmt, report, context, args), args.output)
    if args.exit_zero:
        return EXIT_OK
    floor = Severity.parse(fail_on)
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
    from ops_lint.freshness import TerminalProgress, history_notice
    from ops_lint.freshness_run import FreshnessOptions, freshness
    from ops_lint.reports import renderer, to_dict
    from ops_lint.reports.previous import load_previous

    loaded = config_mod.load(args.config, cwd)
    previous = load_previous(args.previous) if args.previous else None  # fails before the run
    as_of, in_progress = _report_day(args, dt.date.today())
    tty = sys.stderr is not None and sys.stderr.isatty()
    progress = TerminalProgress(sys.stderr) if tty else None
    options = FreshnessOptions(cwd, loaded, as_of, args.due_within, args.window_days, progress)
    result = freshness(options)
    if progress is not None:
        progress.done()
    notice = history_notice(result.freshness.history)
    if notice:
        say(f"ops-lint: warning: {notice}")
    links_from = os.path.dirname(os.path.abspath(args.output)) if args.output else None
    data = to_dict(
        result.freshness, result.loaded.root, args.quarter, previous, in_progress, links_from
    )
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
        text = explain(found[0], rules)
    write_output(visible(text, lines=True), None)  # pack text may hold terminal controls
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.config import is_plain_type
    from ops_lint.packs import bundled_rules_dir

    if args.name == "inspect":
        from ops_lint.inspect_render import json_schema

        write_output(json_schema(), None)
        return EXIT_OK
    if args.name == "config":
        from ops_lint.config_schema import config_schema

        write_output(json.dumps(config_schema(), indent=2) + "\n", None)
        return EXIT_OK
    path = bundled_rules_dir() / "schemas" / f"{args.name}.schema.json"
    if not is_plain_type(args.name) or not path.is_file():
        known = sorted(p.name.removesuffix(".schema.json") for p in path.parent.glob("*.json"))
        raise UsageError(f"no schema {args.name!r} (known: config, inspect, {', '.join(known)})")
    write_output(path.read_text(encoding="utf-8"), None)
    return EXIT_OK


def _cmd_inspect(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.inspect_models import InspectOptions, inspect_docs
    from ops_lint.inspect_render import to_json, to_text

    report = inspect_docs(InspectOptions(cwd, tuple(args.paths), args.config))
    text = to_json(report) if args.format == "json" else visible(to_text(report), lines=True)
    write_output(text, args.output)
    return EXIT_OK


def _cmd_init(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.init import init

    lines = init(cwd / args.dir, args.docs, args.dir)
    write_output("".join(f"{visible(line, lines=True)}\n" for line in lines), None)
    return EXIT_OK


def _cmd_drill(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.drill.command import run

    return run(args, cwd)


def _cmd_gate(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.gate_command import run

    return run(args, cwd)


def _cmd_review(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.review_command import run

    return run(args, cwd)


def _cmd_server(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.lsp_command import run

    return run(args, cwd)


def _cmd_slo(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.slo_command import run

    return run(args, cwd)


def _cmd_completion(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.cli_habits import run_completion

    return run_completion(args, cwd)


COMMANDS = {
    "check": _cmd_check,
    "freshness": _cmd_freshness,
    "rules": _cmd_rules,
    "schema": _cmd_schema,
    "init": _cmd_init,
    "inspect": _cmd_inspect,
    "gate": _cmd_gate,
    "slo": _cmd_slo,
    "drill": _cmd_drill,
    "server": _cmd_server,
    "review": _cmd_review,
    "completion": _cmd_completion,
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
