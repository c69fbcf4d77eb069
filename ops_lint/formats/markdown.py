"""The compliance report, for auditors and pull-request comments (Markdown).

One row per rule of the pack: status (pass, fail, waived, not applicable, disabled), the
evidence it checked (where it looked when it passed, and the docs it checked and found
wanting) and its findings; then every
finding, and every suppression with its reason and expiry date.

It is meant to be posted as a pull-request comment, so everything a doc, a file name or a
pack supplies goes through ``escape.md_text``: it reads as the text it is, with no HTML,
link, image, @mention or table cell of its own.
"""

from __future__ import annotations

from collections import defaultdict

from ops_lint import __version__
from ops_lint.escape import md_text
from ops_lint.formats import RenderContext, summary
from ops_lint.formats.locations import shown_order, shown_path
from ops_lint.results import Evaluation, Report


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell (``escape.md_text``); '-' when empty."""
    return md_text(text)


def _status(evals: list[Evaluation], enabled: bool) -> str:
    if not enabled:
        return "disabled"
    if not evals:
        return "not applicable"
    if any(e.findings for e in evals):
        return "fail"
    if any(e.waived for e in evals):
        return "waived"
    return "pass"


def _some(items: list[str], limit: int) -> str:
    return ", ".join(items[:limit]) + (
        f" (+{len(items) - limit} more)" if len(items) > limit else ""
    )


def _evidence(evals: list[Evaluation], context: RenderContext, limit: int = 3) -> str:
    """Where the rule looked: the spots it recorded when it passed, and the docs it checked
    and found wanting (a failing doc records no evidence: it was checked all the same)."""
    spots = [f"{shown_path(e.path, context)}:{ev.line}" for e in evals for ev in e.evidence]
    wanting = [
        shown_path(e.path, context) for e in evals if not e.evidence and (e.findings or e.waived)
    ]
    parts = [_some(spots, limit)] if spots else []
    if wanting:
        parts.append(f"checked, not passing: {_some(wanting, limit)}")
    if not parts and evals:  # ran, recorded nothing (e.g. no history to judge)
        parts.append(f"{len(evals)} doc{'' if len(evals) == 1 else 's'} checked")
    return "; ".join(parts)


def render(report: Report, context: RenderContext) -> str:
    counts = summary(report)
    enabled = context.enabled
    by_rule: dict[str, list[Evaluation]] = defaultdict(list)
    for ev in report.evaluations:
        by_rule[ev.code].append(ev)
    statuses = {r.code: _status(by_rule[r.code], enabled(r.code)) for r in report.rules}
    tally = {s: sum(1 for v in statuses.values() if v == s) for s in sorted(set(statuses.values()))}
    out = [
        "# ops-lint compliance report",
        "",
        f"ops-lint {__version__}, as of {context.as_of}: {counts['files']} files, "
        f"{_count(counts['errors'], 'error')}, {_count(counts['warnings'], 'warning')}, "
        f"{_count(counts['infos'], 'info')}; "
        f"{_count(len(report.waived), 'finding')} suppressed, {context.baselined} baselined.",
        "",
        "Rules: " + ", ".join(f"{n} {s}" for s, n in tally.items()) + ".",
        "",
        "| Rule | Name | Severity | Status | Evidence checked | Findings |",
        "|---|---|---|---|---|---|",
    ]
    for rule in report.rules:
        evals = by_rule[rule.code]
        found = [d for e in evals for d in e.findings]
        where = ", ".join(f"{shown_path(d.path, context)}:{d.line}" for d in found[:3])
        findings = f"{len(found)}: {where}" + (" …" if len(found) > 3 else "") if found else "0"
        out.append(
            f"| {cell(rule.code)} | {cell(rule.name)} | {rule.severity} | {statuses[rule.code]} | "
            f"{cell(_evidence(evals, context))} | {cell(findings)} |"
        )
    if report.diagnostics:
        out += [
            "",
            "## Findings",
            "",
            "| Location | Rule | Severity | Message | Hint |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {cell(f'{path}:{d.line}:{d.column}')} | {cell(d.code)} | {d.severity} | "
            f"{cell(d.message)} | {cell(d.hint)} |"
            for path, d in shown_order(report.diagnostics, context)
        ]
    if report.waived:
        out += [
            "",
            "## Suppressions",
            "",
            "| Location | Rule | Reason | Until |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {cell(f'{shown_path(d.path, context)}:{d.line}')} | {cell(d.code)} | "
            f"{cell(directive.reason or '(none)')} | {cell(directive.until)} |"
            for d, directive in report.waived
        ]
    return "\n".join(out) + "\n"


def _count(n: int, noun: str) -> str:
    """``1 error``, ``2 errors``; info is a mass noun (``2 info``)."""
    return f"{n} {noun}" if n == 1 or noun == "info" else f"{n} {noun}s"
