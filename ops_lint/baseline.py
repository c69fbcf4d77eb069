"""Adopting ops-lint on an existing repository: a baseline of accepted findings.

Findings recorded in the baseline are reported as baselined and do not fail the run;
new findings do. A finding is matched by code, path and a fingerprint of the offending
content, never by line number, so an edit elsewhere in the file does not resurrect it.
``--update-baseline`` rewrites the file from the current findings (fixed ones are pruned).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ops_lint import __version__
from ops_lint.diagnostic import Diagnostic, fingerprints
from ops_lint.errors import UsageError

VERSION = 1


def _keys(diagnostics: list[Diagnostic]) -> list[tuple[str, str, str]]:
    return [
        (d.code, d.path, fp) for d, fp in zip(diagnostics, fingerprints(diagnostics), strict=True)
    ]


def load(path: Path) -> Counter[tuple[str, str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: baseline not found (create it with --update-baseline)") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: cannot read baseline: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise UsageError(f"{path}: not an ops-lint baseline (version {VERSION})")
    try:
        return Counter((f["code"], f["path"], f["fingerprint"]) for f in data["findings"])
    except (KeyError, TypeError):
        raise UsageError(f"{path}: malformed baseline entry") from None


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
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
