"""A runbook whose trigger names no alert of the alert catalog.

The catalog is the list of alerts that may page someone; a runbook's trigger tells the
on-call engineer which of them sends them here. A runbook's front-matter ``trigger:``
(``trigger_field``; a string or a list of strings) must name at least one catalog alert
by its exact name, backticks optional (``trigger: "EdiIngestStalled: no file accepted
for 10 min"``). A runbook no alert starts (a scheduled rotation) still names the alert
that tells it is due (``KmsKeyRotationDue``).

The catalog is every table of the doc set with an alert column and a runbook column
(see `alert-catalog`). Without one, nothing is checked and the evidence says what was
looked for. A runbook without a trigger is left to `runbook-trigger`. Exempt, as for
`alert-runbooks`: front-matter ``alert: none`` (``exempt_field``) or a path matched by
``runbooks.exempt``.

Vocabulary keys read: ``vocabulary.columns.alert-catalog.alert``, ``.runbook``.

Options:
- ``trigger_field``: front-matter key of the trigger (default ``trigger``).
- ``exempt_field``: front-matter key whose ``none`` exempts a runbook (default ``alert``).

Fail: ``trigger: "no 837 files accepted for 10 min"`` (no alert named), or
``trigger: "EdiIngestStaled"`` when the catalog lists ``EdiIngestStalled``.

Pass: ``trigger: "`EdiIngestStalled`: no 837 files accepted for 10 min"``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result, alert_runbooks
from ops_lint.checks._inventory import anchor_line
from ops_lint.checks.alert_catalog import looked_for
from ops_lint.context import Context
from ops_lint.governance.alert_catalog import AlertCatalog, alert_names
from ops_lint.model import Document

KIND = "runbook-trigger-alert"


class Options(CheckOptions):
    trigger_field: str = Field(default="trigger", min_length=1)
    exempt_field: str = Field(default="alert", min_length=1)


def _exempt(doc: Document, options: Options, ctx: Context) -> str | None:
    # the field name is validated already: no validator is built for it again
    same = alert_runbooks.Options.model_construct(exempt_field=options.exempt_field)
    return alert_runbooks._exempt(doc, same, ctx)


def _trigger_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "; ".join(v for v in value if isinstance(v, str))
    return ""


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    line = doc.front_matter.line_of(options.trigger_field) or anchor_line(doc)
    why = _exempt(doc, options, ctx)
    if why is not None:
        yield Evidence(line, f"exempt from catalog alerts: {why}")
        return
    catalog = ctx.alert_catalog()
    if not catalog.found:
        yield Evidence(
            line,
            f"no alert catalog found in the doc set (looked for {looked_for(ctx)} in "
            f"{len(ctx.docs)} docs); trigger not checked",
        )
        return
    text = _trigger_text(doc.meta.get(options.trigger_field))
    if not text.strip():
        reporter = ctx.rule_ref("runbook-trigger")
        yield Evidence(line, f"no '{options.trigger_field}:' to check ({reporter} reports it)")
        return
    named = catalog.named_in(text)
    if named:
        first = catalog.by_name[named[0]][0]
        yield Evidence(line, f"trigger names catalog alert `{named[0]}` ({first.where})")
        return
    yield Finding(
        line,
        1,
        f"trigger names no alert of the alert catalog ({', '.join(catalog.docs)})"
        + _near_misses(text, catalog),
        _hint(doc, options, catalog),
        text[:120],
    )


def _near_misses(text: str, catalog: AlertCatalog) -> str:
    """``; `X` is not in the catalog (did you mean `Y`?)`` for alert-shaped words."""
    names = list(catalog.by_name)
    for word in alert_names(text):
        close = difflib.get_close_matches(word, names, n=1, cutoff=0.8)
        if close:
            return f"; `{word}` is not in the catalog (did you mean `{close[0]}`?)"
    return ""


def _hint(doc: Document, options: Options, catalog: AlertCatalog) -> str:
    field = options.trigger_field
    linked = [a.name for a in catalog.by_runbook.get(doc.abspath, ())]
    if linked:
        shown = ", ".join(f"`{n}`" for n in linked[:4])
        return (
            f"the catalog links {shown} to this runbook: name the one that starts it in '{field}:'"
        )
    return (
        f"name the catalog alert that starts this runbook in '{field}:' (and link the runbook "
        f"from its catalog row), or mark it '{options.exempt_field}: none' if no alert leads here"
    )
