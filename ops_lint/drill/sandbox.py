"""Where a drill block runs: the ``bwrap`` sandbox (or none), its argv and environment.

Each block runs in a fresh ``bash -euo pipefail FILE`` process (the block's text is a
file in the work dir, never a command-line argument) with a scrubbed environment:
``PATH`` (the drill's ``bin/`` first, then ``/usr/bin:/bin``), ``HOME`` (the work dir),
``LANG=C.UTF-8``, the drill inputs and ``OPS_LINT_DRILL_*`` for the stubs.

With ``bwrap``: no namespace is shared (``--unshare-all``: no network), the sandbox dies
with ops-lint (``--die-with-parent``) and has no terminal (``--new-session``); ``/usr``,
the library folders, a few files of ``/etc``, the Python interpreter and the
``ops_lint`` package (for the stubs) are bound read-only, the repository read-only at
``/repo``, the work dir read-write at ``/drill`` (the current directory), ``/tmp`` is a
fresh tmpfs and the root is read-only. ``OPS_LINT_BWRAP`` names the ``bwrap`` to use;
set empty, it hides ``bwrap`` (then ``--no-sandbox`` is needed).

A block has a time limit (its whole process group is killed) and its output is capped
(:data:`OUTPUT_CAP` bytes kept per stream, the rest counted).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from typing import IO, NamedTuple

import yaml

import ops_lint

SANDBOX_WORK = "/drill"
SANDBOX_REPO = "/repo"
_PY = "/ops-lint/python"
_SRC = "/ops-lint/src"
_SITE = "/ops-lint/site"
STATE_DIR = ".drill"  # in the work dir: block files, carried state, stub-call log
# Read-only from /etc: names, libraries, certificates, tool alternatives (awk...).
_ETC = (
    "passwd",
    "group",
    "nsswitch.conf",
    "hosts",
    "localtime",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    "ssl",
    "ca-certificates",
)
_LIB_DIRS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
RESERVED = frozenset({"PATH", "HOME", "LANG", "BASH_ENV", "PWD", "SHELLOPTS", "BASHOPTS"})


def find_bwrap() -> str | None:
    """The ``bwrap`` to use: ``OPS_LINT_BWRAP`` if set (empty: none), else on PATH."""
    named = os.environ.get("OPS_LINT_BWRAP")
    if named is not None:
        return named if named and os.access(named, os.X_OK) else None
    return shutil.which("bwrap")


class Python(NamedTuple):
    """The interpreter and import path the stubs run with, on the host."""

    prefix: str  # the interpreter's installation (bound read-only)
    executable: str  # relative to ``prefix`` when inside it, else absolute
    package: str  # the ops_lint package folder
    site: str  # the folder holding ``yaml`` (and the other dependencies)


def host_python() -> Python:
    real = os.path.realpath(sys.executable)
    prefix = os.path.realpath(sys.base_prefix)
    exe = os.path.relpath(real, prefix) if real.startswith(prefix + os.sep) else real
    package = os.path.dirname(os.path.realpath(ops_lint.__file__))
    site = os.path.dirname(os.path.dirname(os.path.realpath(yaml.__file__)))
    return Python(prefix, exe, package, site)


class Layout(NamedTuple):
    """Paths as the block sees them."""

    work: str
    repo: str
    python: str  # the interpreter the stub shims run
    pythonpath: str


def layout(sandboxed: bool, workdir: str, root: str, py: Python) -> Layout:
    if sandboxed:
        exe = py.executable if os.path.isabs(py.executable) else f"{_PY}/{py.executable}"
        return Layout(SANDBOX_WORK, SANDBOX_REPO, exe, f"{_SRC}:{_SITE}")
    exe = py.executable if os.path.isabs(py.executable) else os.path.join(py.prefix, py.executable)
    return Layout(workdir, root, exe, f"{os.path.dirname(py.package)}:{py.site}")


def inside_path(path: str, root: str, where: Layout) -> str:
    """``path`` (a host path inside ``root``) as the block sees it."""
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
    return rel if rel.startswith("..") else os.path.join(where.repo, rel)


def environment(where: Layout, inputs: Mapping[str, str], platforms: list[str]) -> dict[str, str]:
    """The whole environment of a block: nothing of ops-lint's own leaks in."""
    env = {k: v for k, v in inputs.items() if k not in RESERVED and "\0" not in v}
    env.update(
        PATH=f"{where.work}/bin:/usr/bin:/bin",
        HOME=where.work,
        LANG="C.UTF-8",
        BASH_ENV=f"{where.work}/{STATE_DIR}/prelude.sh",
        OPS_LINT_DRILL_PLATFORMS=os.pathsep.join(platforms),
        OPS_LINT_DRILL_LOG=f"{where.work}/{STATE_DIR}/stub-calls.jsonl",
    )
    return env


