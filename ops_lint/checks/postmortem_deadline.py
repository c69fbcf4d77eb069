"""Major incidents whose postmortem is missing, unpublished or published too late.

The postmortem policy: every S0 and S1 incident gets a postmortem, published within 72
calendar hours of ``resolved_at`` (weekends included). For an incident (``type:
incident``) whose ``severity`` is a major level of the vocabulary (a level of
``vocabulary.severity.levels`` with ``major: true``; default S0 and S1; any spelling of
it: ``Sev 1``, ``SEV-1``) this fails when:

- it has no postmortem: no ``postmortem:`` link, and no postmortem doc whose
  ``incident:`` link points back to the incident;
- its ``postmortem:`` link resolves to no doc of the doc set (a URL, or a missing file);
- the postmortem doc has no ``published_at`` (a draft);
- ``published_at`` is more than ``max_hours`` after ``resolved_at``.

A missing or unpublished postmortem is only overdue once ``resolved_at + max_hours`` is
before the as-of date (``--as-of``, default today); until then the incident passes with
the deadline as evidence (``wait_for_deadline: false`` fails it at once). An incident
without ``resolved_at`` is still open: its postmortem clock has not started. Date-times
are ISO 8601 with an offset (``2026-09-08T05:02-04:00``); values that do not parse are
skipped here and reported by ``front-matter-schema``.

Vocabulary keys read: ``vocabulary.severity.levels`` (``name``, ``aliases``, ``major``).

Options:
- ``max_hours``: hours from resolution to publication (default 72).
- ``wait_for_deadline``: a missing or draft postmortem fails only after the deadline
  (default true).
- ``severity_field``, ``resolved_field``, ``postmortem_field`` (on the incident),
  ``incident_field``, ``published_field`` (on the postmortem), ``postmortem_type``.

Fail: an S1 incident with ``resolved_at: 2026-09-08T05:02-04:00`` whose postmortem has
``published_at: 2026-09-11T13:32-04:00`` ("postmortem published 80.5 h after
resolution ...; at most 72 h allowed").

Pass: the same postmortem with ``published_at: 2026-09-10T16:00-04:00`` (just under 59 h).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.dates import parse_datetime
from ops_lint.matching import level_spellings
from ops_lint.model import Document

KIND = "postmortem-deadline"


class Options(CheckOptions):
    max_hours: float = Field(default=72, gt=0)
    wait_for_deadline: bool = True
    severity_field: str = "severity"
    resolved_field: str = "resolved_at"
    postmortem_field: str = "postmortem"
    incident_field: str = "incident"
    published_field: str = "published_at"
    postmortem_type: str = "postmortem"


def _major_level(severity: object, ctx: Context) -> str | None:
    """The major level ``severity`` spells (``Sev 1`` -> ``S1``), or None."""
    if not isinstance(severity, str):
        return None
    text = " ".join(severity.replace("*", " ").lower().split())
    for level in ctx.vocabulary.levels:
        if level.major and text in level_spellings(level.name, level.aliases):
            return level.name
    return None


def _hours(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _postmortems_by_incident(ctx: Context, options: Options) -> dict[str, list[Document]]:
    """Abspath of an incident -> postmortem docs whose ``incident:`` links to it."""

    def build() -> dict[str, list[Document]]:
        index: dict[str, list[Document]] = {}
        for doc in ctx.docs_of_type(options.postmortem_type):
            target = doc.meta.get(options.incident_field)
            resolved = ctx.resolve_link(doc, target) if isinstance(target, str) else None
            if resolved is not None:
                index.setdefault(resolved[0], []).append(doc)
        return index

    key = f"postmortems-by-incident:{options.postmortem_type}:{options.incident_field}"
    return ctx.cached(key, build)


class _Clock(NamedTuple):
    level: str
    resolved_text: str
    resolved: dt.datetime
    due: str  # "due 72 h after resolution (...), by ..."
    overdue: bool  # a missing or draft postmortem fails
    line: int


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    severity = doc.meta.get(options.severity_field)
    sev_line = doc.front_matter.line_of(options.severity_field) or 1
    level = _major_level(severity, ctx)
    if level is None:
        yield Evidence(sev_line, f"severity {severity!r} needs no postmortem")
        return
    raw = doc.meta.get(options.resolved_field)
    resolved = parse_datetime(raw)
    if resolved is None:
        if raw is None or raw == "":
            note = f"{level} incident still open (no {options.resolved_field}): no postmortem due"
        else:  # `front-matter-schema` reports the value
            note = f"{options.resolved_field} {raw!r} is not a date-time with an offset; skipped"
        yield Evidence(sev_line, note)
        return
    deadline = resolved + dt.timedelta(hours=options.max_hours)
    clock = _Clock(
        level,
        str(raw),
        resolved,
        f"due {_hours(options.max_hours)} h after resolution, by "
        f"{deadline.isoformat(timespec='minutes')}",
        not options.wait_for_deadline or deadline.date() < ctx.today,
        doc.front_matter.line_of(options.postmortem_field) or sev_line,
    )
    link = doc.meta.get(options.postmortem_field)
    if isinstance(link, str) and link.strip():
        target = ctx.resolve_link(doc, link)
        postmortem = ctx.by_abspath.get(target[0]) if target else None
        if postmortem is None:
            yield Finding(
                clock.line,
                1,
                f"{level} incident's postmortem link '{link}' resolves to no doc of the doc set",
                "link the postmortem by its relative path in the doc set (e.g. "
                f"../postmortems/<incident>.md); it is {clock.due}",
                link,
            )
            return
    else:
        linked = _postmortems_by_incident(ctx, options).get(doc.abspath, [])
        if not linked:
            yield from _missing(options, clock)
            return
        postmortem = min(linked, key=lambda d: _publication_order(d, options))
    yield from _published(postmortem, options, clock)


def _publication_order(doc: Document, options: Options) -> tuple[bool, float, str]:
    published = parse_datetime(doc.meta.get(options.published_field))
    return published is None, published.timestamp() if published else 0.0, doc.path


def _missing(options: Options, clock: _Clock) -> Iterator[Result]:
    if not clock.overdue:
        yield Evidence(
            clock.line, f"{clock.level} incident: postmortem not written yet, {clock.due}"
        )
        return
    yield Finding(
        clock.line,
        1,
        f"{clock.level} incident has no postmortem (no '{options.postmortem_field}:' link and "
        f"no postmortem whose '{options.incident_field}:' points here); it was {clock.due}",
        f"write the postmortem and add '{options.postmortem_field}: "
        "../postmortems/<incident>.md' to the incident's front-matter",
        f"{clock.level} {clock.resolved_text}",
    )


def _published(postmortem: Document, options: Options, clock: _Clock) -> Iterator[Result]:
    raw = postmortem.meta.get(options.published_field)
    published = parse_datetime(raw)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if clock.overdue:
            yield Finding(
                clock.line,
                1,
                f"{clock.level} incident's postmortem {postmortem.path} has no "
                f"{options.published_field} (not published); it was {clock.due}",
                f"publish the postmortem and set {options.published_field} in its front-matter",
                postmortem.path,
            )
        else:
            yield Evidence(clock.line, f"postmortem {postmortem.path} in draft, {clock.due}")
        return
    if published is None:  # not a date-time with an offset: `front-matter-schema` reports it
        yield Evidence(clock.line, f"postmortem {options.published_field} {raw!r} does not parse")
        return
    hours = (published - clock.resolved).total_seconds() / 3600
    span = f"{_hours(hours)} h after resolution ({clock.resolved_text} \u2192 {raw})"
    if hours > options.max_hours:
        yield Finding(
            clock.line,
            1,
            f"postmortem published {span}; at most {_hours(options.max_hours)} h allowed",
            f"publish {clock.level} postmortems within {_hours(options.max_hours)} h of "
            "resolution; a late one is raised at the weekly ops review",
            f"{clock.resolved_text} {raw}",
        )
    else:
        yield Evidence(clock.line, f"postmortem {postmortem.path} published {span}")
