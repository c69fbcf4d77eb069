"""The freshness report as CSV: one row per doc, for a spreadsheet.

A header row, then one row per doc in the report's order (by owner, most overdue first).
Booleans are ``true``/``false``; unknown values are empty cells. Every field is quoted, so
neither a line break nor a ``;`` (the separator of ``;`` locales) in a value starts a row
or a cell. Line breaks inside a value are LF, and each line that a spreadsheet would
evaluate as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) gets a leading apostrophe, so a doc title cannot run code when the file is opened
(``escape.csv_text``). Numbers are written as numbers: ``days_left`` is negative when
overdue. Lines end in ``\\n``, like every other format the tool writes. The last two
columns repeat the report's date and quarter (``2026Q4 (in progress, as of 2026-12-02)``
while it runs) on every row, so a sheet pasted elsewhere keeps them.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ops_lint.escape import csv_text
from ops_lint.reports import quarter_label

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
    "last_drill_date",
    "last_drill_result",
    "as_of",
    "quarter",
)


def safe(value: object) -> str | int:
    """A cell value a spreadsheet shows as written: text that looks like a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    return csv_text(str(value))


def row(doc: dict[str, Any], report: dict[str, Any] | None = None) -> dict[str, str | int]:
    """One doc's cells; ``report`` gives the report-wide ``as_of`` and ``quarter`` columns."""
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
        "last_drill_date": (doc.get("last_drill") or {}).get("date"),
        "last_drill_result": (doc.get("last_drill") or {}).get("result"),
        "as_of": (report or {}).get("as_of"),
        "quarter": quarter_label(report or {}),
    }
    return {key: safe(values[key]) for key in COLUMNS}


def render(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for doc in data["docs"]:
        writer.writerow(row(doc, data))
    return out.getvalue()
