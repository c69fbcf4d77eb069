"""The measures of :mod:`bench.corpora`, one function per target, and what they share.

Each measure appends :class:`~bench.target_table.Row` objects to a :class:`Bench`, which
prepares a corpus on first use and keeps the figures several measures quote (the
markdownlint-cli2 CPU, the parse floors, the nothing-changed wall). Every ops-lint run is a
subprocess of the project's console script, so the package is measured as it is now.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
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
    prepare,
)
from bench.target_table import Row, ratio

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
