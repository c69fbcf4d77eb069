"""Benchmark ``ops-lint check`` against the parse floor and against other Markdown linters.

Run from the project root::

    .venv/bin/python -m bench.check_bench             # 100, 1,000 and 10,000 docs, median of 5
    .venv/bin/python -m bench.check_bench --sizes 100,1000 --repeat 3
    .venv/bin/python -m bench.check_bench --tool-repeat 1 \\
        --markdownlint /tmp/mdl/node_modules/.bin/markdownlint-cli2 \\
        --pymarkdown /tmp/pym/bin/pymarkdown

For each size it generates a doc set with ``bench.gen_docs`` (fixed seed) into a cached
directory under ``$TMPDIR/ops-lint-bench-check/`` (keyed by size, seed and generator
version; ``--rebuild`` regenerates), writes ``.ops-lint.yaml`` (``docs: [ops-docs]``) and
times, as medians of ``--repeat`` subprocess runs (wall time, ``time.perf_counter``) of
``ops-lint check --format json --exit-zero --as-of 2026-11-27`` with cwd = the set's root:

- cold ``--no-cache``; cold with an empty cache (``.ops_lint_cache/`` deleted first);
- warm (cache filled, nothing changed); warm after one runbook changed (a line appended,
  then restored); one-file ``check RUNBOOK`` in the warm set (the pre-commit case);
- peak RSS of a cold ``--no-cache`` run (each in its own wrapper process, which prints
  its only child's ``ru_maxrss``);
- the floor: markdown-it-py (the parser configuration ops-lint uses) + the PyYAML safe
  loader (C-accelerated when available, as ops-lint uses it) over every file in one fresh
  process, imports included;
- markdownlint-cli2 and pymarkdown over ``ops-docs/`` with their default config, when
  found (``--markdownlint PATH``/``--pymarkdown PATH``, else on ``PATH``, in a local
  ``node_modules/.bin``, ``/tmp/mdl`` or ``/tmp/pym``); they say "not installed" otherwise.
  Install them with ``npm install --prefix /tmp/mdl markdownlint-cli2`` and
  ``python3 -m venv /tmp/pym && /tmp/pym/bin/pip install pymarkdownlnt``.

Once, in the 1,000-doc set (or the nearest size): ``python -c "import ops_lint"`` and the
import budget from ``python -X importtime -m ops_lint check ONE_FILE`` (total of the
top-level imports, and the five most expensive). Then it prints the ratios against the
targets of the speed issue and the machine it ran on.

The report goes to a file in the set's directory, not ``/dev/null``: ``--output`` writes
atomically (a temp file renamed over the target), which would replace ``/dev/null`` itself
when run as root.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from bench.gen_docs import GENERATOR_VERSION, generate
from bench.parse_floor import MARKDOWN_IT_PY

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = PROJECT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")
OPS_LINT = str(VENV_BIN / "ops-lint")
AS_OF = "2026-11-27"  # the generated review dates are fresh as of this day
CONFIG = "docs: [ops-docs]\n"
ONE_FILE_SIZE = 1000

FLOOR = MARKDOWN_IT_PY  # markdown-it-py + PyYAML over a file list, in one process

RSS = r"""
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


class DocSet(NamedTuple):
    """A generated doc set on disk."""

    size: int
    root: Path
    files: tuple[Path, ...]
    runbook: Path  # relative to root: the file changed and the one-file target


class Tools(NamedTuple):
    markdownlint: str | None
    pymarkdown: str | None


