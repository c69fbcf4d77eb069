"""Alerts and runbooks that do not lead to each other, in both directions.

An alert without a runbook leaves the on-call engineer guessing; a runbook no alert links
to is one nobody will open when it matters. With alert-rule files configured
(``runbooks.alert_rules``: Prometheus rule files, ``groups[].rules[]``, or
``PrometheusRule`` resources, ``spec.groups``), this rule checks:

- every alert names a runbook (``annotations.runbook_url``, or another key of
  ``runbooks.annotations``) that is a doc of the doc set: a path relative to
  ``runbooks.runbook_root`` (default the project root), or a URL starting with one of
  ``runbooks.runbook_base_url``, mapped to that folder (``X``, ``X.md``, ``X.html`` as
  ``X.md`` and ``X/README.md`` / ``index.md`` are tried). These findings point at the
  alert in its rule file; they are reported with the first runbook of the doc set.
  A URL elsewhere and a templated one (``{{ $labels.x }}``) are not checked;
- every runbook (``runbook_types``) is named by at least one alert, unless it is exempt:
  front-matter ``alert: none`` (``exempt_field``) or a path matched by ``runbooks.exempt``.

A rule file that cannot be read or parsed, or holds no groups, is a finding at that file.
Without ``runbooks.alert_rules`` the rule checks nothing and says so in its evidence.

Options:
- ``runbook_types``: doc types read as runbooks (default ``runbook``).
- ``exempt_field``: front-matter key whose ``none`` exempts a runbook (default ``alert``).
- ``require_runbook``: an alert with no runbook annotation is a finding (default true).

Fail: ``runbook_url: https://runbooks.example.com/alerts/DiskFull.md`` with
``runbook_base_url: [https://runbooks.example.com/]`` and no ``alerts/DiskFull.md``.

Pass: the file exists, and every runbook under ``alerts/`` is named by an alert.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.alert_rules import Alert
from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._alerts import alert_rules, alerts_by_runbook, runbook_doc
from ops_lint.checks._inventory import anchor_line, runbook_types_field
from ops_lint.context import Context
from ops_lint.globs import matches
from ops_lint.model import Document

KIND = "alert-runbooks"
_EXEMPT = ("none", "n/a", "-")


class Options(CheckOptions):
    runbook_types: list[str] = Field(default_factory=runbook_types_field, min_length=1)
    exempt_field: str = Field(default="alert", min_length=1)
    require_runbook: bool = True


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    line = anchor_line(doc)
    if not ctx.config.runbooks.alert_rules:
        yield Evidence(line, "no alert-rule files configured (runbooks.alert_rules); not checked")
        return
    first = doc is _first_runbook(options, ctx)
    rules = alert_rules(ctx)
    if not rules.files and not rules.problems:
        patterns = ", ".join(ctx.config.runbooks.alert_rules)[:200]
        message = f"runbooks.alert_rules ({patterns}) matches no file; alerts not checked"
        yield Finding(line, 1, message, "fix the patterns") if first else Evidence(line, message)
        return
    if first:
        yield from _alert_findings(options, ctx)
    if doc.doc_type not in options.runbook_types:
        return
    yield from _referenced(doc, options, ctx, line)


def _first_runbook(options: Options, ctx: Context) -> Document | None:
    runbooks = [d for d in ctx.docs if d.doc_type in options.runbook_types and d.read_error is None]
    return min(runbooks, key=lambda d: d.path, default=None)


def _referenced(doc: Document, options: Options, ctx: Context, line: int) -> Iterator[Result]:
    alerts = alerts_by_runbook(ctx).get(doc.abspath)
    if alerts:
        first = alerts[0]
        yield Evidence(line, f"named by alert '{first.name}' ({_where(first, ctx)})")
        return
    why = _exempt(doc, options, ctx)
    if why is not None:
        yield Evidence(line, f"exempt from alert references: {why}")
        return
    files = alert_rules(ctx).files
    yield Finding(
        line,
        1,
        f"runbook is named by no alert of the {len(files)} alert-rule file(s); expected an "
        "alert whose runbook annotation links to it",
        f"set annotations.runbook_url of its alert to this file, or mark it "
        f"'{options.exempt_field}: none' if no alert leads here",
        doc.title,
    )


def _exempt(doc: Document, options: Options, ctx: Context) -> str | None:
    value = doc.meta.get(options.exempt_field, "")
    if value is False or (isinstance(value, str) and value.strip().lower() in _EXEMPT):
        return f"front-matter '{options.exempt_field}: {value}'"
    if matches(doc.path, ctx.config.runbooks.exempt):
        return "path matches runbooks.exempt"
    return None


def _alert_findings(options: Options, ctx: Context) -> Iterator[Result]:
    rules = alert_rules(ctx)
    for abspath, at, why in rules.problems:
        yield Finding(
            at,
            1,
            f"alert-rule file {why}",
            "fix the file, or leave it out of runbooks.alert_rules",
            path=abspath,
        )
    for alert in rules.alerts:
        problem = _alert_problem(alert, options, ctx)
        if problem is not None:
            yield Finding(
                alert.line, alert.column, problem[0], problem[1], alert.name, alert.abspath
            )


def _alert_problem(alert: Alert, options: Options, ctx: Context) -> tuple[str, str] | None:
    """(message, hint) when an alert names no runbook of the doc set."""
    keys = " / ".join(ctx.config.runbooks.annotations)
    if alert.runbook is None:
        if not options.require_runbook:
            return None
        return (
            f"alert '{alert.name}' names no runbook (annotations: {keys})",
            "add annotations.runbook_url with the path or URL of its runbook",
        )
    mapped, found = runbook_doc(ctx, alert.runbook)
    if mapped is None or found is not None:
        return None
    return (
        f"alert '{alert.name}' names runbook {alert.runbook[:200]!r}, which is not a doc of "
        f"the doc set (looked for {ctx.project_path(mapped)})",
        "write the runbook, or fix the link (runbooks.runbook_base_url and runbook_root map "
        "URLs to files)",
    )


def _where(alert: Alert, ctx: Context) -> str:
    return f"{ctx.project_path(alert.abspath)}:{alert.line}"
