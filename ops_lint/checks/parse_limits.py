"""Content the parser did not read because a safety limit was reached.

ops-lint bounds its work on any file: lists and blockquotes nest at most ``max-nesting``
levels (config, default 20, the CommonMark preset's), front-matter expands to at most
100,000 YAML nodes and 64 levels, and files are at most ``max-file-size`` bytes
(``unreadable-file``). When a document reaches the nesting limit, whatever is nested
deeper is not read, so no rule can see it: this rule says where that happened instead of
passing it silently.

Fail: a list nested 25 levels deep (``- - - - … item``).
Pass: any document within the limits.
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.model import Document

KIND = "parse-limits"


class Options(CheckOptions):
    pass


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    for line, note in doc.notes:
        yield Finding(
            line,
            1,
            note,
            "flatten the structure, or raise the limit with 'max-nesting' in the config",
        )
    if not doc.notes:
        yield Evidence(1, "within the parser's limits")
