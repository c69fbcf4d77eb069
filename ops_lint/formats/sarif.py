"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Rules carry id, name, descriptions, help text and default level; results carry the
rule, level, message, a physical location relative to the top of the git repository
(``%SRCROOT%``, the path %-encoded as an RFC 3986 reference) and ``partialFingerprints``
that do not depend on line numbers. Both come from the finding's project-relative path,
so they are the same whatever the working directory. ``%SRCROOT%`` is the repository
root, not the project root, because GitHub code scanning resolves a location from the
repository root: a project in a subfolder gets its folder in every uri. Texts are shown
with ``escape.visible``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ops_lint import __version__
from ops_lint.diagnostic import fingerprints
from ops_lint.escape import json_dumps, uri_path, visible
from ops_lint.formats import RenderContext
from ops_lint.formats.locations import project_root, repo_path, repository_root
from ops_lint.results import Report

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "opsLint/v1"


def _rule(rule: Any) -> dict[str, Any]:
    docs = visible((rule.docs.strip() + "\n\n" if rule.docs else "") + rule.kind.doc, lines=True)
    return {
        "id": visible(rule.code),
        "name": visible(rule.name),
        "shortDescription": {"text": visible(rule.summary)},
        "fullDescription": {"text": visible(rule.summary)},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": _LEVEL[str(rule.severity)]},
        "properties": {"tags": ["compliance", "documentation"]},
    }


def _sentence(text: str) -> str:
    """``text`` ending as a sentence, so that the message and the hint after it read as two."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?" else text + "."


def to_sarif(report: Report, context: RenderContext) -> dict[str, Any]:
    index = {r.code: i for i, r in enumerate(report.rules)}
    results = []
    for d, fp in zip(report.diagnostics, fingerprints(report.diagnostics), strict=True):
        text = visible(_sentence(d.message) + (f" Hint: {_sentence(d.hint)}" if d.hint else ""))
        results.append(
            {
                "ruleId": visible(d.code),
                "ruleIndex": index.get(d.code, -1),
                "level": _LEVEL[str(d.severity)],
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": uri_path(repo_path(d, context)),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": {"startLine": d.line, "startColumn": d.column},
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT_KEY: fp},
            }
        )
    root = Path(repository_root(project_root(context))).as_uri() + "/"
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ops-lint",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/ops-lint/",
                        "rules": [_rule(r) for r in report.rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def render(report: Report, context: RenderContext) -> str:
    return json_dumps(to_sarif(report, context))
