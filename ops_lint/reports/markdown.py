"""The freshness report as Markdown: for a quarterly tracking issue or a wiki page.

One section per owner, so each team can be pointed at its own list (most overdue first),
after a summary by status and by doc type. The sweeps found and the trend against the
previous report close it. Reads only the ``to_dict`` contract. The helpers that word a
cell (``change_text``, ``days_text``, ``history_warning``) are shared with the HTML format.

The report is posted in issues and wikis: every value taken from the repository (paths,
titles, types, owners, authors, subjects, git's reasons) or from ``--previous`` goes
through ``cell`` (``escape.md_text``), so none can add HTML, a link, an image, a mention or
a table cell; link targets are %-encoded (``escape.uri_path``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ops_lint.escape import md_text, uri_path, visible
from ops_lint.reports import TREND, quarter_label

STATUS_ORDER = ("stale", "due-soon", "never-reviewed", "fresh")
_HEX = re.compile(r"[0-9a-f]{4,64}")
IGNORE_REVS_ADVICE = (
    "If a sweep was mechanical (a move, a re-link, a reformat), add its sha to "
    "`.git-blame-ignore-revs` so it stops counting as an edit of every doc it touched."
)


def title_line(data: dict[str, Any]) -> str:
    """``… as of 2026-09-30 (2026Q3)``; a quarter not over: ``…, 2026Q4 (in progress, as of
    2026-12-02)``."""
    label = quarter_label(data)
    if label and data.get("quarter_in_progress"):
        return f"Doc freshness report, {label}"
    quarter = f" ({label})" if label else ""
    return f"Doc freshness report, as of {data['as_of']}{quarter}"


def history_line(data: dict[str, Any]) -> str:
    history = data["history"]
    if not history["available"]:
        return "History: git history not read."
    shallow = " (shallow clone)" if history["shallow"] else ""
    commit = history.get("commit")
    read_at = ""
    if commit:  # a report as of a past date: the docs as that commit held them
        shown = commit[:12] if _HEX.fullmatch(commit) else visible(commit)
        read_at = f"; docs as of commit {shown}, the last on or before {data['as_of']}"
    return f"History: {history['commits_read']} commits read{shallow}{read_at}."


def history_warning(data: dict[str, Any], quote: Callable[[str], str] = str) -> str | None:
    """The one loud warning about the evidence, or None when history is complete; git's
    reason is passed through ``quote`` (it may quote a path)."""
    history = data["history"]
    if not history["available"]:
        reason = quote(history.get("reason") or "unknown reason")
        return (
            f"Git history unavailable ({reason}). Freshness uses the front-matter review "
            "dates only: docs without one are reported never-reviewed."
        )
    if history["shallow"]:
        return (
            "Git history is shallow (a depth-limited clone). Change dates before the cut are "
            "unknown, so docs may be reported stale, or never-reviewed, on truncated evidence. "
            "Fetch the full history: `fetch-depth: 0` in actions/checkout, or "
            "`git fetch --unshallow`."
        )
    return None


def change_text(doc: dict[str, Any]) -> tuple[str, str, str]:
    """Last substantive change as (date, short sha, author); empty parts when unknown."""
    change = doc["last_change"]
    if doc["uncommitted"]:
        return ("uncommitted", "", "")
    if change is None:
        return ("unknown (shallow)" if doc["history_truncated"] else "none", "", "")
    return (change["date"], change["sha"][:7], change["author"])


def days_text(days_left: int | None) -> str:
    if days_left is None:
        return "-"
    if days_left < 0:
        return f"{-days_left} overdue"
    return f"{days_left} left"


def percent(value: float) -> str:
    return f"{value:g} %"


def by_owner(docs: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Docs grouped by owner, keeping the contract's order (most overdue first)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        groups.setdefault(doc["owner"], []).append(doc)
    return groups


def cell(value: object) -> str:
    """Literal Markdown text for a table cell, heading or list (``escape.md_text``): no HTML,
    link, image or mention; pipes and backslashes escaped; line breaks folded; '-' if empty."""
    return md_text(value)


def _link(doc: dict[str, Any]) -> str:
    return f"[{cell(doc['path'])}](<{uri_path(doc.get('link', doc['path']))}>)"


def _sha(sha: str) -> str:
    # git gives hex; anything else is shown as text, never inside a code span
    return f"`{sha}`" if _HEX.fullmatch(sha) else cell(sha)


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _summary(data: dict[str, Any]) -> list[str]:
    summary = data["summary"]
    rows = [
        [s, str(summary["by_status"][s]["count"]), percent(summary["by_status"][s]["percent"])]
        for s in STATUS_ORDER
    ]
    rows.append(["**total**", str(summary["total"]), percent(100 if summary["total"] else 0)])
    out = ["## Summary", "", *_table(["Status", "Docs", "Share"], rows)]
    if skipped := summary.get("not_under_review"):
        noun = "doc has" if skipped == 1 else "docs have"
        out += [f"{skipped} {noun} no type and no review date or cycle: not judged.", ""]
    by_type = [
        [cell(t), *(str(c[s]) for s in STATUS_ORDER), str(sum(c.values()))]
        for t, c in sorted(summary["by_type"].items())
    ]
    out += ["### By doc type", "", *_table(["Type", *STATUS_ORDER, "Total"], by_type)]
    return out


def drill_text(d: dict[str, Any]) -> str | None:
    """``2026-10-21 passed``: a runbook's last drill; None for none."""
    drill = d.get("last_drill")
    return f"{drill['date']} {drill['result']}".strip() if drill else None


