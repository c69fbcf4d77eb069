"""Benchmark ``ops-lint freshness`` against one ``git log`` pass and against per-file ``git log``.

Run from the project root::

    .venv/bin/python -m bench.freshness_bench              # 2,000 docs, 20,000 commits
    .venv/bin/python bench/freshness_bench.py --sizes      # also 10,000 docs
    .venv/bin/python -m bench.freshness_bench --docs 500 --commits 5000 --repeat 3

It builds, deterministically (fixed seed, dates and authors), a synthetic repository of
ops docs under ``ops-docs/`` with realistic front-matter, edits, review-date-only commits,
pure moves, renames with edits, a few sweeps and a ``.mailmap``, streamed through one
``git fast-import`` process. The repository is cached under the temp dir, keyed by its
parameters (``--rebuild`` to rebuild). It then prints, as medians of ``--repeat`` runs:

1. ``ops-lint freshness --format json`` on that repository (wall time, subprocess);
2. one ``git log --name-status -M -z --no-merges`` pass, read and discarded (the floor);
3. the naive approach, one ``git log -1 -- PATH`` per doc (on a sample, extrapolated).

and the ratios against the targets: freshness within 1.5x of the single pass (the speed
issue; 2x before it), and at least 20x faster than per-file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NamedTuple

GENERATOR_VERSION = 2  # bump when the generated history changes: invalidates the cache
PROJECT = Path(__file__).resolve().parent.parent
START = 1_672_650_000  # 2023-01-02T09:00:00Z: the first commit
TYPES = (  # doc type, folder, review cycle in days
    ("runbook", "runbooks", 90),
    ("policy", "policies", 180),
    ("reference", "reference", 180),
    ("handover", "handover", 90),
    ("postmortem", "postmortems", 365),
    ("incident", "incidents", 365),
)
OWNERS = ("platform-sre", "edi-integrations", "security", "data-platform", "payer-ops")
AUTHORS = (  # name, email, old email (mapped by .mailmap), timezone
    ("Ana Lima", "ana@claimsbridge.example", "alima@old.example", "+0000"),
    ("Bo Chen", "bo@claimsbridge.example", "bo.chen@laptop.local", "-0500"),
    ("Chidi Okafor", "chidi@claimsbridge.example", "chidi@old.example", "+0100"),
    ("Dana Kowalski", "dana@claimsbridge.example", "dk@old.example", "-0800"),
    ("Esra Demir", "esra@claimsbridge.example", "esra.d@laptop.local", "+0300"),
    ("Farid Haddad", "farid@claimsbridge.example", "farid@old.example", "+0530"),
)
SLUGS = (
    "as2-partner",
    "sftp-drop",
    "837-intake",
    "835-remit",
    "eligibility",
    "claim-status",
    "ack-999",
)
SWEEPS = (0.3, 0.55, 0.8)  # where in the history the sweeps fall
IGNORED_SWEEP = "chore(sweep): relink every doc to the new wiki"


class Params(NamedTuple):
    docs: int
    commits: int
    seed: int

    @property
    def key(self) -> str:
        return f"d{self.docs}-c{self.commits}-s{self.seed}-v{GENERATOR_VERSION}"


@dataclass(slots=True)
class Doc:
    ident: int
    path: str
    kind: int
    owner: str
    reviewed: str
    rev: int = 0
    links: int = 0

    def render(self) -> bytes:
        doc_type, _, cycle = TYPES[self.kind]
        head = (
            f'---\ntitle: "{doc_type.title()} {self.ident}: partner feed {self.ident % 97}"\n'
            f"type: {doc_type}\nowner: {self.owner}\nlast_reviewed: {self.reviewed}\n"
            f"review_cycle_days: {cycle}\ntags: [edi, {doc_type}]\n---\n\n"
            f"# {doc_type.title()} {self.ident}\n\n## Purpose\n\n"
            f"Operate feed {self.ident} (X12 837/835) for partner P{self.ident % 53:02d}.\n\n"
            "## Steps\n\n"
        )
        steps = [
            f"{k + 1}. Check queue `edi-{self.ident}-{k}` depth and the 999 acknowledgment rate."
            for k in range(12)
        ]
        steps[self.rev % 12] += f" (revision {self.rev})"
        tail = (
            f"\n\n## See also\n\n- [Escalation](https://wiki{self.links}.example/esc/{self.ident})\n"
            f"- Last change note: revision {self.rev}.\n"
        )
        return (head + "\n".join(steps) + tail).encode()


class Stream:
    """Writes one commit at a time to ``git fast-import``."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out

    def data(self, payload: bytes) -> None:
        self.out.write(b"data %d\n%s\n" % (len(payload), payload))

    def commit(self, when: int, author: tuple[str, str, str], message: str) -> None:
        name, email, tz = author
        who = f"{name} <{email}> {when} {tz}".encode()
        self.out.write(b"commit refs/heads/main\nauthor %s\ncommitter %s\n" % (who, who))
        self.data(message.encode())

    def put(self, path: str, payload: bytes) -> None:
        self.out.write(f"M 100644 inline {path}\n".encode())
        self.data(payload)

    def move(self, old: str, new: str) -> None:
        self.out.write(f"R {old} {new}\n".encode())


