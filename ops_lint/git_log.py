"""Reading ``git log --raw -z`` output and ``git cat-file --batch`` answers.

The log is written by git into a file and read while git is still writing it, so parsing
overlaps git's own walk; blob contents are fetched in pipelined batches from one
``cat-file`` process.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

HEADER = "%x1e%H%x1f%aN%x1f%aE%x1f%aI%x1f%cI%x1f%s"
_HEX = re.compile(r"^[0-9a-f]{7,64}$")


def read_ignore_revs(path: Path) -> set[str]:
    """Shas from a ``.git-blame-ignore-revs`` file (comments and blank lines skipped)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    revs = set()
    for line in text.splitlines():
        token = line.split("#", 1)[0].strip().lower()
        if _HEX.match(token):
            revs.add(token)
    return revs


def parse_records(stream: IO[bytes] | Follow) -> Iterator[tuple[list[str], list[str]]]:
    """Yield (header fields, raw tokens) per commit from ``git log -z --raw`` output."""
    buffer = b""
    while True:
        chunk = stream.read(1 << 16)
        buffer += chunk
        if chunk:
            cut = buffer.rfind(b"\x1e")
            if cut <= 0:
                continue
            ready, buffer = buffer[:cut], buffer[cut:]
        else:
            ready, buffer = buffer, b""
        for record in ready.split(b"\x1e"):
            if not record.strip(b"\0\n"):
                continue
            head, _, body = record.partition(b"\0")
            fields = head.decode("utf-8", "replace").split("\x1f")
            tokens = body.decode("utf-8", "surrogateescape").split("\0")
            yield fields, [t.lstrip("\n") for t in tokens if t.strip("\n")]
        if not chunk:
            return


def entries(tokens: list[str]) -> Iterator[tuple[str, str, str, str, str]]:
    """(status, old_blob, new_blob, old_path, new_path) from raw tokens."""
    i = 0
    while i < len(tokens):
        meta = tokens[i]
        if not meta.startswith(":"):
            i += 1
            continue
        parts = meta[1:].split()
        if len(parts) < 5:
            i += 1
            continue
        status, old_blob, new_blob = parts[4], parts[2], parts[3]
        if status[0] in "RC" and i + 2 < len(tokens):
            yield status, old_blob, new_blob, tokens[i + 1], tokens[i + 2]
            i += 3
        elif i + 1 < len(tokens):
            yield status, old_blob, new_blob, tokens[i + 1], tokens[i + 1]
            i += 2
        else:
            i += 1


def parse_date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


class Follow:
    """Read a file that a running process is still writing, like ``tail -f``.

    Parsing the log starts while git is still walking older history.
    """

    def __init__(self, handle: Any, proc: subprocess.Popen[bytes]) -> None:
        self.handle = handle
        self.proc = proc

    def read(self, size: int) -> bytes:
        while True:
            chunk: bytes = self.handle.read(size)
            if chunk:
                return chunk
            if self.proc.poll() is not None:
                rest: bytes = self.handle.read(size)  # what git wrote before it exited
                return rest
            time.sleep(0.002)


class Blobs:
    """``git cat-file --batch``: one process answering blob reads, requests pipelined."""

    def __init__(self, repo: Any) -> None:
        self.proc = subprocess.Popen(
            [repo.git.GIT_PYTHON_GIT_EXECUTABLE or "git", "cat-file", "--batch"],
            cwd=repo.working_tree_dir,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.missing = 0
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout

    def _send(self, shas: list[str]) -> None:
        try:
            self.stdin.write("".join(f"{sha}\n" for sha in shas).encode())
            self.stdin.flush()
        except OSError:  # the reader gave up and killed the process
            pass

    def _receive(self) -> bytes:
        header = self.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            self.missing += 1
            return b""
        data: bytes = self.stdout.read(int(header[2]) + 1)[:-1]
        return data

    def pairs(self, pairs: list[tuple[str, str]]) -> Iterator[tuple[bytes, bytes]]:
        """The (old, new) blob contents of each pair, in order.

        All requests are written from a thread while the answers are read here: one
        round trip per batch instead of one per blob, without a pipe-buffer deadlock.
        """
        writer = threading.Thread(target=self._send, args=([s for p in pairs for s in p],))
        writer.start()
        try:
            for _ in pairs:
                old = self._receive()
                yield old, self._receive()
        finally:
            if writer.is_alive():  # stopped early: unblock the writer before waiting for it
                self.proc.kill()
            writer.join()

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def review_only(old: bytes, new: bytes, fields: tuple[str, ...]) -> bool:
    """True if ``old`` and ``new`` differ only in lines that set a review field."""
    if old == new:
        return False

    def strip(data: bytes) -> list[bytes]:
        keys = tuple(f.encode() + b":" for f in fields)
        return [line for line in data.split(b"\n") if not line.lstrip().startswith(keys)]

    return strip(old) == strip(new)
