"""Files that cannot be read as UTF-8 text.

A file is unreadable when it is not valid UTF-8, is binary (holds NUL bytes), is larger
than ``max-file-size`` (config, default 5 MB), or cannot be opened (permissions). The
file gets this one diagnostic and no other check runs on it; the rest of the doc set
is still checked.

Fail:  a Markdown file saved as UTF-16 or Latin-1, or an image renamed to ``.md``.
Pass:  any UTF-8 text file (a byte-order mark is accepted).
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.model import Document

KIND = "unreadable-file"


class Options(CheckOptions):
    pass


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    if doc.read_error:
        yield Finding(
            1,
            1,
            doc.read_error,
            "save the file as UTF-8 text, or exclude it with 'exclude' in the config",
        )
    else:
        yield Evidence(1, f"{doc.size:,} bytes of UTF-8 text")
