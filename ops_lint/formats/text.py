"""Human output: ``path:line:col: severity CODE rule: message`` plus an indented hint.

Paths are relative to the working directory, findings in the order of those paths.

A hint is printed once per rule and text: a later finding of the same rule with the same
hint gets none (the first run after ``ops-lint init`` has a hundred placeholders, each
with the same advice), and the summary says how many were left out. The summary counts
the files with findings and the files checked apart: "in 1 file (2 files checked)".

What a doc or a file name supplies is shown with ``escape.visible``: an ESC, CR or bidi
override in a name cannot rewrite the terminal, and a byte that is not UTF-8 shows as ``\\xff``.
"""

from __future__ import annotations

from ops_lint.engine import Report
from ops_lint.escape import visible, visible_path
from ops_lint.formats import RenderContext, summary
from ops_lint.formats.locations import shown_order


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(report: Report, context: RenderContext) -> str:
    lines: list[str] = []
    shown: set[tuple[str, str]] = set()
    repeated = 0
    for path, d in shown_order(report.diagnostics, context):
        where = f"{visible_path(path)}:{d.line}:{d.column}"
        lines.append(f"{where}: {d.severity} {visible(f'{d.code} {d.rule}: {d.message}')}")
        if d.hint and (d.code, d.hint) in shown:
            repeated += 1
        elif d.hint:
            shown.add((d.code, d.hint))
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
        with_findings = len({d.path for d in report.diagnostics})
        checked = _plural(counts["files"], "file")
        lines.append(
            f"Found {found} in {_plural(with_findings, 'file')} ({checked} checked){waived}."
        )
        if repeated:
            lines.append(
                f"{_plural(repeated, 'repeated hint')} not shown: each hint is printed at the "
                "first finding of its rule."
            )
    else:
        lines.append(f"All checks passed: {_plural(counts['files'], 'file')}, no findings{waived}.")
    return "\n".join(lines) + "\n"
