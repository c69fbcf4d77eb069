"""Read a doc file and build its model: the full build, or the light read for freshness.

The model is built in :mod:`ops_lint.document_builder` (with :mod:`ops_lint.inline_text`
and :mod:`ops_lint.directives`); the light read is :mod:`ops_lint.document_light`.
"""

from __future__ import annotations

from ops_lint.directives import parse_directive
from ops_lint.doc_file import decode, read_bytes
from ops_lint.document_builder import build
from ops_lint.document_light import front_matter_only
from ops_lint.model import Document
from ops_lint.parse_reference import DEFAULT_MAX_NESTING, markdown_parser

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
