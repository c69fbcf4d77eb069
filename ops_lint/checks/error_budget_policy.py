"""Error-budget policy: the error budget must drive the deployment decision.

The operations & handover request asks that "error budget consumption feeds deployment
decisioning". The handover doc shows how in a policy table: a band column and a
deployment-decision column, one row per band, framed as budget consumed:

    | Budget consumed | Deployment decision | Who decides |
    |---|---|---|
    | < 50%   | Normal: ship through the pipeline | Release captain |
    | 50-75%  | Caution: 60-min canary            | Release captain |
    | 75-100% | Restricted: only reliability fixes | VP Engineering |
    | ≥ 100%  | Freeze: no production deploys     | VP Engineering |

or as budget remaining (the column is named so, or its cells say ``remaining`` or
``left``): ``> 50%``, ``25-50%``, ``0-25%``, ``Exhausted`` -> ``Freeze``. Remaining bands
are read as consumed ones (``25-50%`` remaining is consumed from 50 %; exhausted is 100 %
consumed), so both framings are checked alike.

Each band is read as its lower bound, in percent consumed: ``< 50%`` and ``up to 50%`` ->
0; ``0-50%``, ``50-75%`` (hyphen or dash), ``50 to 75%`` -> their first number; ``≥ 100%``,
``>= 100 %``, ``> 100%``, ``over 100%``, ``100%+``, ``100% or more``, ``Exhausted (≥ 100%)``,
``Exhausted``, ``100%`` -> 100.

Fails:
- no policy table (the message says what was looked for and the nearest heading), or
  policy tables in two sections (none is guessed);
- a band that does not parse;
- a lower bound not strictly greater than the one of the row above (bands go down the
  table from least to most consumed: from most to least remaining);
- a first row whose band does not start at 0 % consumed (the bands cover 0-100 %);
- no row for an exhausted budget (100 % consumed, 0 % remaining) whose decision contains
  one of the gating words: an exhausted budget must freeze or otherwise gate deployments.

Vocabulary keys read:
- ``vocabulary.sections.budget-policy``: section titles (built-in: "Error Budget Policy",
  "SLOs & Error Budgets", "Service Level Objectives", "Error Budgets").
- ``vocabulary.columns.budget-policy``: ``consumed`` (Budget consumed, Error budget
  consumed, Budget burn, Consumed, ...), ``remaining`` (Budget remaining, Error budget
  remaining, Remaining, Budget left, ...), ``decision`` (Deployment decision, Decision,
  Deployment policy, Action, Release policy).
- ``vocabulary.words.budget-policy.gating``: case-insensitive substrings of a gating
  decision (freeze, frozen, halt, stop, block, only reliability, no deploy, no feature).

Fail: the table above without its last row. Pass: the table above.
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._slo_text import fmt, missing
from ops_lint.context import Context
from ops_lint.diagnostic import listing
from ops_lint.governance.slo import BudgetBand, BudgetPolicy, Found
from ops_lint.model import Document
from ops_lint.vocabulary_words import key_for_words

KIND = "error-budget-policy"


class Options(CheckOptions):
    pass


_EXAMPLES = {
    "consumed": "'< 50%', '50\u201375%', '≥ 100%'",
    "remaining": "'> 50%', '25\u201350%', '0\u201325%', 'Exhausted'",
}


def _where(band: BudgetBand) -> tuple[int, int, str]:
    c = band.band
    if c is None:
        return band.at.line, 1, ""
    return c.at.line, c.at.column, c.text


def _bands(policy: BudgetPolicy) -> Iterator[Finding | tuple[BudgetBand, float]]:
    """Each band's lower bound, or a finding for a band unreadable or out of order."""
    term = f"budget-{policy.framing}"
    examples = _EXAMPLES[policy.framing]
    unit = "" if policy.framing == "consumed" else " consumed"
    previous: tuple[str, float] | None = None
    for row in policy.bands:
        line, col, text = _where(row)
        low = row.threshold
        if low is None:
            what = f"threshold {text!r} does not parse" if text.strip() else "threshold is empty"
            yield Finding(
                line,
                col,
                f"{term} {what}; expected a band such as {examples}",
                f"write the band as a percentage range, e.g. {examples}",
                text,
            )
            continue
        if previous is not None and low <= previous[1]:
            yield Finding(
                line,
                col,
                f"{term} threshold {text!r} (from {fmt(low)}%{unit}) does not increase on the "
                f"row above, {previous[0]!r} (from {fmt(previous[1])}%{unit}); thresholds "
                "must increase down the table",
                "order the rows from least to most budget consumed, without overlapping bands",
                text,
            )
        previous = (text, low)
        yield row, low


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    found = ctx.budget_policy(doc)
    if found.ambiguous:
        yield _ambiguous(found)
        return
    if not found.tables:
        example = "| Budget consumed | Deployment decision |"
        yield missing(found, "error-budget policy table", "budget band, decision", example)
        return
    table = found.tables[0]
    words = ctx.config.vocabulary.word_list("budget-policy", "gating")
    problems: list[Finding] = []
    read: list[tuple[BudgetBand, float]] = []
    for item in _bands(table):
        if isinstance(item, Finding):
            problems.append(item)
        else:
            read.append(item)
    first = table.bands[0] if table.bands else None
    if first is not None and first.threshold is not None and first.threshold > 0:
        problems.append(_not_from_zero(table, first, first.threshold))
    exhausted = [row for row, low in read if low >= 100]
    gating = next((r for r in exhausted if _gates(r, words)), None)
    if gating is None:
        problems.append(_no_gate(table, exhausted, words))
    yield from sorted(problems, key=lambda f: (f.line, f.column))
    if not problems and gating is not None:
        yield Evidence(
            table.at.line,
            f"error-budget policy table ({table.framing} framing): {len(table.bands)} bands, "
            f"row {gating.at.line} gates deployments when the budget is exhausted",
        )


