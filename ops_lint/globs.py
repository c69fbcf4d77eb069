"""Path globs as users write them in config: ``**`` crosses directories, ``*`` does not.

A pattern without ``/`` matches the file name at any depth (as in .gitignore), so
``*.html.md.erb`` finds ``docs/runbooks/x.html.md.erb``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip().lstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    if pattern.endswith("/"):
        pattern += "**"
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out) + r"\Z")


def matches(path: str, patterns: Iterable[str]) -> bool:
    """True if POSIX ``path`` matches any of ``patterns``."""
    return any(compile_glob(p).match(path) for p in patterns)


def posix_relpath(path: str, start: str) -> str:
    """``os.path.relpath`` with ``/`` separators (without pathlib's per-call parsing cost)."""
    import os

    rel = os.path.relpath(path, start)
    return rel if os.sep == "/" else rel.replace(os.sep, "/")
