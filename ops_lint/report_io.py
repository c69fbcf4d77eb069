"""Where ops-lint's output goes, and the JSON files named on its command line.

- Standard output: written as UTF-8. Closed, full or failing, it is a usage error (one line,
  exit 2), never a traceback; a reader that went away (``| head``) ends the run quietly.
- ``--output FILE`` and ``--update-baseline``: a temp file in the same folder, renamed over
  the target. The temp file is created with ``O_EXCL|O_NOFOLLOW`` (a symlink planted at its
  name is never followed) and mode 0666 less the umask; a replaced regular file keeps its
  mode. A target that is not a regular file (``/dev/null``, a FIFO) is written through; a
  symlink is replaced, never followed (a committed ``report.md -> FIFO`` would hang the run,
  one to a device would write into it), except under ``/dev`` and ``/proc`` (``/dev/stdout``).
  A relative path whose folder is a symlink out of the working directory is refused.
- ``read_json``: a baseline or previous report, read through ``safe_files`` (a regular file,
  size capped) and checked for shape by the caller; any problem is one line, exit 2.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import sys
from typing import Any

from ops_lint.errors import UsageError
from ops_lint.escape import visible

# A baseline or previous report of ~100,000 entries is a few tens of MB.
JSON_LIMIT = 32_000_000
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def say(line: str) -> None:
    """One line on stderr for the user; nothing if stderr is closed or failing."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(visible(" ".join(line.split())) + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def guard_standard_fds() -> None:
    """Put /dev/null on a closed stdin, stdout or stderr, so no file opened later takes
    fd 1 and no child process writes into it."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


def _silence_stdout() -> None:
    # What is still buffered would fail again when Python flushes at exit (exit 120).
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _write_stdout(data: bytes) -> None:
    stream = sys.stdout
    if stream is None:
        raise UsageError("standard output is closed: write the report with --output FILE")
    try:
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:  # UTF-8 whatever the locale
            buffer.write(data)
            buffer.flush()
        else:
            stream.write(data.decode("utf-8"))
            stream.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise
    except (OSError, ValueError) as exc:  # ValueError: a stream closed under us
        _silence_stdout()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"cannot write to standard output: {reason}") from None


def create_temp(folder: str) -> tuple[int, str]:
    """A new, empty file in ``folder``: its fd and path (mode 0666 less the umask)."""
    for _ in range(100):
        path = os.path.join(folder, f".ops-lint-{secrets.token_hex(8)}.tmp")
        try:
            return os.open(path, _TEMP_FLAGS, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: no free temporary file name")


def _check_folder(output: str) -> None:
    """A relative ``output`` that stays in the working directory must not leave it through a
    symlinked folder (a committed ``reports -> /elsewhere``): the user named a place here."""
    named = os.path.normpath(output)
    if os.path.isabs(named) or named == ".." or named.startswith(".." + os.sep):
        return  # the user named a place outside themselves
    here = os.path.realpath(os.getcwd())
    folder = os.path.realpath(os.path.dirname(os.path.abspath(named)))
    if not (folder == here or folder.startswith(here.rstrip(os.sep) + os.sep)):
        raise UsageError(
            f"{output}: its folder is a symlink out of the working directory; not written "
            "(name the real path to write there)"
        )


def _replace(data: bytes, output: str) -> None:
    folder = os.path.dirname(os.path.abspath(output))
    os.makedirs(folder, exist_ok=True)
    try:
        old = os.lstat(output)
        keep = stat.S_IMODE(old.st_mode) & 0o777 if stat.S_ISREG(old.st_mode) else None
    except FileNotFoundError:
        keep = None
    fd, tmp = create_temp(folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if keep is not None:
                os.fchmod(handle.fileno(), keep)
            handle.write(data)
        os.replace(tmp, output)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def _write_through(output: str) -> bool:
    """True for /dev/null, a FIFO or a terminal named by the user: never replaced by a file."""
    try:
        mode = os.lstat(output).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(mode):
        system = os.path.abspath(output).startswith(("/dev/", "/proc/"))
        return system and os.path.exists(output) and not os.path.isfile(output)
    return not stat.S_ISREG(mode)


def write_output(text: str, output: str | None) -> None:
    """Write ``text`` to ``output``, or to stdout when it is None or '-'."""
    # The renderers escape what they embed; a lone surrogate that got past one is written
    # as a visible escape rather than failing the run.
    data = text.encode("utf-8", "backslashreplace")
    if output is None or output == "-":
        _write_stdout(data)
        return
    try:
        _check_folder(output)
        if _write_through(output):
            with open(output, "wb") as handle:
                handle.write(data)
            return
        _replace(data, output)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write report: {exc.strerror or exc}") from None


def read_json(path: str, what: str) -> Any:
    """The JSON value in ``path`` (a file the user named), or a one-line UsageError;
    ``FileNotFoundError`` is left to the caller, which knows what to advise."""
    from ops_lint.safe_files import read_bytes

    try:
        return json.loads(read_bytes(path, None, JSON_LIMIT))
    except FileNotFoundError:
        raise
    except OSError as exc:  # UnsafeFile: its reason never quotes the content
        raise UsageError(f"cannot read the {what}: {exc}") from None
    except RecursionError:
        raise UsageError(f"{path}: not a {what}: JSON nested too deeply") from None
    except ValueError as exc:  # bad JSON, bad UTF-8, a number too long to convert
        raise UsageError(f"{path}: not a {what}: {exc}") from None
