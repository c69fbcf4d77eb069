"""A runbook whose dry run is not recorded well enough to prove it works today.

That a runbook describes a rehearsal is checked by ``runbook-dry-run``; this rule checks
the record of the last one, the ``dry_run:`` front-matter mapping of a ``type: runbook``
doc:

- ``last_run``: the date of the last dry run (``YYYY-MM-DD``);
- ``result``: ``passed``, ``failed`` or ``partial``; a failed or partial run is a finding
  of its own: the runbook is not proven;
- ``by``: who ran it, a member of the owners roster (handle, with or without its ``@``,
  name or e-mail);
- ``evidence``: a recording, report or ticket: a URL, or a relative link to a file that
  exists;
- ``valid_days`` (optional): how long the run counts, else the ``valid_days`` option;
  ``last_run + valid_days`` must not be before the as-of date (``--as-of``, default
  today);
- ``next_run`` (optional): the planned next run, no later than ``last_run + valid_days``.

What is missing or unreadable is one finding per runbook, at ``dry_run``; an expired run
and a ``next_run`` after the run lapses are separate findings, at their keys. A runbook
with no ``dry_run`` mapping and no dry-run section is left to ``runbook-dry-run``; one
with a dry-run section but no ``dry_run`` mapping is a finding: the procedure exists,
the record of running it does not. If the roster cannot be loaded, ``by`` is not
checked (the evidence says so). A record that still holds template blanks
(``"{{ passed, failed or partial }}"``, what ``ops-lint init`` writes) is not judged:
``placeholders`` reports each blank.

Vocabulary keys read: ``vocabulary.sections.dry-run`` (the dry-run section's titles).

Options:
- ``field``: the front-matter key of the record (default ``dry_run``).
- ``valid_days``: days a dry run counts when the runbook sets no ``valid_days``
  (default 90).

Fail (as of 2026-12-02): ``dry_run: {method: "game day", last_run: 2026-08-01, result:
passed}``: no ``by`` and no ``evidence``, and the run lapsed on 2026-10-30.

Pass:

    dry_run:
      method: "game day in staging"
      last_run: 2026-10-28
      result: passed
      by: "@rkim"
      evidence: "https://tickets.example.org/OPS-1432"
      next_run: 2027-01-12
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.dates import parse_date
from ops_lint.governance.locate import locate
from ops_lint.model import Document
from ops_lint.roster import is_placeholder
from ops_lint.roster_roles import person

KIND = "dry-run-evidence"

_RESULTS = {
    "passed": "passed",
    "pass": "passed",
    "failed": "failed",
    "fail": "failed",
    "partial": "partial",
}
_KEYS = "last_run, result, by, evidence"


class Options(CheckOptions):
    field: str = Field(default="dry_run", min_length=1)
    valid_days: int = Field(default=90, ge=1)


class _Record(NamedTuple):
    problems: list[str]  # what is missing or unreadable
    last_run: dt.date | None
    result: str | None  # passed | failed | partial
    valid_days: int
    next_run: dt.date | None


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    field = options.field
    value = doc.meta.get(field)
    line = doc.front_matter.line_of(field)
    if line is None or value is None:
        yield from _no_record(doc, options, ctx)
        return
    if not isinstance(value, dict):
        yield Finding(
            line,
            1,
            f"front-matter '{field}' is a {type(value).__name__}, not a record of the last "
            f"dry run ({_KEYS})",
            _hint(field),
            f"{field}: {value!r}"[:120],
        )
        return
    blanks = sorted(k for k, v in value.items() if isinstance(v, str) and is_placeholder(v))
    if blanks:  # a scaffold still being filled in: `placeholders` reports each blank
        yield Evidence(line, f"dry-run record still has template blanks: {', '.join(blanks)}")
        return
    record = _read(doc, value, options, ctx)
    clean = True
    if record.problems:
        clean = False
        yield Finding(
            line,
            1,
            f"dry-run record is incomplete: {'; '.join(record.problems)}",
            _hint(field),
            field,
        )
    if record.result in ("failed", "partial"):
        clean = False
        yield Finding(
            doc.front_matter.line_of(field, "result") or line,
            1,
            f"last dry run {record.result} ({record.last_run or 'date unknown'}): the runbook "
            "is not proven",
            "fix the runbook (or what it drives), rehearse it again and record the new run",
            f"result: {value.get('result')}",
        )
    for finding in _dates(doc, record, field, ctx):
        clean = False
        yield finding
    if clean:
        lapses = record.last_run + dt.timedelta(days=record.valid_days) if record.last_run else ""
        yield Evidence(line, f"dry run {record.result} on {record.last_run}, valid to {lapses}")


def _hint(field: str) -> str:
    return (
        f"record the last dry run under '{field}': last_run (YYYY-MM-DD), result "
        "(passed/failed/partial), by (a roster member's @handle), evidence (URL or relative link)"
    )


def _no_record(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    start = doc.front_matter_lines[0] if doc.front_matter_lines else 1
    sections = locate(doc, "dry-run", ctx.vocabulary).sections
    described = [s for s in sections if doc.section_has_content(s)]
    if not described:
        yield Evidence(
            start,
            f"no dry-run described; {ctx.rule_ref('runbook-dry-run')} reports the runbook",
        )
        return
    section = described[0]
    yield Finding(
        section.line,
        1,
        f"dry run described in section '{section.title}' but never recorded: no front-matter "
        f"'{options.field}' with {_KEYS}",
        _hint(options.field),
        section.title,
    )


def _read(doc: Document, value: dict[object, object], options: Options, ctx: Context) -> _Record:
    problems: list[str] = []
    last_run = _date(value, "last_run", problems, required=True)
    raw_result = value.get("result")
    result = _RESULTS.get(str(raw_result).strip().lower()) if raw_result is not None else None
    if raw_result is None or str(raw_result).strip() == "":
        problems.append("no result")
    elif result is None:
        problems.append(f"result '{raw_result}' is not passed, failed or partial")
    problems.extend(_by(value.get("by"), ctx))
    problems.extend(_evidence(doc, value.get("evidence"), ctx))
    valid_days = options.valid_days
    raw_days = value.get("valid_days")
    if raw_days is not None:
        if isinstance(raw_days, int) and not isinstance(raw_days, bool) and raw_days > 0:
            valid_days = raw_days
        else:
            problems.append(f"valid_days '{raw_days}' is not a number of days")
    next_run = _date(value, "next_run", problems, required=False)
    return _Record(problems, last_run, result, valid_days, next_run)


def _date(
    value: dict[object, object], key: str, problems: list[str], required: bool
) -> dt.date | None:
    raw = value.get(key)
    if isinstance(raw, dt.date):
        return raw
    if raw is None or str(raw).strip() == "":
        if required:
            problems.append(f"no {key}")
        return None
    found = parse_date(str(raw))
    if found is None:
        problems.append(f"{key} '{raw}' is not a YYYY-MM-DD date")
    return found


def _by(raw: object, ctx: Context) -> list[str]:
    if raw is None or str(raw).strip() == "":
        return ["no by (who ran it)"]
    roster = ctx.roster
    if roster.error is not None:
        return []  # unknown-owner reports the roster; `by` cannot be checked
    if person(roster, str(raw)) is None:
        return [f"by '{raw}' is no member of the roster {roster.path}"]
    return []


def _evidence(doc: Document, raw: object, ctx: Context) -> list[str]:
    links = raw if isinstance(raw, list) else [raw]
    texts = [str(link).strip() for link in links if link is not None and str(link).strip()]
    if not texts:
        return ["no evidence (recording, report or ticket)"]
    problems: list[str] = []
    for text in texts:
        target = text[1:-1] if text.startswith("<") and text.endswith(">") else text
        if target.lower().startswith(("http://", "https://")):
            continue
        resolved = ctx.resolve_link(doc, target)
        if resolved is None or not ctx.exists(resolved[0]):
            problems.append(f"evidence '{text}' is no URL and resolves to no file")
    return problems


def _dates(doc: Document, record: _Record, field: str, ctx: Context) -> Iterator[Finding]:
    if record.last_run is None:
        return
    lapses = record.last_run + dt.timedelta(days=record.valid_days)
    window = f"last_run {record.last_run} + {record.valid_days} days"
    if lapses < ctx.today:
        days = (ctx.today - lapses).days
        yield Finding(
            doc.front_matter.line_of(field, "last_run") or 1,
            1,
            f"dry run expired on {lapses} ({window}), {days} day{'s' if days != 1 else ''} "
            f"before the as-of date {ctx.today}",
            "rehearse the runbook again and record the run (last_run, result, by, evidence)",
            str(record.last_run),
        )
    if record.next_run is not None and record.next_run > lapses:
        yield Finding(
            doc.front_matter.line_of(field, "next_run") or 1,
            1,
            f"next_run {record.next_run} is after the dry run lapses on {lapses} ({window})",
            f"plan the next dry run on or before {lapses}, or set a longer valid_days",
            str(record.next_run),
        )
