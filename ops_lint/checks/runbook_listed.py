"""A runbook that no runbook inventory lists.

A runbook the handover doc does not list is invisible to whoever takes over the service:
nobody will know it exists when its alert fires. Every ``type: runbook`` doc must be
linked from a row of the runbook inventory table (the table under the runbook inventory
section with a runbook column) of at least one handover doc of the doc set. Links
are resolved from the handover doc; a ``#fragment`` does not matter.

The set of inventory links is built once per run, from every doc of the doc set (the
configured ``docs``), also when only some files are linted. When the doc set holds no
handover doc at all (for example ``docs: [ops-docs/runbooks]``), there is no inventory to
compare with: the rule then passes and records that in its evidence, so configure
``docs`` to include the handover doc to check inventory membership.

Vocabulary keys read: ``vocabulary.sections.runbook-inventory`` (the section's titles:
"Runbook Inventory", "Runbooks", ...) and ``vocabulary.columns.runbook-inventory.runbook``
(Runbook, Runbooks, Name, ...).

Options:
- ``inventory_types``: doc types whose inventory tables count (default ``handover``).

Fail: ``runbooks/partner-cert-rotation.md`` exists, but no inventory row links to it.

Pass: the handover doc's inventory has the row

    | [Cert rotation](../runbooks/partner-cert-rotation.md) | Cert expires < 30 d | edi-platform |

Fix (safe, ``ops-lint check --fix``): a row is added at the end of the first inventory
table of the first handover doc: the runbook's title linked, its front-matter
``trigger`` and ``owner``, and any other column whose header names a front-matter key
(``Severity`` is ``severity``); no fix when the runbook has no trigger or owner.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._inventory import anchor_line, linked_runbooks, relative_link
from ops_lint.context import Context
from ops_lint.diagnostic import Fix, TextEdit
from ops_lint.matching import column_of
from ops_lint.model import Document

KIND = "runbook-listed"


class Options(CheckOptions):
    inventory_types: list[str] = Field(default_factory=lambda: ["handover"], min_length=1)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    line = anchor_line(doc)
    holders = [
        d
        for kind in options.inventory_types
        for d in ctx.docs_of_type(kind)
        if d.read_error is None
    ]
    if not holders:
        kinds = " / ".join(options.inventory_types)
        yield Evidence(line, f"no {kinds} doc in the doc set; inventory membership not checked")
        return
    listed_by = linked_runbooks(ctx, options.inventory_types).get(doc.abspath)
    if listed_by:
        yield Evidence(line, f"listed in the runbook inventory of {', '.join(listed_by)}")
        return
    names = ", ".join(h.path for h in holders[:3]) + (" ..." if len(holders) > 3 else "")
    first = holders[0]
    yield Finding(
        line,
        1,
        f"runbook is not listed in the runbook inventory of {names}; every runbook needs "
        "an inventory row that links to it",
        f"add a row [{doc.title}]({relative_link(first, doc.abspath)}) to the "
        f"{_section_of(first, ctx)} table of {first.path}",
        doc.title,
        fix=_row_fix(doc, first, ctx),
    )


def _cell(value: object) -> str:
    """A front-matter value as a table cell: one line, pipes escaped, lists joined."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if value is None or isinstance(value, dict):
        return ""
    return " ".join(str(value).split()).replace("|", "\\|")


def _row_fix(doc: Document, holder: Document, ctx: Context) -> Fix | None:
    """A new last row of the holder's first inventory table: the runbook's link, and the
    trigger and owner of its front-matter (other columns named like a front-matter key,
    such as Severity, filled from it). None when the runbook has no trigger or owner."""
    if not (_cell(doc.meta.get("trigger")) and _cell(doc.meta.get("owner"))):
        return None
    tables = ctx.inventory(holder).tables
    source = next((t for t in holder.tables if tables and t.line == tables[0].at.line), None)
    if source is None:
        return None
    headers = tables[0].headers
    cells = [_cell(doc.meta.get("_".join(h.lower().split()))) for h in headers]
    for column in ("trigger", "owner"):
        index = column_of(headers, ctx.vocabulary.column_names("runbook-inventory", column))
        if index is None:
            return None
        cells[index] = _cell(doc.meta.get(column))
    cells[tables[0].runbook_column] = f"[{doc.title}]({relative_link(holder, doc.abspath)})"
    row = "| " + " | ".join(cells) + " |\n"
    after = source.end_line + 1
    edit = TextEdit(after, 1, after, 1, row, path=holder.abspath)
    return Fix((edit,), safe=True, title=f"add a row for {doc.path} to {holder.path}")


def _section_of(holder: Document, ctx: Context) -> str:
    """How a hint names the inventory section of ``holder``: its title, or the first one
    the vocabulary knows."""
    inventory = ctx.inventory(holder)
    titles = [s.title for s in inventory.sections] or list(inventory.searched[:1])
    return f"'{titles[0]}'"
