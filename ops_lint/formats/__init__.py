"""Output formats. Each module renders a ``Report`` with a ``RenderContext``; all machine
formats derive from the JSON contract's ``to_dict`` values, so they never disagree."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the CLI lists format names without importing the engine
    from ops_lint.results import Report


def _every_code(code: str) -> bool:
    return True


class RenderContext(NamedTuple):
    """What a format needs besides the report: where the run was, as of when, what fails."""

    cwd: Path  # the working directory: displayed paths are relative to it
    root: Path  # the project root (the config's folder)
    as_of: str = ""  # ISO date the run evaluated dates at
    fail_on: str = "error"  # lowest severity that fails the run
    enabled: Callable[[str], bool] = _every_code  # whether a rule code is selected
    baselined: int = 0  # findings accepted by --baseline


Renderer = Callable[["Report", RenderContext], str]

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
