"""A runbook without an owner: in the runbook inventory or in the runbook's front-matter.

A runbook nobody owns goes stale and has nobody to escalate to. Both places must name
the owning team (whether the owner is a real team of the roster, and not one person, is
for ``unknown-owner`` and ``single-person-owner``):

- in a handover doc, every row of the runbook inventory table (the table under the
  runbook inventory section with a runbook column) needs a non-blank owner cell
  (blank: empty, ``-``, ``—``, ``n/a``, ``none``); a table without an owner column is
  reported at its header;
- a runbook doc (``type: runbook``) needs an ``owner:`` front-matter entry: a non-empty
  string, or a non-empty list of non-empty strings; or, when it has none, an owner from
  another of ``owner_sources`` in the config (``CODEOWNERS``, ``OWNERS`` files, the
  default owner).

A handover doc without an inventory table is left to ``runbook-exists``.

Vocabulary keys read: ``vocabulary.sections.runbook-inventory`` (the section's titles:
"Runbook Inventory", "Runbooks", ...), ``vocabulary.columns.runbook-inventory.runbook``
and ``vocabulary.columns.runbook-inventory.owner`` (Owner, Owners, Owning team, Team, ...).

Options:
- ``owner_field``: front-matter key of a runbook (default ``owner``).
- ``runbook_types``: doc types read as runbooks (default ``runbook``); other docs the rule
  applies to are read for an inventory table.

Fail:

    | Runbook | Trigger | Owner |
    |---|---|---|
    | [Routing DLQ backlog](../runbooks/routing-dlq-backlog.md) | DLQ depth > 100 |  |

or a runbook with ``owner: []``.

Pass:

    | [Routing DLQ backlog](../runbooks/routing-dlq-backlog.md) | DLQ depth > 100 | edi-l2-support |

and ``owner: edi-l2-support``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Result
from ops_lint.checks._inventory import required_value, runbook_types_field
from ops_lint.context import Context
from ops_lint.model import Document

KIND = "runbook-owner"


class Options(CheckOptions):
    owner_field: str = Field(default="owner", min_length=1)
    runbook_types: list[str] = Field(default_factory=runbook_types_field, min_length=1)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    if doc.doc_type in options.runbook_types and options.owner_field not in doc.meta:
        owners = ctx.owners(doc, (options.owner_field,)).declared
        elsewhere = [o for o in owners if o.origin]
        if elsewhere:  # owner_sources: CODEOWNERS, OWNERS files, the default owner
            names = ", ".join(o.text for o in elsewhere)
            yield Evidence(1, f"owner {names} ({elsewhere[0].origin})")
            return
    yield from required_value(
        doc,
        ctx,
        runbook_types=options.runbook_types,
        label="owner",
        field=options.owner_field,
        allow_list=True,
        purpose="the team that owns the runbook",
    )
