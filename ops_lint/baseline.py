"""Adopting ops-lint on an existing repository: a baseline of accepted findings.

Findings recorded in the baseline are reported as baselined and do not fail the run;
new findings do. A finding is matched by code, path and a fingerprint of the offending
content, never by line number, so an edit elsewhere in the file does not resurrect it.
The path is the finding's, relative to the project root (``Diagnostic.path``), never to
the working directory: a baseline written at the root matches a run from any subfolder, and
one written from a subfolder is the same file.
``--update-baseline`` rewrites the file from the current findings (fixed ones are pruned).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ops_lint import __version__
from ops_lint.diagnostic import Diagnostic, fingerprints
from ops_lint.errors import UsageError
from ops_lint.escape import json_dumps

VERSION = 1
KEYS = ("code", "path", "fingerprint")


def _keys(diagnostics: list[Diagnostic]) -> list[tuple[str, str, str]]:
    return [
        (d.code, d.path, fp) for d, fp in zip(diagnostics, fingerprints(diagnostics), strict=True)
    ]


def load(path: str) -> Counter[tuple[str, str, str]]:
    """The accepted findings of the baseline file ``path`` (named on the command line: it
    may be outside the project, but it is read capped and checked for shape)."""
    from ops_lint.report_io import read_json

    try:
        data = read_json(path, "baseline")
    except FileNotFoundError:
        raise UsageError(f"{path}: baseline not found (create it with --update-baseline)") from None
    if not isinstance(data, dict) or not _is_version(data.get("version")):
        raise UsageError(f"{path}: not an ops-lint baseline (version {VERSION})")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise UsageError(f"{path}: malformed baseline: 'findings' is not a list")
    accepted: Counter[tuple[str, str, str]] = Counter()
    for i, entry in enumerate(findings):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in KEYS):
            raise UsageError(
                f"{path}: malformed baseline entry findings[{i}]: needs the strings "
                + ", ".join(KEYS)
            )
        accepted[(entry["code"], entry["path"], entry["fingerprint"])] += 1
    return accepted


def _is_version(value: object) -> bool:
    return type(value) is int and value == VERSION  # not True, not 1.0


def split(
    diagnostics: list[Diagnostic], accepted: Counter[tuple[str, str, str]]
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(new findings, baselined findings)."""
    remaining = Counter(accepted)
    new: list[Diagnostic] = []
    known: list[Diagnostic] = []
    for diag, key in zip(diagnostics, _keys(diagnostics), strict=True):
        if remaining[key] > 0:
            remaining[key] -= 1
            known.append(diag)
        else:
            new.append(diag)
    return new, known


def dump(diagnostics: list[Diagnostic]) -> str:
    findings: list[dict[str, Any]] = [
        {"code": code, "path": path, "fingerprint": fp, "line": d.line, "message": d.message}
        for d, (code, path, fp) in zip(diagnostics, _keys(diagnostics), strict=True)
    ]
    data = {
        "version": VERSION,
        "tool": {"name": "ops-lint", "version": __version__},
        "findings": findings,
    }
    return json_dumps(data)
