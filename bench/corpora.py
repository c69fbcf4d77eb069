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
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from bench import parse_floor
from bench.check_bench import doc_set
from bench.measure import CommandFailed, Sample, median_of, read_through_pipe, run_measured
from bench.pinned_corpora import (
    GOVUK,
    OPENTELEMETRY,
    SAFE_ENV,
    SAFE_GIT,
    TLDR,
    Corpus,
    Prepared,
    PrepareError,
    prepare,
)
from bench.target_table import Row, markdown_table, ratio, text_table

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = str(PROJECT / ".venv" / "bin" / "python")
CONSOLE = PROJECT / ".venv" / "bin" / "ops-lint"
OK = (0, 1)  # findings are not a failure; 2 (usage/config error) and crashes are
MEASURES = ("cold", "floor", "warm", "changed", "precommit", "freshness", "rss")
NPM_OPTIONS = ("--ignore-scripts", "--no-audit", "--no-fund")
GENERATED_SIZES = (10_000, 40_000)
GENERATED_AS_OF = "2026-11-27"
PRECOMMIT_EDITED = "ops-docs/runbooks/routing-dlq-backlog.md"
PRECOMMIT_UNCHANGED = "ops-docs/policies/severity-policy.md"


def ops_lint(*args: str) -> list[str]:
    """The installed console script: ``python -m`` would put the corpus on ``sys.path``."""
    if CONSOLE.exists():
        return [str(CONSOLE), *args]
    return [sys.executable, "-I", "-m", "ops_lint", *args]


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def safe_git(*args: str) -> list[str]:
    return ["git", "--no-pager", *[p for item in SAFE_GIT for p in ("-c", item)], *args]


def git_env() -> dict[str, str]:
    return {**os.environ, **SAFE_ENV}


def runner(
    cmd: Sequence[str], root: Path, ok: Sequence[int] = OK, piped: bool = False
) -> Callable[[int], Sample]:
    """One measured run of ``cmd`` in ``root`` (``piped``: git, its output read and dropped)."""

    def once(n: int) -> Sample:
        if piped:
            return read_through_pipe(cmd, root, git_env())
        return run_measured(cmd, root, ok)

    return once


