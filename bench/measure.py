"""Time a command the way a user pays for it: wall, CPU and peak memory of one subprocess.

Each run is one child process started with :class:`subprocess.Popen` and reaped with
:func:`os.wait4`, whose resource usage is the child's own plus that of every descendant it
waited for (ops-lint's parse workers, the git processes it starts, node's threads). So:

- ``cpu`` is user + system time of the whole process tree, not of the benchmark;
- ``rss_mib`` is ``ru_maxrss``: the largest resident set of any single process of that tree
  (Linux reports KiB), not their sum; with a process pool it is the largest process;
- ``wall`` is :func:`time.perf_counter` from start to reaping.

:func:`median_of` runs a warm-up first (page cache, ``.pyc`` files, the parse cache when the
command fills one), then takes the median of each figure over ``repeat`` runs, each figure
on its own (the median CPU and the median wall may come from different runs).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple


class Sample(NamedTuple):
    """One run (or the medians of several)."""

    wall: float  # seconds
    cpu: float  # seconds, user + system of the child and its reaped descendants
    rss_mib: float  # peak resident set of the largest single process


class CommandFailed(Exception):
    """The command exited with a code that means it did not do its job."""


def shown(cmd: Sequence[str]) -> str:
    """The command line for a message, with an inline script cut to its size."""
    return " ".join(arg if "\n" not in arg else f"<script of {len(arg)} chars>" for arg in cmd)


def run_measured(
    cmd: Sequence[str],
    cwd: Path,
    ok: Collection[int] = (0,),
    env: Mapping[str, str] | None = None,
    stdout: int | None = subprocess.DEVNULL,
) -> Sample:
    """Run ``cmd`` once; raise :class:`CommandFailed` (with the end of stderr) unless its
    exit code is in ``ok``."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        cwd=cwd,
        env=None if env is None else dict(env),
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = proc.stderr.read()  # a full pipe must not stall the child
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    proc.stderr.close()
    if proc.returncode not in ok:
        tail = err.decode("utf-8", "replace").strip()[-600:]
        raise CommandFailed(f"{shown(cmd)} exited {proc.returncode} in {cwd}: {tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def read_through_pipe(
    cmd: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None
) -> Sample:
    """Run ``cmd`` with its output read through a pipe (64 KiB at a time) and thrown away:
    what a program that consumes the output cannot do faster than."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        cwd=cwd,
        env=None if env is None else dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    while proc.stdout.read(1 << 16):
        pass
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    if proc.returncode != 0:
        raise CommandFailed(f"{shown(cmd)} exited {proc.returncode} in {cwd}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median_sample(samples: Sequence[Sample]) -> Sample:
    """The median of each figure on its own."""
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        statistics.median(s.rss_mib for s in samples),
    )


def median_of(
    once: Callable[[int], Sample], repeat: int, warm_up: int = 1
) -> tuple[Sample, list[Sample]]:
    """``warm_up`` untimed runs, then the medians of ``repeat`` runs (and the runs).

    ``once`` gets the run's number (negative for warm-up runs), so it can prepare each run,
    e.g. edit a file first.
    """
    for n in range(-warm_up, 0):
        once(n)
    runs = [once(n) for n in range(max(1, repeat))]
    return median_sample(runs), runs
