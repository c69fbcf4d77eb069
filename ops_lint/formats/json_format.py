"""The versioned JSON contract every other machine format derives from.

``{"version": 1, "tool": {"name", "version"}, "diagnostics": [...], "summary": {...}}``
"""

from __future__ import annotations

import json
from typing import Any

from ops_lint import __version__
from ops_lint.engine import Report
from ops_lint.formats import summary

VERSION = 1


def to_dict(report: Report) -> dict[str, Any]:
    return {
        "version": VERSION,
        "tool": {"name": "ops-lint", "version": __version__},
        "diagnostics": [d.to_dict() for d in report.diagnostics],
        "summary": summary(report),
        "baselined": [d.to_dict() for d in report.baselined],
    }


def render(report: Report, info: dict[str, Any]) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"