def _gates(row: BudgetBand, words: tuple[str, ...]) -> bool:
    decision = row.decision
    return decision is not None and any(w.lower() in decision.text.lower() for w in words)


def _ambiguous(found: Found[BudgetPolicy]) -> Finding:
    places = [f"'{s.title}' (line {s.at.line})" for s in found.ambiguous]
    return Finding(
        found.ambiguous[0].at.line,
        1,
        f"{len(places)} sections hold an error-budget policy table: {listing(places)}; "
        "none was guessed",
        "keep one policy table, or retitle the section whose table is not the policy",
        "error-budget policy table",
    )


def _not_from_zero(table: BudgetPolicy, row: BudgetBand, low: float) -> Finding:
    line, col, text = _where(row)
    return Finding(
        line,
        col,
        f"the first band, {text!r}, starts at {fmt(low)}% consumed; the bands must cover "
        "the budget from 0% consumed",
        f"add a first band for the healthy budget, e.g. {_EXAMPLES[table.framing]}",
        text,
    )


def _no_gate(table: BudgetPolicy, exhausted: list[BudgetBand], words: tuple[str, ...]) -> Finding:
    state = "≥ 100%" if table.framing == "consumed" else "exhausted (0% remaining)"
    key = key_for_words("budget-policy", "gating")
    hint = (
        f"make the {state} decision freeze or gate deployments (one of: {', '.join(words)}; "
        f"a team's own words go in {key})"
    )
    if not exhausted:
        return Finding(
            table.at.line,
            1,
            f"error-budget policy table has no row for an exhausted budget ({state}"
            f"{' consumed' if table.framing == 'consumed' else ''}); one that freezes or "
            "gates deployments is required",
            f"add a row '{'≥ 100%' if table.framing == 'consumed' else 'Exhausted'}' whose "
            f"decision freezes deployments; {hint}",
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
