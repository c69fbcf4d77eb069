"""The speed targets, measured on real corpora at pinned commits and on generated doc sets.

Run from the project root::

    .venv/bin/python -m bench.corpora                         # everything, median of 3
    .venv/bin/python -m bench.corpora --quick --only cold,floor
    .venv/bin/python -m bench.corpora --mirror DIR --markdownlint PATH --markdown

Each figure is the median of ``--repeat`` runs after a warm-up run, each run one subprocess
of ``ops-lint`` (the project's console script, so the package is measured as it is now),
with CPU (user + system of the process and its reaped children), wall and peak RSS taken
from ``os.wait4`` (see :mod:`bench.measure`). The corpora (see :mod:`bench.pinned_corpora`)
are open-telemetry/opentelemetry.io, alphagov/govuk-developer-docs and tldr-pages/tldr at
fixed commits, with ``docs: ["."]`` and no markdownlint config. The measures, one per
target of the speed issue (``--only`` picks some by name):

``cold``
    ``check --no-cache`` CPU on opentelemetry.io and govuk-developer-docs against
    markdownlint-cli2 on the same files (``markdownlint-cli2 "**/*.md"``, default rules);
    both tools' file counts are printed, so a different file set shows.
``floor``
    the parse floors on the same files (:mod:`bench.parse_floor`), CPU, beside
    markdownlint-cli2's: a floor above a target's share of markdownlint-cli2 means the
    target cannot be met with that parser.
``warm``
    ``check`` wall on tldr with nothing changed, after the cache is filled.
``changed``
    ``check`` wall on tldr and opentelemetry.io with one doc changed (a line appended before
    every run), against 1.5 × (the nothing-changed wall + ops-lint's own in-process parse
    of that doc).
``precommit``
    ``check --no-git FILE`` wall on a copy of the bundled ``ops-docs/``, cache warm, the
    file edited before every run as a commit would; and an unchanged file.
``freshness``
    ``freshness --format json`` wall on tldr and govuk-developer-docs against one
    ``git log --name-status -M -z --no-merges`` pass read through a pipe.
``rss``
    peak RSS of a cold ``check --no-cache`` on 10,000 and 40,000 generated docs
    (:mod:`bench.gen_docs`), and the growth per 1,000 docs between them. One run per size
    (``--rss-repeat``), no warm-up: peak memory does not depend on the page cache, and
    a cold run of 40,000 docs takes minutes.

markdownlint-cli2 is ``--markdownlint PATH``, else found on ``PATH``, else installed with
``npm install --prefix CACHE/mdl markdownlint-cli2`` when npm is there; without it the
comparisons say so and the rest is measured. It is not run on tldr (45 s a run).

The measures are in :mod:`bench.speed_measures`; this module runs the ones asked for,
records a measure that fails as a row that says so, and prints the table.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import ops_lint
from bench.measure import CommandFailed
from bench.pinned_corpora import GOVUK, OPENTELEMETRY, Corpus, PrepareError
from bench.speed_measures import (
    MEASURES,
    PROJECT,
    PYTHON,
    RUNNERS,
    Bench,
    find_markdownlint,
    measure_floors,
    progress,
)
from bench.target_table import Row, markdown_table, text_table


# -- the report -------------------------------------------------------------------------
def command_output(cmd: Sequence[str], cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(list(cmd), cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def machine(b: Bench) -> dict[str, object]:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((ln.split(":", 1)[1].strip() for ln in handle if "model name" in ln), "")
    except OSError:
        pass
    commit = command_output(["git", "rev-parse", "--short=12", "HEAD"], PROJECT)
    dirty = command_output(["git", "status", "--porcelain", "--untracked-files=no"], PROJECT)
    version = command_output([PYTHON, "-I", "-c", "import ops_lint; print(ops_lint.__version__)"])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "ops_lint": f"{version} at {commit}{' (uncommitted changes)' if dirty else ''}",
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": f"{cores} usable of {os.cpu_count()}: {model}",
        "git": command_output(["git", "--version"]).removeprefix("git version "),
        "markdownlint_cli2": b.markdownlint_version or b.markdownlint or "not available",
        "node": command_output(["node", "--version"]) if b.markdownlint else "",
        "parser_env": os.environ.get("OPS_LINT_PARSER", ""),
        "repeat": b.repeat,
    }


def summary(b: Bench, ran: Sequence[str], argv: Sequence[str]) -> dict[str, object]:
    return {
        "command": ["python", "-m", "bench.corpora", *argv],
        "measures": list(ran),
        "machine": machine(b),
        "corpora": {name: p.summary() for name, p in b.prepared.items()},
        "file_counts": b.file_counts,
        "generated": b.generated,
        "rows": [row.as_dict() for row in b.rows],
    }


def print_text(b: Bench, info: dict[str, object]) -> None:
    mach = info["machine"]
    assert isinstance(mach, dict)
    print("# ops-lint speed targets\n")
    for key, value in mach.items():
        print(f"{key}: {value}")
    print()
    for name, p in b.prepared.items():
        print(
            f"corpus {p.corpus.owner}/{name} @ {p.head[:12]}: {p.markdown_files:,} .md files; "
            f"wrote .ops-lint.yaml = {p.wrote_config.strip()}; removed "
            f"{', '.join(p.removed_configs) or 'no markdownlint config'}"
            + (f"; {len(p.checkout_errors)} checkout error line(s)" if p.checkout_errors else "")
        )
    print()
    print(text_table(b.rows))
    if b.args.markdown:
        print(markdown_table(b.rows))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure (median)")
    parser.add_argument(
        "--rss-repeat", type=int, default=1, help="runs per generated doc set (median; default 1)"
    )
    parser.add_argument("--quick", action="store_true", help="one timed run per figure")
    parser.add_argument(
        "--only", default=",".join(MEASURES), help=f"comma-separated: {', '.join(MEASURES)}"
    )
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="FILE",
        help="print JSON instead of the table; with FILE, write it there and print the table",
    )
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--mirror", type=Path, help="clone from DIR/<owner>+<name>[/repo]")
    parser.add_argument("--markdownlint", help="path to markdownlint-cli2")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "ops-lint-bench-corpora",
        help="clones and generated doc sets (default: $TMPDIR/ops-lint-bench-corpora)",
    )
    args = parser.parse_args(argv)
    args.measures = [m.strip() for m in args.only.split(",") if m.strip()]
    unknown = sorted(set(args.measures) - set(MEASURES))
    if unknown:
        parser.error(f"unknown measure(s): {', '.join(unknown)}; known: {', '.join(MEASURES)}")
    if args.repeat < 1 or args.rss_repeat < 1:
        parser.error("--repeat and --rss-repeat must be at least 1")
    return args


def floors_of(b: Bench, corpus: Corpus) -> None:
    measure_floors(b, b.corpus(corpus))


def attempt(b: Bench, name: str, step: Callable[[], object]) -> None:
    """Run one measure; a failure (ops-lint crashed, a corpus could not be prepared) is
    recorded as a row that says so, and the other measures still run."""
    try:
        step()
    except (CommandFailed, PrepareError) as exc:
        progress(f"{name} failed: {exc}")
        b.failed[name] = str(exc)
        b.rows.append(Row(f"{name}: FAILED", "s", note=str(exc)[:500]))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    b = Bench(args)
    started = time.perf_counter()
    # Bytecode as any installed copy has it after its first run (an environment that
    # writes none would otherwise compile the package again in every measured run).
    compileall.compile_dir(str(Path(ops_lint.__file__).parent), quiet=1)
    ran = [m for m in MEASURES if m in args.measures]
    try:
        if {"cold", "floor"} & set(ran):
            b.markdownlint = find_markdownlint(args.markdownlint, b.cache)
            if b.markdownlint is None:
                print("markdownlint-cli2 not available", file=sys.stderr)
        if "cold" in ran and "floor" in ran:  # the cold rows quote the floor: measure it first
            for corpus in (OPENTELEMETRY, GOVUK):
                attempt(b, "floor", partial(floors_of, b, corpus))
        for name in ran:
            if name not in b.failed:
                attempt(b, name, partial(RUNNERS[name], b))
        info = summary(b, ran, argv)
        info["failed"] = b.failed
        info["seconds"] = round(time.perf_counter() - started, 1)
    finally:
        shutil.rmtree(b.scratch, ignore_errors=True)
    if args.json and args.json != "-":
        Path(args.json).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    if args.json == "-":
        print(json.dumps(info, indent=2))
    else:
        print_text(b, info)
        print(f"whole run: {info['seconds']} s")
    return 1 if b.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
