"""The freshness report as CSV: one row per doc, for a spreadsheet.

A header row, then one row per doc in the report's order (by owner, most overdue first).
Booleans are ``true``/``false``; unknown values are empty cells. Text cells that a
spreadsheet would evaluate as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return) get a leading apostrophe, so a doc title cannot run code when the file
is opened. Numbers are written as numbers: ``days_left`` is negative when overdue.
Lines end in ``\\n``, like every other format the tool writes.
"""

from __future__ import annotations

import csv
import io
from typing import Any

COLUMNS = (
    "path",
    "title",
    "type",
    "owner",
    "status",
    "due",
    "days_left",
    "last_change_date",
    "last_change_sha",
    "last_change_author",
    "last_review",
    "review_cycle",
    "authors_in_window",
    "uncommitted",
    "history_truncated",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> str | int:
    """A cell value a spreadsheet shows as written: text that looks like a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def row(doc: dict[str, Any]) -> dict[str, str | int]:
    change = doc["last_change"] or {}
    values: dict[str, object] = {
        "path": doc["path"],
        "title": doc["title"],
        "type": doc["type"],
        "owner": doc["owner"],
        "status": doc["status"],
        "due": doc["due"],
        "days_left": doc["days_left"],
        "last_change_date": change.get("date"),
        "last_change_sha": change.get("sha"),
        "last_change_author": change.get("author"),
        "last_review": doc["last_review"],
        "review_cycle": doc["review_cycle"],
        "authors_in_window": doc["authors_in_window"],
        "uncommitted": doc["uncommitted"],
        "history_truncated": doc["history_truncated"],
    }
    return {key: safe(values[key]) for key in COLUMNS}


def render(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for doc in data["docs"]:
        writer.writerow(row(doc))
    return out.getvalue()
