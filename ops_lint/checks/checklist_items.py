"""Too few items in the handover checklist.

The handover is accepted against its checklist; a short checklist means the handover
has not been thought through. The list items under "Handover Checklist" (subsections
included, so items grouped under ``### Access`` / ``### Knowledge`` count) are counted:
task-list items (``- [ ]`` / ``- [x]``), plain bullets, numbered items and nested items
all count. Empty items do not, and items with the same text (case and spacing ignored)
count once: "Transfer PagerDuty schedule" twice is one item.

A doc without the section gets one finding (the missing section is also reported by
``required-sections``).

Options:
- ``sections``: accepted section titles (default "Handover Checklist").
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
from ops_lint.context import Context
from ops_lint.governance.checklist import ChecklistItem
from ops_lint.model import Document

KIND = "checklist-items"


class Options(CheckOptions):
    sections: list[str] = Field(default_factory=lambda: ["Handover Checklist"], min_length=1)
    min_items: int = Field(default=15, ge=1)


# The model strips "[ ] " from task items, but a bare "- [ ]" keeps its box as text.
_BARE_TASK = re.compile(r"^\[[ xX]\]$")


def _norm(text: str) -> str:
    folded = " ".join(text.casefold().split())
    return "" if _BARE_TASK.match(folded) else folded


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    checklist = ctx.checklist(doc, options.sections)
    if not checklist.sections:
        titles = " / ".join(f"'{s}'" for s in options.sections)
        yield Finding(
            checklist.anchor.line,
            1,
            f"no handover checklist: no section titled {titles}; at least "
            f"{options.min_items} checklist items required",
            f"add a '## {options.sections[0]}' section with at least {options.min_items} "
            "task-list items ('- [ ] ... (owner: team-id)')",
            options.sections[0],
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
    section = checklist.sections[0]
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
