"""A runbook with no dry-run or simulation procedure.

A runbook that has never been rehearsed fails when it is needed. Each ``type: runbook``
doc must say how it is tested, in either place:

- a ``dry_run:`` front-matter entry: a non-empty string, or a mapping (for example
  ``{method, last_run, result}``) or list with at least one non-empty value;
- a non-empty section titled "Dry Run", "Simulation", "Game Day", "Rehearsal" or
  "Drill" (any heading level; matched tolerantly: "Dry-run (last: 2026-11-02)" and
  "Game day / simulation" count).

Vocabulary keys read: ``vocabulary.sections.dry-run`` (the section's titles).

Options:
- ``field``: the front-matter key (default ``dry_run``).

Fail: a runbook with neither, with ``dry_run: {}`` and an empty ``## Dry Run`` section, or
with ``dry_run: true`` (a flag is not a procedure).

Pass:

    dry_run: {method: "replay 50 X12 850s in staging", last_run: "2026-10-02", result: pass}

or

    ## Dry Run
    Quarterly game day: pause the SFTP poller in staging and follow the Steps.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks._inventory import is_blank_text, type_name
from ops_lint.context import Context
from ops_lint.governance.locate import locate
from ops_lint.model import Document
from ops_lint.vocabulary import key_for_section

KIND = "runbook-dry-run"

MESSAGE = "runbook has no dry-run or simulation procedure; runbooks must be testable"


class Options(CheckOptions):
    field: str = Field(default="dry_run", min_length=1)


def _has_value(value: object, depth: int = 0) -> bool:
    if isinstance(value, str):
        return not is_blank_text(value)
    if depth > 0 and isinstance(value, bool | int | float):
        return True  # e.g. ``result: true`` or ``duration_min: 20`` inside a mapping
    if isinstance(value, dict):
        return any(_has_value(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_has_value(v, depth + 1) for v in value)
    return False


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    start = doc.front_matter_lines[0] if doc.front_matter_lines else 1
    field = options.field
    value = doc.meta.get(field)
    field_line = doc.front_matter.line_of(field) if field in doc.meta else None
    if field_line is not None and _has_value(value):
        yield Evidence(field_line, f"front-matter '{field}' describes the dry run")
        return
    sections = locate(doc, "dry-run", ctx.vocabulary).sections
    for section in sections:
        if doc.section_has_content(section):
            yield Evidence(section.line, f"section '{section.title}'")
            return
    found: list[str] = []
    if field_line is not None:
        what = "empty" if value in (None, "", [], {}) else type_name(value)
        found.append(f"front-matter '{field}' is {what}")
    if sections:
        found.append(f"section '{sections[0].title}' is empty")
    detail = f" ({'; '.join(found)})" if found else ""
    line = field_line or (sections[0].line if sections else start)
    yield Finding(
        line,
        1,
        MESSAGE + detail,
        f"add a '{field}: {{method, last_run, result}}' front-matter entry or a "
        f"'## Dry Run' section that says how the runbook is rehearsed (or name your "
        f"section in the config: key {key_for_section('dry-run')})",
        f"{field}: {value!r}"[:120] if field_line is not None else "dry run",
    )
