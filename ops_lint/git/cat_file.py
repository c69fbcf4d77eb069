"""``git cat-file`` as a typed conversation: ask for objects, read each answer.

One process per mode (``--batch`` for contents, ``--batch-check`` for sizes). Either a
bounded batch is written and every answer read before the next (:meth:`CatFile.ask`), or
a long list is written by a thread while the caller reads the answers as they come
(:meth:`CatFile.send`): a pipe then never fills both ways at once whatever the list's
length, and one round trip serves thousands of objects.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading

from ops_lint.git.command import Git


class CatFile:
    """One ``git cat-file`` process asked in bounded batches: write a batch, read every
    answer, repeat. Nothing is in flight between batches, so nothing can be lost."""

    def __init__(self, git: Git, mode: str) -> None:
        self.proc = git.popen(
            "cat-file", mode, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout

    def ask(self, shas: list[str]) -> None:
        self.stdin.write("".join(f"{sha}\n" for sha in shas).encode("ascii"))
        self.stdin.flush()

    def send(self, shas: list[str]) -> threading.Thread:
        """Ask for ``shas`` from a thread, so the caller can read the answers while the
        requests are written; join the thread once every answer is read."""
        request = "".join(f"{sha}\n" for sha in shas).encode("ascii")

        def write() -> None:
            with contextlib.suppress(OSError):  # git gone: the reader sees the stream end
                self.stdin.write(request)
                self.stdin.flush()

        writer = threading.Thread(target=write, name="cat-file requests", daemon=True)
        writer.start()
        return writer

    def header(self) -> int | None:
        """The size from the next answer's header (``SHA blob SIZE``); None for a missing
        object or anything but a blob."""
        parts = self.stdout.readline(200).split()
        if len(parts) != 3 or parts[1] != b"blob" or not parts[2].isdigit():
            return None
        return int(parts[2])

    def close(self) -> None:
        # EOF ends cat-file; closing our read end ends it even mid-answer (EPIPE).
        for stream in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
