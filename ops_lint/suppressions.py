"""Apply ``<!-- ops-lint-disable... -->`` directives to a document's diagnostics.

The problems found with the directives are named by kind (``missing-reason``, ``unused``,
``expired``, ``malformed``); the engine reports each with the pack's rule for it.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ops_lint.diagnostic import Diagnostic
from ops_lint.model import Directive

MISSING_REASON = "missing-reason"
UNUSED = "unused"
EXPIRED = "expired"
INVALID = "malformed"
PROBLEMS = (MISSING_REASON, UNUSED, EXPIRED, INVALID)

# ``until=`` in the reason (after ``--``): still the expiry date, not words of the reason.
# Linear: a fixed word, then a run of non-blanks.
_UNTIL_IN_REASON = re.compile(r"(?<!\S)until=(\S*+)")


@dataclass(slots=True)
class _Waiver:
    directive: Directive
    start: int
    end: int
    used: bool = False
    # a block disable of several codes can be re-enabled one code at a time
    ends: dict[str, int] = field(default_factory=dict)

    def end_of(self, code: str) -> int:
        return self.ends.get(code, self.end)


@dataclass(slots=True)
class Outcome:
    kept: list[Diagnostic] = field(default_factory=list)
    waived: list[tuple[Diagnostic, Directive]] = field(default_factory=list)
    # (problem, line, message, hint, snippet) for the suppression rules
    problems: list[tuple[str, int, str, str, str]] = field(default_factory=list)


def _expiry_from_reason(directive: Directive) -> Directive:
    """``-- reason until=DATE``: the date moved out of the reason into ``until``. A second
    ``until=`` (one before and one after ``--``) is malformed: which one holds is unclear."""
    found = list(_UNTIL_IN_REASON.finditer(directive.reason))
    if not found:
        return directive
    if directive.until is not None or len(found) > 1:
        return directive._replace(action="invalid")
    match = found[0]
    reason = " ".join((directive.reason[: match.start()] + directive.reason[match.end() :]).split())
    return directive._replace(until=match.group(1), reason=reason)


def _until(directive: Directive) -> dt.date | str | None:
    if directive.until is None:
        return None
    try:
        return dt.date.fromisoformat(directive.until)
    except ValueError:
        return "invalid"


def _first_waivers(waivers: list[_Waiver], diagnostics: list[Diagnostic]) -> list[_Waiver | None]:
    """For each diagnostic, the first waiver (in directive order) that covers its line and
    code, or None.

    One sweep down the lines, not every waiver per diagnostic (a doc can hold many of
    each): waivers that have started are kept per code in a heap by their order, and one
    whose range has ended is dropped for good, since lines only grow.
    """
    found: list[_Waiver | None] = [None] * len(diagnostics)
    by_start = sorted(range(len(waivers)), key=lambda i: waivers[i].start)
    started: dict[str, list[tuple[int, int]]] = {}  # code -> heap of (order, end)
    added = 0
    for index in sorted(range(len(diagnostics)), key=lambda i: diagnostics[i].line):
        diag = diagnostics[index]
        while added < len(by_start) and waivers[by_start[added]].start <= diag.line:
            order = by_start[added]
            for code in set(waivers[order].directive.codes):
                heapq.heappush(started.setdefault(code, []), (order, waivers[order].end_of(code)))
            added += 1
        best: int | None = None
        for size in range(1, len(diag.code) + 1):  # a directive's codes are prefixes
            heap = started.get(diag.code[:size])
            while heap and heap[0][1] < diag.line:
                heapq.heappop(heap)
            if heap and (best is None or heap[0][0] < best):
                best = heap[0][0]
        found[index] = None if best is None else waivers[best]
    return found


def _malformed(d: Directive) -> tuple[str, int, str, str, str]:
    hint = "write <!-- ops-lint-disable-next-line CODE [until=YYYY-MM-DD] -- reason -->"
    return (INVALID, d.line, f"malformed suppression comment {d.raw!r}", hint, d.raw)


def _misuse(
    d: Directive, until: dt.date | str | None, today: dt.date
) -> list[tuple[str, int, str, str, str]]:
    """The problems of a well-formed disable directive (no reason, expired)."""
    found = []
    codes = ", ".join(d.codes)
    if not d.reason:
        hint = "add the reason after '--', e.g. '-- tracked in OPS-123'"
        found.append(
            (MISSING_REASON, d.line, f"suppression of {codes} gives no reason", hint, d.raw)
        )
    if isinstance(until, dt.date) and until < today:
        found.append(
            (
                EXPIRED,
                d.line,
                f"suppression of {codes} expired on {until.isoformat()}",
                "fix the findings it hid, or renew the until date with a new reason",
                d.raw,
            )
        )
    return found


def _waivers(
    directives: list[Directive], today: dt.date, line_count: int, out: Outcome
) -> list[_Waiver]:
    """The waivers the directives set up, in line order; their problems go to ``out``."""
    waivers: list[_Waiver] = []
    open_: dict[str, _Waiver] = {}
    for d in sorted((_expiry_from_reason(x) for x in directives), key=lambda x: x.line):
        until = _until(d)
        if d.action == "invalid" or until == "invalid" or (d.action != "enable" and not d.codes):
            out.problems.append(_malformed(d))
            continue
        if d.action == "enable":
            for code in d.codes or tuple(open_):
                if code in open_:
                    open_.pop(code).ends[code] = d.line
            continue
        problems = _misuse(d, until, today)
        out.problems.extend(problems)
        if any(p[0] == EXPIRED for p in problems):
            continue
        if d.action == "disable-next-line":
            waivers.append(_Waiver(d, d.line + 1, d.line + 1))
        else:
            waiver = _Waiver(d, d.line, line_count)
            waivers.append(waiver)
            for code in d.codes:
                open_[code] = waiver
    return waivers


def apply(
    directives: list[Directive],
    diagnostics: list[Diagnostic],
    today: dt.date,
    line_count: int,
    is_enabled: Callable[[str], bool],
) -> Outcome:
    """Split ``diagnostics`` into kept and waived; report misused directives.

    ``diagnostics`` are the checks' findings: the problems found here are stamped by the
    engine afterwards, so no suppression can waive a report on suppressions.
    """
    out = Outcome()
    waivers = _waivers(directives, today, line_count, out)
    for diag, match in zip(diagnostics, _first_waivers(waivers, diagnostics), strict=True):
        if match is None:
            out.kept.append(diag)
        else:
            match.used = True
            out.waived.append((diag, match.directive))
    for w in waivers:
        if not w.used and all(is_enabled(c) for c in w.directive.codes):
            out.problems.append(
                (
                    UNUSED,
                    w.directive.line,
                    f"suppression of {', '.join(w.directive.codes)} suppresses nothing",
                    "remove the comment",
                    w.directive.raw,
                )
            )
    return out
