"""The quarterly doc-freshness report: one dict (the JSON contract), several renderings.

Every format renders ``to_dict`` output, so the markdown, HTML and CSV reports can never
disagree with the JSON one. Paths are POSIX and relative to the repository root; each
doc's ``link`` is relative to the folder the report is written to (``--output``), so the
links of a report kept in ``reports/`` lead to the docs; printed, it is the path.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ops_lint.freshness import STATUSES, DocFreshness, Freshness
from ops_lint.git.history import Commit
from ops_lint.globs import posix_relpath

VERSION = 1
# The trend sections of a report with --previous: (label, key in data["trend"]).
TREND = (
    ("Newly stale", "newly_stale"),
    ("Refreshed", "refreshed"),
    ("Added", "added"),
    ("Removed", "removed"),
)
FORMATS = {"json": "json_report", "markdown": "markdown", "html": "html", "csv": "csv_report"}

Renderer = Callable[[dict[str, Any]], str]


def _commit(commit: Commit | None) -> dict[str, str] | None:
    if commit is None:
        return None
    return {"date": commit.date.isoformat(), "sha": commit.sha, "author": commit.author}


def _link(abspath: str, path: str, links_from: str | None) -> str:
    if links_from is None:
        return path
    return posix_relpath(os.path.realpath(abspath), os.path.realpath(links_from))


def _last_drill(doc: Any) -> dict[str, str] | None:
    """A runbook's last recorded drill (``dry_run.last_run`` and ``result``), if any."""
    record = doc.meta.get("dry_run") if doc.doc_type == "runbook" else None
    if not isinstance(record, dict) or record.get("last_run") in (None, ""):
        return None
    result = record.get("result")
    return {"date": str(record["last_run"]), "result": "" if result is None else str(result)}


def _doc(entry: DocFreshness, base: str, links_from: str | None) -> dict[str, Any]:
    doc = entry.doc
    path = posix_relpath(doc.abspath, base)
    return {
        "path": path,
        "title": doc.title,
        "type": doc.doc_type,
        "owner": entry.owner,
        "last_change": _commit(entry.last_change),
        "last_review": entry.last_review.isoformat() if entry.last_review else None,
        "review_cycle_days": entry.cycle.approx_days if entry.cycle else None,
        "due": entry.due.isoformat() if entry.due else None,
        "status": entry.status,
        "authors_in_window": len(entry.authors_in_window),
        # additions to the version-1 contract
        "review_cycle": str(entry.cycle) if entry.cycle else None,
        "days_left": entry.days_left,
        "last_attestation": _commit(entry.last_attestation),
        "uncommitted": entry.uncommitted,
        "history_truncated": entry.truncated,
        "last_drill": _last_drill(doc),  # runbooks: dry_run.last_run and result
        "link": _link(doc.abspath, path, links_from),
    }


def _summary(docs: list[dict[str, Any]], not_under_review: int) -> dict[str, Any]:
    total = len(docs)
    by_status = {
        s: {
            "count": (n := sum(1 for d in docs if d["status"] == s)),
            "percent": round(100 * n / total, 1) if total else 0.0,
        }
        for s in STATUSES
    }
    by_type: dict[str, dict[str, int]] = {}
    by_owner: dict[str, dict[str, int]] = {}
    for d in docs:
        for table, key in ((by_type, d["type"] or "(untyped)"), (by_owner, d["owner"])):
            row = table.setdefault(key, {s: 0 for s in STATUSES})
            row[d["status"]] += 1
    return {
        "total": total,
        "by_status": by_status,
        "by_type": by_type,
        "by_owner": by_owner,
        "not_under_review": not_under_review,
    }


def _trend(docs: list[dict[str, Any]], previous: dict[str, Any]) -> dict[str, Any]:
    before = {d["path"]: d["status"] for d in previous.get("docs", [])}
    newly_stale = [
        d["path"]
        for d in docs
        if d["status"] == "stale" and before.get(d["path"]) not in (None, "stale")
    ]
    refreshed = [
        d["path"] for d in docs if before.get(d["path"]) == "stale" and d["status"] != "stale"
    ]
    return {
        "previous_as_of": previous.get("as_of"),
        "newly_stale": newly_stale,
        "refreshed": refreshed,
        "added": [d["path"] for d in docs if d["path"] not in before],
        "removed": sorted(set(before) - {d["path"] for d in docs}),
    }


def to_dict(
    run: Freshness,
    root: Path,
    quarter: str | None = None,
    previous: dict[str, Any] | None = None,
    in_progress: bool = False,
    links_from: str | None = None,
) -> dict[str, Any]:
    """The report as the JSON contract. ``in_progress``: ``quarter`` is not over as of
    ``run.as_of``; ``links_from``: the folder the report is written to (None: printed)."""
    history = run.history
    base = history.toplevel or str(root)
    docs = sorted(
        (_doc(e, base, links_from) for e in run.docs),
        key=lambda d: (
            d["owner"],
            d["days_left"] if d["days_left"] is not None else -(10**6),
            d["path"],
        ),
    )
    data: dict[str, Any] = {
        "version": VERSION,
        "as_of": run.as_of.isoformat(),
        "quarter": quarter,
        "quarter_in_progress": bool(quarter) and in_progress,
        "history": {
            "available": history.available,
            "shallow": history.shallow,
            "commits_read": history.commits_read,
            "reason": history.reason,
            "commit": history.rev or None,  # the past commit read; None: HEAD and checkout
        },
        "window_days": run.window_days,
        "docs": docs,
        "sweeps": [
            {"sha": s.sha, "date": s.date.isoformat(), "files": s.files, "subject": s.subject}
            for s in history.sweeps
        ],
        "summary": _summary(docs, run.not_under_review),
    }
    if previous is not None:
        data["trend"] = _trend(docs, previous)
    return data


def quarter_label(data: dict[str, Any]) -> str | None:
    """``2026Q3``, or ``2026Q4 (in progress, as of 2026-12-02)``; None without a quarter."""
    quarter = data.get("quarter")
    if not quarter:
        return None
    if data.get("quarter_in_progress"):
        return f"{quarter} (in progress, as of {data['as_of']})"
    return str(quarter)


def renderer(name: str) -> Renderer:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    render: Renderer = module.render
    return render
