"""Table parts of the HTML freshness report: cells, badges, the per-owner doc tables and
the most-overdue list. Every value is escaped with ``escape.html_text``; links are
%-encoded relative references (``escape.uri_path``)."""

from __future__ import annotations

from typing import Any

from ops_lint.escape import html_text, uri_path
from ops_lint.reports import _svg
from ops_lint.reports.markdown import STATUS_ORDER, change_text, days_text, drill_text

LABELS = {"stale": "stale", "due-soon": "due soon", "never-reviewed": "never reviewed"}
LABELS["fresh"] = "fresh"
WORST = 10  # rows of the most-overdue list


def esc(value: object) -> str:
    return html_text(value)


def badge(status: str) -> str:
    colour = _svg.STATUS_COLOURS.get(status, "#444")
    text = "#1b1b1b" if status == "due-soon" else "#fff"
    return f'<span class="badge" style="background:{colour};color:{text}">{esc(status)}</span>'


def table(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(cells) + "</tr>" for cells in rows)
    css = f' class="{cls}"' if cls else ""
    return f"<table{css}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def num(value: object) -> str:
    return f'<td class="num">{esc(value)}</td>'


def _doc_row(d: dict[str, Any]) -> str:
    date, sha, author = change_text(d)
    tip = f' title="{esc(f"{sha} {author}")}"' if sha else ""
    change = f'<td class="date"{tip}>{esc(date)}</td>'
    cells = [
        _link(d),
        f"<td>{esc(d['type'])}</td>",
        f'<td class="date">{esc(d["last_review"])}</td>',
        f'<td class="date">{esc(d["due"])}</td>',
        num(days_text(d["days_left"])),
        f"<td>{badge(d['status'])}</td>",
        f'<td class="date">{esc(drill_text(d))}</td>',
        change,
        num(d["authors_in_window"]),
    ]
    return f'<tr class="{esc(d["status"])}">' + "".join(cells) + "</tr>"


def owner_table(docs: list[dict[str, Any]], window: int) -> str:
    header = ["Doc", "Type", "Last review", "Due", "Days", "Status", "Last drill"]
    header += ["Last change", f"Authors ({window}&nbsp;d)"]
    head = "".join(f"<th>{h}</th>" for h in header)
    bodies = []
    for status in STATUS_ORDER:
        rows = [d for d in docs if d["status"] == status]
        if rows:
            bodies.append(
                f'<tbody data-status="{status}"><tr><th colspan="{len(header)}">'
                f"{LABELS[status]} ({len(rows)})</th></tr>"
                + "".join(_doc_row(d) for d in rows)
                + "</tbody>"
            )
    return f'<table class="docs"><thead><tr>{head}</tr></thead>{"".join(bodies)}</table>'


def _link(d: dict[str, Any]) -> str:
    href, title = esc(uri_path(d.get("link", d["path"]))), esc(d["title"])
    return (
        f'<td class="path"><a href="{href}" title="{title}"><code>{esc(d["path"])}</code></a></td>'
    )


def most_overdue(docs: list[dict[str, Any]]) -> str:
    """The ``WORST`` stale docs most overdue, across owners; empty when none is stale."""
    stale = [d for d in docs if d["status"] == "stale"]
    if not stale:
        return ""
    stale.sort(key=lambda d: (d["days_left"] if d["days_left"] is not None else 0, d["path"]))
    rows = [
        [
            _link(d),
            f"<td>{esc(d['owner'])}</td>",
            f'<td class="date">{esc(d["due"])}</td>',
            num(days_text(d["days_left"])),
            f'<td class="date">{esc(d["last_review"])}</td>',
            f'<td class="date">{esc(drill_text(d))}</td>',
        ]
        for d in stale[:WORST]
    ]
    shown = f"{len(rows)} of {len(stale)}" if len(stale) > len(rows) else f"all {len(stale)}"
    header = ["Doc", "Owner", "Due", "Days", "Last review", "Last drill"]
    return f"<h3>Most overdue ({shown} stale)</h3>" + table(header, rows, "worst")
