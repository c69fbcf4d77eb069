"""The freshness report as one self-contained HTML file that leads with the answer.

Read top down: the headline (how many docs are stale, due soon, never reviewed and fresh,
then one compact line per owner, most stale first, and the ten most overdue docs), the
trend against the previous report (``--previous``), a per-doc dot plot whose size follows
the number of owners, not of docs, and one compact table per owner, grouped by status,
with one row per doc. From ``COLLAPSE_AT`` docs on, each owner's table is a collapsed
``<details>`` whose summary line carries the counts, so a 300-doc report stays one
screen of answer; smaller reports show every row. The by-type summary and the sweeps
close it.

No network, no script, no external stylesheet or font: inline CSS (with a print layout
that opens every group) and inline SVG. Everything taken from the report is escaped
(``escape.html_text``: HTML-escaped, control characters shown as escapes); link targets are
%-encoded relative references (``escape.uri_path``).
"""

from __future__ import annotations

from typing import Any

from ops_lint.reports import TREND, _svg
from ops_lint.reports.html_chart import dot_plot
from ops_lint.reports.html_parts import LABELS, most_overdue, owner_table, table
from ops_lint.reports.html_parts import esc as _e
from ops_lint.reports.html_parts import num as _num
from ops_lint.reports.html_style import CSS
from ops_lint.reports.markdown import (
    IGNORE_REVS_ADVICE,
    STATUS_ORDER,
    by_owner,
    history_line,
    history_warning,
    percent,
    title_line,
)

COLLAPSE_AT = 40  # docs in the report from which owner groups are collapsed
LISTED = 10  # trend paths listed before the rest folds away


def _counts(docs: list[dict[str, Any]]) -> dict[str, int]:
    return {s: sum(1 for d in docs if d["status"] == s) for s in STATUS_ORDER}


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {LABELS[s]}" for s in STATUS_ORDER if (n := counts[s]))


