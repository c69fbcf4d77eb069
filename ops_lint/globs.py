"""Path patterns as users write them in config: ``.gitignore`` semantics, through ``pathspec``.

``include``, ``exclude``, ``types``, ``per-file-ignores`` and a pack's ``applies_to.paths``
all match a doc's path relative to the project root with git's own rules: a pattern
without a ``/`` (other than a trailing one) matches a file or folder name at any depth
(``archive`` excludes every ``archive/`` folder, ``*.html.md.erb`` finds
``docs/runbooks/x.html.md.erb``); a pattern with a ``/`` is anchored at the project root;
naming a folder (``ops-docs/archive``) matches everything in it; ``**`` crosses folders,
``*`` and ``?`` do not; ``!pattern`` takes a match back (the last matching pattern wins).

Git has no brace expansion, but users write ``{a,b}``: it is expanded here, before the
patterns reach ``pathspec`` (``*.{md,markdown}`` is ``*.md`` and ``*.markdown``), and
``\\{`` keeps a literal brace. One pattern expands to at most ``MAX_EXPANSIONS`` patterns,
so a config cannot make the matcher grow without bound. A leading ``./`` is dropped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import lru_cache

import pathspec

MAX_EXPANSIONS = 256  # patterns one braced pattern may become


class PatternError(ValueError):
    """A pattern that cannot be used; the message names it."""


def _group(pattern: str) -> tuple[int, int, list[str]] | None:
    """The first ``{...}`` holding a top-level comma: (start, end, alternatives)."""
    start = 0
    while True:
        open_at = _unescaped(pattern, "{", start)
        if open_at < 0:
            return None
        depth, parts, piece_start = 0, [], open_at + 1
        i = open_at
        while i < len(pattern):
            ch = pattern[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    parts.append(pattern[piece_start:i])
                    if len(parts) > 1:
                        return open_at, i, parts
                    break  # "{x}": a literal brace, as in a shell
            elif ch == "," and depth == 1:
                parts.append(pattern[piece_start:i])
                piece_start = i + 1
            i += 1
        else:
            return None  # never closed: literal
        start = open_at + 1


def _unescaped(text: str, char: str, start: int) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
            return i
        i += 1
    return -1


def expand_braces(pattern: str) -> list[str]:
    """``pattern`` with every ``{a,b}`` group expanded, in order (nested groups too)."""
    out: list[str] = []
    pending = [pattern]
    while pending:
        current = pending.pop()
        found = _group(current)
        if found is None:
            out.append(current)
        else:
            start, end, parts = found
            # reversed: popping from the end keeps the written order
            pending.extend(current[:start] + p + current[end + 1 :] for p in reversed(parts))
        if len(out) + len(pending) > MAX_EXPANSIONS:
            raise PatternError(
                f"pattern {pattern[:200]!r} expands to more than {MAX_EXPANSIONS} patterns"
            )
    return out


def _normalize(pattern: str) -> str:
    pattern = pattern.strip()
    negated = pattern.startswith("!")
    body = pattern[1:] if negated else pattern
    while body.startswith("./"):
        body = body[2:]
    return ("!" if negated else "") + body


def expand(pattern: str) -> list[str]:
    """The gitignore patterns one config pattern stands for."""
    return [_normalize(p) for p in expand_braces(pattern)]


@lru_cache(maxsize=512)
def compile_patterns(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    """One compiled matcher for ``patterns`` (compiled once per distinct list).

    :class:`PatternError` if a pattern cannot be used.
    """
    lines = [line for p in patterns for line in expand(p)]
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError as exc:
        raise PatternError(f"invalid pattern: {exc}") from None


@lru_cache(maxsize=64)
def file_matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """``matches`` for one list, as fast as it can be: no pattern matches nothing; a list
    without ``!`` patterns matches when any of its regular expressions does (the last
    matching pattern decides only when some take a match back), tried in C one by one;
    any other list goes through ``pathspec``."""
    spec = compile_patterns(patterns)
    live = [p for p in spec.patterns if p.include is not None]
    if not live:
        return lambda path: False
    regexes = [getattr(p, "regex", None) for p in live]
    if any(not p.include for p in live) or any(r is None for r in regexes):
        return lambda path: bool(spec.match_file(path))
    searches = [r.match for r in regexes if r is not None]
    if len(searches) == 1:
        (only,) = searches
        return lambda path: only(path) is not None
    return lambda path: any(search(path) is not None for search in searches)


def check_patterns(patterns: Iterable[str]) -> None:
    """:class:`PatternError` unless every pattern compiles (for config validation)."""
    for pattern in patterns:
        compile_patterns((pattern,))


def matches(path: str, patterns: Iterable[str]) -> bool:
    """True if POSIX ``path`` (relative to the project root) is matched by ``patterns``."""
    spec = compile_patterns(tuple(patterns))
    return bool(spec.match_file(path))


def posix_relpath(path: str, start: str) -> str:
    """``os.path.relpath`` with ``/`` separators (without pathlib's per-call parsing cost)."""
    rel = os.path.relpath(path, start)
    return rel if os.sep == "/" else rel.replace(os.sep, "/")