class History:
    """The generator's state: docs at the branch tip, the clock and a seeded RNG."""

    def __init__(self, params: Params, stream: Stream) -> None:
        self.params, self.stream = params, stream
        self.rng = random.Random(params.seed)
        self.docs: list[Doc] = []
        self.paths: set[str] = set()
        self.clock = START
        self.made = 0

    def tick(self) -> str:
        self.clock += self.rng.randint(20, 100) * 60
        return time.strftime("%Y-%m-%d", time.gmtime(self.clock))

    def author(self) -> tuple[str, str, str]:
        name, email, old, tz = self.rng.choice(AUTHORS)
        return name, old if self.rng.random() < 0.15 else email, tz

    def begin(self, message: str) -> str:
        day = self.tick()
        self.stream.commit(self.clock, self.author(), message)
        self.made += 1
        return day

    def new_path(self, kind: int, ident: int) -> str:
        doc_type, folder, _ = TYPES[kind]
        slug = self.rng.choice(SLUGS)
        path = f"ops-docs/{folder}/{doc_type}-{ident:05d}-{slug}.md"
        while path in self.paths:
            path = path[:-3] + "-2.md"
        self.paths.add(path)
        return path

    def add(self, count: int, day: str) -> None:
        for _ in range(count):
            ident, kind = len(self.docs) + 1, self.rng.randrange(len(TYPES))
            doc = Doc(ident, self.new_path(kind, ident), kind, self.rng.choice(OWNERS), day)
            self.docs.append(doc)
            self.stream.put(doc.path, doc.render())

    def edit(self, doc: Doc) -> None:
        doc.rev += 1
        self.stream.put(doc.path, doc.render())

    def move(self, doc: Doc, with_edit: bool) -> None:
        old, doc.path = doc.path, self.new_path(doc.kind, doc.ident)  # a new slug
        self.paths.discard(old)
        self.stream.move(old, doc.path)
        if with_edit:
            self.edit(doc)


