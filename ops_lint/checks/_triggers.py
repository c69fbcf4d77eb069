"""Where a runbook's trigger may be read: the ``runbooks.trigger_from`` sources.

Not a check kind itself (the leading underscore keeps it out of the registry).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ops_lint.checks._alerts import alert_names, alerts_by_runbook
from ops_lint.checks._inventory import triggered_runbooks, value_problem
from ops_lint.context import Context
from ops_lint.model import Document

# An alert name as Prometheus writes them: one identifier of two or more capitalised words
# (KubePodCrashLooping, etcdMembersDown, SSPDown), so an H1 such as "Overview" is not one.
_ALERT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{2,127}")
_HUMP = re.compile(r"[a-z0-9][A-Z]|.[A-Z][a-z]")

Found = tuple[int, str] | None  # (line, what names the trigger)


def looks_like_alert(name: str, known: frozenset[str]) -> bool:
    """True for a configured alert's name, or an identifier shaped like an alert name."""
    name = name.strip().strip("`").strip()
    if name in known:
        return True
    return _ALERT_NAME.fullmatch(name) is not None and _HUMP.search(name) is not None


def _front_matter(doc: Document, ctx: Context, field: str) -> Found:
    if field in doc.meta and value_problem(doc.meta[field], False) is None:
        line = doc.front_matter.line_of(field) or 1
        return line, f"front-matter '{field}'"
    return None


def _inventory(doc: Document, ctx: Context, field: str) -> Found:
    holder = triggered_runbooks(ctx, ["handover"]).get(doc.abspath)
    return None if holder is None else (1, f"the runbook inventory of {holder}")


def _alert_rules(doc: Document, ctx: Context, field: str) -> Found:
    alerts = alerts_by_runbook(ctx).get(doc.abspath)
    if not alerts:
        return None
    return 1, f"alert '{alerts[0].name}' ({ctx.project_path(alerts[0].abspath)})"


def _h1(doc: Document, ctx: Context, field: str) -> Found:
    first = next((s for s in doc.sections if s.level == 1), None)
    if first is None or not looks_like_alert(first.title, alert_names(ctx)):
        return None
    return first.line, f"the H1 '{first.title}'"


def _file_name(doc: Document, ctx: Context, field: str) -> Found:
    stem = doc.path.rsplit("/", 1)[-1].split(".", 1)[0]
    if not looks_like_alert(stem, alert_names(ctx)):
        return None
    return 1, f"the file name '{stem}'"


SOURCES: dict[str, Callable[[Document, Context, str], Found]] = {
    "front-matter": _front_matter,
    "inventory": _inventory,
    "alert-rules": _alert_rules,
    "h1": _h1,
    "file-name": _file_name,
}


def find_trigger(doc: Document, ctx: Context, field: str) -> Found:
    """Where ``doc`` names its trigger, from the first ``runbooks.trigger_from`` source
    that has one, or None."""
    for source in ctx.config.runbooks.trigger_from:
        found = SOURCES[source](doc, ctx, field)
        if found is not None:
            return found
    return None
