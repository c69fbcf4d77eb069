"""``ops-lint check --fix`` / ``--unsafe-fixes`` / ``--diff``: findings that repair themselves.

A finding may carry a :class:`~ops_lint.diagnostic.Fix`: text edits applied together or not
at all, safe (the doc means what it meant, only written right) or unsafe (the doc gains
content someone must write). ``--fix`` applies the safe fixes, ``--unsafe-fixes`` the
unsafe ones too; then the check runs again and reports what is left. Fixes that
overlap one already taken wait for the next pass (at most ``MAX_PASSES``). ``--diff``
prints the first pass as a unified diff and writes nothing.

A file is never touched when it does not parse cleanly (unreadable, or its front-matter
is not valid YAML) before or after the edits, when it leaves the project (symlinks
followed), or when an edit's text is not where the finding said: the edit expects the
text it replaces. Files are written atomically (a temporary file renamed over them).
"""

from __future__ import annotations

import argparse
import difflib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ops_lint.diagnostic import Diagnostic, Fix, TextEdit
from ops_lint.safe_files import inside

if TYPE_CHECKING:
    from ops_lint.config import LoadedConfig
    from ops_lint.context import Context
    from ops_lint.model import Document
    from ops_lint.pipeline import RunOptions, RunResult

MAX_PASSES = 10
END_OF_LINE = 1_000_000  # a column past a line's end is that line's end; a line past
END_OF_FILE = END_OF_LINE  # the file's last line is the end of the file
PLACEHOLDER = "TODO: write this section"  # what an inserted section holds (OPS004 reports it)


def add_arguments(check: argparse.ArgumentParser) -> None:
    """The fix flags of ``ops-lint check``."""
    check.add_argument(
        "--fix", action="store_true", help="apply the safe fixes, then report what is left"
    )
    check.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also apply unsafe fixes (they add content to write, e.g. a missing section "
        "with a placeholder); implies --fix unless --diff is given",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff and change no file (exit 1 if there is one)",
    )


def resolve_fix(fix: Fix | None, doc: Document, ctx: Context) -> Fix | None:
    """The fix of a finding with project-relative paths, or None when a file it edits is
    not a cleanly parsed doc of the project."""
    if fix is None:
        return None
    edits: list[TextEdit] = []
    for edit in fix.edits:
        target = doc if edit.path is None else ctx.by_abspath.get(edit.path)
        if target is None or target.read_error is not None or target.front_matter.error:
            return None
        edits.append(edit._replace(path=target.path))
    return fix._replace(edits=tuple(edits))


@dataclass(slots=True)
class FileFix:
    """The fixes taken for one file, and its text before and after them."""

    path: str  # project-relative
    abspath: str
    before: str
    after: str = ""
    taken: list[Diagnostic] = field(default_factory=list)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    if starts[-1] != len(text):
        starts.append(len(text))  # line n + 1: the end of a file without a final newline
    return starts


def _offset(starts: list[int], text: str, line: int, column: int) -> int | None:
    """The offset of (line, column); a column past the line's end is its end (before the
    newline), and a line past the last one is the end of the file."""
    if line < 1 or column < 1:
        return None
    if line >= len(starts):
        return len(text)
    begin, following = starts[line - 1], starts[line]
    end = following - 1 if text[following - 1 : following] == "\n" else following
    return min(begin + column - 1, end)


def _span(edit: TextEdit, text: str, starts: list[int]) -> tuple[int, int] | None:
    """Where ``edit`` applies in ``text``: its span, or where its expected text is in it."""
    start = _offset(starts, text, edit.line, edit.column)
    end = _offset(starts, text, edit.end_line, edit.end_column)
    if start is None or end is None or end < start:
        return None
    if not edit.old:
        return start, end
    for old in edit.old:
        found = text.find(old, start, end)
        if old and found >= 0:
            return found, found + len(old)
    return None


