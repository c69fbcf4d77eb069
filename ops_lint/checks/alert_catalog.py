"""Alert catalog rows without a runbook of the doc set or without a severity level.

The alert catalog is the human index of every alert: what fired, how bad it is by
default, and which runbook to open. A catalog table is any table with an alert column
(headers ``Alert``, ``Alert name``, ``Page alert``, ``Ticket alert`` ...) and a runbook
column (``Runbook`` ...), in any doc; a table with page and ticket alert columns holds
two alerts per row. For every row of such a table this fails when:

- an alert cell names no alert (the alert rule's name, in backticks: `` `EdiIngestStalled` ``);
- the runbook cell has no link, links only to a URL, or its relative link resolves to no
  doc of the doc set, or to a doc that is not a runbook (``runbook_types``);
- the table has no severity column (``Severity``, ``Default severity``: one finding at
  its header), the row's severity cell is blank, or it does not start with a level of
  the vocabulary (``S0``-``S4`` by default; any spelling, ``Sev 1``). A qualified second
  level may follow in parentheses: ``S2 (S1 top-10 payer)``.

Findings are on the row's line, at the offending cell. A doc without a catalog table
passes with a note of what was looked for.

Vocabulary keys read: ``vocabulary.columns.alert-catalog.alert``, ``.severity``,
``.runbook`` (header names), ``vocabulary.severity.levels``.

Options:
- ``runbook_types``: doc types a runbook link may lead to (default ``runbook``).
- ``require_severity``: a catalog table needs a severity column (default true).

Fail:

    | Alert | Default severity | Runbook |
    |---|---|---|
    | `EdiIngestStalled` | High | [Ingestion outage](../runbooks/ingestion-outage.md) |

("severity 'High' of alert `EdiIngestStalled` is not a severity level (S0, S1, S2, S3,
S4)"), or the same row linking to ``../reference/platform-overview.md`` (a reference
doc, not a runbook).

Pass: ``| `EdiIngestStalled` | S1 | [Ingestion outage](../runbooks/ingestion-outage.md) |``
with ``type: runbook`` in ``runbooks/ingestion-outage.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._inventory import anchor_line, runbook_types_field
from ops_lint.context import Context
from ops_lint.governance import blank
from ops_lint.governance.alert_catalog import (
    CONCEPT,
    CatalogRow,
    CatalogTable,
)
from ops_lint.model import Document
from ops_lint.vocabulary import key_for_column

KIND = "alert-catalog"


class Options(CheckOptions):
    runbook_types: list[str] = Field(default_factory=runbook_types_field, min_length=1)
    require_severity: bool = True


def looked_for(ctx: Context) -> str:
    """What makes a table a catalog table, for notes and messages."""
    alert = ", ".join(ctx.vocabulary.column_names(CONCEPT, "alert")[:4])
    runbook = ", ".join(ctx.vocabulary.column_names(CONCEPT, "runbook")[:2])
    return f"a table with an alert column ({alert} ...) and a runbook column ({runbook} ...)"


def _alerts(row: CatalogRow) -> str:
    names = ", ".join(f"`{v.text}`" for v in row.names)
    return f"alert{'s' if len(row.names) > 1 else ''} {names}"


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    tables = ctx.catalog_tables(doc)
    if not tables:
        yield Evidence(anchor_line(doc), f"no alert catalog table here ({looked_for(ctx)})")
        return
    clean = True
    for table in tables:
        for finding in _table(table, options, ctx):
            clean = False
            yield finding
    if clean:
        rows = sum(len(t.rows) for t in tables)
        yield Evidence(tables[0].at.line, f"{rows} catalog rows name a runbook and a severity")


def _table(table: CatalogTable, options: Options, ctx: Context) -> Iterator[Finding]:
    if table.severity_header is None and options.require_severity:
        names = ctx.vocabulary.column_names(CONCEPT, "severity")
        yield Finding(
            table.at.line,
            1,
            f"alert catalog table ({', '.join(table.alert_headers)}) has no severity column "
            f"(accepted headers: {', '.join(names)})",
            f"add a '{names[0]}' column giving each alert's default level, or name your header "
            f"in the config (key {key_for_column(CONCEPT, 'severity')})",
            " | ".join(table.alert_headers),
        )
    for row in table.rows:
        for value in row.unnamed:
            yield Finding(
                value.at.line,
                value.at.column,
                f"alert cell '{value.text[:80]}' names no alert",
                "write the alert rule's name in backticks, e.g. `EdiIngestStalled`",
                value.text[:80],
            )
        if row.names:
            yield from _runbook(row, options, ctx)
            if table.severity_header is not None:
                yield from _severity(row, table.severity_header, ctx)


def _runbook(row: CatalogRow, options: Options, ctx: Context) -> Iterator[Finding]:
    cell = row.runbook
    line, column = (cell.at.line, cell.at.column) if cell is not None else (row.line, 1)
    hint = "link the runbook by its relative path, e.g. [Ingestion outage](../runbooks/x.md)"
    if not row.links:
        said = "is empty" if blank(cell) else f"says '{cell.text[:80]}' but holds no link"  # type: ignore[union-attr]
        yield Finding(line, column, f"{_alerts(row)} names no runbook (its cell {said})", hint)
        return
    if row.runbook_target is None:
        target = row.links[0].target
        yield Finding(
            line,
            column,
            f"{_alerts(row)} links its runbook to '{target[:120]}', not to a runbook of the "
            "doc set",
            hint,
            target[:120],
        )
        return
    linked = ctx.by_abspath.get(row.runbook_target)
    if linked is None:
        shown = ctx.project_path(row.runbook_target)
        yield Finding(
            line,
            column,
            f"runbook link of {_alerts(row)} resolves to {shown}, which is no doc of the doc set",
            "fix the link, or write the runbook",
            shown,
        )
    elif linked.read_error is not None or linked.front_matter.error is not None:
        return  # its type is unknowable; the unreadable file itself is reported
    elif linked.doc_type not in options.runbook_types:
        kinds = "/".join(options.runbook_types)
        yield Finding(
            line,
            column,
            f"runbook link of {_alerts(row)} leads to {linked.path} (type: {linked.doc_type}), "
            f"not a {kinds}",
            f"link the alert's runbook (a doc with 'type: {options.runbook_types[0]}')",
            linked.path,
        )


def _severity(row: CatalogRow, header: str, ctx: Context) -> Iterator[Finding]:
    cell = row.severity
    levels = ", ".join(ctx.vocabulary.level_names())
    line, column = (cell.at.line, cell.at.column) if cell is not None else (row.line, 1)
    if blank(cell):
        yield Finding(
            line,
            column,
            f"{_alerts(row)} has no severity (its '{header}' cell is empty)",
            f"give the level the alert opens an incident at ({levels})",
        )
    elif row.default is None:
        text = cell.text.strip()[:80]  # type: ignore[union-attr]
        yield Finding(
            line,
            column,
            f"severity '{text}' of {_alerts(row)} is not a severity level ({levels})",
            "start the cell with a level; a qualified second level may follow in "
            "parentheses, e.g. 'S2 (S1 top-10 payer)'",
            text,
        )