def _ordered(groups: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Owners most stale first (then most due soon, never reviewed), then by name."""

    def key(item: tuple[str, list[dict[str, Any]]]) -> tuple[int, int, int, str]:
        c = _counts(item[1])
        return (-c["stale"], -c["due-soon"], -c["never-reviewed"], item[0])

    return dict(sorted(groups.items(), key=key))


def _answer(total: int, counts: dict[str, int]) -> str:
    if not total:
        return "No doc is under review."
    noun = "doc" if total == 1 else "docs"
    if not counts["stale"] and not counts["due-soon"] and not counts["never-reviewed"]:
        return f"All {total} {noun} are fresh."
    share = percent(round(100 * counts["stale"] / total, 1))
    parts = [f"<b>{counts['stale']}</b> of {total} {noun} are stale ({share})"]
    if counts["due-soon"]:
        parts.append(f"<b>{counts['due-soon']}</b> more are due soon")
    if counts["never-reviewed"]:
        parts.append(f"<b>{counts['never-reviewed']}</b> were never reviewed")
    return "; ".join(parts) + "."


def _tiles(counts: dict[str, int]) -> str:
    tiles = "".join(
        f'<div class="tile{" zero" if not counts[s] else ""}" data-status="{s}" '
        f'style="--c:{_svg.STATUS_COLOURS[s]}"><b>{counts[s]}</b>{LABELS[s]}</div>'
        for s in STATUS_ORDER
    )
    return f'<div class="tiles">{tiles}</div>'


def _owner_line(owner: str, counts: dict[str, int]) -> list[str]:
    total = sum(counts.values())
    bar = "".join(
        f'<span style="width:{100 * counts[s] / total:.1f}%;'
        f'background:{_svg.STATUS_COLOURS[s]}" title="{counts[s]} {s}"></span>'
        for s in STATUS_ORDER
        if counts[s]
    )
    return [
        f"<td>{_e(owner)}</td>",
        f'<td><div class="bar">{bar}</div></td>',
        *(_num(counts[s]) for s in STATUS_ORDER),
        _num(total),
    ]


def _headline(data: dict[str, Any], groups: dict[str, list[dict[str, Any]]]) -> str:
    summary = data["summary"]
    counts = {s: summary["by_status"][s]["count"] for s in STATUS_ORDER}
    rows = [_owner_line(o, _counts(docs)) for o, docs in groups.items()]
    header = ["Owner", "Share", *(LABELS[s] for s in STATUS_ORDER), "Total"]
    skipped = summary.get("not_under_review")
    note = (
        f'<p class="meta">{skipped} doc{" has" if skipped == 1 else "s have"} no type and no '
        "review date or cycle: not judged.</p>"
        if skipped
        else ""
    )
    return (
        f'<section id="headline"><p class="answer">{_answer(summary["total"], counts)}</p>'
        + _tiles(counts)
        + note
        + table(header, rows, "owners")
        + most_overdue(data["docs"])
        + "</section>"
    )


def _trend(data: dict[str, Any]) -> str:
    trend = data.get("trend")
    if trend is None:
        return (
            '<section id="trend"><h2>Trend</h2><p class="meta">No trend: this report was '
            "made without <code>--previous</code>. Keep each quarter's JSON report "
            "(<code>--format json -o q3.json</code>) and pass it next time "
            "(<code>--previous q3.json</code>) to see which docs went stale and which were "
            "refreshed since.</p></section>"
        )
    since = _e(trend.get("previous_as_of") or "the previous report")
    line = ", ".join(f"{len(trend.get(key) or [])} {label.lower()}" for label, key in TREND)
    items = []
    for label, key in TREND:
        paths = [f"<code>{_e(p)}</code>" for p in trend.get(key) or []]
        listed = ", ".join(paths[:LISTED]) or "none"
        if len(paths) > LISTED:
            rest = ", ".join(paths[LISTED:])
            listed += f"<details><summary>{len(paths) - LISTED} more</summary>{rest}</details>"
        items.append(f"<li><b>{label}</b> ({len(paths)}): {listed}</li>")
    return (
        f'<section id="trend"><h2>Trend since {since}</h2><p class="answer">{_e(line)}.</p>'
        f'<ul class="trend">{"".join(items)}</ul></section>'
    )


def _chart(data: dict[str, Any], groups: dict[str, list[dict[str, Any]]]) -> str:
    totals = {s: data["summary"]["by_status"][s]["count"] for s in STATUS_ORDER}
    return (
        '<section id="chart"><h2>Every doc, by when it falls due</h2><figure>'
        + dot_plot(groups, totals)
        + "<figcaption>One square per doc, one band per owner: left of the line overdue, "
        "right of it days left, by week; squares stack where docs fall due in the same "
        "week (+N: more than the band shows). Docs due more than 26 weeks either way sit "
        "in the end columns; hover a square for its path.</figcaption></figure></section>"
    )


def _docs(groups: dict[str, list[dict[str, Any]]], window: int, collapse: bool) -> str:
    parts = ['<section id="docs"><h2>Docs by owner</h2>']
    if collapse:
        parts.append('<p class="meta">Open an owner to see its docs, grouped by status.</p>')
    for i, (owner, docs) in enumerate(groups.items(), 1):
        noun = "doc" if len(docs) == 1 else "docs"
        line = f"{len(docs)} {noun}: {_e(_counts_text(_counts(docs)))}"
        table = owner_table(docs, window)
        if collapse:
            parts.append(
                f'<details class="owner" id="owner-{i}"><summary><b>{_e(owner)}</b> '
                f"&mdash; {line}</summary>{table}</details>"
            )
        else:
            parts.append(
                f'<section class="owner" id="owner-{i}"><h3>{_e(owner)}</h3>'
                f"<p>{line}.</p>{table}</section>"
            )
    return "".join(parts) + "</section>"


def _by_type(data: dict[str, Any]) -> str:
    rows = [
        [f"<td>{_e(t)}</td>", *(_num(c[s]) for s in STATUS_ORDER), _num(sum(c.values()))]
        for t, c in sorted(data["summary"]["by_type"].items())
    ]
    header = ["Type", *(LABELS[s] for s in STATUS_ORDER), "Total"]
    return '<section id="by-type"><h2>By doc type</h2>' + table(header, rows) + "</section>"


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
        + table(["Commit", "Date", "Files", "Subject"], rows)
        + f"<p>{advice}</p><pre>{lines}</pre></section>"
    )


def render(data: dict[str, Any]) -> str:
    groups = _ordered(by_owner(data["docs"]))
    warning = history_warning(data)
    collapse = len(data["docs"]) >= COLLAPSE_AT
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title_line(data))}</title><style>{CSS}</style></head>",
        f"<body><main><h1>{_e(title_line(data))}</h1>",
        f'<p class="meta">{_e(history_line(data))}</p>',
        f'<div class="warning" role="alert">{_e(warning)}</div>' if warning else "",
        _headline(data, groups),
        _trend(data),
        _chart(data, groups),
        _docs(groups, data["window_days"], collapse),
        _by_type(data),
        _sweeps(data["sweeps"]),
        "</main></body></html>\n",
    ]
    return "\n".join(p for p in parts if p)
