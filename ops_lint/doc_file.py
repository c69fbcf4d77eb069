"""A doc file's bytes and its text: read within the size limit, decoded as UTF-8 or said why not.

Shared by the full read (:mod:`ops_lint.document`) and the light read of a freshness
report (:mod:`ops_lint.freshness_docs`), which must not load the Markdown parser.
"""

from __future__ import annotations

import os


def read_bytes(abspath: str, max_size: int) -> bytes | str:
    """The file's bytes (at most ``max_size + 1``), or why it cannot be read.

    The first read asks for the size ``fstat`` gives plus one byte, not for
    ``max_size + 1``: a buffer of the limit per file would be one memory mapping each,
    and a doc set of some 65,000 files would exhaust the process's mappings. A read that
    returns less than asked has reached the end: no second read confirms it.
    """
    try:
        with open(abspath, "rb", buffering=0) as handle:
            want = min(os.fstat(handle.fileno()).st_size, max_size) + 1
            chunks: list[bytes] = []
            got = 0
            while got <= max_size:
                asked = min(want, max_size + 1 - got)
                chunk = handle.read(asked)
                chunks.append(chunk)
                got += len(chunk)
                if len(chunk) < asked:
                    break  # a short read of a regular file: its end
                want = _CHUNK  # the file grew since fstat: read on, a bounded piece at a time
            return b"".join(chunks)
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"


_CHUNK = 64 * 1024


def decode(data: bytes, max_size: int) -> str | tuple[str]:
    """The text of a doc file, or ``(reason,)`` when it is not UTF-8 text within the limit."""
    if len(data) > max_size:
        return (f"file is larger than the {max_size:,}-byte limit (max_file_size)",)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ("file is UTF-16 encoded; save it as UTF-8",)
    if b"\0" in data:
        return ("file is binary (contains NUL bytes)",)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line})",)
