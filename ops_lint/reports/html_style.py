"""The inline stylesheet of the HTML freshness report (no external font or file)."""

from __future__ import annotations

CSS = """
:root { color-scheme: light; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
  margin: 0; background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 20px 32px 48px; }
h1 { font-size: 1.6em; margin: 0 0 2px; }
h2 { font-size: 1.25em; border-bottom: 2px solid #ddd; padding-bottom: 3px; margin: 28px 0 8px; }
.meta { color: #555; margin: 0 0 10px; }
.warning { border-left: 6px solid #D55E00; background: #fff3ec; padding: 8px 12px;
  margin: 10px 0; font-weight: 600; }
.answer { font-size: 1.2em; margin: 10px 0; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0 4px; }
.tile { border: 1px solid #d0d0d0; border-top: 6px solid var(--c); border-radius: 4px;
  padding: 6px 14px; min-width: 130px; }
.tile b { display: block; font-size: 2em; line-height: 1.1; font-variant-numeric: tabular-nums; }
.tile.zero { opacity: 0.55; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 0.92em; }
th, td { border-bottom: 1px solid #e2e2e2; padding: 2px 8px; text-align: left;
  vertical-align: top; }
thead th { white-space: nowrap; background: #f2f2f2; border-bottom: 1px solid #c8c8c8; }
tbody th { background: #fafafa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, td.date { white-space: nowrap; }
td.path { overflow-wrap: anywhere; }
td.title { max-width: 26ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
table.docs { width: 100%; }
tr.stale td { background: #fff4ee; }
.bar { display: flex; width: 240px; height: 12px; background: #f2f2f2; }
.bar span { display: block; height: 100%; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-weight: 600;
  white-space: nowrap; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em;
  margin-right: 4px; }
figure { margin: 8px 0; } figcaption { color: #555; font-size: 0.9em; max-width: 90ch; }
svg { max-width: 100%; height: auto; }
details.owner { border: 1px solid #ddd; border-radius: 4px; margin: 6px 0; padding: 2px 10px; }
details.owner > summary { cursor: pointer; padding: 4px 0; }
details.owner[open] > summary { border-bottom: 1px solid #eee; }
ul.trend { padding-left: 20px; margin: 4px 0; }
pre { background: #f6f6f6; padding: 8px 12px; overflow-x: auto; }
@media print {
  body { font-size: 9.5pt; } main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  details::details-content { content-visibility: visible; display: block; }
  figure, tr, .tiles { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""
