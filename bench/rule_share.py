"""What share of ``ops-lint check`` each rule series costs on the bundled ``ops-docs/``.

Run from the project root::

    .venv/bin/python -m bench.rule_share              # median of 7 runs per case
    .venv/bin/python -m bench.rule_share --repeat 15 --series OPS7

Each run is one ``ops_lint.pipeline.lint`` call as ``ops-lint check --as-of 2026-12-02``
makes it, in this process after one warm-up run (imports and pack loading are not
counted; the subprocess wall time of the whole command is printed beside it for scale).
The time spent inside each rule (its check generator, findings stamped) is summed per
code. Three cases:

- ``cold``: ``--no-cache``: every document parsed, every shell block given to ``bash -n``
  and shellcheck afresh;
- ``cold, bash -n only``: the same with shellcheck left out (as on a machine without it);
- ``warm, one runbook edited``: the parse cache and the shell-block memo filled, one
  runbook's text changed before each run (the run memo cannot answer: every rule runs,
  and only the edited runbook's blocks go to the tools again).

For each case the table gives, per rule series (the hundreds of the code), the median
time and its share of the median run; then the selected series (``--series``, default
``OPS7``: the rules across documents) with and without OPS708's wait for shellcheck, and
its share of the whole ``ops-lint check`` command as a user runs it (wall time of a
subprocess, start-up included: the cold cases against a ``--no-cache`` run, the warm one
against a run with the cache filled), against the target of at most 10 %.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ops_lint import engine, shell_syntax
from ops_lint.pipeline import RunOptions, lint

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 12, 2)
RUNBOOK = "ops-docs/runbooks/routing-dlq-backlog.md"


@contextmanager
def _timing(per_rule: dict[str, float]) -> Iterator[None]:
    original = engine._run_rule

    def timed(rule: Any, doc: Any, ctx: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(rule, doc, ctx)
        finally:
            per_rule[rule.code] += time.perf_counter() - start

    engine._run_rule = timed  # type: ignore[assignment]
    try:
        yield
    finally:
        engine._run_rule = original  # type: ignore[assignment]


@contextmanager
def _without_shellcheck() -> Iterator[None]:
    original = shell_syntax.find_tools
    shell_syntax.find_tools = lambda use: original(False)  # type: ignore[assignment]
    try:
        yield
    finally:
        shell_syntax.find_tools = original  # type: ignore[assignment]


def _runs(root: Path, repeat: int, cache: bool, before: Callable[[int], None]) -> tuple:
    per_rule: dict[str, float] = defaultdict(float)
    options = RunOptions(cwd=root, as_of=AS_OF, use_cache=cache)
    totals: list[float] = []
    rules: list[dict[str, float]] = []
    with _timing(per_rule):
        before(-1)
        lint(options)  # warm-up: imports, packs, caches
        for n in range(repeat):
            before(n)
            per_rule.clear()
            start = time.perf_counter()
            lint(options)
            totals.append(time.perf_counter() - start)
            rules.append(dict(per_rule))
    return totals, rules


def _median_of(rules: list[dict[str, float]], pick: Callable[[str], bool]) -> float:
    return statistics.median(sum(s for c, s in run.items() if pick(c)) for run in rules)


def _report(
    name: str, totals: list[float], rules: list[dict[str, float]], series: str, wall: float
) -> None:
    total = statistics.median(totals)
    print(f"\n{name}: whole run {total * 1000:.0f} ms (median of {len(totals)})")
    print(f"  {'series':<8} {'ms':>8} {'share':>7}")
    for prefix in sorted({code[:4] for run in rules for code in run}):
        seconds = _median_of(rules, lambda c, p=prefix: c.startswith(p))  # type: ignore[misc]
        print(f"  {prefix + 'xx':<8} {seconds * 1000:8.1f} {seconds / total:7.1%}")
    picked = _median_of(rules, lambda c: c.startswith(series))
    tool = _median_of(rules, lambda c: c == "OPS708")
    own = _median_of(rules, lambda c: c.startswith(series) and c != "OPS708")
    print(f"  {series}* rules: {picked * 1000:.1f} ms = {picked / total:.1%} of the run")
    print(
        f"    of which OPS708 (bash -n, shellcheck): {tool * 1000:.1f} ms; the others "
        f"{own * 1000:.1f} ms = {own / total:.1%}"
    )
    verdict = "met" if picked <= 0.10 * wall else "MISSED"
    print(
        f"  {series}* rules: {picked / wall:.1%} of the {wall * 1000:.0f} ms `ops-lint check` "
        f"command (target <= 10 %: {verdict})"
    )


def _edited(root: Path) -> Callable[[int], None]:
    path = root / RUNBOOK
    text = path.read_text(encoding="utf-8")

    def before(n: int) -> None:
        path.write_text(text + f"\nRevision note {n + 2}.\n", encoding="utf-8")

    return before


def _wall(
    root: Path, repeat: int, *flags: str, before: Callable[[int], None] | None = None
) -> float:
    command = [str(PROJECT / ".venv" / "bin" / "ops-lint"), "check", *flags]
    command += ["--as-of", AS_OF.isoformat(), "--exit-zero", "--format", "json"]
    times = []
    for n in range(repeat):
        if before is not None:
            before(n + 100)  # a text no in-process run wrote: the run memo cannot answer
        start = time.perf_counter()
        subprocess.run(command, cwd=root, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--series", default="OPS7", help="code prefix measured against 10 %%")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ops-lint-rule-share-") as folder:
        root = Path(folder)  # a copy: the warm case edits a runbook
        shutil.copytree(PROJECT / "ops-docs", root / "ops-docs")
        for name in ("pyproject.toml", ".ops-lint.yaml"):
            if (PROJECT / name).exists():
                shutil.copy(PROJECT / name, root / name)
        nothing: Callable[[int], None] = lambda n: None  # noqa: E731
        wall = _wall(root, max(3, args.repeat // 2), "--no-cache")
        cold = _runs(root, args.repeat, False, nothing)
        _report("cold (--no-cache)", *cold, args.series, wall)
        with _without_shellcheck():
            bash_only = _runs(root, args.repeat, False, nothing)
        _report("cold, bash -n only", *bash_only, args.series, wall)
        warm = _runs(root, args.repeat, True, _edited(root))
        warm_wall = _wall(root, max(3, args.repeat // 2), before=_edited(root))
        _report("warm, one runbook edited", *warm, args.series, warm_wall)
    print(
        f"\n`ops-lint check` command, start-up included: {wall * 1000:.0f} ms cold "
        f"(--no-cache), {warm_wall * 1000:.0f} ms warm"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
