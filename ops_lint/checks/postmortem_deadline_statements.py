"""Sentences that state a postmortem publication deadline other than the policy's.

The postmortem deadline is written in many places: the handover, the severity and
postmortem policies, runbooks. Each must state the deadline that ``postmortem-deadline``
enforces: ``max_hours`` calendar hours from resolution (default 72; ``72 h``, ``72
hours``, ``72-hour``, ``3 days`` and ``3 calendar days`` all agree). ``3 business days``
does not: a weekend makes it longer than 72 hours.

A statement is a sentence that mentions a postmortem and says when it is published
(``published within 72 h``, ``postmortems are due 48 hours after resolution``, ``a
blameless postmortem within 3 business days``, ``(72 h rule)``, ``the 72-hour clock``),
or a table cell under a header such as ``Published`` in a table about postmortems. Action
item SLAs (``P0 actions within 4 weeks``), review meetings, drafts, summaries and triage
times are not publication deadlines and are not read. A statement whose sentence (or
table row) names severity levels, none of them major (``S2 incidents ... within 5
business days``), is about another policy and is skipped (``skip_minor_levels``).

Vocabulary keys read: ``vocabulary.severity.levels`` (``name``, ``aliases``, ``major``).

Options:
- ``max_hours``: the deadline in calendar hours (default 72; keep it equal to the
  ``postmortem-deadline`` rule's);
- ``skip_minor_levels``: skip statements that name only non-major levels (default true).

Fail: ``Every S0 and S1 gets a blameless postmortem published within 3 business days of
resolution.`` ("postmortem deadline stated as '3 business days' ...; the policy is 72
calendar hours from resolution").

Pass: ``... published within 72 h of resolution.``; ``| S2 incidents | optional | within
5 business days |`` (a non-major level).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.governance.deadline_statements import Statement, calendar_hours, deadline_statements
from ops_lint.matching import level_spellings
from ops_lint.model import Document

KIND = "postmortem-deadline-statements"


class Options(CheckOptions):
    max_hours: float = Field(default=72, gt=0)
    skip_minor_levels: bool = True


def _hours(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _judge(statement: Statement, options: Options, ctx: Context) -> Result:
    hours = calendar_hours(statement.written)
    if hours is not None and abs(hours - options.max_hours) < 1e-9:
        return Evidence(statement.line, f"postmortem deadline '{statement.written}' agrees")
    limit = _hours(options.max_hours)
    if hours is None:
        why = "business days are not calendar hours: a weekend makes them longer"
        if "business" not in statement.written and "working" not in statement.written:
            why = "not a duration in calendar hours"
    else:
        why = f"{_hours(hours)} h"
    return Finding(
        statement.line,
        statement.column,
        f"postmortem deadline stated as '{statement.written}' ({why}); the policy is {limit} "
        f"calendar hours from resolution ({ctx.rule_ref('postmortem-deadline')})",
        f"state the deadline as 'published within {limit} h of resolution' everywhere; if "
        "the policy changed, change max_hours of both rules",
        statement.written,
    )


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    levels = ctx.vocabulary.levels
    names = [(lv.name, level_spellings(lv.name, lv.aliases)) for lv in levels]
    major = set(ctx.vocabulary.major_levels())
    statements = deadline_statements(doc, names)
    if not statements:
        yield Evidence(1, "no postmortem publication deadline stated")
        return
    for statement in statements:
        if options.skip_minor_levels and statement.levels and not major & set(statement.levels):
            shown = "/".join(statement.levels)
            note = f"'{statement.written}' is for {shown} (not major): skipped"
            yield Evidence(statement.line, note)
            continue
        yield _judge(statement, options, ctx)