def _overlaps(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    """True if ``span`` shares text with one of ``taken`` (insertions at one point do not)."""
    a, b = span
    return any(a < d and c < b for c, d in taken)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text[: text.find("\n") + 1] else "\n"


def _written(span: tuple[int, int] | None, new: str, text: str) -> str:
    """What an edit writes: at the end of a file without a final newline, on a new line."""
    if span is None or span[0] < len(text) or not text or text.endswith("\n"):
        return new
    return "\n" + new


def _apply(file: FileFix, fixes: list[tuple[Diagnostic, Fix]]) -> None:
    """Take the fixes whose edits are where they expect and overlap no fix taken before."""
    text, starts, newline = file.before, _line_starts(file.before), _newline(file.before)
    spans: list[tuple[int, int, int, str]] = []  # start, end, order, replacement
    for diag, fix in fixes:
        spanned = [(_span(e, text, starts), e.text) for e in fix.edits]
        mine = [(s, _written(s, new, text)) for s, new in spanned]
        found = [(s, t) for s, t in mine if s is not None]
        if len(found) != len(mine) or any(_overlaps(s, [x[:2] for x in spans]) for s, _ in found):
            continue
        spans.extend((s[0], s[1], len(spans), t.replace("\n", newline)) for s, t in found)
        file.taken.append(diag)
    out: list[str] = []
    cursor = 0
    for start, end, _, new in sorted(spans):
        out.extend((text[cursor:start], new))
        cursor = end
    file.after = "".join(out) + text[cursor:]


def _parses(path: str, abspath: str, text: str, loaded: LoadedConfig) -> bool:
    from ops_lint.document import build

    doc = build(path, abspath, text, loaded.config.max_nesting)
    return doc.read_error is None and doc.front_matter.error is None


def _read(abspath: str, loaded: LoadedConfig) -> tuple[str, str] | None:
    """The BOM and text of a doc file, or None when it is not clean UTF-8 text."""
    from ops_lint.document import decode, read_bytes

    data = read_bytes(abspath, loaded.config.max_file_size)
    if isinstance(data, str):
        return None
    text = decode(data, loaded.config.max_file_size)
    if isinstance(text, tuple):
        return None
    return ("\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""), text


def plan(diagnostics: list[Diagnostic], loaded: LoadedConfig, unsafe: bool) -> list[FileFix]:
    """The files the fixes of ``diagnostics`` change, each with its new text."""
    wanted: dict[str, list[tuple[Diagnostic, Fix]]] = {}
    for diag in diagnostics:
        fix = diag.fix
        if fix is None or not fix.edits or not (fix.safe or unsafe):
            continue
        paths = {e.path or diag.path for e in fix.edits}
        if len(paths) == 1:  # a fix spans one file: applied whole or not at all
            edits = tuple(e._replace(path=None) for e in fix.edits)
            wanted.setdefault(paths.pop(), []).append((diag, fix._replace(edits=edits)))
    root = os.path.realpath(loaded.root)
    files: list[FileFix] = []
    for path in sorted(wanted):
        abspath = os.path.realpath(os.path.join(root, path))
        if not inside(abspath, root) or not os.path.isfile(abspath):
            continue
        read = _read(abspath, loaded)
        if read is None or not _parses(path, abspath, read[1], loaded):
            continue
        file = FileFix(path, abspath, read[1])
        _apply(file, wanted[path])
        if file.after != file.before and _parses(path, abspath, file.after, loaded):
            file.before, file.after = read[0] + file.before, read[0] + file.after
            files.append(file)
    return files


def write(file: FileFix) -> None:
    """Replace the file's content atomically, keeping its permissions."""
    from ops_lint.report_io import create_temp

    mode = stat.S_IMODE(os.stat(file.abspath).st_mode)
    fd, tmp = create_temp(os.path.dirname(file.abspath))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(file.after)
        os.replace(tmp, file.abspath)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def diff(files: list[FileFix]) -> str:
    """The changes of ``files`` as one unified diff (paths project-relative)."""
    out: list[str] = []
    for file in files:
        out.extend(
            difflib.unified_diff(
                file.before.splitlines(keepends=True),
                file.after.splitlines(keepends=True),
                f"a/{file.path}",
                f"b/{file.path}",
            )
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


@dataclass(slots=True)
class FixOutcome:
    result: RunResult  # the check after the fixes (before them for --diff)
    fixed: int = 0  # findings fixed
    files: set[str] = field(default_factory=set)  # project-relative paths written
    diff: str | None = None  # --diff: what would change


def lint_and_fix(options: RunOptions, unsafe: bool, only_diff: bool) -> FixOutcome:
    """Fix, pass after pass, then check once more; with ``only_diff``, one pass in memory."""
    from ops_lint.pipeline import lint

    passing = replace(options, memo=False)  # recalled findings carry no fix
    outcome: FixOutcome | None = None
    for _ in range(MAX_PASSES):
        result = lint(passing)
        files = plan(result.report.diagnostics, result.loaded, unsafe)
        if only_diff:
            return FixOutcome(result, sum(len(f.taken) for f in files), diff=diff(files))
        outcome = outcome or FixOutcome(result)
        if not files:
            break
        for file in files:
            write(file)
            outcome.files.add(file.path)
            outcome.fixed += len(file.taken)
    assert outcome is not None
    outcome.result = lint(passing) if outcome.files else outcome.result
    return outcome


def summary(outcome: FixOutcome, unsafe: bool) -> str:
    """One line: what was fixed, what is left, and what ``--unsafe-fixes`` would add."""
    left = outcome.result.report.diagnostics
    done = f"fixed {outcome.fixed} finding(s) in {len(outcome.files)} file(s)"
    line = f"{done if outcome.fixed else 'nothing fixed'}; {len(left)} finding(s) remaining"
    waiting = sum(d.fix is not None and not d.fix.safe for d in left)
    if waiting and not unsafe:
        line += f" ({waiting} with an unsafe fix: --unsafe-fixes applies it)"
    return line
