"""Required sections missing (or empty) for the doc's type.

Each doc type has a list of section titles it must contain. Titles are matched after
normalization: case, leading numbering (``1.``, ``1)``, ``10 -``), ``&`` versus ``and``,
emphasis and surrounding punctuation are ignored, so ``## 2. Incident Classification
Matrix`` matches ``Incident Classification Matrix``. A heading of any level counts.

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
from ops_lint.model import Document

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
        matches = doc.find_sections([title, *options.aliases.get(title, [])])
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
