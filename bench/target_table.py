"""One row per measure of the speed targets, and the table (text, Markdown, JSON) they make.

A :class:`Row` holds ops-lint's figure and what it is compared with: markdownlint-cli2 on
the same files, the parse floor, or a reference the target names (one ``git log`` pass,
the nothing-changed run). The target is a bound on one number, the ratio or the figure
itself (``judged``); the verdict says "met", or by how much the bound is missed
("missed: 2.30× the bound", or "missed by 0.3%" when close), or nothing when the row
only informs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal


@dataclass
class Row:
    measure: str
    unit: Literal["s", "MiB", "MiB/1k"]  # of the figures (ratios have none)
    ops_lint: float | None = None
    markdownlint: float | None = None
    floor: float | None = None
    ratio: float | None = None
    target: str = ""
    limit: float | None = None  # the judged number must not exceed it
    judged: Literal["ratio", "figure"] = "ratio"
    note: str = ""

    @property
    def judged_value(self) -> float | None:
        return self.ratio if self.judged == "ratio" else self.ops_lint

    @property
    def met(self) -> bool | None:
        value = self.judged_value
        if value is None or self.limit is None:
            return None
        return value <= self.limit

    def verdict(self) -> str:
        met = self.met
        if met is None:
            return "" if self.limit is None else "not measured"
        if met:
            return "met"
        value = self.judged_value
        assert value is not None and self.limit is not None
        over = value / self.limit
        return f"missed by {over - 1:.1%}" if over < 1.1 else f"missed: {over:.2f}× the bound"

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "met": self.met, "verdict": self.verdict()}


def ratio(a: float | None, b: float | None) -> float | None:
    """``a / b``, or None when either is missing or ``b`` is zero."""
    if a is None or b is None or b == 0:
        return None
    return a / b


def figure(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    if unit == "MiB/1k":
        return f"{value:.1f} MiB"
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"


def times(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.3f}×" if value < 0.1 else f"{value:.2f}×"


HEADER = ("measure", "ops-lint", "markdownlint-cli2", "floor / reference", "ratio", "target", "")


def cells(row: Row) -> tuple[str, ...]:
    return (
        row.measure,
        figure(row.ops_lint, row.unit),
        figure(row.markdownlint, row.unit),
        figure(row.floor, row.unit),
        times(row.ratio),
        row.target,
        row.verdict(),
    )


def text_table(rows: Sequence[Row]) -> str:
    """Aligned columns for a terminal; notes follow the table, numbered."""
    body = [cells(r) for r in rows]
    widths = [max(len(line[i]) for line in [HEADER, *body]) for i in range(len(HEADER))]
    out = []
    for n, line in enumerate([HEADER, *body]):
        parts = [
            line[i].ljust(widths[i]) if i in (0, 5, 6) else line[i].rjust(widths[i])
            for i in range(len(line))
        ]
        out.append("  ".join(parts).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    notes = [f"  [{r.measure}] {r.note}" for r in rows if r.note]
    return "\n".join(out + (["", *notes] if notes else [])) + "\n"


MARKDOWN_ORDER = (0, 5, 1, 2, 3, 4, 6)  # measure, target, then the figures, then the verdict


def markdown_table(rows: Sequence[Row]) -> str:
    """The same table in Markdown, target first (what the README quotes)."""
    head = [HEADER[i] for i in MARKDOWN_ORDER[:-1]] + ["met?"]
    out = ["| " + " | ".join(head) + " |", "|---|---|---:|---:|---:|---:|---|"]
    for row in rows:
        line = cells(row)
        out.append("| " + " | ".join(line[i].replace("|", "\\|") for i in MARKDOWN_ORDER) + " |")
    return "\n".join(out) + "\n"
