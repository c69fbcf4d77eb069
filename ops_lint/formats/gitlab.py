"""GitLab Code Quality report (a JSON array of issues with stable fingerprints).

Texts are shown with ``escape.visible`` (no control character, no undecodable byte).
"""

from __future__ import annotations

from ops_lint.diagnostic import fingerprints
from ops_lint.escape import json_dumps, visible
from ops_lint.formats import RenderContext
from ops_lint.formats.locations import repo_path
from ops_lint.results import Report

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report, context: RenderContext) -> str:
    issues = [
        {
            "type": "issue",
            "check_name": visible(d.code),
            "description": visible(f"{d.code} {d.rule}: {d.message}"),
            "content": {"body": visible(d.hint)},
            "categories": ["Compliance"],
            "fingerprint": fp,
            "severity": _SEVERITY[str(d.severity)],
            "location": {"path": visible(repo_path(d, context)), "lines": {"begin": d.line}},
        }
        for d, fp in zip(report.diagnostics, fingerprints(report.diagnostics), strict=True)
    ]
    return json_dumps(issues)
