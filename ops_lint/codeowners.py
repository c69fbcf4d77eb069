"""``CODEOWNERS`` files, in GitHub and GitLab syntax: who owns which path.

The file is the first of ``.github/CODEOWNERS``, ``CODEOWNERS``, ``docs/CODEOWNERS`` and
``.gitlab/CODEOWNERS`` in the project root. Each line is a path pattern followed by its
owners (``@user``, ``@org/team``, an e-mail); ``#`` starts a comment, ``\\ `` escapes a
space in a pattern. Patterns follow the documented CODEOWNERS rules:

- a pattern starting with ``/`` or holding a ``/`` inside is anchored at the root
  (``/docs/``, ``docs/*``); one without is a name matched at any depth (``*.md``, ``apps/``);
- a trailing ``/`` names a folder: everything below it matches (``docs/**/runbooks/``);
- a pattern naming a folder owns all files below it, except a pattern ending in ``*``:
  ``docs/*`` owns ``docs/a.md`` but not ``docs/sub/b.md``;
- ``**`` crosses folders, ``*`` and ``?`` do not.

The last matching pattern wins; a pattern without owners leaves its paths unowned.
GitLab ``[Section]`` headers (``^[Optional]``, ``[Section][2]``) group patterns: each
section's last match counts, owners of all sections add up, and owners written on the
section line are the default of its patterns that name none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ops_lint.safe_files import UnsafeFile, read_text

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
LIMIT = 1_000_000  # bytes: GitHub ignores CODEOWNERS files over 3 MB; real ones are KBs
MAX_WILDCARDS = 8  # per pattern: each one multiplies the matcher's work on a path
_SECTION = re.compile(r"\^?\[([^\]]+)\](?:\[\d+\])?(.*)")


@dataclass(frozen=True, slots=True)
class Entry:
    pattern: str
    owners: tuple[str, ...]
    line: int
    section: str  # "" outside any section
    regex: re.Pattern[str]


@dataclass(slots=True)
class CodeOwners:
    path: str  # relative to the project root; "" when there is no file
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 4: why", or why not read
    defaults: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def owners_of(self, relpath: str) -> list[tuple[str, int]]:
        """The owners of ``relpath`` (POSIX, relative to the root), each with the line
        that gave it."""
        last: dict[str, Entry] = {}
        for entry in self.entries:
            if entry.regex.fullmatch(relpath):
                last[entry.section] = entry
        found: dict[str, int] = {}
        for section, entry in last.items():
            for owner in entry.owners or self.defaults.get(section, ()):
                found.setdefault(owner, entry.line)
        return list(found.items())


def _split(line: str) -> tuple[str, list[str]]:
    """The pattern (escapes kept) and the owner tokens of an entry line."""
    i = 0
    while i < len(line) and not line[i].isspace():
        i += 2 if line[i] == "\\" else 1
    owners: list[str] = []
    for token in line[i:].split():
        if token.startswith("#"):
            break
        owners.append(token)
    return line[:i], owners


def translate(pattern: str) -> re.Pattern[str]:
    """The regular expression of a CODEOWNERS ``pattern`` over a whole relative path."""
    body = pattern.removeprefix("/")
    anchored = pattern.startswith("/") or "/" in body.rstrip("/")
    folder = body.endswith("/")
    body = body.rstrip("/")
    if body.count("*") + body.count("?") > MAX_WILDCARDS:
        raise ValueError(f"more than {MAX_WILDCARDS} wildcards")
    out: list[str] = [] if anchored else ["(?:.*/)?"]
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        elif body[i] == "\\" and i + 1 < len(body):
            out.append(re.escape(body[i + 1]))
            i += 2
        else:
            out.append(re.escape(body[i]))
            i += 1
    if folder:
        out.append("/.*")
    elif not body.endswith("*") or body.endswith("**"):
        out.append("(?:/.*)?")
    return re.compile("".join(out), re.S)


def parse(text: str, path: str) -> CodeOwners:
    """The entries of a CODEOWNERS file; a line that cannot be used is a problem."""
    result = CodeOwners(path)
    section = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = _SECTION.fullmatch(line)
        if header is not None:
            section = header.group(1).strip().casefold()
            defaults, _ = header.group(2).partition("#")[::2]
            result.defaults.setdefault(section, tuple(defaults.split()))
            continue
        pattern, owners = _split(line)
        if pattern.startswith("!"):
            result.problems.append(f"line {number}: negated pattern {pattern[:80]!r} not supported")
            continue
        try:
            regex = translate(pattern)
        except (ValueError, re.error) as exc:
            result.problems.append(f"line {number}: pattern {pattern[:80]!r}: {exc}")
            continue
        result.entries.append(Entry(pattern, tuple(owners), number, section, regex))
    return result


def load(root: Path) -> CodeOwners:
    """The project's CODEOWNERS file (empty if there is none); never raises."""
    for location in LOCATIONS:
        path = root / location
        try:
            text = read_text(path, root, LIMIT)
        except FileNotFoundError:
            continue
        except UnsafeFile as exc:
            return CodeOwners(location, problems=[str(exc).removeprefix(f"{path}: ")])
        except OSError as exc:
            return CodeOwners(location, problems=[f"cannot read: {exc.strerror or exc}"])
        return parse(text, location)
    return CodeOwners("")
