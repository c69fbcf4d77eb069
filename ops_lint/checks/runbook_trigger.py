"""A runbook without a trigger: in the runbook inventory or in the runbook's front-matter.

An on-call engineer picks a runbook by what fired. A runbook whose trigger is blank is
one nobody will open at the right moment, so both places must name it:

- in a handover doc, every row of the runbook inventory table (the table under the
  runbook inventory section with a runbook column) needs a non-blank trigger cell
  (blank: empty, ``-``, ``—``, ``n/a``, ``none``); a table without a trigger column is
  reported at its header;
- a runbook doc (``type: runbook``) needs a non-empty string ``trigger:`` front-matter
  entry.

A handover doc without an inventory table is left to ``runbook-exists``.

Vocabulary keys read: ``vocabulary.sections.runbook-inventory`` (the section's titles:
"Runbook Inventory", "Runbooks", ...), ``vocabulary.columns.runbook-inventory.runbook``
and ``vocabulary.columns.runbook-inventory.trigger`` (Trigger, Triggers, Alert, When, ...).

Options:
- ``trigger_field``: front-matter key of a runbook (default ``trigger``).
- ``runbook_types``: doc types read as runbooks (default ``runbook``); other docs the rule
  applies to are read for an inventory table.

Fail:

    | Runbook | Trigger | Owner |
    |---|---|---|
    | [Ingestion outage](../runbooks/ingestion-outage.md) | - | edi-l2-support |

or a runbook with ``trigger: ""``.

Pass:

    | [Ingestion outage](../runbooks/ingestion-outage.md) | `EDIIngestStalled` | edi-l2-support |

and ``trigger: "EDIIngestStalled alert (no file accepted for 15 min)"``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Result
from ops_lint.checks._inventory import required_value, runbook_types_field
from ops_lint.context import Context
from ops_lint.model import Document

KIND = "runbook-trigger"


class Options(CheckOptions):
    trigger_field: str = Field(default="trigger", min_length=1)
    runbook_types: list[str] = Field(default_factory=runbook_types_field, min_length=1)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    yield from required_value(
        doc,
        ctx,
        runbook_types=options.runbook_types,
        label="trigger",
        field=options.trigger_field,
        allow_list=False,
        purpose="the alert or condition that starts the runbook",
    )
