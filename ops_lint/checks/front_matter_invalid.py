"""Front-matter that is not valid YAML, or not a mapping.

Front-matter is the YAML block between ``---`` lines at the very top of the file. It is
loaded with a safe loader: tags such as ``!!python/object`` are reported here, never
executed. The diagnostic points at the line of the YAML error in the file. Aliases that
expand beyond 100,000 nodes and nesting deeper than 64 levels are reported too.

Fail:

    ---
    owner: [edi-l2-support
    ---

Pass:

    ---
    owner: edi-l2-support
    ---
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.model import Document

KIND = "front-matter-invalid"


class Options(CheckOptions):
    pass


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    error = doc.front_matter.error
    if error is not None:
        yield Finding(
            error.line,
            error.column,
            error.message,
            "fix the YAML between the '---' lines (quote values that contain ': ' or '#')",
        )
    elif doc.front_matter_lines:
        yield Evidence(doc.front_matter_lines[0], "front-matter parsed")
