"""Suppression directives: ``<!-- ops-lint-ACTION CODES [until=DATE] -- reason -->``."""

from __future__ import annotations

import re

from ops_lint.model import Directive
from ops_lint.normalize import find_spans

# Patterns here follow the rules in ops_lint.normalize: anchored, possessive, no nesting.
_DIRECTIVE_HEAD = re.compile(r"\s*+ops-lint-([a-z-]++)")
_UNTIL = re.compile(r"(?<!\w)until=(\S++)")
_CODE = re.compile(r"^[A-Z]+[0-9]*$")
_ACTIONS = ("disable-next-line", "disable", "enable")


def _find_directive(raw: str) -> tuple[int, str, int, int] | None:
    """The first ``<!-- ops-lint-ACTION … -->`` in ``raw``: (start, action, body, close).

    As ``<!--\\s*ops-lint-([a-z-]+)(.*?)-->`` would find it, in one pass: ``str.find``
    for the markers, an anchored pattern for the action.
    """
    last_close = raw.rfind("-->")
    opener = raw.find("<!--")
    while 0 <= opener < last_close:
        head = _DIRECTIVE_HEAD.match(raw, opener + 4)
        if head is not None:
            # The action may not run into the closing "-->" (as a backtracking match).
            end = min(head.end(), last_close)
            if end > head.start(1):
                return opener, raw[head.start(1) : end], end, raw.find("-->", end)
        opener = raw.find("<!--", opener + 1)
    return None


def parse_directive(raw: str, line: int) -> Directive | None:
    """Read one ``<!-- ops-lint-ACTION CODES [until=DATE] -- reason -->`` comment."""
    found = _find_directive(raw)
    if found is None:
        return None
    start, action, body_start, close = found
    body = raw[body_start:close]
    reason = ""
    if "--" in body:
        body, reason = body.split("--", 1)
    until = None
    if until_match := _UNTIL.search(body):
        until = until_match.group(1)
        body = body[: until_match.start()] + body[until_match.end() :]
    codes = tuple(body.replace(",", " ").split())
    if action not in _ACTIONS or not all(_CODE.match(c) for c in codes):
        action = "invalid"
    return Directive(action, codes, reason.strip(), until, line, raw[start : close + 3])


def iter_comments(html: str) -> list[tuple[int, str]]:
    """HTML comments in ``html`` with their line offset."""
    out: list[tuple[int, str]] = []
    line = pos = 0
    for span in find_spans(html, "<!--", "-->"):
        line += html.count("\n", pos, span.start)  # counted on from the previous comment
        pos = span.start
        out.append((line, html[span.start : span.end]))
    return out
