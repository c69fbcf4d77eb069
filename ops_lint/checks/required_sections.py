"""Required sections missing (or empty) for the doc's type.

Each doc type has a list of section titles it must contain. Titles are matched
tolerantly (``ops_lint.matching``): case, numbering of any style, ``&`` versus ``and``,
emphasis, emoji, parentheticals and a trailing qualifier are ignored, so ``## 2.
Incident Classification Matrix`` and ``## SLOs & Error Budgets (rolling 30 days)`` match.
A heading of any level counts.

A required title that names a governance concept (the RACI, the severity matrix, the
runbook inventory, the SLO table, the checklist...) is found as the rules find the
concept: by any of its titles, built-in or set in ``vocabulary.sections.<concept>``, and
a heading holding the concept's words among others counts ("Operational Roles,
Responsibilities & RACI").

Vocabulary keys read: ``vocabulary.sections.*``.

Options:
- ``required``: mapping of doc type to the list of section titles it must have.
- ``aliases``: mapping of a required title to other titles accepted for it.
- ``non_empty``: a required section with nothing under its heading fails too (default true).

Fail (type handover): a doc without a "Runbook Inventory" heading.

Pass:

    ## 3. Runbook Inventory
    | Runbook | Trigger | Owner |
    ...
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.diagnostic import listing
from ops_lint.matching import match_title, rank_titles
from ops_lint.model import Document, Section
from ops_lint.vocabulary import SECTIONS, Vocabulary

KIND = "required-sections"


class Options(CheckOptions):
    required: dict[str, list[str]] = Field(default_factory=dict)
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    non_empty: bool = True


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    wanted = options.required.get(doc.doc_type or "", [])
    anchor_line = next((s.line for s in doc.sections if s.level == 1), 1)
    found_titles = listing([s.title for s in doc.sections if s.level <= 2]) or "none"
    for title in wanted:
        matches = _matches(doc, [title, *options.aliases.get(title, [])], ctx.vocabulary)
        if not matches:
            yield Finding(
                anchor_line,
                1,
                f"required section '{title}' is missing",
                f"add a heading '## {title}'; sections found: {found_titles}",
                title,
            )
        elif options.non_empty and not any(doc.section_has_content(s) for s in matches):
            yield Finding(
                matches[0].line,
                1,
                f"required section '{title}' is empty",
                "write the section's content under its heading",
                title,
            )
        else:
            yield Evidence(matches[0].line, f"section '{matches[0].title}'")


def _concept_of(title: str) -> str | None:
    """The governance concept ``title`` is a built-in name of, if any."""
    for concept, names in SECTIONS.items():
        found = match_title(title, names)
        if found is not None and found.rank == 0:
            return concept
    return None


def _matches(doc: Document, names: list[str], vocabulary: Vocabulary) -> list[Section]:
    """The sections titled like ``names`` (a concept's by any of its titles), best first."""
    concept = _concept_of(names[0])
    if concept is not None:
        names = [*names, *vocabulary.section_names(concept)]
    ranked = rank_titles([s.title for s in doc.sections], names)
    if ranked.rank is None or (concept is None and ranked.rank > 1):
        return []
    return [doc.sections[i] for i in ranked.best]