# -- helpers ------------------------------------------------------------------------
def run(cmd: Sequence[str], cwd: Path, ok: Callable[[int], bool] = lambda rc: rc == 0) -> float:
    """Wall time of one subprocess run; fail loudly if it did not do its job."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if not ok(proc.returncode):
        tail = proc.stderr.decode(errors="replace")[-400:]
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {tail}")
    return elapsed


def median(repeat: int, once: Callable[[], float]) -> float:
    return statistics.median(once() for _ in range(repeat))


def check_cmd(*extra: str, jobs: int | None = None) -> list[str]:
    cmd = [OPS_LINT, "check", "--format", "json", "--exit-zero", "--as-of", AS_OF]
    cmd += ["--output", ".bench-report.json", *extra]
    return cmd + ([f"--jobs={jobs}"] if jobs else [])


def drop_cache(root: Path) -> None:
    shutil.rmtree(root / ".ops_lint_cache", ignore_errors=True)


# -- doc sets -----------------------------------------------------------------------
def doc_set(cache_dir: Path, size: int, seed: int, rebuild: bool) -> DocSet:
    root = cache_dir / f"docs-{size}-seed{seed}-gen{GENERATOR_VERSION}"
    marker = root / ".complete"
    if rebuild or not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        generate(root, size, seed)
        (root / ".ops-lint.yaml").write_text(CONFIG, encoding="utf-8")
        marker.write_text("ok\n", encoding="utf-8")
    files = tuple(sorted((root / "ops-docs").rglob("*.md")))
    runbook = next(p for p in files if p.parent.name == "runbooks").relative_to(root)
    return DocSet(size, root, files, runbook)


# -- measurements -------------------------------------------------------------------
def changed_one(ds: DocSet, repeat: int, jobs: int | None) -> float:
    """Warm check after one runbook gained a line (unique per run); restored after."""
    path = ds.root / ds.runbook
    original = path.read_bytes()
    times = []
    try:
        for i in range(repeat):
            path.write_bytes(
                original + f"\nEdited by the benchmark, run {i} {time.time_ns()}.\n".encode()
            )
            times.append(run(check_cmd(jobs=jobs), ds.root))
            path.write_bytes(original)
            run(check_cmd(jobs=jobs), ds.root)  # back to warm for the next run
    finally:
        path.write_bytes(original)
    return statistics.median(times)


def peak_rss_mib(ds: DocSet, repeat: int, jobs: int | None) -> float:
    """Peak RSS of a cold check, in MiB: one wrapper process per run, so no mixing.

    With a process pool, ``ru_maxrss`` of the children is the largest single process
    (the workers are the wrapper's grandchildren, reaped by ops-lint), not the sum.
    """

    def once() -> float:
        out = subprocess.run(
            [PYTHON, "-c", RSS, *check_cmd("--no-cache", jobs=jobs)],
            cwd=ds.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return int(out.split()[-1]) / 1024  # Linux: KiB

    return median(repeat, once)


def floor(ds: DocSet, repeat: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(str(p) for p in ds.files))
    try:
        return median(repeat, lambda: run([PYTHON, "-c", FLOOR, fh.name], ds.root))
    finally:
        os.unlink(fh.name)


def tool_time(cmd: list[str] | None, ds: DocSet, repeat: int) -> float | None:
    if cmd is None:
        return None
    # Both exit 1 when they find something; only a crash or a missing binary is an error.
    return median(repeat, lambda: run(cmd, ds.root, ok=lambda rc: rc in (0, 1)))


def measure(ds: DocSet, args: argparse.Namespace, tools: Tools) -> dict[str, float | None]:
    r, jobs = args.repeat, args.jobs
    res: dict[str, float | None] = {}
    res["cold --no-cache"] = median(r, lambda: run(check_cmd("--no-cache", jobs=jobs), ds.root))

    def cold_fill() -> float:
        drop_cache(ds.root)
        return run(check_cmd(jobs=jobs), ds.root)

    res["cold, empty cache"] = median(r, cold_fill)
    run(check_cmd(jobs=jobs), ds.root)
    res["warm"] = median(r, lambda: run(check_cmd(jobs=jobs), ds.root))
    res["warm, 1 file changed"] = changed_one(ds, r, jobs)
    res["one-file check (warm)"] = median(
        r, lambda: run(check_cmd(str(ds.runbook), jobs=jobs), ds.root)
    )
    res["floor (parse only)"] = floor(ds, r)
    tr = min(args.tool_repeat, r)
    mdl = [tools.markdownlint, "ops-docs/**/*.md"] if tools.markdownlint else None
    pym = [tools.pymarkdown, "scan", "-r", "ops-docs"] if tools.pymarkdown else None
    res["markdownlint-cli2"] = tool_time(mdl, ds, tr)
    res["pymarkdown"] = tool_time(pym, ds, tr)
    res["peak RSS cold (MiB)"] = peak_rss_mib(ds, min(r, 3), jobs)
    return res


class ImportBudget(NamedTuple):
    import_ops_lint: float
    import_cli: float
    total_ms: float
    top: list[tuple[str, float]]


def import_budget(ds: DocSet, repeat: int) -> ImportBudget:
    plain = median(repeat, lambda: run([PYTHON, "-c", "import ops_lint"], ds.root))
    cli = median(repeat, lambda: run([PYTHON, "-c", "import ops_lint.cli"], ds.root))
    cmd = [PYTHON, "-X", "importtime", "-m", "ops_lint", *check_cmd(str(ds.runbook))[1:]]
    err = subprocess.run(cmd, cwd=ds.root, capture_output=True, text=True).stderr
    top: list[tuple[str, float]] = []
    for m in re.finditer(r"^import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", err, re.M):
        if not m.group(2).startswith(" "):  # indentation marks nested imports
            top.append((m.group(2).strip(), int(m.group(1)) / 1000))
    top.sort(key=lambda item: -item[1])
    return ImportBudget(plain, cli, sum(ms for _, ms in top), top[:5])


# -- external tools -----------------------------------------------------------------
def find_tool(explicit: str | None, name: str, places: Sequence[Path]) -> str | None:
    if explicit:
        return explicit if Path(explicit).exists() or shutil.which(explicit) else None
    found = shutil.which(name)
    if found:
        return found
    return next((str(p) for p in places if p.exists()), None)


def find_tools(args: argparse.Namespace) -> Tools:
    mdl = find_tool(
        args.markdownlint,
        "markdownlint-cli2",
        [
            PROJECT / "node_modules/.bin/markdownlint-cli2",
            Path("/tmp/mdl/node_modules/.bin/markdownlint-cli2"),
        ],
    )
    pym = find_tool(
        args.pymarkdown, "pymarkdown", [VENV_BIN / "pymarkdown", Path("/tmp/pym/bin/pymarkdown")]
    )
    return Tools(mdl, pym)


# -- report -------------------------------------------------------------------------
def fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "not installed"
    return f"{value:.1f} MiB" if unit == "MiB" else f"{value:.3f} s"


def print_table(results: dict[int, dict[str, float | None]], sets: dict[int, DocSet]) -> None:
    sizes = sorted(results)
    rows = list(next(iter(results.values())))
    width = max(len(r) for r in rows) + 2
    print("docs".ljust(width) + "".join(f"{s:>16,}" for s in sizes))
    mb = [sum(p.stat().st_size for p in sets[s].files) / 1e6 for s in sizes]
    print("size on disk".ljust(width) + "".join(f"{m:>13.1f} MB" for m in mb))
    for row in rows:
        unit = "MiB" if "MiB" in row else "s"
        print(row.ljust(width) + "".join(f"{fmt(results[s][row], unit):>16}" for s in sizes))


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def print_ratios(results: dict[int, dict[str, float | None]], budget: ImportBudget | None) -> None:
    lines: list[tuple[str, float | None, str, Callable[[float], bool] | None]] = []
    for size, res in sorted(results.items()):
        cold = res["cold --no-cache"]
        lines += [
            (
                f"{size:>6,}: cold / floor",
                ratio(cold, res["floor (parse only)"]),
                "<= 1.3",
                lambda x: x <= 1.3,
            ),
            (f"{size:>6,}: warm / cold", ratio(res["warm"], cold), "<= 0.2", lambda x: x <= 0.2),
            (
                f"{size:>6,}: changed-one / warm",
                ratio(res["warm, 1 file changed"], res["warm"]),
                "close to 1",
                None,
            ),
            (
                f"{size:>6,}: markdownlint-cli2 / ops-lint",
                ratio(res["markdownlint-cli2"], cold),
                "> 1",
                lambda x: x > 1,
            ),
            (
                f"{size:>6,}: pymarkdown / ops-lint",
                ratio(res["pymarkdown"], cold),
                "> 1",
                lambda x: x > 1,
            ),
        ]
    if ONE_FILE_SIZE in results:
        one = results[ONE_FILE_SIZE]["one-file check (warm)"]
        lines.append(
            (f"{ONE_FILE_SIZE:>6,}: one-file wall (s)", one, "<= 0.25 s", lambda x: x <= 0.25)
        )
        if budget:
            lines.append(
                (
                    "one-file / import ops_lint",
                    ratio(one, budget.import_ops_lint),
                    "<= 2",
                    lambda x: x <= 2,
                )
            )
    if 10000 in results:
        lines.append(
            (
                "10,000: peak RSS (MiB)",
                results[10000]["peak RSS cold (MiB)"],
                "< 300",
                lambda x: x < 300,
            )
        )
        if 1000 in results:
            r = ratio(results[10000]["cold --no-cache"], results[1000]["cold --no-cache"])
            lines.append(("cold 10,000 / cold 1,000", r, "<= 11", lambda x: x <= 11))
    print(f"\n{'ratio':<40}{'value':>10}  {'target':<12}verdict")
    for name, value, target, test in lines:
        shown = "n/a" if value is None else f"{value:.2f}"
        verdict = "" if value is None or test is None else ("ok" if test(value) else "MISSED")
        print(f"{name:<40}{shown:>10}  {target:<12}{verdict}")


def print_budget(budget: ImportBudget, size: int) -> None:
    print(f"\nimport budget (in the {size:,}-doc set)")
    print(f"  python -c 'import ops_lint'      {budget.import_ops_lint:.3f} s (wall)")
    print(f"  python -c 'import ops_lint.cli'  {budget.import_cli:.3f} s")
    print(
        f"  -X importtime, check ONE_FILE: top-level imports total {budget.total_ms:.1f} ms; top 5:"
    )
    for name, ms in budget.top:
        print(f"    {ms:8.1f} ms  {name}")


def print_machine(tools: Tools, repeat: int, jobs: int | None) -> None:
    version = subprocess.run(
        [PYTHON, "-c", "import ops_lint; print(ops_lint.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"ops-lint {version}; Python {platform.python_version()}; {platform.platform()}")
    print(
        f"CPUs: {os.cpu_count()} (usable {cores}); --jobs {jobs or 'default'}; medians of {repeat}"
    )
    print(f"markdownlint-cli2: {tools.markdownlint or 'not installed'}")
    print(f"pymarkdown: {tools.pymarkdown or 'not installed'}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated doc counts")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument(
        "--tool-repeat", type=int, default=3, help="runs of markdownlint-cli2/pymarkdown"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs N to ops-lint check")
    parser.add_argument(
        "--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "ops-lint-bench-check"
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate the doc sets")
    parser.add_argument("--markdownlint", help="path to markdownlint-cli2")
    parser.add_argument("--pymarkdown", help="path to pymarkdown")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s]
    tools = find_tools(args)
    print_machine(tools, args.repeat, args.jobs)
    sets = {s: doc_set(args.cache_dir, s, args.seed, args.rebuild) for s in sizes}
    results = {}
    for size, ds in sets.items():
        print(f"measuring {size:,} docs in {ds.root} ...", file=sys.stderr, flush=True)
        results[size] = measure(ds, args, tools)
    near = min(sizes, key=lambda s: abs(s - ONE_FILE_SIZE))
    budget = import_budget(sets[near], args.repeat)
    print_table(results, sets)
    print_budget(budget, near)
    print_ratios(results, budget)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
