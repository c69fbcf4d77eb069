"""Error-budget policy: budget consumed must drive the deployment decision.

The operations & handover request asks that "error budget consumption feeds deployment
decisioning". The handover doc shows how in a policy table: the first table in one of ``sections``
with a budget-consumed column and a deployment-decision column, one row per
consumption band, for example:

    | Budget consumed | Deployment decision | Who decides |
    |---|---|---|
    | < 50%   | Normal: ship through the pipeline | Release captain |
    | 50-75%  | Caution: 60-min canary            | Release captain |
    | 75-100% | Restricted: only reliability fixes | VP Engineering |
    | ≥ 100%  | Freeze: no production deploys     | VP Engineering |

Each threshold is read as the lower bound of its band, in percent: ``< 50%`` and
``up to 50%`` -> 0; ``0-50%``, ``50-75%`` (hyphen or dash), ``50 to 75%`` -> their first number;
``≥ 100%``, ``>= 100 %``, ``> 100%``, ``over 100%``, ``100%+``, ``100% or more``,
``Exhausted (≥ 100%)``, ``100%`` -> 100.

Fails:
- no policy table in the sections;
- a threshold that does not parse;
- a lower bound not strictly greater than the one of the row above (bands must go
  down the table from least to most consumed);
- no row for an exhausted budget (lower bound ≥ 100 %) whose decision contains one of
  ``gating_words``: an exhausted budget must freeze or otherwise gate deployments.

Options:
- ``sections``: accepted section titles (as for ``error-budget-arithmetic``).
- ``columns``: ``consumed`` (Budget consumed, Error budget consumed, Budget burn,
  Consumed) and ``decision`` (Deployment decision, Decision, Deployment policy, Action,
  Release policy). Columns left out keep their aliases. Remaining-budget columns are not
  accepted: the thresholds are consumption.
- ``gating_words``: case-insensitive substrings of a gating decision (freeze, frozen,
  halt, stop, block, only reliability, no deploy).

Fail: the table above without its last row. Pass: the table above.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, field_validator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._slo_text import (
    DEFAULT_SECTIONS,
    complete_columns,
    describe_tables,
    fmt,
    where_searched,
)
from ops_lint.context import Context
from ops_lint.governance.slo import BudgetBand, BudgetPolicy
from ops_lint.model import Document

KIND = "error-budget-policy"

DEFAULT_COLUMNS = {
    "consumed": ["Budget consumed", "Error budget consumed", "Budget burn", "Consumed"],
    "decision": [
        "Deployment decision",
        "Decision",
        "Deployment policy",
        "Action",
        "Release policy",
    ],
}
DEFAULT_GATING = ["freeze", "frozen", "halt", "stop", "block", "only reliability", "no deploy"]


class Options(CheckOptions):
    sections: list[str] = Field(default_factory=lambda: list(DEFAULT_SECTIONS), min_length=1)
    columns: dict[str, list[str]] = Field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    gating_words: list[str] = Field(default_factory=lambda: list(DEFAULT_GATING), min_length=1)

    @field_validator("columns")
    @classmethod
    def _columns(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return complete_columns(value, DEFAULT_COLUMNS)

    @field_validator("gating_words")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        if any(not w.strip() for w in value):
            raise ValueError("gating words must not be empty")
        return value


_EXAMPLES = "'< 50%', '50\u201375%', '≥ 100%'"


def _bands(policy: BudgetPolicy) -> Iterator[Finding | tuple[BudgetBand, float]]:
    """Each band's lower bound, or a finding for a threshold unreadable or out of order."""
    previous: tuple[str, float] | None = None
    for row in policy.bands:
        c = row.consumed
        text = c.text if c is not None else ""
        line, col = (c.at.line, c.at.column) if c is not None else (row.at.line, 1)
        low = row.threshold
        if low is None:
            what = f"threshold {text!r} does not parse" if text.strip() else "threshold is empty"
            yield Finding(
                line,
                col,
                f"budget-consumed {what}; expected a band such as {_EXAMPLES}",
                f"write the consumption band as a percentage range, e.g. {_EXAMPLES}",
                text,
            )
            continue
        if previous is not None and low <= previous[1]:
            yield Finding(
                line,
                col,
                f"budget-consumed threshold {text!r} (from {fmt(low)}%) does not increase on "
                f"the row above, {previous[0]!r} (from {fmt(previous[1])}%); thresholds must "
                "increase down the table",
                "order the rows from least to most budget consumed, without overlapping bands",
                text,
            )
        previous = (text, low)
        yield row, low


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    found = ctx.budget_policy(doc, options.sections, options.columns)
    if not found.tables:
        where = where_searched(found)
        yield Finding(
            found.anchor.line,
            1,
            f"no error-budget policy table (columns budget consumed, deployment decision) "
            f"in {where}; error budget consumption must feed deployment decisions",
            "add a table | Budget consumed | Deployment decision | with bands such as "
            f"{_EXAMPLES} and a freeze at ≥ 100%; tables found there: "
            f"{describe_tables(found)}",
            "error-budget policy table",
        )
        return
    table = found.tables[0]
    words = [w.lower() for w in options.gating_words]
    clean = True
    exhausted: list[BudgetBand] = []
    gating: BudgetBand | None = None
    for item in _bands(table):
        if isinstance(item, Finding):
            clean = False
            yield item
            continue
        row, low = item
        if low >= 100:
            exhausted.append(row)
            decision = row.decision
            if gating is None and decision and any(w in decision.text.lower() for w in words):
                gating = row
    if gating is None:
        clean = False
        yield _no_gate(table, exhausted, options.gating_words)
    if clean and gating is not None:
        yield Evidence(
            table.at.line,
            f"error-budget policy table: {len(table.bands)} bands, row {gating.at.line} gates "
            "deployments at ≥ 100% consumed",
        )


def _no_gate(table: BudgetPolicy, exhausted: list[BudgetBand], words: list[str]) -> Finding:
    hint = f"make the ≥ 100% decision freeze or gate deployments (one of: {', '.join(words)})"
    if not exhausted:
        return Finding(
            table.at.line,
            1,
            "error-budget policy table has no row for an exhausted budget (≥ 100% consumed); "
            "one that freezes or gates deployments is required",
            f"add a row '≥ 100%' whose decision freezes deployments; {hint}",
            "| " + " | ".join(table.headers) + " |",
        )
    row = exhausted[0]
    decision = row.decision
    text = decision.text if decision is not None else ""
    line, col = (decision.at.line, decision.at.column) if decision else (row.at.line, 1)
    return Finding(
        line,
        col,
        f"the exhausted-budget row decides {text!r}, which does not freeze or gate "
        f"deployments; expected a decision containing one of: {', '.join(words)}",
        hint,
        text,
    )
