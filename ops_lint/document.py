"""Read a doc file and build its model: the full build, or the light read for freshness.

The model is built in :mod:`ops_lint.document_builder` (with :mod:`ops_lint.inline_text`
and :mod:`ops_lint.directives`); the light read is :mod:`ops_lint.document_light`.
"""

from __future__ import annotations

import os

from ops_lint.directives import parse_directive
from ops_lint.document_builder import DEFAULT_MAX_NESTING, build, markdown_parser
from ops_lint.document_light import front_matter_only
from ops_lint.model import Document

__all__ = [
    "DEFAULT_MAX_NESTING",
    "build",
    "decode",
    "from_bytes",
    "front_matter_only",
    "markdown_parser",
    "parse_directive",
    "read_bytes",
]


def read_bytes(abspath: str, max_size: int) -> bytes | str:
    """The file's bytes (at most ``max_size + 1``), or why it cannot be read.

    The first read asks for the size ``fstat`` gives plus one byte, not for
    ``max_size + 1``: a buffer of the limit per file would be one memory mapping each,
    and a doc set of some 65,000 files would exhaust the process's mappings.
    """
    try:
        with open(abspath, "rb", buffering=0) as handle:
            want = min(os.fstat(handle.fileno()).st_size, max_size) + 1
            chunks: list[bytes] = []
            got = 0
            while got <= max_size:
                chunk = handle.read(min(want, max_size + 1 - got))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
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


def from_bytes(
    path: str,
    abspath: str,
    data: bytes,
    max_size: int,
    light: bool = False,
    max_nesting: int = DEFAULT_MAX_NESTING,
) -> Document:
    """Decode and parse; content that is not UTF-8 text becomes ``read_error``."""
    text = decode(data, max_size)
    if isinstance(text, tuple):
        return Document(path=path, abspath=abspath, size=len(data), read_error=text[0])
    if light:
        return front_matter_only(path, abspath, text)
    return build(path, abspath, text, max_nesting)
