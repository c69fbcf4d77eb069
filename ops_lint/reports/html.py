"""The freshness report as one self-contained HTML file: to read on screen, or to print.

No network, no script, no external stylesheet or font: inline CSS (with a print layout)
and inline SVG charts. Same content as the Markdown report: the history warning, a
summary by status and by doc type, the charts, one table per owner (most overdue first),
the sweeps found and the trend. Everything taken from the report is escaped
(``escape.html_text``: HTML-escaped, control characters shown as escapes); link targets are
%-encoded relative references (``escape.uri_path``).
"""

from __future__ import annotations

from typing import Any

from ops_lint.escape import html_text, uri_path
from ops_lint.reports import TREND, _svg
from ops_lint.reports.markdown import (
    IGNORE_REVS_ADVICE,
    STATUS_ORDER,
    by_owner,
    change_text,
    days_text,
    drill_text,
    history_line,
    history_warning,
    percent,
    title_line,
)

CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
  margin: 0; background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { border-bottom: 2px solid #ddd; padding-bottom: 4px; margin-top: 36px; }
h3 { margin: 28px 0 4px; }
.meta { color: #555; margin: 0 0 12px; }
.warning { border-left: 6px solid #D55E00; background: #fff3ec; padding: 10px 14px;
  margin: 12px 0; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 0.9em; }
th, td { border: 1px solid #d0d0d0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
section.owner table { width: 100%; }
td.num, td.date, .date, td.path code { white-space: nowrap; }
tr.stale td { background: #fff1ea; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-weight: 600;
  white-space: nowrap; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em;
  margin-right: 4px; }
figure { margin: 16px 0; } figcaption { color: #555; font-size: 0.9em; }
svg { max-width: 100%; height: auto; }
nav ul { columns: 2; padding-left: 20px; }
pre { background: #f6f6f6; padding: 8px 12px; overflow-x: auto; }
@media print {
  body { font-size: 10.5pt; } main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav { display: none; } a { color: inherit; text-decoration: none; }
  section.owner, figure, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"""


def _e(value: object) -> str:
    return html_text(value)


def _badge(status: str) -> str:
    colour = _svg.STATUS_COLOURS.get(status, "#444")
    text = "#1b1b1b" if status == "due-soon" else "#fff"
    return f'<span class="badge" style="background:{colour};color:{text}">{_e(status)}</span>'


def _table(header: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(
        f'<tr class="{_e(classes[i]) if classes else ""}">' + "".join(cells) + "</tr>"
        for i, cells in enumerate(rows)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _num(value: object) -> str:
    return f'<td class="num">{_e(value)}</td>'


def _summary(data: dict[str, Any]) -> str:
    summary = data["summary"]
    rows = [
        [
            f"<td>{_badge(s)}</td>",
            _num(summary["by_status"][s]["count"]),
            _num(percent(summary["by_status"][s]["percent"])),
        ]
        for s in STATUS_ORDER
    ]
    rows.append(["<td><b>total</b></td>", _num(summary["total"]), _num("")])
    types = [
        [f"<td>{_e(t)}</td>", *(_num(c[s]) for s in STATUS_ORDER), _num(sum(c.values()))]
        for t, c in sorted(summary["by_type"].items())
    ]
    return (
        '<section id="summary"><h2>Summary</h2>'
        + _table(["Status", "Docs", "Share"], rows)
        + "<h3>By doc type</h3>"
        + _table(["Type", *STATUS_ORDER, "Total"], types)
        + "</section>"
    )


def _charts(data: dict[str, Any], groups: dict[str, list[dict[str, Any]]]) -> str:
    totals = {s: data["summary"]["by_status"][s]["count"] for s in STATUS_ORDER}
    return (
        '<section id="charts"><h2>Charts</h2><figure>'
        + _svg.owners_by_status(data["summary"]["by_owner"], totals)
        + "<figcaption>Docs per owner, stacked by status; the number in each segment is its "
        "count, the number after the bar the owner's total.</figcaption></figure><figure>"
        + _svg.days_per_doc(groups)
        + "<figcaption>Days until each doc is due (right of zero) or overdue (left of zero), "
        "coloured by status; docs with no freshness date are marked 'no date'.</figcaption>"
        "</figure></section>"
    )


def _doc_row(d: dict[str, Any]) -> list[str]:
    date, sha, author = change_text(d)
    change = f'<span class="date">{_e(date)}</span>'
    change += f" <code>{_e(sha)}</code> {_e(author)}" if sha else ""
    href = uri_path(d.get("link", d["path"]))
    return [
        f'<td class="path"><a href="{_e(href)}"><code>{_e(d["path"])}</code></a></td>',
        f"<td>{_e(d['title'])}</td>",
        f"<td>{_e(d['type'])}</td>",
        f"<td>{change}</td>",
        f'<td class="date">{_e(d["last_review"])}</td>',
        f'<td class="date">{_e(d["review_cycle"])}</td>',
        f'<td class="date">{_e(d["due"])}</td>',
        _num(days_text(d["days_left"])),
        f"<td>{_badge(d['status'])}</td>",
        _num(d["authors_in_window"]),
        f'<td class="date">{_e(drill_text(d))}</td>',
    ]


def _owners(groups: dict[str, list[dict[str, Any]]], window: int) -> str:
    header = ["Doc", "Title", "Type", "Last change", "Last review", "Cycle", "Due", "Days"]
    header += ["Status", f"Authors ({window}&nbsp;d)", "Last drill"]
    nav = "".join(
        f'<li><a href="#owner-{i}">{_e(o)}</a> ({len(docs)})</li>'
        for i, (o, docs) in enumerate(groups.items(), 1)
    )
    parts = [f'<section id="owners"><h2>By owner</h2><nav><ul>{nav}</ul></nav>']
    for i, (owner, docs) in enumerate(groups.items(), 1):
        counts = ", ".join(
            f"{n} {s}" for s in STATUS_ORDER if (n := sum(1 for d in docs if d["status"] == s))
        )
        parts.append(
            f'<section class="owner" id="owner-{i}"><h3>{_e(owner)}</h3>'
            f"<p>{len(docs)} doc{'s' if len(docs) != 1 else ''}: {_e(counts)}.</p>"
            + _table(header, [_doc_row(d) for d in docs], [d["status"] for d in docs])
            + "</section>"
        )
    return "".join(parts) + "</section>"


def _sweeps(sweeps: list[dict[str, Any]]) -> str:
    if not sweeps:
        return (
            '<section id="sweeps"><h2>Sweeps</h2><p>No sweep found: no commit touched a '
            "large share of the doc set.</p></section>"
        )
    rows = [
        [
            f"<td><code>{_e(s['sha'])}</code></td>",
            f"<td>{_e(s['date'])}</td>",
            _num(s["files"]),
            f"<td>{_e(s['subject'])}</td>",
        ]
        for s in sweeps
    ]
    advice = _e(IGNORE_REVS_ADVICE).replace("`", "")
    lines = "\n".join(f"# {_e(' '.join(s['subject'].split()))}\n{_e(s['sha'])}" for s in sweeps)
    return (
        '<section id="sweeps"><h2>Sweeps</h2>'
        + _table(["Commit", "Date", "Files", "Subject"], rows)
        + f"<p>{advice}</p><pre>{lines}</pre></section>"
    )


def _trend(trend: dict[str, Any]) -> str:
    items = []
    for label, key in TREND:
        paths = trend.get(key) or []
        listed = ", ".join(f"<code>{_e(p)}</code>" for p in paths) or "none"
        items.append(f"<li><b>{label}</b> ({len(paths)}): {listed}</li>")
    since = _e(trend.get("previous_as_of") or "the previous report")
    return f'<section id="trend"><h2>Trend since {since}</h2><ul>{"".join(items)}</ul></section>'


def render(data: dict[str, Any]) -> str:
    groups = by_owner(data["docs"])
    warning = history_warning(data)
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title_line(data))}</title><style>{CSS}</style></head>",
        f"<body><main><h1>{_e(title_line(data))}</h1>",
        f'<p class="meta">{_e(history_line(data))}</p>',
        f'<div class="warning" role="alert">{_e(warning)}</div>' if warning else "",
        _summary(data),
        _charts(data, groups),
        _owners(groups, data["window_days"]),
        _sweeps(data["sweeps"]),
        _trend(data["trend"]) if "trend" in data else "",
        "</main></body></html>\n",
    ]
    return "\n".join(p for p in parts if p)
