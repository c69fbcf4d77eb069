"""Shared by the runbook check kinds: the configured alert rules and the runbooks they name.

Not a check kind itself (the leading underscore keeps it out of the registry).
"""

from __future__ import annotations

import posixpath

from ops_lint.alert_rules import Alert, AlertRules, load_alert_rules, runbook_path
from ops_lint.context import Context

_INDEXES = ("README.md", "index.md", "_index.md")


def alert_rules(ctx: Context) -> AlertRules:
    """Every alert of the ``runbooks.alert_rules`` files, read once per run."""
    settings = ctx.config.runbooks
    return ctx.cached("alert-rules", lambda: load_alert_rules(str(ctx.root), settings))


def runbook_doc(ctx: Context, target: str) -> tuple[str | None, str | None]:
    """``(mapped path, doc abspath)`` of a runbook annotation: the path it maps to (None when
    it maps to no file: a URL elsewhere, a template) and the doc of the doc set it names
    (None when there is none), trying ``.md``, ``.html`` -> ``.md`` and folder indexes."""
    mapped = runbook_path(target, ctx.root.as_posix(), ctx.config.runbooks)
    if mapped is None:
        return None, None
    stem = mapped.removesuffix(".html").removesuffix(".htm")
    tries = [mapped, f"{mapped}.md", f"{stem}.md", *(posixpath.join(mapped, i) for i in _INDEXES)]
    found = next((t for t in tries if t in ctx.by_abspath), None)
    return mapped, found


def alerts_by_runbook(ctx: Context) -> dict[str, list[Alert]]:
    """Doc abspath -> the alerts whose runbook annotation names it, built once per run."""

    def build() -> dict[str, list[Alert]]:
        index: dict[str, list[Alert]] = {}
        for alert in alert_rules(ctx).alerts:
            if alert.runbook is None:
                continue
            found = runbook_doc(ctx, alert.runbook)[1]
            if found is not None:
                index.setdefault(found, []).append(alert)
        return index

    return ctx.cached("alerts-by-runbook", build)


def alert_names(ctx: Context) -> frozenset[str]:
    """The names of every configured alert."""
    return ctx.cached("alert-names", lambda: frozenset(a.name for a in alert_rules(ctx).alerts))