# -- markdownlint-cli2 ------------------------------------------------------------------
def find_markdownlint(explicit: str | None, cache: Path) -> str | None:
    if explicit:
        return explicit if Path(explicit).exists() or shutil.which(explicit) else None
    found = shutil.which("markdownlint-cli2")
    local = cache / "mdl" / "node_modules" / ".bin" / "markdownlint-cli2"
    if found or local.exists():
        return found or str(local)
    npm = shutil.which("npm")
    if npm is None:
        return None
    progress(f"installing markdownlint-cli2 into {cache / 'mdl'} ...")
    done = subprocess.run(
        [npm, "install", "--prefix", str(cache / "mdl"), *NPM_OPTIONS, "markdownlint-cli2"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    return str(local) if done.returncode == 0 and local.exists() else None


def markdownlint_files(output: str) -> int | None:
    """The file count markdownlint-cli2 prints ("Linting: 242 file(s)")."""
    match = re.search(r"Linting: (\d+) file", output)
    return int(match.group(1)) if match else None


# -- the run ----------------------------------------------------------------------------
class Bench:
    """Corpora prepared on first use, and the figures several measures share."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.repeat: int = 1 if args.quick else args.repeat
        self.rss_repeat: int = 1 if args.quick else args.rss_repeat
        self.cache: Path = args.cache_dir
        self.scratch = Path(tempfile.mkdtemp(prefix="ops-lint-bench-corpora-"))
        self.prepared: dict[str, Prepared] = {}
        self.markdownlint: str | None = None
        self.markdownlint_version = ""
        self.mdl_cpu: dict[str, float] = {}
        self.floors: dict[str, dict[str, float]] = {}
        self.nothing_changed: dict[str, float] = {}
        self.file_counts: dict[str, dict[str, int | None]] = {}
        self.generated: dict[str, object] = {}
        self.rows: list[Row] = []
        self.failed: dict[str, str] = {}  # measure name -> why it failed

    def corpus(self, corpus: Corpus) -> Prepared:
        if corpus.name not in self.prepared:
            progress(f"preparing {corpus.owner}/{corpus.name} at {corpus.commit[:12]} ...")
            self.prepared[corpus.name] = prepare(corpus, self.cache, self.args.mirror)
        return self.prepared[corpus.name]

    def report(self) -> str:
        return str(self.scratch / "report.json")  # not /dev/null: --output renames over it

    def median(self, once: Callable[[int], Sample], warm_up: int = 1) -> Sample:
        return median_of(once, self.repeat, warm_up)[0]

    def check(self, root: Path, *args: str) -> Sample:
        cmd = ops_lint("check", "--format", "json", "--output", self.report(), *args)
        return self.median(runner(cmd, root))

    def files_checked(self, root: Path) -> list[str]:
        done = subprocess.run(
            ops_lint("check", "--show-files"), cwd=root, capture_output=True, text=True
        )
        return [line.split("\t")[0] for line in done.stdout.splitlines() if line.strip()]


def label(p: Prepared) -> str:
    return f"{p.corpus.name} ({p.markdown_files:,} .md)"


# -- the measures -----------------------------------------------------------------------
def measure_markdownlint(b: Bench, p: Prepared) -> float | None:
    if b.markdownlint is None:
        return None
    if p.corpus.name not in b.mdl_cpu:
        cmd = [b.markdownlint, "**/*.md"]
        first = subprocess.run(cmd, cwd=p.root, capture_output=True, text=True)  # warm-up
        if first.returncode not in OK:
            progress(f"markdownlint-cli2 failed on {p.corpus.name}: {first.stderr[-300:]}")
            return None
        b.markdownlint_version = first.stdout.splitlines()[0] if first.stdout else ""
        b.file_counts.setdefault(p.corpus.name, {})["markdownlint-cli2"] = markdownlint_files(
            first.stdout + first.stderr
        )
        sample = median_of(runner(cmd, p.root), b.repeat, warm_up=0)[0]
        b.mdl_cpu[p.corpus.name] = sample.cpu
    return b.mdl_cpu[p.corpus.name]


def measure_floors(b: Bench, p: Prepared) -> dict[str, float]:
    if p.corpus.name in b.floors:
        return b.floors[p.corpus.name]
    files = b.files_checked(p.root)
    if not files:
        raise CommandFailed(f"ops-lint check --show-files listed no file in {p.root}")
    listing = parse_floor.write_file_list(files, b.scratch / f"{p.corpus.name}.files")
    found: dict[str, float] = {}
    for floor in parse_floor.FLOORS:
        if not parse_floor.available(PYTHON, floor.needs):
            progress(f"  floor {floor.name}: {floor.needs} not importable, skipped")
            continue
        progress(f"  floor {floor.name} on {p.corpus.name} ...")
        cmd = [PYTHON, "-I", "-c", floor.script, str(listing)]
        first = subprocess.run(cmd, cwd=p.root, capture_output=True, text=True)  # warm-up
        if first.returncode != 0 or first.stdout.strip() != str(len(files)):
            raise CommandFailed(
                f"floor {floor.name} on {p.corpus.name}: parsed {first.stdout.strip() or 0} "
                f"of {len(files)} files: {first.stderr.strip()[-400:]}"
            )
        found[floor.name] = median_of(runner(cmd, p.root, (0,)), b.repeat, warm_up=0)[0].cpu
    b.floors[p.corpus.name] = found
    return found


def cold(b: Bench) -> None:
    for corpus, limit in ((OPENTELEMETRY, 0.1), (GOVUK, 0.2)):
        p = b.corpus(corpus)
        b.file_counts.setdefault(corpus.name, {})["ops-lint"] = len(b.files_checked(p.root))
        progress(f"cold check on {corpus.name} ...")
        ours = b.check(p.root, "--no-cache")
        mdl = measure_markdownlint(b, p)
        floors = b.floors.get(corpus.name, {})
        counts = b.file_counts[corpus.name]
        b.rows.append(
            Row(
                f"cold `check --no-cache` CPU, {label(p)}",
                "s",
                ours.cpu,
                mdl,
                floors.get("markdown-it-py"),
                ratio(ours.cpu, mdl),
                f"≤ {limit}× markdownlint-cli2",
                limit if mdl is not None else None,
                note=(
                    f"wall {ours.wall:.2f} s, peak RSS {ours.rss_mib:.0f} MiB; files: ops-lint "
                    f"{counts.get('ops-lint')}, markdownlint-cli2 "
                    f"{counts.get('markdownlint-cli2', 'not run')}; floor column: markdown-it-py"
                    if mdl is not None
                    else "markdownlint-cli2 not available: no ratio"
                ),
            )
        )


def floor(b: Bench) -> None:
    for corpus in (OPENTELEMETRY, GOVUK):
        p = b.corpus(corpus)
        floors = measure_floors(b, p)
        mdl = measure_markdownlint(b, p)
        for name, cpu in floors.items():
            b.rows.append(
                Row(
                    f"parse floor CPU, {name}, {corpus.name}",
                    "s",
                    markdownlint=mdl,
                    floor=cpu,
                    ratio=ratio(cpu, mdl),
                    note="" if mdl is not None else "markdownlint-cli2 not available",
                )
            )


def nothing_changed(b: Bench, p: Prepared) -> float:
    if p.corpus.name not in b.nothing_changed:
        progress(f"warm check on {p.corpus.name} (filling the cache first) ...")
        run_measured(ops_lint("check", "--format", "json", "--output", b.report()), p.root, OK)
        b.nothing_changed[p.corpus.name] = b.check(p.root).wall
    return b.nothing_changed[p.corpus.name]


def warm(b: Bench) -> None:
    p = b.corpus(TLDR)
    wall = nothing_changed(b, p)
    b.rows.append(
        Row(
            f"warm `check`, nothing changed, wall, {label(p)}",
            "s",
            wall,
            target="≤ 0.3 s",
            limit=0.3,
            judged="figure",
        )
    )


def mid_size_doc(p: Prepared) -> str:
    """The doc of median size among the corpus's .md files (deterministic at the pin)."""
    files = sorted(
        (path.stat().st_size, str(path.relative_to(p.root)))
        for path in p.root.rglob("*.md")
        if ".git" not in path.relative_to(p.root).parts
    )
    return files[len(files) // 2][1]


def edited_runs(b: Bench, root: Path, path: str, cmd: list[str]) -> Sample:
    """Median of runs of ``cmd``, each after one more line was appended to ``path``; the
    file is restored after. No warm-up of its own: the caller has just run ``cmd``'s
    unedited form on the same files, which is the state a real edit starts from."""
    target = root / path
    original = target.read_bytes()
    try:

        def once(n: int) -> Sample:
            line = f"\nEdited before benchmark run {n + 1}, {time.time_ns()}.\n"
            with target.open("ab") as handle:
                handle.write(line.encode())
            return run_measured(cmd, root, OK)

        return b.median(once, warm_up=0)
    finally:
        target.write_bytes(original)


def changed(b: Bench) -> None:
    for corpus in (TLDR, OPENTELEMETRY):
        p = b.corpus(corpus)
        base = nothing_changed(b, p)
        path = corpus.changed_doc or mid_size_doc(p)
        parse = parse_floor.one_file_parse(PYTHON, p.root, path)
        progress(f"one file changed on {corpus.name} ({path}) ...")
        cmd = ops_lint("check", "--format", "json", "--output", b.report())
        wall = edited_runs(b, p.root, path, cmd).wall
        reference = base + parse
        size = (p.root / path).stat().st_size
        b.rows.append(
            Row(
                f"warm `check`, one file changed, wall, {label(p)}",
                "s",
                wall,
                floor=reference,
                ratio=ratio(wall, reference),
                target="≤ 1.5× (nothing changed + its parse)",
                limit=1.5,
                note=f"{path} ({size:,} bytes): nothing changed {base:.3f} s + its parse "
                f"{parse * 1000:.1f} ms",
            )
        )


def precommit(b: Bench) -> None:
    root = b.scratch / "ops-docs-copy"
    shutil.copytree(PROJECT / "ops-docs", root / "ops-docs")
    for name in ("pyproject.toml", ".ops-lint.yaml"):
        if (PROJECT / name).is_file():
            shutil.copy(PROJECT / name, root / name)
    docs = sum(1 for _ in (root / "ops-docs").rglob("*.md"))
    progress("pre-commit check on a copy of ops-docs/ ...")
    run_measured(
        ops_lint("check", "--no-git", "--format", "json", "--output", b.report()), root, OK
    )
    edited_cmd = ops_lint(
        "check", "--no-git", "--format", "json", "--output", b.report(), PRECOMMIT_EDITED
    )
    run_measured(edited_cmd, root, OK)  # the FILE form, unedited: what a commit starts from
    edited = edited_runs(b, root, PRECOMMIT_EDITED, edited_cmd)
    unchanged = b.check(root, "--no-git", PRECOMMIT_UNCHANGED)
    for what, sample in (("edited", edited), ("unchanged", unchanged)):
        b.rows.append(
            Row(
                f"pre-commit `check --no-git FILE`, file {what}, wall, ops-docs ({docs} .md)",
                "s",
                sample.wall,
                target="≤ 0.15 s",
                limit=0.15,
                judged="figure",
                note=f"CPU {sample.cpu:.3f} s, peak RSS {sample.rss_mib:.0f} MiB",
            )
        )


def freshness(b: Bench) -> None:
    for corpus in (TLDR, GOVUK):
        p = b.corpus(corpus)
        progress(f"freshness on {corpus.name} ...")
        cmd = ops_lint("freshness", "--format", "json", "--output", b.report())
        ours = b.median(runner(cmd, p.root, (0,)))
        log = safe_git("log", "--name-status", "-M", "-z", "--no-merges")
        one_pass = b.median(runner(log, p.root, piped=True))
        b.rows.append(
            Row(
                f"`freshness` wall, {label(p)}",
                "s",
                ours.wall,
                floor=one_pass.wall,
                ratio=ratio(ours.wall, one_pass.wall),
                target="≤ 1.5× one `git log` pass",
                limit=1.5,
                note=f"CPU {ours.cpu:.2f} s; git log pass CPU {one_pass.cpu:.2f} s",
            )
        )


def rss(b: Bench) -> None:
    peaks: dict[int, Sample] = {}
    for size in GENERATED_SIZES:
        progress(f"generating / reusing {size:,} docs ...")
        ds = doc_set(b.cache / "generated", size, 7, False)
        progress(f"cold check on {size:,} generated docs ...")
        cmd = ops_lint(
            "check", "--no-cache", "--format", "json", "--output", b.report(),
            "--as-of", GENERATED_AS_OF,
        )  # fmt: skip
        peaks[size] = median_of(runner(cmd, ds.root), b.rss_repeat, warm_up=0)[0]
        mb = sum(path.stat().st_size for path in ds.files) / 1e6
        b.generated[f"{size}"] = {"root": str(ds.root), "docs": len(ds.files), "MB": round(mb, 1)}
    small, large = (peaks[s] for s in GENERATED_SIZES)
    lo, hi = GENERATED_SIZES
    b.rows.append(
        Row(
            f"peak RSS, cold `check`, {lo:,} generated docs",
            "MiB",
            small.rss_mib,
            target="≤ 250 MiB",
            limit=250,
            judged="figure",
            note=f"CPU {small.cpu:.1f} s, wall {small.wall:.1f} s",
        )
    )
    b.rows.append(
        Row(
            f"peak RSS, cold `check`, {hi:,} generated docs",
            "MiB",
            large.rss_mib,
            floor=small.rss_mib,
            ratio=ratio(large.rss_mib, small.rss_mib),
            target=f"≤ {hi // lo}× the {lo:,} figure (linear)",
            limit=hi / lo,
            note=f"CPU {large.cpu:.1f} s, wall {large.wall:.1f} s",
        )
    )
    b.rows.append(
        Row(
            f"peak RSS growth per 1,000 docs, {lo:,} → {hi:,}",
            "MiB/1k",
            (large.rss_mib - small.rss_mib) / ((hi - lo) / 1000),
            note=f"{small.rss_mib / (lo / 1000):.1f} MiB per 1,000 docs at {lo:,} "
            "(start-up included)",
        )
    )


RUNNERS: dict[str, Callable[[Bench], None]] = {
    "cold": cold,
    "floor": floor,
    "warm": warm,
    "changed": changed,
    "precommit": precommit,
    "freshness": freshness,
    "rss": rss,
}


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
