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

An entry of the list may itself be a list: a "one of" group, satisfied by any one of its
titles (``[Troubleshooting, Maintenance]``). All the sections a doc lacks are reported in
one finding, at its first heading; an empty section is reported at its heading.

A stub (a page that only points elsewhere) is not held to its type's sections: a doc
whose title or opening prose matches one of ``stub_patterns`` is skipped. By default:
the opening prose says "moved to" or "This page has moved", or the title starts with
``[Deprecated]``.

Vocabulary keys read: ``vocabulary.sections.*``.

Options:
- ``required``: mapping of doc type to the titles it must have; an entry that is a list
  of titles is a "one of" group.
- ``aliases``: mapping of a required title to other titles accepted for it.
- ``non_empty``: a required section with nothing under its heading fails too (default true).
- ``stub_patterns``: regular expressions (Python syntax) tried on the title and the
  first paragraphs; a doc matching one is a stub and is skipped. ``[]`` skips none.

Fail (type handover): a doc without a "Runbook Inventory" heading.

Pass:

    ## 3. Runbook Inventory
    | Runbook | Trigger | Owner |
    ...

Fix (unsafe, ``ops-lint check --unsafe-fixes``): each missing section's heading is
inserted before the heading of the next required section the doc has (at the end when
none follows), at that heading's level, with the line ``TODO: write this section``:
``unresolved-placeholder`` then reports it until the section is written. For a "one of"
group, its first title is inserted. An empty section has no fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import Field, field_validator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.diagnostic import Fix, TextEdit, listing
from ops_lint.fixes import END_OF_FILE, PLACEHOLDER
from ops_lint.matching import match_title, rank_titles
from ops_lint.model import Document, Section
from ops_lint.user_regex import PatternError, UserPattern
from ops_lint.vocabulary import SECTIONS, Vocabulary

KIND = "required-sections"

DEFAULT_STUB_PATTERNS = [
    r"(?i)\bmoved to\b",
    r"(?i)\bthis page has moved\b",
    r"(?i)^\s*\[deprecated\]",
]
STUB_SPANS = 3  # prose spans after the title that a stub pattern is tried on
STUB_TEXT = 2_000  # characters of that text

Group = Annotated[list[str], Field(min_length=1)]


class Options(CheckOptions):
    required: dict[str, list[str | Group]] = Field(default_factory=dict)
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    non_empty: bool = True
    stub_patterns: list[str] = Field(default_factory=lambda: list(DEFAULT_STUB_PATTERNS))

    @field_validator("stub_patterns")
    @classmethod
    def _valid(cls, value: list[str]) -> list[str]:
        if value:
            try:
                _stub_pattern(tuple(value))
            except PatternError as exc:
                raise ValueError(f"{exc} (in {value!r:.200})") from None
        return value


def _stub_pattern(patterns: tuple[str, ...]) -> UserPattern:
    """The stub patterns as one bounded pattern (the repository may have written them)."""
    return UserPattern("|".join(f"(?:{p})" for p in patterns), "required-sections.stub_patterns")


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    wanted = options.required.get(doc.doc_type or "", [])
    if not wanted:
        return
    stub = _stub_match(doc, options, ctx)
    if isinstance(stub, Finding):
        yield stub
    elif stub:
        yield Evidence(1, f"stub page ({stub!r}): required sections not checked")
        return
    missing: list[list[str]] = []
    placed: list[Section | None] = []  # per requirement: its section, None when missing
    for requirement in wanted:
        group = [requirement] if isinstance(requirement, str) else requirement
        present = [(t, m) for t in group if (m := _matches(doc, _names(t, options), ctx))]
        placed.append(present[0][1][0] if present else None)
        if not present:
            missing.append(group)
            continue
        title, matches = present[0]
        if options.non_empty and not any(
            doc.section_has_content(s) for _, found in present for s in found
        ):
            yield Finding(
                matches[0].line,
                1,
                f"required section '{title}' is empty",
                "write the section's content under its heading",
                title,
            )
        else:
            yield Evidence(matches[0].line, f"section '{matches[0].title}'")
    if missing:
        yield _missing_finding(doc, missing)._replace(fix=_insert_fix(wanted, placed))


