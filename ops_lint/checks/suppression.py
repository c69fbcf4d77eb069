"""Inline suppressions, and their accountability.

A finding can be waived in the doc itself, with a reason, and optionally until a date:

    <!-- ops-lint-disable-next-line OPS004 -- value decided at the Q1 capacity review -->
    <!-- ops-lint-disable OPS201 until=2027-01-31 -- S4 row is being rewritten (OPS-1234) -->
    ...
    <!-- ops-lint-enable OPS201 -->

``until=YYYY-MM-DD`` may stand before the ``--`` or after it, in the reason
(``-- S4 row being rewritten until=2027-01-31``): either way it is the expiry date, and
it is not part of the reason. An ``until=`` that is not a date makes the comment
malformed, so it never suppresses without an end.

``disable-next-line`` covers the line after the comment; ``disable`` covers every line
until the matching ``enable`` (or the end of the file). Codes may be prefixes (``OPS2``
covers every code that starts with it). The engine applies suppressions after all checks
and reports on them with the rules of this kind, one per problem, named by the option
``problem``:

- ``missing-reason``: a suppression without a reason (after ``--``).
- ``unused``: a suppression that suppresses nothing (remove it).
- ``expired``: a suppression past its ``until`` date: it no longer suppresses.
- ``malformed``: a comment starting ``ops-lint-`` that is not a valid directive.

Every rule of this kind states its ``problem``, whatever its code; a rule without it,
or two rules for one problem, is a pack error: a suppression problem is never dropped for
want of a rule to report it.

Findings in the front-matter are waived with ``per-file-ignores`` in the config instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ops_lint.checks import CheckOptions, Result
from ops_lint.context import Context
from ops_lint.model import Document

KIND = "suppression"


Problem = Literal["missing-reason", "unused", "expired", "malformed"]
PROBLEMS: tuple[Problem, ...] = ("missing-reason", "unused", "expired", "malformed")


class Options(CheckOptions):
    problem: Problem


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    """Applied by the engine after the other checks; nothing to do per document."""
    return iter(())
