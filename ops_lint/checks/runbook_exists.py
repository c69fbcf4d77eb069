"""A runbook inventory row that does not lead to a runbook.

The inventory is the on-call engineer's index: every row must link to the runbook it
names. In a handover doc, the table under the runbook inventory section with a runbook
column is read, and each row fails when its runbook cell

- holds no link, or only links to external URLs (a relative link to the file is expected);
- links to a file that does not exist (paths are relative to the handover doc; a leading
  ``/`` means the project root);
- links to a file that is not a doc of the doc set (not under ``docs``, or excluded), or
  to a doc whose ``type`` is not ``runbook``.

A handover doc with no inventory table at all gets one finding, which says what was
looked for and the nearest heading (the missing section itself is also
``required-sections'``); so does a doc with two sections titled equally well that both
hold an inventory table (none is guessed). Without an inventory section, a table of the
inventory's shape (runbook, trigger and owner columns) anywhere in the doc is read.

Vocabulary keys read: ``vocabulary.sections.runbook-inventory`` (the section's titles:
"Runbook Inventory", "Runbooks", ...) and ``vocabulary.columns.runbook-inventory.runbook``
(Runbook, Runbooks, Name, ...); ``trigger`` and ``owner`` columns for the shape.

Options:
- ``runbook_types``: doc types a row may link to (default ``runbook``).

Fail:

    | Runbook | Trigger | Owner |
    |---|---|---|
    | [DLQ backlog](../runbooks/routing-dlq.md) | DLQ depth > 100 | edi-l2-support |

when the file is ``runbooks/routing-dlq-backlog.md``; or ``| DLQ backlog | ... |`` (no link).

Pass: ``| [DLQ backlog](../runbooks/routing-dlq-backlog.md) | DLQ depth > 100 | edi-l2-support |``
with ``type: runbook`` in that file's front-matter.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._concepts import ambiguous, name_it_hint, not_found
from ops_lint.checks._inventory import CONCEPT, WHAT, relative_link, runbook_types_field
from ops_lint.context import Context
from ops_lint.governance.inventory import InventoryEntry, RunbookInventory
from ops_lint.model import Document
from ops_lint.vocabulary import key_for_column

KIND = "runbook-exists"


class Options(CheckOptions):
    runbook_types: list[str] = Field(default_factory=runbook_types_field, min_length=1)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    inventory = ctx.inventory(doc)
    rows = inventory.entries
    if not rows:
        yield _no_table(inventory, ctx)
        return
    clean = True
    for entry in rows:
        for finding in _row_problems(doc, entry, options, ctx):
            clean = False
            yield finding
    if clean:
        line = next(t.at.line for t in inventory.tables if t.entries)
        yield Evidence(line, f"runbook inventory: {len(rows)} rows link to runbooks")


def _no_table(inventory: RunbookInventory, ctx: Context) -> Finding:
    search = inventory.search
    if inventory.ambiguous:
        first = inventory.ambiguous[0]
        hint = "keep one inventory section, or retitle the other"
        return Finding(first.at.line, 1, ambiguous(search, WHAT), hint, WHAT)
    sections = inventory.sections
    if not sections:
        return Finding(
            inventory.anchor.line,
            1,
            not_found(search, "runbook inventory table"),
            "a table of Runbook (a link to the file), Trigger and Owner columns is "
            f"expected: {name_it_hint(search)}",
            WHAT,
        )
    names = ctx.vocabulary.column_names(CONCEPT, "runbook")
    columns = " / ".join(names)
    where = " / ".join(f"'{s.title}'" for s in sections)
    if inventory.other_tables:
        headers = "; ".join(", ".join(t) for t in inventory.other_tables)
        problem = f"no table has a runbook column headed {columns} (columns: {headers})"
        hint = (
            "head the column of runbook links 'Runbook', or name yours in the config "
            f"(key {key_for_column(CONCEPT, 'runbook')})"
        )
    else:
        problem = f"expected a table with a runbook column (headed {columns})"
        hint = "add a table with Runbook (a link to the file), Trigger and Owner columns"
    return Finding(
        sections[0].at.line,
        1,
        f"no runbook inventory table found in section(s) {where}: {problem}",
        hint,
        WHAT,
    )


def _row_problems(
    doc: Document, entry: InventoryEntry, options: Options, ctx: Context
) -> Iterator[Finding]:
    resolved = [(link, ctx.resolve_link(doc, link.target)) for link in entry.links]
    relative = [(link, r[0]) for link, r in resolved if r is not None]
    if not relative:
        found = (
            f"links only to {', '.join(link.target for link in entry.links)}"
            if entry.links
            else "has no link"
        )
        name = entry.runbook.text.strip() if entry.runbook is not None else ""
        name = name or "Runbook name"
        yield Finding(
            entry.at.line,
            entry.at.column,
            f"runbook '{entry.label}' {found} in the inventory; expected a relative link "
            "to its runbook file",
            f"make the runbook cell a link to the file, e.g. [{name}](../runbooks/"
            f"{_slug(name)}.md)",
            entry.label,
        )
        return
    for link, abspath in relative:
        problem = _target_problem(abspath, options, ctx)
        if problem is None:
            continue
        yield Finding(
            entry.at.line,
            link.at.column,
            f"runbook '{entry.label}' links to {ctx.project_path(abspath)}, {problem}",
            _hint(doc, link.target, options, ctx),
            link.target,
        )


def _target_problem(abspath: str, options: Options, ctx: Context) -> str | None:
    if ctx.outside(abspath):
        return "which is outside the project; not checked"
    if not ctx.exists(abspath):
        return "which does not exist"
    target = ctx.by_abspath.get(abspath)
    if target is None:
        return "which is not a doc of the doc set (outside 'docs', excluded, or not Markdown)"
    if target.read_error is not None or target.front_matter.error is not None:
        return None  # its type is unknowable; the file itself is reported elsewhere
    if target.doc_type not in options.runbook_types:
        kind = f"a '{target.doc_type}' doc" if target.doc_type else "a doc without a type"
        expected = " / ".join(options.runbook_types)
        return f"which is {kind}, not a runbook (expected type: {expected})"
    return None


def _hint(doc: Document, target: str, options: Options, ctx: Context) -> str:
    candidates = [
        relative_link(doc, d.abspath) for t in options.runbook_types for d in ctx.docs_of_type(t)
    ]
    close = difflib.get_close_matches(target.split("#", 1)[0], candidates, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "fix the link (it is relative to this file) or add the runbook with 'type: runbook'"


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) or "name"
