"""Human output: ``path:line:col: severity CODE rule: message`` plus an indented hint.

What a doc or a file name supplies is shown with ``escape.visible``: an ESC, CR or bidi
override in a name cannot rewrite the terminal, and a byte that is not UTF-8 shows as ``\\xff``.
"""

from __future__ import annotations

from typing import Any

from ops_lint.engine import Report
from ops_lint.escape import visible, visible_path
from ops_lint.formats import summary


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(report: Report, info: dict[str, Any]) -> str:
    lines: list[str] = []
    for d in report.diagnostics:
        where = f"{visible_path(d.path)}:{d.line}:{d.column}"
        lines.append(f"{where}: {d.severity} {visible(f'{d.code} {d.rule}: {d.message}')}")
        if d.hint:
            lines.append(f"    hint: {visible(d.hint)}")
    counts = summary(report)
    waived = f", {len(report.waived)} suppressed" if report.waived else ""
    if report.baselined:
        waived += f", {len(report.baselined)} baselined"
    if report.diagnostics:
        parts = [
            _plural(counts[k + "s"], k) for k in ("error", "warning", "info") if counts[k + "s"]
        ]
        found = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
        lines.append(f"Found {found} in {_plural(counts['files'], 'file')}{waived}.")
    else:
        lines.append(f"All checks passed: {_plural(counts['files'], 'file')}, no findings{waived}.")
    return "\n".join(lines) + "\n"
