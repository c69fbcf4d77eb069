"""The per-doc chart of the HTML freshness report: a dot plot that stays readable at any size.

One band per owner, one dot per doc, placed by the week it falls due (left of the zero
line: overdue; right: days left) and stacked where docs share a week, coloured by status
(Okabe-Ito, as in ``_svg``). The height grows with the number of owners and with the
tallest stack, not with the number of docs, so 30 docs and 3,000 give charts of similar
size. Docs due more than half a year either way sit in the end columns ("≥ 26 w"), docs with
no date in a separate column on the right, and a stack taller than ``MAX_STACK`` shows
``+N``. Every dot carries a tooltip with its path, days and status, and every band its
counts in text, so colour is never the only carrier.
"""

from __future__ import annotations

from typing import Any

from ops_lint.escape import html_text
from ops_lint.reports._svg import STATUS_COLOURS, _legend, _svg

WEEK = 7
REACH = 26  # weeks shown either side of zero; beyond that, docs sit in the end columns
MAX_STACK = 14
DOT, PITCH = 10, 12
LEFT, TOP = 200, 44


def _e(value: object) -> str:
    return html_text(value, empty="")


def _column(days: int | None, low: int, high: int) -> int | None:
    if days is None:
        return None
    return max(low, min(high, days // WEEK))


def _bounds(groups: dict[str, list[dict[str, Any]]]) -> tuple[int, int]:
    weeks = [
        d["days_left"] // WEEK for ds in groups.values() for d in ds if d["days_left"] is not None
    ]
    low = max(-REACH, min([-4, *weeks]))
    high = min(REACH, max([4, *weeks]))
    return low, high


def _word(days: int | None) -> str:
    if days is None:
        return "no date"
    return f"{days} days left" if days >= 0 else f"{-days} days overdue"


def _stacks(
    docs: list[dict[str, Any]], low: int, high: int
) -> dict[int | None, list[dict[str, Any]]]:
    order = {s: i for i, s in enumerate(STATUS_COLOURS)}
    stacks: dict[int | None, list[dict[str, Any]]] = {}
    for d in sorted(docs, key=lambda d: (order.get(d["status"], 9), d["path"])):
        stacks.setdefault(_column(d["days_left"], low, high), []).append(d)
    return stacks


class _X:
    """Column to x: week columns from ``low`` to ``high``, then a gap and the no-date one."""

    def __init__(self, low: int, high: int) -> None:
        self.bounds = (low, high)
        self.nodate = LEFT + (high - low + 1) * PITCH + 5 * PITCH
        self.width = self.nodate + 90

    def __call__(self, column: int | None) -> int:
        low = self.bounds[0]
        return self.nodate if column is None else LEFT + (column - low) * PITCH


def _band(owner: str, docs: list[dict[str, Any]], y: int, x_of: _X) -> tuple[list[str], int]:
    """One owner's label and dots from ``y`` down; returns the parts and the band height."""
    low, high = x_of.bounds
    stacks = _stacks(docs, low, high)
    rows = min(MAX_STACK, max(len(s) for s in stacks.values()))
    height = max(rows * PITCH, 2 * PITCH) + 12
    base = y + height - 6  # dots stack upwards from here
    counts = ", ".join(
        f"{n} {s}" for s in STATUS_COLOURS if (n := sum(1 for d in docs if d["status"] == s))
    )
    body = [
        f'<line x1="0" y1="{y + height}" x2="{x_of.width}" y2="{y + height}" stroke="#e4e4e4"/>',
        f'<text x="{LEFT - 10}" y="{y + 16}" text-anchor="end" font-weight="bold">'
        f"{_e(owner[:26] + ('…' if len(owner) > 26 else ''))}<title>{_e(owner)}</title></text>",
        f'<text x="{LEFT - 10}" y="{y + 30}" text-anchor="end" fill="#555">'
        f"{len(docs)} doc{'s' if len(docs) != 1 else ''}<title>{_e(counts)}</title></text>",
    ]
    for column, stack in stacks.items():
        x = x_of(column)
        for i, d in enumerate(stack[:MAX_STACK]):
            tip = f"{d['path']}: {_word(d['days_left'])} ({d['status']})"
            body.append(
                f'<rect x="{x + 1}" y="{base - (i + 1) * PITCH + 1}" width="{DOT}" '
                f'height="{DOT}" rx="2" fill="{STATUS_COLOURS.get(d["status"], "#444")}">'
                f"<title>{_e(tip)}</title></rect>"
            )
        if len(stack) > MAX_STACK:
            body.append(
                f'<text x="{x + PITCH / 2}" y="{base - MAX_STACK * PITCH - 2}" '
                f'text-anchor="middle" font-size="10">+{len(stack) - MAX_STACK}</text>'
            )
    return body, height


def _axis(x_of: _X, y: int) -> list[str]:
    low, high = x_of.bounds
    zero = x_of(0)
    out = [
        f'<rect x="{x_of(low)}" y="{TOP - 4}" width="{zero - x_of(low)}" height="{y - TOP + 4}" '
        'fill="#fbeee6"/>',
        f'<line x1="{zero}" y1="{TOP - 8}" x2="{zero}" y2="{y + 4}" stroke="#333"/>',
    ]
    ticks = [low, 0, high] + [w for w in (-13, 13) if low + 4 < w < high - 4]
    for week in sorted(set(ticks)):
        edge = "≥ " if abs(week) == REACH else ""
        label = f"{edge}{abs(week) * WEEK} d" if week else "due"
        x = x_of(week) + PITCH / 2
        out.append(f'<text x="{x:.0f}" y="{y + 16}" text-anchor="middle">{label}</text>')
    middle = {"← overdue": (x_of(low) + zero) / 2, "days left →": (zero + x_of(high)) / 2}
    for text, x in middle.items():
        out.append(f'<text x="{x:.0f}" y="{y + 32}" text-anchor="middle">{text}</text>')
    nodate = x_of(None) + PITCH / 2
    out.append(f'<text x="{nodate}" y="{y + 16}" text-anchor="middle">no date</text>')
    return out


def dot_plot(groups: dict[str, list[dict[str, Any]]], totals: dict[str, int]) -> str:
    """The chart for owner groups in display order (``groups``), legend counts ``totals``."""
    x_of = _X(*_bounds(groups))
    body: list[str] = []
    y = TOP
    for owner, docs in groups.items():
        if not docs:
            continue
        band, height = _band(owner, docs, y, x_of)
        body += band
        y += height
    if not body:
        body.append(f'<text x="{LEFT}" y="{TOP + 16}">No docs under review.</text>')
        y += 2 * PITCH + 12
    legend = _legend(18, LEFT, totals)
    label = "Each doc by the week it falls due, one band per owner"
    return _svg(x_of.width, y + 44, label, legend + _axis(x_of, y) + body)
