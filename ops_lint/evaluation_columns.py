"""The run memo's evaluations (one per rule per doc), packed as columns.

A doc set of 40,000 docs has some 600,000 evaluations; only some outputs read them (JUnit,
the compliance report, the pytest plugin). Packed one row each they were most of the run
memo and most of the time a warm run took to recall it. As columns they are a few
integers each, checked with whole-column operations in C when the memo is read (a value
that does not fit raises :class:`~ops_lint.cache_codec.Malformed` and the memo is
discarded, as for any other field), and turned into objects only when an output asks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ops_lint import cache_codec
from ops_lint.cache_codec import Malformed, list_of, strings
from ops_lint.checks import Evidence
from ops_lint.diagnostic import Diagnostic
from ops_lint.engine import Evaluation


def pack_evaluations(evaluations: list[Evaluation], ref: Callable[[Diagnostic], int]) -> bytes:
    """The evaluations as columns. A doc set of 40,000 docs has some 600,000 of them, most
    with no finding and at most one short evidence note, and every doc of a type is
    evaluated by the same rules: so consecutive evaluations of one doc are a run, stored
    as its path and its "shape" (the codes, in a table of shapes); the evidence as one
    count byte per evaluation (255: the count is in ``overflow``) and two integer columns
    (line, note in a table of notes); findings and waivers by evaluation number."""
    paths: dict[str, int] = {}
    shapes: dict[tuple[str, ...], int] = {}
    notes: dict[str, int] = {}
    run_path: list[int] = []
    run_shape: list[int] = []
    counts = bytearray()
    overflow: list[list[int]] = []
    lines: list[int] = []
    said: list[int] = []
    waived: list[list[int]] = []
    found: list[list[Any]] = []
    start = 0
    while start < len(evaluations):
        path = evaluations[start].path
        end = start
        while end < len(evaluations) and evaluations[end].path == path:
            end += 1
        codes = tuple(ev.code for ev in evaluations[start:end])
        run_path.append(paths.setdefault(path, len(paths)))
        run_shape.append(shapes.setdefault(codes, len(shapes)))
        start = end
    for number, ev in enumerate(evaluations):
        count = len(ev.evidence)
        counts.append(min(count, 255))
        if count >= 255:
            overflow.append([number, count])
        for line, note in ev.evidence:
            lines.append(line)
            said.append(notes.setdefault(note, len(notes)))
        if ev.waived:
            waived.append([number, ev.waived])
        if ev.findings:
            found.append([number, [ref(d) for d in ev.findings]])
    shape_rows = [list(codes) for codes in shapes]
    columns = [list(paths), shape_rows, list(notes), run_path, run_shape, bytes(counts)]
    return cache_codec.pack([*columns, overflow, lines, said, waived, found]) or b""


def _ints(value: Any, below: int | None = None) -> list[int]:
    """A column of integers, each in ``range(below)`` when given (else at least 0)."""
    items = list_of(value)
    if items and (set(map(type, items)) != {int} or min(items) < 0):
        raise Malformed("a column of the wrong shape")
    if items and below is not None and max(items) >= below:
        raise Malformed("a reference out of its table")
    return items


def _numbered(value: Any, total: int) -> list[tuple[int, Any]]:
    """``[number, value]`` rows, each number an evaluation's."""
    out = []
    for row in list_of(value):
        if type(row) is not list or len(row) != 2 or type(row[0]) is not int:
            raise Malformed("a row of the wrong shape")
        if not 0 <= row[0] < total:
            raise Malformed("a row of no evaluation")
        out.append((row[0], row[1]))
    return out


def evaluation_columns(blob: Any, table: list[Diagnostic]) -> Callable[[], list[Evaluation]]:
    """How to build the evaluations of ``pack_evaluations``, checked now (C-speed checks
    of whole columns; :class:`Malformed` if it is not that) and built on first use."""
    if type(blob) is not bytes:
        raise Malformed("a run memo of the wrong shape")
    fields = list_of(cache_codec.unpack(blob))
    if len(fields) != 11 or type(fields[5]) is not bytes:
        raise Malformed("evaluations of the wrong shape")
    paths, notes = strings(fields[0]), strings(fields[2])
    shapes = [strings(row) for row in list_of(fields[1])]
    run_path, run_shape = _ints(fields[3], len(paths)), _ints(fields[4], len(shapes))
    counts: bytes = fields[5]
    lines, said = list_of(fields[7]), _ints(fields[8], len(notes))
    if lines and set(map(type, lines)) != {int}:
        raise Malformed("a column of the wrong shape")
    total = len(counts)
    if len(run_path) != len(run_shape) or sum(len(shapes[s]) for s in run_shape) != total:
        raise Malformed("runs that do not add up")
    overflow = dict(_numbered(fields[6], total))
    if any(type(n) is not int or n < 255 or counts[i] != 255 for i, n in overflow.items()):
        raise Malformed("an evidence count of the wrong shape")
    if counts.count(255) != len(overflow) or len(lines) != len(said):
        raise Malformed("evidence that does not add up")
    if sum(counts) - 255 * len(overflow) + sum(overflow.values()) != len(lines):
        raise Malformed("evidence that does not add up")
    waived = _numbered(fields[9], total)
    if any(type(n) is not int or n < 1 for _, n in waived):
        raise Malformed("a waiver count of the wrong shape")
    found = [(n, _ints(refs, len(table))) for n, refs in _numbered(fields[10], total)]

    def build() -> list[Evaluation]:
        out: list[Evaluation] = []
        for path_at, shape_at in zip(run_path, run_shape, strict=True):
            path = paths[path_at]
            out.extend(Evaluation(code, path) for code in shapes[shape_at])
        at = 0
        for number, count in enumerate(counts):
            if count:
                count = overflow.get(number, count)
                out[number].evidence = [
                    Evidence(lines[i], notes[said[i]]) for i in range(at, at + count)
                ]
                at += count
        for number, times in waived:
            out[number].waived = times
        for number, refs in found:
            out[number].findings = [table[i] for i in refs]
        return out

    return build
