"""Output formats. Each module renders a ``Report``; all machine formats derive from the
JSON contract's ``to_dict`` values, so they never disagree."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI lists format names without importing the engine
    from ops_lint.engine import Report

Renderer = Callable[["Report", dict[str, Any]], str]

# format name -> module in this package
FORMATS = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
    "markdown": "markdown",
}


def renderer(name: str) -> Renderer:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    render: Renderer = module.render
    return render


def summary(report: Report) -> dict[str, int]:
    counts = {"files": report.files, "errors": 0, "warnings": 0, "infos": 0}
    for diag in report.diagnostics:
        counts[f"{diag.severity}s"] += 1
    return counts
