"""Automatic escalation chains whose timeouts add up to more than the response target.

An escalation chain pages one tier after another until someone acknowledges. If the
timeouts add up to more than the response target of the most urgent incident the chain
serves, the last tier is paged (or gives up) after the incident should already have had a
responder: the promise of the severity matrix cannot be kept.

A chain is a list item, paragraph or table cell with at least two consecutive tiers
joined by ``→`` or ``->``, each followed by a parenthesised duration that is all the
parentheses hold: ``L2 primary (5 min) → L2 secondary (5 min) → L2 team lead (10 min)``.
Each duration is the tier's acknowledgement timeout; the chain's total is their sum.
Tiers without a duration (``Alert → PagerDuty → ...``) are not counted; parentheses that
say more than a duration (``VP Engineering (S0 after 30 min)``) are not a timeout.
Durations use the duration grammar of ``severity-response-target`` (seconds, minutes or
hours here).

The total must not exceed the response target of the most urgent level the chain serves:
the levels named before its first tier (``S1: L2 primary (5 min) → ...``; a matrix row's
level for a chain in a table cell), else every level. A level's target is its response
time in the doc's own severity matrix, else in the first handover's matrix, else its
``response`` in ``vocabulary.severity.levels`` (default S0 ``15 min``); unbounded
targets (``backlog``) are not compared.

Prose timers are read too (``read_prose``): a sentence that escalates with delays, ``escalate
to the secondary after 5 min and to the team lead after a further 10 min``, or ``must be
acknowledged within 5 min or they escalate to the secondary, then after 10 more min to
the team lead``. ``a further``, ``another`` and ``more`` count from the step before. A
prose timer fails when its last tier is paged later than the target, and when it pages a
tier at another minute than a chain of the same doc that names that tier (``team lead``
matches ``L2 team lead``): the prose must agree with the chain. Other prose shapes are not
read; write the chain with arrows to have it checked.

When a doc has no chain and no prose timer, the rule passes with evidence saying so.

Vocabulary keys read: ``vocabulary.severity.levels`` (``name``, ``aliases``,
``response``) and those of ``severity-response-target`` (the matrix).

Options:
- ``read_prose``: also read prose timers (default true).

Fail: ``1. Alert → PagerDuty → L2 primary (5 min) → L2 secondary (5 min) → L2 team lead
(10 min).`` in a handover whose S0 response time is 15 min ("escalation chain ... totals
20 min, over the 15 min response target of S0 ...: L2 team lead, paged at 10 min, times
out at 20 min").

Pass: ``L2 primary (5 min) → L2 secondary (5 min) → L2 team lead (5 min)`` (15 min), or
``S2: L2 primary (30 min) → L2 team lead (60 min)`` against S2's 4 hours.
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._escalation_targets import Targets, targets_for
from ops_lint.context import Context
from ops_lint.governance.escalation import Chain, minutes, read_chains, read_prose_timers
from ops_lint.governance.prose import cell_blocks, prose_blocks
from ops_lint.matching import level_spellings, words
from ops_lint.model import Document

KIND = "escalation-timers"


class Options(CheckOptions):
    read_prose: bool = True


def _target(chain: Chain, targets: Targets) -> tuple[str, float, str] | None:
    """The level, minutes and written target the chain is held to, or None."""
    levels = [lv for lv in chain.levels if lv in targets.levels] or list(targets.levels)
    if not levels:
        return None
    level = min(levels, key=lambda lv: targets.levels[lv][0])
    return level, *targets.levels[level]


def _judge(chain: Chain, targets: Targets) -> Result:
    line, column = chain.block.place(chain.tiers[0].offset)
    kind = "prose escalation timer" if chain.prose else "escalation chain"
    held = _target(chain, targets)
    if held is None:
        return Evidence(line, f"{kind} '{chain.shown()}': no bounded response target to hold")
    level, limit, written = held
    total = chain.total
    if total <= limit + 1e-9:
        return Evidence(
            line,
            f"{kind} '{chain.shown()}' totals {minutes(total)}, within "
            f"{level}'s {written} ({targets.source})",
        )
    late = ""
    for tier, at in chain.reached():
        end = at if chain.prose else at + tier.minutes
        if end > limit + 1e-9:
            late = (
                f"{tier.name} is paged at {minutes(at)}"
                if chain.prose
                else f"{tier.name}, paged at {minutes(at)}, times out at {minutes(end)}"
            )
            break
    what = "pages its last tier after" if chain.prose else "totals"
    return Finding(
        line,
        column,
        f"{kind} '{chain.shown()}' {what} {minutes(total)}, over the {written} response "
        f"target of {level} ({targets.source}): {late}",
        f"shorten the timeouts so that they add up to at most {written}, or name the level "
        "the chain serves before it (e.g. 'S2: tier (30 min) → ...') if it is not for "
        f"{level}",
        chain.block.text[chain.tiers[0].offset : chain.tiers[0].offset + 120],
    )


def _agreement(timer: Chain, chains: list[Chain]) -> Iterator[Finding]:
    """A prose timer's tiers paged at other minutes than the chain that names them."""
    for tier, at in timer.reached():
        wanted = set(words(tier.name))
        hits = [
            (chain, other, when)
            for chain in chains
            for other, when in chain.reached()
            if wanted and wanted <= set(words(other.name))
        ]
        if len(hits) != 1 or abs(hits[0][2] - at) < 1e-9:
            continue
        chain, other, when = hits[0]
        line, column = timer.block.place(tier.offset)
        yield Finding(
            line,
            column,
            f"prose pages the {tier.name} after {minutes(at)}, but the escalation chain at "
            f"line {chain.block.place(other.offset)[0]} pages {other.name} after "
            f"{minutes(when)}",
            "make the prose and the chain state the same timeouts",
            tier.name,
        )


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    names = [(lv.name, level_spellings(lv.name, lv.aliases)) for lv in ctx.vocabulary.levels]
    prose = prose_blocks(doc)
    chains = [c for b in [*prose, *cell_blocks(doc)] for c in read_chains(b, names)]
    timers = [t for b in prose for t in read_prose_timers(b, names)] if options.read_prose else []
    if not chains and not timers:
        yield Evidence(
            1,
            "no escalation chain ('tier (5 min) → tier (10 min)') or prose escalation timer "
            "found: nothing to check",
        )
        return
    targets = targets_for(doc, ctx)
    for chain in [*chains, *timers]:
        yield _judge(chain, targets)
    for timer in timers:
        yield from _agreement(timer, chains)