def _owner_section(owner: str, docs: list[dict[str, Any]], window: int) -> list[str]:
    counts = ", ".join(
        f"{n} {s}" for s in STATUS_ORDER if (n := sum(1 for d in docs if d["status"] == s))
    )
    header = ["Doc", "Title", "Type", "Last change", "Last review", "Cycle", "Due"]
    header += ["Days", "Status", f"Authors ({window} d)", "Last drill"]
    rows = []
    for d in docs:
        date, sha, author = change_text(d)
        change = " ".join([cell(date)] + ([_sha(sha), cell(author)] if sha else []))
        status = f"**{cell(d['status'])}**" if d["status"] == "stale" else cell(d["status"])
        rows.append(
            [
                _link(d),
                cell(d["title"]),
                cell(d["type"]),
                change,
                cell(d["last_review"]),
                cell(d["review_cycle"]),
                cell(d["due"]),
                days_text(d["days_left"]),
                status,
                str(d["authors_in_window"]),
                cell(drill_text(d)),
            ]
        )
    noun = "doc" if len(docs) == 1 else "docs"
    return [f"### {cell(owner)}", "", f"{len(docs)} {noun}: {counts}.", "", *_table(header, rows)]


def _sweeps(sweeps: list[dict[str, Any]]) -> list[str]:
    out = ["## Sweeps", ""]
    if not sweeps:
        return [*out, "No sweep found: no commit touched a large share of the doc set.", ""]
    rows = [[_sha(s["sha"]), cell(s["date"]), cell(s["files"]), cell(s["subject"])] for s in sweeps]
    out += _table(["Commit", "Date", "Files", "Subject"], rows)
    out += [IGNORE_REVS_ADVICE, "", "```"]
    for s in sweeps:  # a '#' comment or a hex sha on every line: nothing closes the fence
        sha = s["sha"] if _HEX.fullmatch(s["sha"]) else f"# {visible(s['sha'])}"
        out += [f"# {visible(' '.join(s['subject'].split()))}", sha]
    return [*out, "```", ""]


def _trend(trend: dict[str, Any]) -> list[str]:
    since = cell(trend.get("previous_as_of") or "the previous report")
    out = [f"## Trend since {since}", ""]
    for label, key in TREND:
        paths = trend.get(key) or []
        listed = ", ".join(cell(p) for p in paths) or "none"
        out.append(f"- **{label}** ({len(paths)}): {listed}")
    return [*out, ""]


def render(data: dict[str, Any]) -> str:
    out = [f"# {cell(title_line(data))}", "", history_line(data), ""]
    warning = history_warning(data, cell)
    if warning:
        out += ["> [!WARNING]", f"> {warning}", ""]
    out += _summary(data)
    out += ["## By owner", ""]
    for owner, docs in by_owner(data["docs"]).items():
        out += _owner_section(owner, docs, data["window_days"])
    out += _sweeps(data["sweeps"])
    if "trend" in data:
        out += _trend(data["trend"])
    return "\n".join(out).rstrip("\n") + "\n"
