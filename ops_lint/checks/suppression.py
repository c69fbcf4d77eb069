"""Inline suppressions, and their accountability.

A finding can be waived in the doc itself, with a reason, and optionally until a date:

    <!-- ops-lint-disable-next-line OPS004 -- value decided at the Q1 capacity review -->
    <!-- ops-lint-disable OPS201 until=2027-01-31 -- S4 row is being rewritten (OPS-1234) -->
    ...
    <!-- ops-lint-enable OPS201 -->

``disable-next-line`` covers the line after the comment; ``disable`` covers every line
until the matching ``enable`` (or the end of the file). Codes may be prefixes
(``OPS2`` covers OPS201-OPS204). The engine applies suppressions after all checks and
reports on them with these rules:

- OPS901: a suppression without a reason (after ``--``).
- OPS902: a suppression that suppresses nothing (remove it).
- OPS903: a suppression past its ``until`` date: it no longer suppresses.
- OPS904: a comment starting ``ops-lint-`` that is not a valid directive.

Findings in the front-matter are waived with ``per-file-ignores`` in the config instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Result
from ops_lint.context import Context
from ops_lint.model import Document

KIND = "suppression"


class Options(CheckOptions):
    pass


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    """Applied by the engine after the other checks; nothing to do per document."""
    return iter(())