def _initial(h: History) -> None:
    day = h.begin("Import the operations docs")
    mailmap = "".join(f"{n} <{e}> <{old}>\n" for n, e, old, _ in AUTHORS)
    h.stream.put(".mailmap", mailmap.encode())
    h.stream.put("README.md", b"# Claimsbridge operations docs\n")
    h.add(max(1, h.params.docs * 2 // 5), day)


def _random_commit(h: History) -> None:
    rng, roll = h.rng, h.rng.random()
    picked = rng.sample(h.docs, min(len(h.docs), rng.randint(1, 4)))
    if roll < 0.62:
        h.begin(f"Update {picked[0].path.rsplit('/', 1)[1]}: escalation steps")
        for doc in picked[:3]:
            h.edit(doc)
    elif roll < 0.84:  # review attestation: only last_reviewed changes
        day = h.begin(f"Review {len(picked)} docs")
        for doc in picked:
            if doc.reviewed == day:  # already attested today: edit, so the commit is not empty
                doc.rev += 1
            doc.reviewed = day
            h.stream.put(doc.path, doc.render())
    elif roll < 0.92:
        h.begin(f"Move {picked[0].path.rsplit('/', 1)[1]}")
        h.move(picked[0], with_edit=False)
    else:
        h.begin(f"Re-file and update {picked[0].path.rsplit('/', 1)[1]}")
        h.move(picked[0], with_edit=True)


def _sweep(h: History, number: int) -> None:
    share = 0.4 + 0.1 * number
    picked = h.rng.sample(h.docs, int(len(h.docs) * share))
    if number == 0:
        h.begin(IGNORED_SWEEP)
        for doc in picked:
            doc.links += 1
            h.stream.put(doc.path, doc.render())
    elif number == 1:
        h.begin("Rename docs to the new slug scheme (moves only)")
        for doc in picked:
            h.move(doc, with_edit=False)
    else:
        h.begin("Normalise front-matter and links across the doc set")
        for doc in picked:
            doc.links += 1
            h.stream.put(doc.path, doc.render())


def generate(params: Params, out: IO[bytes]) -> None:
    """The whole history, as a fast-import stream."""
    h = History(params, Stream(out))
    _initial(h)
    sweep_at = {int(params.commits * f): n for n, f in enumerate(SWEEPS)}
    growth_end = max(2, int(params.commits * 0.6))
    for i in range(1, params.commits):
        due = params.docs * 2 // 5 + (params.docs - params.docs * 2 // 5) * i // growth_end
        missing = min(params.docs, due) - len(h.docs)
        if i in sweep_at:
            _sweep(h, sweep_at[i])
        elif missing > 0:
            h.add(missing, h.begin(f"Add {missing} doc{'s' if missing > 1 else ''}"))
        else:
            _random_commit(h)
    if len(h.docs) < params.docs:
        h.add(params.docs - len(h.docs), h.begin("Add the remaining docs"))


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout


def build(params: Params, target: Path) -> float:
    """Create the repository at ``target``; return the seconds it took."""
    started = time.perf_counter()
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    _git(target, "init", "-q", "-b", "main")
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=target, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    with proc.stdin:
        generate(params, proc.stdin)
    if proc.wait() != 0:
        raise SystemExit(f"git fast-import failed with exit code {proc.returncode}")
    _git(target, "reset", "-q", "--hard", "main")
    _git(target, "gc", "--quiet")  # packed and with a commit-graph, as a real clone would be
    ignored = _git(target, "log", "-1", "--format=%H", "--fixed-strings", f"--grep={IGNORED_SWEEP}")
    (target / ".git-blame-ignore-revs").write_text(f"# the relinking sweep\n{ignored}")
    (target / ".ops-lint.yaml").write_text("docs: [ops-docs]\n")
    (target / ".bench-complete").write_text(params.key + "\n")
    return time.perf_counter() - started


def ensure_repo(params: Params, cache: Path, rebuild: bool) -> tuple[Path, str]:
    target = cache / params.key
    if not rebuild and (target / ".bench-complete").is_file():
        return target, "cached"
    return target, f"built in {build(params, target):.1f} s"


def median_time(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs, after one untimed warm-up run."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run_freshness(repo: Path, report: Path, as_of: str) -> None:
    """One report (it reads no parse cache: every run reads the docs light)."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    cmd = [sys.executable, "-m", "ops_lint", "freshness", "--format", "json"]
    cmd += ["--output", str(report), "--as-of", as_of]
    done = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"ops-lint freshness failed ({done.returncode}): {done.stderr.strip()}")


HISTORY_ONLY = """
import sys, time
from pathlib import Path
from ops_lint.git.history import HistorySettings, read_history
root = Path.cwd()
docs = sorted(str(p) for p in (root / "ops-docs").rglob("*.md"))
started = time.perf_counter()
read_history(root, docs, [str(root / "ops-docs")], HistorySettings())
print(time.perf_counter() - started)
"""


def run_history_only(repo: Path) -> float:
    """Seconds ``read_history`` takes in-process: freshness without start-up and doc parsing."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    cmd = [sys.executable, "-c", HISTORY_ONLY]
    done = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def run_single_pass(repo: Path) -> int:
    """One ``git log`` pass, read through a pipe and discarded; returns the bytes read."""
    cmd = ["git", "log", "--name-status", "-M", "-z", "--no-merges"]
    proc = subprocess.Popen(cmd, cwd=repo, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    total = 0
    while chunk := proc.stdout.read(1 << 16):
        total += len(chunk)
    proc.wait()
    return total


def run_per_file(repo: Path, paths: Sequence[str]) -> None:
    for path in paths:
        cmd = ["git", "log", "-1", "--format=%H%x00%aI", "--", path]
        subprocess.run(cmd, cwd=repo, check=True, stdout=subprocess.DEVNULL)


def sample(paths: list[str], size: int) -> list[str]:
    """Evenly spaced, deterministic: docs from every part of the tree."""
    if size <= 0 or size >= len(paths):
        return paths
    step = len(paths) / size
    return [paths[int(i * step)] for i in range(size)]


class Result(NamedTuple):
    params: Params
    status: str
    freshness: float
    history: float
    single: float
    per_file: float
    sampled: int
    report: dict[str, object]


def measure(params: Params, args: argparse.Namespace) -> Result:
    repo, status = ensure_repo(params, Path(args.cache_dir), args.rebuild)
    last = int(_git(repo, "log", "-1", "--format=%at").strip())
    as_of = time.strftime("%Y-%m-%d", time.gmtime(last + 14 * 86400))
    # Not /dev/null: reports are written atomically (temp file + rename) next to --output.
    out = Path(tempfile.mkdtemp(prefix="ops-lint-bench-")) / "freshness.json"
    fresh = median_time(lambda: run_freshness(repo, out, as_of), args.repeat)
    report = json.loads(out.read_text())
    shutil.rmtree(out.parent)
    history = statistics.median(run_history_only(repo) for _ in range(args.repeat))
    single = median_time(lambda: run_single_pass(repo), args.repeat)
    paths = sorted(_git(repo, "ls-files", "-z", "ops-docs").split("\0"))
    paths = [p for p in paths if p]
    subset = sample(paths, args.naive_sample)
    per_file = median_time(lambda: run_per_file(repo, subset), args.repeat)
    per_file *= len(paths) / len(subset)
    return Result(params, status, fresh, history, single, per_file, len(subset), report)


def machine() -> str:
    git = _git(Path.cwd(), "--version").strip().removeprefix("git version ")
    return (
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, git {git}"
    )


def _verdict(met: bool) -> str:
    return "ok" if met else "MISSED"


def table(result: Result, repeat: int) -> str:
    p, r = result.params, result.report
    history = r.get("history", {})
    docs = r.get("docs", [])
    sweeps = r.get("sweeps", [])
    scale = p.docs / result.sampled
    naive = "all docs" if scale == 1 else f"{result.sampled}-doc sample, x{scale:g}"
    ratio_single = result.freshness / result.single
    per_doc = 1000 * result.per_file / p.docs
    ratio_naive = result.per_file / result.freshness
    single_ok, naive_ok = _verdict(ratio_single <= 1.5), _verdict(ratio_naive >= 20)
    rows = [
        f"## {p.docs:,} docs, {p.commits:,} commits (seed {p.seed}; repo {result.status})",
        f"report: {len(docs) if isinstance(docs, list) else '?'} docs, "  # sanity check
        f"{history.get('commits_read', '?') if isinstance(history, dict) else '?'} commits read, "
        f"{len(sweeps) if isinstance(sweeps, list) else '?'} sweeps",
        "",
        f"| measure (median of {repeat}) | seconds |",
        "|---|---:|",
        f"| ops-lint freshness --format json | {result.freshness:.2f} |",
        f"| of which: history reader alone (read_history, in-process) | {result.history:.2f} |",
        f"| git log --name-status -M -z --no-merges (one pass) | {result.single:.2f} |",
        f"| git log -1 per doc ({naive}; {per_doc:.1f} ms a doc) | {result.per_file:.2f} |",
        "",
        "| ratio | value | target | |",
        "|---|---:|---|---|",
        f"| freshness / one pass | {ratio_single:.2f}x | <= 1.5x | {single_ok} |",
        f"| per-file / freshness | {ratio_naive:.1f}x | >= 20x | {naive_ok} |",
        f"| history reader / one pass | {result.history / result.single:.2f}x | (<= 1.5x) | |",
        f"| per-file / history reader | {result.per_file / result.history:.1f}x | (>= 20x) | |",
    ]
    return "\n".join(rows) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=2000, help="docs at HEAD (default 2000)")
    parser.add_argument("--commits", type=int, default=20000, help="commits (default 20000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measure (median)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached repository")
    parser.add_argument("--sizes", action="store_true", help="also run at 10,000 docs")
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=200,
        metavar="N",
        help="docs timed with per-file git log, extrapolated to all (0: all docs)",
    )
    parser.add_argument(
        "--cache-dir",
        default=os.path.join(tempfile.gettempdir(), "ops-lint-bench"),
        help="where built repositories are kept (default: $TMPDIR/ops-lint-bench)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [args.docs] + ([10_000] if args.sizes and args.docs != 10_000 else [])
    print("# ops-lint freshness benchmark\n")
    print(f"machine: {machine()}\n")
    print("The per-file approach is `git log -1 --format=%H%x00%aI -- PATH` per doc, without")
    print("--follow: it loses history at moves, so it is a lower bound on the naive cost.\n")
    for docs in sizes:
        result = measure(Params(docs, args.commits, args.seed), args)
        print(table(result, args.repeat), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
