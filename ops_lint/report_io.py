"""Write reports atomically: a temp file in the same directory, then a rename."""

from __future__ import annotations

import os
import sys
import tempfile

from ops_lint.errors import UsageError


def write_output(text: str, output: str | None) -> None:
    """Write ``text`` to ``output``, or to stdout when it is None or '-'."""
    if output in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert output is not None
    if os.path.exists(output) and not os.path.isfile(output):
        # /dev/null, a FIFO, a terminal: write through, never replace it with a file
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise UsageError(f"{output}: cannot write report: {exc.strerror or exc}") from None
        return
    folder = os.path.dirname(os.path.abspath(output))
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ops-lint-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, output)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise UsageError(f"{output}: cannot write report: {exc.strerror or exc}") from None