def _insert_fix(wanted: list[str | list[str]], placed: list[Section | None]) -> Fix:
    """Each missing section's heading, with a placeholder line, before the heading of the
    next required section present (at the end of the doc when none follows). Unsafe:
    the section's content is still to be written (``unresolved-placeholder`` says so)."""
    edits: dict[int, str] = {}  # line -> the headings inserted before it
    names: list[str] = []
    last = next((s.level for s in reversed(placed) if s is not None), 2)
    for index, requirement in enumerate(wanted):
        if placed[index] is not None:
            continue
        title = requirement if isinstance(requirement, str) else requirement[0]
        names.append(f"'{title}'")
        after = next((s for s in placed[index + 1 :] if s is not None), None)
        line, level = (after.line, after.level) if after else (END_OF_FILE, last)
        text = f"{'#' * level} {title}\n\n{PLACEHOLDER}\n"
        edits[line] = edits.get(line, "") + (f"{text}\n" if after else f"\n{text}")
    made = tuple(TextEdit(line, 1, line, 1, text) for line, text in sorted(edits.items()))
    names_text = ", ".join(names)
    return Fix(made, safe=False, title=f"insert the section(s) {names_text} with a placeholder")


def _names(title: str, options: Options) -> list[str]:
    return [title, *options.aliases.get(title, [])]


def _describe(group: list[str]) -> str:
    quoted = [f"'{t}'" for t in group]
    return quoted[0] if len(quoted) == 1 else f"one of {' or '.join(quoted)}"


def _missing_finding(doc: Document, missing: list[list[str]]) -> Finding:
    """One finding for every section ``doc`` lacks, at its first heading."""
    anchor_line = next((s.line for s in doc.sections if s.level == 1), 1)
    found = listing([s.title for s in doc.sections if s.level <= 2]) or "none"
    names = [_describe(group) for group in missing]
    if len(names) == 1:
        message = f"required section {names[0]} is missing"
        hint = f"add a heading '## {missing[0][0]}'; sections found: {found}"
    else:
        shown = ", ".join(names[:-1]) + f" and {names[-1]}"
        message = f"{len(names)} required sections are missing: {shown}"
        hint = f"add a heading for each, e.g. '## {missing[0][0]}'; sections found: {found}"
    return Finding(anchor_line, 1, message, hint, ", ".join(g[0] for g in missing))


def _stub_match(doc: Document, options: Options, ctx: Context) -> str | Finding | None:
    """The text that marks ``doc`` as a stub; a finding if the pattern was switched off."""
    if not options.stub_patterns:
        return None
    key = tuple(options.stub_patterns)
    # one per run: a pattern switched off stays off for the rest of this run only
    pattern = ctx.cached(f"{KIND}:stub:{key!r}", lambda: _stub_pattern(key))
    prose = [t.text for t in doc.texts if t.context != "heading"][:STUB_SPANS]
    match = pattern.search("\n".join([doc.title, *prose])[:STUB_TEXT])
    if pattern.failure is not None:
        return Finding(1, 1, pattern.failure, "fix the pattern in the pack or the config")
    return match.group(0).strip() or "stub" if match is not None else None


def _concept_of(title: str) -> str | None:
    """The governance concept ``title`` is a built-in name of, if any."""
    for concept, names in SECTIONS.items():
        found = match_title(title, names)
        if found is not None and found.rank == 0:
            return concept
    return None


def _matches(doc: Document, names: list[str], ctx: Context) -> list[Section]:
    """The sections titled like ``names`` (a concept's by any of its titles), best first."""
    vocabulary: Vocabulary = ctx.vocabulary
    concept = _concept_of(names[0])
    if concept is not None:
        names = [*names, *vocabulary.section_names(concept)]
    ranked = rank_titles([s.title for s in doc.sections], names)
    if ranked.rank is None or (concept is None and ranked.rank > 1):
        return []
    return [doc.sections[i] for i in ranked.best]
