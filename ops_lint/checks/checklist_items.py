"""Too few items in the handover checklist.

The handover is accepted against its checklist; a short checklist means the handover
has not been thought through. The items under the handover checklist section are counted
(subsections included, so items grouped under ``### Access`` / ``### Knowledge`` count,
and items inside a ``<details>`` block): task-list items (``- [ ]`` / ``- [x]``), plain
bullets, numbered and nested items, and the rows of a checklist table (``| # | Item |
Owner | Done |``) all count. Empty items do not, and items with the same text (case and
spacing ignored) count once: "Transfer PagerDuty schedule" twice is one item.

A doc without the section gets one finding that says what was looked for and the nearest
heading (the missing section is also reported by ``required-sections``); so does a doc
with two sections titled equally well that both hold items (none is guessed).

Vocabulary keys read: ``vocabulary.sections.checklist`` (the section's titles: "Handover
Checklist", "Handoff Checklist", "Checklist", ...) and ``vocabulary.columns.checklist.*``
(``item``, ``owner``, ``done``: the columns of a checklist table).

Options:
- ``min_items``: the minimum number of distinct items (default 15).

Fail: a checklist with 14 items, or 16 of which 2 repeat others.

Pass:

    ## 9. Handover Checklist
    ### Access
    - [ ] Grant the receiving team the edi-oncall role (owner: edi-platform)
    - [x] Transfer the PagerDuty schedule (owner: edi-l2-support)
    ... 15 distinct items in all
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._concepts import ambiguous, name_it_hint, not_found
from ops_lint.context import Context
from ops_lint.governance import SectionRef
from ops_lint.governance.checklist import Checklist, ChecklistItem
from ops_lint.model import Document

KIND = "checklist-items"
WHAT = "handover checklist"


class Options(CheckOptions):
    min_items: int = Field(default=15, ge=1)


# The model strips "[ ] " from task items, but a bare "- [ ]" keeps its box as text.
_BARE_TASK = re.compile(r"^\[[ xX]\]$")


def _norm(text: str) -> str:
    folded = " ".join(text.casefold().split())
    return "" if _BARE_TASK.match(folded) else folded


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    checklist = ctx.checklist(doc)
    if checklist.ambiguous:
        first = checklist.ambiguous[0]
        hint = "keep one checklist section, or retitle the other"
        yield Finding(first.at.line, 1, ambiguous(checklist.search, WHAT), hint, first.title)
        return
    if not checklist.sections and not checklist.by_shape:
        yield Finding(
            checklist.anchor.line,
            1,
            f"{not_found(checklist.search, WHAT)}; at least {options.min_items} checklist "
            "items required",
            f"add a '## Handover Checklist' section with at least {options.min_items} "
            f"task-list items ('- [ ] ... (owner: team-id)'), or {_name_it(checklist)}",
            checklist.searched[0],
        )
        return
    distinct: dict[str, ChecklistItem] = {}
    repeated: list[str] = []
    for item in checklist.items:
        key = _norm(item.text)
        if not key:
            continue
        if key in distinct:
            repeated.append(item.text.strip())
        else:
            distinct[key] = item
    section = checklist.section or (
        checklist.sections[0] if checklist.sections else _table_ref(checklist)
    )
    count = len(distinct)
    if count >= options.min_items:
        yield Evidence(section.at.line, f"section '{section.title}': {count} distinct items")
        return
    folded = ""
    if repeated:
        shown = ", ".join(f"'{t}'" for t in repeated[:5]) + (" ..." if len(repeated) > 5 else "")
        folded = (
            f" ({len(repeated)} duplicate{'s' if len(repeated) > 1 else ''} not counted: {shown})"
        )
    yield Finding(
        section.at.line,
        1,
        f"handover checklist has {count} distinct item{'' if count == 1 else 's'}{folded}; "
        f"at least {options.min_items} required",
        f"add {options.min_items - count} more checklist item"
        f"{'' if options.min_items - count == 1 else 's'} (access, on-call, knowledge "
        "transfer, open risks), each with an owner",
        section.title,
    )


def _name_it(checklist: Checklist) -> str:
    return name_it_hint(checklist.search).removeprefix("add the section, or ")


def _table_ref(checklist: Checklist) -> SectionRef:
    """A checklist table found by its shape, named for messages."""
    at = checklist.tables[0] if checklist.tables else checklist.anchor
    return SectionRef(f"checklist table at line {at.line}", at)
