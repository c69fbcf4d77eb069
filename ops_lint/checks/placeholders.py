"""Unresolved placeholders left in prose, tables or front-matter.

A template's ``<number>``, ``<...>``, ``TBD``, ``TODO``, ``FIXME`` or ``{{ VAR }}`` that
reaches a reviewed doc means a decision nobody made. Text in code spans and fenced code
blocks is not checked (commands may legitimately hold ``<file>``). Known HTML tags such
as ``<br>`` or ``<details>`` are not placeholders.

Options:
- ``patterns``: regular expressions (Python syntax) that mark a placeholder. Patterns
  from a pack or the config run with a time limit on at most the first 100,000
  characters of each piece of prose; one that overruns it is switched off for the run
  and reported on every doc it could not check.
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
from ops_lint.normalize import excerpt
from ops_lint.user_regex import MAX_TEXT, PatternError, UserPattern

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
    # "{{ VAR }}": at most 60 characters from the first to the last that is not blank
    # (possessive blanks around them: "{{" and a long run of spaces is one linear scan).
    r"\{\{(?=\n*+[^{}\n])\s*+(?:[^{}\s](?:[^{}\n]{0,58}[^{}\s])?)?\s*+\}\}",
]


class Options(CheckOptions):
    patterns: list[str] = Field(default_factory=lambda: list(DEFAULT_PATTERNS))
    front_matter: bool = True

    @field_validator("patterns")
    @classmethod
    def _valid(cls, value: list[str]) -> list[str]:
        if value != DEFAULT_PATTERNS:
            try:
                _user_pattern(tuple(value))
            except PatternError as exc:
                raise ValueError(f"{exc} (in {value!r:.200})") from None
        return value


@lru_cache(maxsize=16)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _user_pattern(patterns: tuple[str, ...]) -> UserPattern:
    """Patterns from a pack or the config: bounded, since the repository wrote them."""
    return UserPattern("|".join(f"(?:{p})" for p in patterns), "placeholders.patterns")


def _user_matches(pattern: UserPattern, text: str) -> Iterator[tuple[int, str]]:
    """(offset, matched text) of the matches of ``pattern`` in the first ``MAX_TEXT``
    characters of ``text``, at most ``MAX_MATCHES`` of them (each search copies the rest
    of the text: the caps keep a long span linear)."""
    text = text[:MAX_TEXT]
    pos = 0
    for _ in range(MAX_MATCHES):
        if pos > len(text):
            return
        match = pattern.search(text[pos:] if pos else text)
        if match is None:
            return
        start, end = pos + match.start(), pos + match.end()
        yield start, match.group(0)
        pos = end if end > start else end + 1


MAX_MATCHES = 1_000  # per piece of prose, for patterns from a pack or the config

# Every default pattern starts with one of these: the regex only runs where one occurs.
_TRIGGERS = ("<", "TBD", "TODO", "FIXME", "{{")


def _matches(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for the default patterns, only tried at trigger positions."""
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
    if options.patterns == DEFAULT_PATTERNS:
        yield from _check_defaults(doc, options)
    else:
        yield from _check_user_patterns(doc, options, ctx)


def _check_defaults(doc: Document, options: Options) -> Iterator[Result]:
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
    for match in _matches(rx, joined):
        index = bisect_right(starts, match.start()) - 1
        span = doc.texts[index]
        if match.end() > starts[index] + len(span.text):
            continue  # crosses into the next piece of prose
        clean = False
        yield Finding(
            span.line,
            span.column + match.start() - starts[index],
            f"unresolved placeholder {match.group(0)!r} in {span.context}",
            _HINT,
            f"{match.group(0)} in {excerpt(span.text, 160)}",
        )
    if options.front_matter:
        for path, value, line in doc.iter_meta_strings():
            for match in rx.finditer(value):
                clean = False
                yield _meta_finding(path, match.group(0), line)
    if clean:
        yield Evidence(1, f"{len(doc.texts)} text spans free of placeholders")


def _check_user_patterns(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    """Each piece of prose searched on its own: a match never spans two of them."""
    key = tuple(options.patterns)
    # one per run: a pattern switched off stays off for the rest of this run only
    pattern = ctx.cached(f"{KIND}:{key!r}", lambda: _user_pattern(key))
    clean = True
    for span in doc.texts:
        for start, text in _user_matches(pattern, span.text):
            clean = False
            yield Finding(
                span.line,
                span.column + start,
                f"unresolved placeholder {text[:200]!r} in {span.context}",
                _HINT,
                f"{text[:200]} in {span.text.strip()[:160]}",
            )
    if options.front_matter:
        for path, value, line in doc.iter_meta_strings():
            for _, text in _user_matches(pattern, value):
                clean = False
                yield _meta_finding(path, text[:200], line)
    if pattern.failure is not None:  # never a silent pass
        yield Finding(1, 1, pattern.failure, "fix the pattern in the pack or the config")
    elif clean:
        yield Evidence(1, f"{len(doc.texts)} text spans free of placeholders")


def _meta_finding(path: tuple[str, ...], text: str, line: int) -> Finding:
    return Finding(
        line,
        1,
        f"unresolved placeholder {text!r} in front-matter '{'.'.join(path)}'",
        _HINT,
        text,
    )
