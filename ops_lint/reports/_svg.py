"""Inline SVG charts for the HTML freshness report, drawn from the report dict.

Two charts, both plain SVG with text labels (no script, no external font), so they show in
any browser, offline and in print: docs per owner stacked by status, and days left or
overdue per doc grouped by owner. Colours come from the Okabe-Ito palette, which stays
distinguishable with the common colour-vision deficiencies; every colour is also named
in text (legend, counts, tooltips), so colour is never the only carrier.
"""

from __future__ import annotations

import math
from typing import Any

from ops_lint.escape import html_text

STATUS_COLOURS = {
    "stale": "#D55E00",
    "due-soon": "#E69F00",
    "never-reviewed": "#8C8C8C",
    "fresh": "#009E73",
}
_FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _e(value: object) -> str:
    return html_text(value, empty="")


def _ticks(low: float, high: float, most: int = 8) -> list[int]:
    """Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten."""
    span = max(high - low, 1.0)
    step = 1
    for power in range(0, 7):
        for factor in (1, 2, 5):
            step = factor * 10**power
            if span / step <= most:
                first = math.floor(low / step) * step
                return list(range(first, int(math.ceil(high / step) * step) + 1, step))
    return [int(low), int(high)]


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {_FONT} aria-label="{_e(label)}">'
        f"<title>{_e(label)}</title>" + "".join(body) + "</svg>"
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _legend(y: int, x0: int, counts: dict[str, int]) -> list[str]:
    out, x = [], x0
    for status, colour in STATUS_COLOURS.items():
        label = f"{status} ({counts.get(status, 0)})"
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="{y}">{_e(label)}</text>')
        x += 24 + 7 * len(label)
    return out


def owners_by_status(by_owner: dict[str, dict[str, int]], totals: dict[str, int]) -> str:
    """Horizontal stacked bars: one per owner, one segment per status, counts written in."""
    left, bar_w, row_h, top = 190, 520, 26, 44
    most = max((sum(c.values()) for c in by_owner.values()), default=0)
    ticks = _ticks(0, max(most, 1))
    scale = bar_w / ticks[-1]
    height = top + row_h * len(by_owner) + 46
    axis_y = top + row_h * len(by_owner)
    body = _legend(18, left, totals)
    body += _axis(left, axis_y, ticks, scale, 0, top - 6, "Docs (count)", left + bar_w / 2)
    for i, (owner, counts) in enumerate(by_owner.items()):
        y = top + i * row_h
        body.append(
            f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{_e(_clip(owner, 28))}'
            f"<title>{_e(owner)}</title></text>"
        )
        x = float(left)
        for status, colour in STATUS_COLOURS.items():
            n = counts.get(status, 0)
            if not n:
                continue
            w = n * scale
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="18" fill="{colour}">'
                f"<title>{_e(owner)}: {n} {status}</title></rect>"
            )
            if w >= 16:
                body.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" '
                    f'fill="#fff" font-weight="bold">{n}</text>'
                )
            x += w
        body.append(f'<text x="{x + 6:.1f}" y="{y + 14}">{sum(counts.values())}</text>')
    return _svg(left + bar_w + 40, height, "Docs per owner, by status", body)


def _axis(
    x0: int,
    y: int,
    ticks: list[int],
    scale: float,
    origin: int,
    grid_top: int,
    label: str,
    label_x: float,
) -> list[str]:
    out = [
        f'<line x1="{x0}" y1="{y}" x2="{x0 + (ticks[-1] - origin) * scale:.1f}" y2="{y}" '
        'stroke="#333"/>'
    ]
    for t in ticks:
        x = x0 + (t - origin) * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{grid_top}" x2="{x:.1f}" y2="{y + 4}" '
            f'stroke="{"#333" if t == 0 else "#ddd"}"/>'
        )
        out.append(f'<text x="{x:.1f}" y="{y + 17}" text-anchor="middle">{t}</text>')
    out.append(f'<text x="{label_x:.1f}" y="{y + 36}" text-anchor="middle">{_e(label)}</text>')
    return out


def days_per_doc(groups: dict[str, list[dict[str, Any]]]) -> str:
    """One bar per doc from zero: right for days left, left for days overdue."""
    left, plot_w, row_h, top = 300, 460, 18, 12
    days = [d["days_left"] for docs in groups.values() for d in docs if d["days_left"] is not None]
    ticks = _ticks(min([0, *days]), max([0, *days]))
    origin = ticks[0]
    scale = plot_w / max(ticks[-1] - origin, 1)
    zero = left + (0 - origin) * scale
    body: list[str] = []
    y = top
    for owner, docs in groups.items():
        body.append(f'<text x="8" y="{y + 13}" font-weight="bold">{_e(_clip(owner, 40))}</text>')
        y += row_h
        for d in docs:
            name = d["title"] or d["path"]
            body.append(
                f'<text x="{left - 8}" y="{y + 12}" text-anchor="end">{_e(_clip(name, 38))}'
                f"<title>{_e(d['path'])}</title></text>"
            )
            colour = STATUS_COLOURS.get(d["status"], "#444")
            n = d["days_left"]
            if n is None:
                body.append(
                    f'<text x="{zero + 4:.1f}" y="{y + 12}" fill="#555">no date ({_e(d["status"])})'
                    "</text>"
                )
            else:
                x, w = (zero, n * scale) if n >= 0 else (zero + n * scale, -n * scale)
                word = f"{n} days left" if n >= 0 else f"{-n} days overdue"
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{max(w, 1):.1f}" height="12" '
                    f'fill="{colour}"><title>{_e(d["path"])}: {word}, {_e(d["status"])}'
                    "</title></rect>"
                )
            y += row_h
        y += 6
    label = "Days left (negative: days overdue)"
    axis = _axis(left, y, ticks, scale, origin, top, label, left + plot_w / 2)
    return _svg(left + plot_w + 30, y + 46, "Days left or overdue per doc, by owner", axis + body)
