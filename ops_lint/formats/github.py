"""GitHub Actions workflow commands: one ``::error file=…,line=…::message`` per finding.

``file`` is relative to the top of the git repository (GitHub resolves it from there),
whatever the working directory and wherever the project sits in the repository.

Values are escaped as the runner expects (``%``, CR, LF; and ``:`` ``,`` in properties), so
a message holding ``::`` or ``%0A`` cannot start a command of its own; before that, control
characters are shown as escapes (``escape.visible``), so none reaches the log viewer.
"""

from __future__ import annotations

from ops_lint.escape import visible
from ops_lint.formats import RenderContext
from ops_lint.formats.locations import repo_path
from ops_lint.results import Report

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, context: RenderContext) -> str:
    lines = []
    for d in report.diagnostics:
        props = ",".join(
            f"{k}={escape_property(visible(str(v)))}"
            for k, v in (
                ("file", repo_path(d, context)),
                ("line", d.line),
                ("col", d.column),
                ("title", f"{d.code} {d.rule}"),
            )
        )
        body = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{_LEVEL[str(d.severity)]} {props}::{escape_data(visible(body))}")
    return "".join(line + "\n" for line in lines)
