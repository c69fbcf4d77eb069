"""Shared tools for the hostile-repository tests (issue: a gate pull requests cannot turn
against its runner).

- ``tripwire``: an HTTP/TCP server on 127.0.0.1 that must receive no connection;
  ``tripwire.url`` goes into the hostile repository, ``tripwire.hits()`` is asserted 0.
- ``marker``: a path outside the repository that must not appear (code execution,
  writes outside the checkout).
- ``run_guarded``: the CLI in a subprocess that must end within ``HANG_GUARD`` seconds,
  with an optional environment; a run that would hang fails the test instead.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run

HANG_GUARD = 60  # seconds: only a run that is unbounded can reach it


class Tripwire:
    """A listening socket on 127.0.0.1 that counts every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._hits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self._hits += 1
            conn.close()

    def hits(self) -> int:
        return self._hits

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def tripwire() -> Iterator[Tripwire]:
    wire = Tripwire()
    yield wire
    wire.close()


@pytest.fixture
def marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file that must never be created (its folder exists and is writable)."""
    return tmp_path_factory.mktemp("outside") / "MARKER-pwned"


def run_guarded(
    cwd: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> Run:
    """The CLI in a subprocess that must end within HANG_GUARD seconds."""
    proc = subprocess.run(
        [sys.executable, "-m", "ops_lint", *args],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, **(env or {})},
        input=stdin,
        timeout=HANG_GUARD,
        check=False,
    )
    return Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
