"""``freshness --previous OLD.json``: last quarter's JSON report, for the trend section.

The file is named on the command line but may come from anywhere (an artifact, a
download), so it is read capped (``report_io.read_json``) and only what the trend uses is
kept, after checking its shape: ``as_of`` (an ISO date or null) and, for each doc, its
``path`` and ``status`` (strings). Anything else is a usage error naming the bad field;
the renderers escape the values like any other text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ops_lint.errors import UsageError

VERSION = 1


def _bad(path: str, where: str, expected: str) -> UsageError:
    return UsageError(f"{path}: not a version-{VERSION} freshness report: {where} {expected}")


def _as_of(path: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 10:
        raise _bad(path, "as_of", "is not a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise _bad(path, "as_of", "is not a date (YYYY-MM-DD)") from None


def check_previous(path: str, data: Any) -> dict[str, Any]:
    """The parts of a previous report the trend reads, checked; else a UsageError."""
    if not isinstance(data, dict) or type(data.get("version")) is not int:
        raise _bad(path, "the file", "is not a JSON object with an integer 'version'")
    if data["version"] != VERSION:
        raise _bad(path, "version", f"is not {VERSION}")
    docs = data.get("docs", [])
    if not isinstance(docs, list):
        raise _bad(path, "docs", "is not a list")
    kept: list[dict[str, str]] = []
    for i, doc in enumerate(docs):
        if not isinstance(doc, dict):
            raise _bad(path, f"docs[{i}]", "is not an object")
        for key in ("path", "status"):
            if not isinstance(doc.get(key), str):
                raise _bad(path, f"docs[{i}].{key}", "is not a string")
        kept.append({"path": doc["path"], "status": doc["status"]})
    return {"as_of": _as_of(path, data.get("as_of")), "docs": kept}


def load_previous(path: str) -> dict[str, Any]:
    """Read and check the previous report named by ``--previous``."""
    from ops_lint.report_io import read_json

    try:
        data = read_json(path, "previous report")
    except FileNotFoundError:
        raise UsageError(f"{path}: previous report not found") from None
    return check_previous(path, data)