def _system_binds() -> list[str]:
    argv = ["--ro-bind", "/usr", "/usr"]
    for path in _LIB_DIRS:
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    for name in _ETC:
        argv += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return argv


def bwrap_argv(bwrap: str, workdir: str, root: str, py: Python) -> list[str]:
    """The ``bwrap`` command line up to (not including) the command to run."""
    argv = [bwrap, "--unshare-all", "--die-with-parent", "--new-session"]
    argv += _system_binds()
    argv += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    if os.path.isabs(py.executable):
        argv += ["--ro-bind", py.executable, py.executable]
    else:
        argv += ["--ro-bind", py.prefix, _PY]
    argv += ["--ro-bind", py.package, f"{_SRC}/ops_lint", "--ro-bind", py.site, _SITE]
    argv += ["--ro-bind", root, SANDBOX_REPO, "--bind", workdir, SANDBOX_WORK]
    argv += ["--chdir", SANDBOX_WORK, "--remount-ro", "/", "--"]
    return argv


def block_argv(bwrap: str | None, workdir: str, root: str, py: Python, script: str) -> list[str]:
    """The command that runs the block file ``script`` (relative to the work dir)."""
    if bwrap is None:
        return ["/bin/bash", "-euo", "pipefail", os.path.join(workdir, script)]
    prefix = bwrap_argv(bwrap, workdir, root, py)
    return [*prefix, "/bin/bash", "-euo", "pipefail", f"{SANDBOX_WORK}/{script}"]


OUTPUT_CAP = 64 * 1024  # bytes kept per stream; the rest is counted
_CHUNK = 8192


class Ran(NamedTuple):
    exit: int | None  # None: killed at the time limit
    stdout: str
    stderr: str
    stdout_dropped: int  # bytes past the cap, not kept
    stderr_dropped: int
    timed_out: bool
    duration_ms: int


class _Capped:
    def __init__(self, stream: IO[bytes], cap: int) -> None:
        self.kept = bytearray()
        self.dropped = 0
        self._stream, self._cap = stream, cap
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            while chunk := os.read(self._stream.fileno(), _CHUNK):
                room = self._cap - len(self.kept)
                self.kept += chunk[:room] if room > 0 else b""
                self.dropped += max(0, len(chunk) - max(room, 0))
        except (OSError, ValueError):
            pass

    def text(self) -> str:
        return self.kept.decode("utf-8", "replace")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def run_capped(
    argv: Sequence[str],
    env: Mapping[str, str],
    cwd: str,
    timeout: float,
    cap: int = OUTPUT_CAP,
) -> Ran:
    """Run ``argv`` in its own session; at ``timeout`` seconds kill its process group."""
    start = time.monotonic()
    proc = subprocess.Popen(
        list(argv),
        env=dict(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    out, err = _Capped(proc.stdout, cap), _Capped(proc.stderr, cap)
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    _kill_group(proc)  # also what the block left running in the background
    proc.wait()
    for reader in (out, err):
        reader.thread.join(timeout=2)
    proc.stdout.close()
    proc.stderr.close()
    ms = int((time.monotonic() - start) * 1000)
    code = None if timed_out else proc.returncode
    return Ran(code, out.text(), err.text(), out.dropped, err.dropped, timed_out, ms)
