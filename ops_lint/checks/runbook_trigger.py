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

Where a runbook may name its trigger is set by ``runbooks.trigger_from`` in the config, a
list tried in order (default ``[front-matter]``): ``front-matter`` (the ``trigger:``
entry), ``inventory`` (a handover inventory row with a trigger links to the runbook),
``alert-rules`` (an alert of ``runbooks.alert_rules`` names it as its runbook), ``h1``
(the H1 is an alert name, e.g. ``# KubePodCrashLooping``) and ``file-name`` (e.g.
``KubePodCrashLooping.md``). An alert name is the name of a configured alert, or one
identifier of two or more capitalised words (``etcdMembersDown``, ``SSPDown``).

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

from collections.abc import Iterator, Sequence

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._inventory import anchor_line, required_value, runbook_types_field
from ops_lint.checks._triggers import find_trigger
from ops_lint.context import Context
from ops_lint.model import Document

KIND = "runbook-trigger"
PURPOSE = "the alert or condition that starts the runbook"


class Options(CheckOptions):
    trigger_field: str = Field(default="trigger", min_length=1)
    runbook_types: list[str] = Field(default_factory=runbook_types_field, min_length=1)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    sources = ctx.config.runbooks.trigger_from
    if doc.doc_type in options.runbook_types and sources != ["front-matter"]:
        found = find_trigger(doc, ctx, options.trigger_field)
        if found is not None:
            yield Evidence(found[0], f"trigger named by {found[1]}")
            return
        has_field = options.trigger_field in doc.meta or doc.front_matter.error is not None
        if "front-matter" not in sources or not has_field:
            yield _no_source(doc, options, sources)
            return
    yield from required_value(
        doc,
        ctx,
        runbook_types=options.runbook_types,
        label="trigger",
        field=options.trigger_field,
        allow_list=False,
        purpose=PURPOSE,
    )


def _no_source(doc: Document, options: Options, sources: Sequence[str]) -> Finding:
    looked = ", ".join(
        f"front-matter '{options.trigger_field}'" if s == "front-matter" else s for s in sources
    )
    return Finding(
        anchor_line(doc),
        1,
        f"runbook names no trigger (looked in: {looked}); expected {PURPOSE}",
        f"name the alert in the H1 or file name, or add '{options.trigger_field}: ...' "
        "to the front-matter",
        doc.title,
    )
