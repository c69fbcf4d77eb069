"""The versioned JSON contract every other machine format derives from.

``{"version": 1, "tool": {"name", "version"}, "diagnostics": [...], "summary": {...}}``

Strings are kept exactly (the contract is lossless): a byte of a file name that is not
UTF-8 is written as the lone surrogate escape ``\\udcXX`` (``escape.json_dumps``). A
finding's ``path`` is relative to the working directory, as the user typed it.
"""

from __future__ import annotations

from typing import Any

from ops_lint import __version__
from ops_lint.escape import json_dumps
from ops_lint.formats import RenderContext, summary
from ops_lint.formats.locations import shown_order
from ops_lint.results import Report

VERSION = 1


def to_dict(report: Report, context: RenderContext) -> dict[str, Any]:
    return {
        "version": VERSION,
        "tool": {"name": "ops-lint", "version": __version__},
        "diagnostics": [d.to_dict(path) for path, d in shown_order(report.diagnostics, context)],
        "summary": summary(report),
        "baselined": [d.to_dict(path) for path, d in shown_order(report.baselined, context)],
    }


def render(report: Report, context: RenderContext) -> str:
    return json_dumps(to_dict(report, context))
