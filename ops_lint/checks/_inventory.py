"""Shared by the runbook check kinds: the inventory they read and runbook front-matter values.

Not a check kind itself (the leading underscore keeps it out of the registry). The
inventory itself is ``ops_lint.governance.inventory.RunbookInventory``, read through
``Context.inventory`` with the vocabulary's words (``vocabulary.sections.runbook-inventory``,
``vocabulary.columns.runbook-inventory.*``).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator

from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._concepts import ambiguous
from ops_lint.context import Context
from ops_lint.governance import blank
from ops_lint.governance.inventory import RunbookInventory
from ops_lint.model import Document
from ops_lint.vocabulary import key_for_column

CONCEPT = "runbook-inventory"
WHAT = "runbook inventory"
_BLANK = ("", "-", "\u2013", "\u2014", "n/a", "none")


def runbook_types_field() -> list[str]:
    return ["runbook"]


def missing_table_evidence(inventory: RunbookInventory, ctx: Context) -> Evidence:
    """Why a rule that reads the inventory checked nothing: none, or two, were found."""
    reporter = ctx.rule_ref("runbook-exists")
    if inventory.ambiguous:
        why = ambiguous(inventory.search, WHAT)
        return Evidence(inventory.ambiguous[0].at.line, f"{why} (reported by {reporter})")
    where = " / ".join(f"'{n}'" for n in inventory.searched[:4])
    return Evidence(
        inventory.anchor.line, f"no runbook inventory table in {where} (reported by {reporter})"
    )


def anchor_line(doc: Document) -> int:
    return next((s.line for s in doc.sections if s.level == 1), 1)


def linked_runbooks(ctx: Context, holder_types: list[str]) -> dict[str, list[str]]:
    """Abspath of every file an inventory row links to -> paths of the docs that list it."""

    def build() -> dict[str, list[str]]:
        linked: dict[str, list[str]] = {}
        for holder in ctx.docs:
            if holder.doc_type not in holder_types or holder.read_error is not None:
                continue
            for entry in ctx.inventory(holder).entries:
                for link in entry.links:
                    resolved = ctx.resolve_link(holder, link.target)
                    if resolved is not None:
                        listed = linked.setdefault(resolved[0], [])
                        if holder.path not in listed:
                            listed.append(holder.path)
        return linked

    return ctx.cached(f"runbook-inventory-links:{holder_types}", build)


def triggered_runbooks(ctx: Context, holder_types: list[str]) -> dict[str, str]:
    """Abspath of every file an inventory row with a trigger links to -> the first doc
    that lists it so."""

    def build() -> dict[str, str]:
        names = ctx.vocabulary.column_names(CONCEPT, "trigger")
        found: dict[str, str] = {}
        for holder in ctx.docs:
            if holder.doc_type not in holder_types or holder.read_error is not None:
                continue
            for table in ctx.inventory(holder).tables:
                index = table.column(names)
                rows = [e for e in table.entries if index is not None and not blank(e.get(index))]
                for link in (link for entry in rows for link in entry.links):
                    resolved = ctx.resolve_link(holder, link.target)
                    if resolved is not None:
                        found.setdefault(resolved[0], holder.path)
        return found

    return ctx.cached(f"runbook-inventory-triggers:{holder_types}", build)


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
    *,
    runbook_types: list[str],
    label: str,
    field: str,
    allow_list: bool,
    purpose: str,
) -> Iterator[Result]:
    """A runbook's front-matter ``field`` or the inventory's ``label`` column is filled in."""
    if doc.doc_type in runbook_types:
        yield from _front_matter_value(doc, ctx, field, allow_list, purpose)
        return
    inventory = ctx.inventory(doc)
    tables = inventory.tables
    if not tables:
        yield missing_table_evidence(inventory, ctx)
        return
    columns = ctx.vocabulary.column_names(CONCEPT, label)
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
                f"add a '{columns[0]}' column ({purpose}), or name yours in the config "
                f"(key {key_for_column(CONCEPT, label)})",
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
