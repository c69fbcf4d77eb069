"""Inline SVG pieces for the HTML freshness report's charts: the frame, the status colours
and their legend.

Plain SVG with text labels (no script, no external font), so a chart shows in any
browser, offline and in print. Colours come from the Okabe-Ito palette, which stays
distinguishable with the common colour-vision deficiencies; every colour is also named
in text (legend, counts, tooltips), so colour is never the only carrier.
"""

from __future__ import annotations

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


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {_FONT} aria-label="{_e(label)}">'
        f"<title>{_e(label)}</title>" + "".join(body) + "</svg>"
    )


def _legend(y: int, x0: int, counts: dict[str, int]) -> list[str]:
    out, x = [], x0
    for status, colour in STATUS_COLOURS.items():
        label = f"{status} ({counts.get(status, 0)})"
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="{y}">{_e(label)}</text>')
        x += 24 + 7 * len(label)
    return out
