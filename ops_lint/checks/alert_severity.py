"""Severities that disagree between the alert catalog, the severity matrix and runbooks.

An alert opens an incident at its catalog severity, the matrix tells what each level
looks like, and a runbook says how bad things are when it is opened. They must agree:

- in the severity matrix (found as for `severity-levels`), an example scenario of level
  L that cites a catalog alert (its exact name, backticks optional; examples separated by
  ``;``) needs L among that alert's catalog severities: its default level, or a
  qualified one in parentheses (``S2 (S1 top-10 payer)``). Reported at the example cell;
- a runbook's front-matter ``severity:`` (``severity_field``) is the most severe default
  severity of the catalog alerts whose runbook link leads to it. Reported at its
  ``severity:`` line (at the H1 when it has none). A runbook no catalog alert with a
  severity links to is not compared.

The catalog is every table of the doc set with an alert column and a runbook column
(see `alert-catalog`, which reports rows without a level); without one nothing is checked
and the evidence says so. Levels are the vocabulary's, most severe first, in any spelling.

Vocabulary keys read: ``vocabulary.severity.levels``, ``vocabulary.columns.alert-catalog.*``
and those of `severity-levels`.

Options:
- ``runbook_types``: doc types read as runbooks (default ``runbook``); other docs are
  read for a severity matrix.
- ``severity_field``: front-matter key of a runbook's severity (default ``severity``).

Fail: the S0 example "all ingestion failed for 10 min (`EdiIngestStalled`)" while the
catalog gives ``EdiIngestStalled`` S1; or ``severity: S2`` on the runbook of an S1 alert.

Pass: the S0 example cites ``EdiIngestAllChannelsDown`` (catalog S0), and the runbook of
alerts at S0 and S1 has ``severity: S0``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._inventory import anchor_line, runbook_types_field
from ops_lint.checks._severity_table import matrix_for, no_matrix_note
from ops_lint.checks.alert_catalog import looked_for
from ops_lint.checks.severity_scenario_alert import examples_of
from ops_lint.context import Context
from ops_lint.governance import blank
from ops_lint.governance.alert_catalog import (
    AlertCatalog,
    CatalogAlert,
    most_severe,
)
from ops_lint.governance.severity import SeverityMissing, SeverityRow
from ops_lint.governance.severity_shapes import level_of, spellings_of
from ops_lint.model import Document

KIND = "alert-severity"


class Options(CheckOptions):
    runbook_types: list[str] = Field(default_factory=runbook_types_field, min_length=1)
    severity_field: str = Field(default="severity", min_length=1)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    catalog = ctx.alert_catalog()
    if not catalog.found:
        yield Evidence(
            anchor_line(doc),
            f"no alert catalog found in the doc set (looked for {looked_for(ctx)}); "
            "severities not compared",
        )
        return
    if doc.doc_type in options.runbook_types:
        yield from _runbook(doc, options, ctx, catalog)
    else:
        yield from _matrix(doc, ctx, catalog)


def _runbook(
    doc: Document, options: Options, ctx: Context, catalog: AlertCatalog
) -> Iterator[Result]:
    field = options.severity_field
    line = doc.front_matter.line_of(field) or anchor_line(doc)
    alerts = [a for a in catalog.by_runbook.get(doc.abspath, ()) if a.default is not None]
    expected = most_severe((a.default for a in alerts if a.default), ctx.vocabulary)
    if expected is None:
        yield Evidence(line, "no catalog alert with a severity links to this runbook")
        return
    cause = next(a for a in alerts if a.default == expected)
    others = f" (the most severe of its {len(alerts)} catalog alerts)" if len(alerts) > 1 else ""
    said = (
        f"catalog alert `{cause.name}` ({cause.where}), whose runbook this is, defaults to "
        f"{expected}{others}"
    )
    raw = doc.meta.get(field)
    text = raw.strip() if isinstance(raw, str) else ""
    level = level_of(text, spellings_of(ctx.vocabulary)) if text else None
    hint = (
        f"set '{field}: {expected}', or change the alerts' default severity in the catalog "
        "if the runbook is never opened at that level"
    )
    if not text:
        yield Finding(line, 1, f"runbook has no '{field}:'; {said}", hint, cause.name)
    elif level != expected:
        yield Finding(line, 1, f"runbook severity {text[:40]}, but {said}", hint, text[:40])
    else:
        yield Evidence(line, f"severity {expected} matches {said}")


def _matrix(doc: Document, ctx: Context, catalog: AlertCatalog) -> Iterator[Result]:
    matrix = matrix_for(doc, ctx)
    if isinstance(matrix, SeverityMissing):
        yield Evidence(1, no_matrix_note(ctx, matrix))
        return
    cited = 0
    for row in matrix.rows:
        for name, example in _citations(doc, row, catalog):
            cited += 1
            levels = catalog.severities_of(name)
            if not levels or row.level in levels:
                continue
            yield _mismatch(row, name, example, levels, catalog)
    yield Evidence(matrix.at.line, f"{cited} catalog alerts cited by example scenarios")


def _citations(doc: Document, row: SeverityRow, catalog: AlertCatalog) -> Iterator[tuple[str, str]]:
    value = row.get("examples")
    if value is None or blank(value):
        return
    for example in examples_of(doc, value):
        for name in catalog.named_in(example):
            yield name, example


def _mismatch(
    row: SeverityRow, name: str, example: str, levels: tuple[str, ...], catalog: AlertCatalog
) -> Finding:
    value = row.get("examples")
    assert value is not None
    first: CatalogAlert = catalog.by_name[name][0]
    shown = example if len(example) <= 80 else example[:77] + "..."
    at_level = [a.name for a in catalog.alerts if a.default == row.level][:4]
    instead = f" (the catalog's {row.level} alerts: {', '.join(at_level)})" if at_level else ""
    return Finding(
        value.at.line,
        value.at.column,
        f'{row.level} example "{shown}" cites `{name}`, whose catalog severity is '
        f"{' / '.join(levels)} ({first.where}), not {row.level}",
        f"cite the alert that detects the {row.level} case{instead}, or give `{name}` "
        f"{row.level} in the catalog, as its default or qualified: "
        f"'{levels[0]} ({row.level} <when>)'",
        name,
    )
