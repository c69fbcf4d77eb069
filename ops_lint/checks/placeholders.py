"""Unresolved placeholders left in prose, tables or front-matter.

A template's ``<number>``, ``<...>``, ``TBD``, ``TODO``, ``FIXME`` or ``{{ VAR }}`` that
reaches a reviewed doc means a decision nobody made. Text in code spans and fenced code
blocks is not checked (commands may legitimately hold ``<file>``). Known HTML tags such
as ``<br>`` or ``<details>`` are not placeholders.

Options:
- ``patterns``: regular expressions (Python syntax) that mark a placeholder.
- ``front_matter``: also check front-matter string values (default true).

Fail: ``| Availability | <number> % |`` or ``PRIMARY_SLO_LATENCY_P95_MS = TBD``.
Pass: ``| Availability | 99.9 % |`` or ``Run `edictl replay <file>` ``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from pydantic import Field, field_validator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.model import Document

KIND = "placeholders"

_HTML_TAGS = (
    "a|abbr|b|br|code|dd|del|details|div|dl|dt|em|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre"
    "|q|s|samp|small|span|strong|sub|summary|sup|table|tbody|td|tfoot|th|thead|tr|u|ul|var"
)
DEFAULT_PATTERNS = [
    r"<(?:\.\.\.|…)>",
    rf"<(?!/?(?:{_HTML_TAGS})\b)[A-Za-z_][\w .,/|:-]{{0,60}}>",
    r"\bTBD\b",
    r"\bTODO\b",
    r"\bFIXME\b",
    r"\{\{\s*[^{}\n]{1,60}?\s*\}\}",
]


class Options(CheckOptions):
    patterns: list[str] = Field(default_factory=lambda: list(DEFAULT_PATTERNS))
    front_matter: bool = True

    @field_validator("patterns")
    @classmethod
    def _valid(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
        return value


@lru_cache(maxsize=16)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Every default pattern starts with one of these: the regex only runs where one occurs.
_TRIGGERS = ("<", "TBD", "TODO", "FIXME", "{{")


def _matches(rx: re.Pattern[str], text: str, patterns: list[str]) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``; for the default patterns, only tried at trigger positions."""
    if patterns != DEFAULT_PATTERNS:
        yield from rx.finditer(text)
        return
    positions: set[int] = set()
    for trigger in _TRIGGERS:
        pos = text.find(trigger)
        while pos >= 0:
            positions.add(pos)
            pos = text.find(trigger, pos + 1)
    end = 0
    for pos in sorted(positions):
        if pos < end:
            continue
        match = rx.match(text, pos)
        if match:
            end = match.end()
            yield match


_HINT = (
    "replace the placeholder with the real value (or suppress it with a reason and an until date)"
)


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    rx = _compiled(tuple(options.patterns))
    clean = True
    # One regex pass over the whole document's prose, mapped back to its spans: far
    # cheaper than one search per span. Spans are joined by a newline, which the default
    # patterns never cross.
    joined = "\n".join(span.text for span in doc.texts)
    starts: list[int] = []
    offset = 0
    for span in doc.texts:
        starts.append(offset)
        offset += len(span.text) + 1
    for match in _matches(rx, joined, options.patterns):
        index = bisect_right(starts, match.start()) - 1
        span = doc.texts[index]
        if match.end() > starts[index] + len(span.text):
            continue  # a custom pattern that spans two pieces of prose
        clean = False
        yield Finding(
            span.line,
            span.column + match.start() - starts[index],
            f"unresolved placeholder {match.group(0)!r} in {span.context}",
            _HINT,
            f"{match.group(0)} in {span.text.strip()[:160]}",
        )
    if options.front_matter:
        for path, value, line in doc.iter_meta_strings():
            for match in rx.finditer(value):
                clean = False
                yield Finding(
                    line,
                    1,
                    f"unresolved placeholder {match.group(0)!r} in front-matter '{'.'.join(path)}'",
                    _HINT,
                    match.group(0),
                )
    if clean:
        yield Evidence(1, f"{len(doc.texts)} text spans free of placeholders")
