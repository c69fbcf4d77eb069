"""``ops-lint drill --record``: write a drill's result into the runbook's front-matter.

Only the ``dry_run`` keys ``last_run`` (the as-of date), ``result`` (``passed`` or
``failed``), ``by`` (the ``--by`` handle) and ``evidence`` (the transcript's path,
relative to the runbook) change; every other byte of the file stays as it was (line
endings, comments, key order, the other ``dry_run`` keys). A key the mapping lacks is
added at its end; a runbook without ``dry_run`` gets the mapping at the end of its
front-matter. A ``dry_run`` written as a flow mapping (``{...}``) or a string is not
rewritten: the runbook is left unchanged and the reason is returned.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ops_lint.drill import DrillError
from ops_lint.frontmatter import safe_load

FIELD = "dry_run"
KEYS = ("last_run", "result", "by", "evidence")
_FENCE = re.compile(r"---[ \t]*\r?\n?")
_KEY = re.compile(r"([ \t]*)([A-Za-z_][\w-]*)[ \t]*:(.*?)(\r?\n)?\Z", re.DOTALL)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _front_matter(lines: list[str]) -> int:
    """The index of the closing fence of the front-matter."""
    if not lines or not _FENCE.fullmatch(lines[0]):
        raise DrillError("no front-matter to record the drill in")
    for index in range(1, len(lines)):
        if _FENCE.fullmatch(lines[index]) or lines[index].rstrip("\r\n") == "...":
            return index
    raise DrillError("the front-matter has no closing '---'")


def _values(by: str, as_of: dt.date, result: str, evidence: str) -> dict[str, str]:
    handle = by if by.startswith("@") else f"@{by}"
    return {
        "last_run": as_of.isoformat(),
        "result": result,
        "by": json.dumps(handle),
        "evidence": json.dumps(evidence),
    }


def _edit(lines: list[str], values: dict[str, str]) -> list[str]:
    end = _front_matter(lines)
    eol = "\r\n" if lines[0].endswith("\r\n") else "\n"
    start = next(
        (i for i in range(1, end) if (m := _KEY.match(lines[i])) and m.group(2) == FIELD),
        None,
    )
    if start is None or _indent(lines[start]):
        added = [f"{FIELD}:{eol}"] + [f"  {k}: {values[k]}{eol}" for k in KEYS]
        return lines[:end] + added + lines[end:]
    match = _KEY.match(lines[start])
    assert match is not None
    rest = match.group(3).strip()
    if rest and not rest.startswith("#"):
        raise DrillError(f"'{FIELD}' is not a block mapping (one key per line); not rewritten")
    stop = start + 1
    while stop < end and (not lines[stop].strip() or _indent(lines[stop]) > 0):
        stop += 1
    while stop > start + 1 and not lines[stop - 1].strip():
        stop -= 1  # trailing blank lines belong to no key
    children = [i for i in range(start + 1, stop) if lines[i].strip()]
    child = _indent(lines[children[0]]) if children else 2
    out = lines[: start + 1]
    done: set[str] = set()
    index = start + 1
    while index < stop:
        line = lines[index]
        found = _KEY.match(line)
        key = found.group(2) if found and _indent(line) == child else None
        if key in values and key not in done:
            ending = found.group(4) if found and found.group(4) else eol
            out.append(f"{line[:child]}{key}: {values[key]}{ending}")
            done.add(key)
            index += 1
            while index < stop and (not lines[index].strip() or _indent(lines[index]) > child):
                if not lines[index].strip() and not _continues(lines, index, stop, child):
                    break
                index += 1  # the old value's continuation lines
            continue
        out.append(line)
        index += 1
    pad = " " * child
    out += [f"{pad}{k}: {values[k]}{eol}" for k in KEYS if k not in done]
    return out + lines[stop:]


def _continues(lines: list[str], index: int, stop: int, child: int) -> bool:
    """A blank line inside a multi-line value (more of it follows, indented deeper)."""
    for later in range(index, stop):
        if lines[later].strip():
            return _indent(lines[later]) > child
    return False


def _check(text: str, values: dict[str, str]) -> None:
    """The edited front-matter still parses and says what was meant."""
    lines = text.splitlines(keepends=True)
    body = "".join(lines[1 : _front_matter(lines)])
    try:
        data: Any = safe_load(body)
    except yaml.YAMLError:
        raise DrillError("the edited front-matter would not parse; not rewritten") from None
    record = data.get(FIELD) if isinstance(data, dict) else None
    if not isinstance(record, dict):
        raise DrillError(f"'{FIELD}' would not be a mapping; not rewritten")
    for key in KEYS:
        want: Any = safe_load(values[key])
        if record.get(key) != want:
            raise DrillError(f"'{FIELD}.{key}' would not read back; not rewritten")


def record(runbook: Path, *, by: str, as_of: dt.date, result: str, evidence: Path) -> None:
    """Write the drill's result into ``runbook``; raises DrillError (file unchanged)."""
    runbook = Path(os.path.realpath(runbook))  # a symlinked runbook: its file, not the link
    data = runbook.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DrillError("not UTF-8 text; not rewritten") from None
    rel = os.path.relpath(evidence, runbook.parent).replace(os.sep, "/")
    values = _values(by, as_of, result, rel)
    edited = "".join(_edit(text.splitlines(keepends=True), values))
    _check(edited, values)
    if edited == text:
        return
    handle, tmp = tempfile.mkstemp(dir=runbook.parent, prefix=f".{runbook.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(edited.encode("utf-8"))
        os.chmod(tmp, runbook.stat().st_mode & 0o7777)
        os.replace(tmp, runbook)
    except BaseException:
        os.unlink(tmp)
        raise
