"""Major-severity example scenarios that no alert of the alert catalog detects.

An S0 or S1 scenario nobody is paged for is found by a partner, hours later. In the
severity matrix (found as for `severity-levels`), the example-scenarios value of every
major level (``major: true`` in ``vocabulary.severity.levels``; S0 and S1 by default) is
read as a list separated by ``;`` (not inside parentheses). Each example must name at
least one catalog alert that detects it, by its exact name (in backticks:
"all ingestion failed for 10 min (`EdiIngestAllChannelsDown`)"), or say that only a
person detects it, with the marker ``manual_marker`` followed by how: "(no alert:
partner or workforce report to the service desk)". A marker with nothing after it fails.

The catalog is every table of the doc set with an alert column and a runbook column
(see `alert-catalog`); without one nothing is checked and the evidence says so. A doc
without a matrix or without example scenarios is left to `severity-levels` and
`severity-complete`. Findings are at the level's example cell and quote the example.

Vocabulary keys read: those of `severity-levels`,
``vocabulary.columns.severity-matrix.examples``, ``vocabulary.columns.alert-catalog.*``.

Options:
- ``manual_marker``: the words that mark an example only a person detects (default
  ``no alert:``; any case).

Fail: an S1 example "batch receipt-to-delivery p95 above 30 min" (no alert named).

Pass: "batch receipt-to-delivery p95 above 30 min (`EdiBatchDeliveryLate`)" with
``EdiBatchDeliveryLate`` in the catalog, or "a partner reports PHI in a file (no alert:
partner report to the service desk)".
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._severity_table import MatrixOptions, matrix_for, no_matrix_note, where
from ops_lint.checks.alert_catalog import looked_for
from ops_lint.context import Context
from ops_lint.governance import Value, blank
from ops_lint.governance.alert_catalog import AlertCatalog, split_examples
from ops_lint.governance.severity import SeverityMissing
from ops_lint.matching import words
from ops_lint.model import Document

KIND = "severity-scenario-alert"


class Options(MatrixOptions):
    manual_marker: str = Field(default="no alert:", min_length=1, max_length=80)


def examples_of(doc: Document, value: Value) -> list[str]:
    """The examples of a matrix value, split on ``;``. A value read from a list item (the
    heading and bullet shapes read prose only) is taken from the item's text after its
    label, code spans included: `` `AlertName` `` is what the examples cite."""
    text = value.text
    lo = bisect_left(doc.items, value.at.line, key=lambda item: item.line)
    if lo < len(doc.items) and doc.items[lo].line == value.at.line:
        rest = doc.items[lo].text.partition(":")[2]
        if len(rest.strip()) > len(text.strip()):
            text = rest
    return split_examples(text)


def _plain(text: str) -> str:
    return " ".join(text.lower().split())


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    matrix = matrix_for(doc, ctx)
    if isinstance(matrix, SeverityMissing):
        yield Evidence(1, no_matrix_note(ctx, matrix))
        return
    if "examples" not in matrix.columns:
        reporter = ctx.rule_ref("severity-complete")
        yield Evidence(matrix.at.line, f"{where(matrix)} has no examples ({reporter})")
        return
    catalog = ctx.alert_catalog()
    if not catalog.found:
        yield Evidence(
            matrix.at.line,
            f"no alert catalog found in the doc set (looked for {looked_for(ctx)}); "
            "example scenarios not checked",
        )
        return
    major = set(ctx.vocabulary.major_levels())
    checked = 0
    for row in matrix.rows:
        value = row.get("examples")
        if row.level not in major or value is None or blank(value):
            continue
        for example in examples_of(doc, value):
            checked += 1
            yield from _example(row.level, example, value, options, catalog)
    yield Evidence(matrix.at.line, f"{checked} examples of {', '.join(sorted(major))} read")


def _example(
    level: str, example: str, value: Value, options: Options, catalog: AlertCatalog
) -> Iterator[Finding]:
    if catalog.named_in(example):
        return
    marker = _plain(options.manual_marker)
    plain = _plain(example)
    shown = example if len(example) <= 100 else example[:97] + "..."
    if marker in plain:
        after = plain.split(marker, 1)[1]
        if words(after):
            return
        yield Finding(
            value.at.line,
            value.at.column,
            f'{level} example "{shown}" says "{options.manual_marker}" but not who or what '
            "detects it",
            f'write how it is detected after the marker, e.g. "({options.manual_marker} '
            'partner report to the service desk)"',
            shown,
        )
        return
    yield Finding(
        value.at.line,
        value.at.column,
        f'{level} example "{shown}" names no alert of the alert catalog that detects it'
        + _near_miss(example, catalog),
        "name the catalog alert that detects it in backticks after the example, e.g. "
        '"... for 10 min (`AlertName`)", or, if only a person can detect it, say how: '
        f'"({options.manual_marker} partner report to the service desk)"',
        shown,
    )


def _near_miss(example: str, catalog: AlertCatalog) -> str:
    names = list(catalog.by_name)
    for word in example.replace("`", " ").split():
        word = word.strip(".,;:()[]")
        close = difflib.get_close_matches(word, names, n=1, cutoff=0.85) if len(word) > 5 else []
        if close:
            return f" (`{word}` is not in the catalog; did you mean `{close[0]}`?)"
    return ""
