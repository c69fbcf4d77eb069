"""Shared by the runbook check kinds: their options and the runbook front-matter values.

Not a check kind itself (the leading underscore keeps it out of the registry). The
inventory itself is ``ops_lint.governance.inventory.RunbookInventory``, read through
``Context.inventory`` (default sections "Runbook Inventory" / "Runbooks").
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.governance import blank
from ops_lint.governance.inventory import RunbookInventory
from ops_lint.model import Document

DEFAULT_SECTIONS = ["Runbook Inventory", "Runbooks"]
DEFAULT_RUNBOOK_COLUMNS = ["Runbook", "Runbooks", "Name"]
DEFAULT_TRIGGER_COLUMNS = ["Trigger", "Triggers", "Alert", "When"]
DEFAULT_OWNER_COLUMNS = ["Owner", "Owners", "Owning team", "Team"]
_BLANK = ("", "-", "\u2013", "\u2014", "n/a", "none")


class InventoryOptions(CheckOptions):
    """Where the inventory table is and how its runbook column is headed."""

    sections: list[str] = Field(default_factory=lambda: list(DEFAULT_SECTIONS), min_length=1)
    runbook_columns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_RUNBOOK_COLUMNS), min_length=1
    )


def runbook_types_field() -> list[str]:
    return ["runbook"]


def inventory_of(doc: Document, options: InventoryOptions, ctx: Context) -> RunbookInventory:
    """The runbook inventory the options describe, extracted once per run."""
    return ctx.inventory(doc, options.sections, options.runbook_columns)


def sections_text(names: list[str]) -> str:
    return " / ".join(f"'{n}'" for n in names)


def missing_table_evidence(
    inventory: RunbookInventory, options: InventoryOptions, ctx: Context
) -> Evidence:
    where = sections_text(options.sections)
    reporter = ctx.rule_ref("runbook-exists")
    return Evidence(
        inventory.anchor.line, f"no runbook inventory table in {where} (reported by {reporter})"
    )


def anchor_line(doc: Document) -> int:
    return next((s.line for s in doc.sections if s.level == 1), 1)


def linked_runbooks(
    ctx: Context, options: InventoryOptions, holder_types: list[str]
) -> dict[str, list[str]]:
    """Abspath of every file an inventory row links to -> paths of the docs that list it."""

    def build() -> dict[str, list[str]]:
        linked: dict[str, list[str]] = {}
        for holder in ctx.docs:
            if holder.doc_type not in holder_types or holder.read_error is not None:
                continue
            for entry in inventory_of(holder, options, ctx).entries:
                for link in entry.links:
                    resolved = ctx.resolve_link(holder, link.target)
                    if resolved is not None:
                        listed = linked.setdefault(resolved[0], [])
                        if holder.path not in listed:
                            listed.append(holder.path)
        return linked

    key = f"runbook-inventory-links:{options.sections}:{options.runbook_columns}:{holder_types}"
    return ctx.cached(key, build)


def relative_link(from_doc: Document, to_abspath: str) -> str:
    return posixpath.normpath(
        os.path.relpath(to_abspath, posixpath.dirname(from_doc.abspath)).replace(os.sep, "/")
    )


def is_blank_text(value: str) -> bool:
    return value.strip().lower() in _BLANK


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a string"


def value_problem(value: object, allow_list: bool) -> str | None:
    """Why a front-matter trigger/owner value is unusable, or None if it is fine."""
    if isinstance(value, str):
        return "is empty" if is_blank_text(value) else None
    if allow_list and isinstance(value, list):
        if not value:
            return "is an empty list"
        bad = [v for v in value if not isinstance(v, str) or is_blank_text(v)]
        return "holds an empty or non-string entry" if bad else None
    expected = "a non-empty string or list of strings" if allow_list else "a non-empty string"
    return f"is {type_name(value)} (expected {expected})"


def required_value(
    doc: Document,
    ctx: Context,
    options: InventoryOptions,
    *,
    runbook_types: list[str],
    label: str,
    field: str,
    columns: list[str],
    allow_list: bool,
    purpose: str,
) -> Iterator[Result]:
    """A runbook's front-matter ``field`` or the inventory's ``label`` column is filled in."""
    if doc.doc_type in runbook_types:
        yield from _front_matter_value(doc, ctx, field, allow_list, purpose)
        return
    inventory = inventory_of(doc, options, ctx)
    tables = inventory.tables
    if not tables:
        yield missing_table_evidence(inventory, options, ctx)
        return
    clean = True
    for table in tables:
        index = table.column(columns)
        if index is None:
            clean = False
            yield Finding(
                table.at.line,
                1,
                f"runbook inventory table has no {label} column (columns: "
                f"{', '.join(table.headers)}); expected one headed "
                f"{' / '.join(columns)}",
                f"add a '{columns[0]}' column ({purpose}), or map its header with the "
                f"'{label}_columns' option",
                f"{label} column",
            )
            continue
        for entry in table.entries:
            if not blank(entry.get(index)):
                continue
            clean = False
            yield Finding(
                entry.at.line,
                entry.column_at(index),
                f"runbook '{entry.label}' has no {label} in the inventory; expected {purpose}",
                f"fill the '{table.header[index].text}' cell of this row",
                entry.label,
            )
    if clean:
        rows = sum(t.rows for t in tables)
        yield Evidence(tables[0].at.line, f"runbook inventory: {rows} rows with a {label}")


def _front_matter_value(
    doc: Document, ctx: Context, field: str, allow_list: bool, purpose: str
) -> Iterator[Result]:
    start = doc.front_matter_lines[0] if doc.front_matter_lines else 1
    if doc.front_matter.error is not None:
        reporter = ctx.rule_ref("front-matter-invalid")
        yield Evidence(start, f"front-matter does not parse ({reporter}); '{field}' not checked")
        return
    if field not in doc.meta:
        yield Finding(
            start,
            1,
            f"runbook front-matter has no '{field}'; expected {purpose}",
            f"add '{field}: ...' to the front-matter",
            field,
        )
        return
    value = doc.meta[field]
    line = doc.front_matter.line_of(field) or start
    problem = value_problem(value, allow_list)
    if problem is None:
        yield Evidence(line, f"front-matter '{field}' set")
        return
    yield Finding(
        line,
        1,
        f"runbook front-matter '{field}' {problem}; expected {purpose}",
        f"set '{field}' to {purpose}",
        f"{field}: {value!r}"[:120],
    )
