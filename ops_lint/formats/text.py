"""Human output: ``path:line:col: severity CODE rule: message`` plus an indented hint.

Paths are relative to the working directory, findings in the order of those paths.

Hints are grouped: a hint is printed once per rule and text, at the first finding that
has it, with the number of findings it covers when that is more than one ("hint (148
findings with this hint): ..."); later findings of the same rule with the same hint get
none (the first run after ``ops-lint init`` has a hundred placeholders, each with the same
advice), and the summary says how many were left out. The summary counts the files with
findings and the files checked apart: "in 1 file (2 files checked)".

``TextOptions`` (``ops-lint check`` options): ``quiet`` prints the findings only (no
hints, no summary); ``statistics`` adds the count of findings per code after them, most
frequent first (as ruff does); ``colour`` styles severity, code and path for a terminal
(``ops_lint.colour``).

What a doc or a file name supplies is shown with ``escape.visible``: an ESC, CR or bidi
override in a name cannot rewrite the terminal, and a byte that is not UTF-8 shows as ``\\xff``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ops_lint.colour import Palette
from ops_lint.escape import visible, visible_path
from ops_lint.formats import RenderContext, summary
from ops_lint.formats.locations import shown_order
from ops_lint.results import Report


@dataclass(frozen=True, slots=True)
class TextOptions:
    quiet: bool = False  # findings only: no hints, no summary
    statistics: bool = False  # counts per code after the findings
    colour: bool = False  # SGR styles for a terminal


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(report: Report, context: RenderContext) -> str:
    return render_text(report, context, TextOptions())


def statistics(report: Report, paint: Palette | None = None) -> list[str]:
    """One line per code: count, code, rule name and severity, most frequent first."""
    paint = paint or Palette()
    counts = Counter((d.code, d.rule, str(d.severity)) for d in report.diagnostics)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(n)) for n in counts.values()), default=1)
    return [
        f"{n:>{width}}  {paint.code(visible(code))}  {visible(rule)} ({paint.severity(sev)})"
        for (code, rule, sev), n in ordered
    ]


def _findings(report: Report, context: RenderContext, options: TextOptions) -> list[str]:
    paint = Palette(options.colour)
    lines: list[str] = []
    sharing = Counter((d.code, d.hint) for d in report.diagnostics if d.hint)
    shown: set[tuple[str, str]] = set()
    for path, d in shown_order(report.diagnostics, context):
        where = f"{paint.path(visible_path(path))}:{d.line}:{d.column}"
        text = f"{paint.code(visible(d.code))} {visible(f'{d.rule}: {d.message}')}"
        lines.append(f"{where}: {paint.severity(str(d.severity))} {text}")
        if options.quiet or not d.hint or (d.code, d.hint) in shown:
            continue
        shown.add((d.code, d.hint))
        many = sharing[(d.code, d.hint)]
        label = f"hint ({many} findings with this hint)" if many > 1 else "hint"
        lines.append(f"    {paint.faint(label + ':')} {visible(d.hint)}")
    return lines


def render_text(report: Report, context: RenderContext, options: TextOptions) -> str:
    lines = _findings(report, context, options)
    if options.statistics and report.diagnostics:
        lines += statistics(report, Palette(options.colour))
    if options.quiet:
        return "".join(f"{line}\n" for line in lines)
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
        hinted = sum(1 for d in report.diagnostics if d.hint)
        repeated = hinted - len({(d.code, d.hint) for d in report.diagnostics if d.hint})
        if repeated:
            lines.append(
                f"{_plural(repeated, 'repeated hint')} not shown: each hint is printed once, "
                "at the first finding of its rule, with the number of findings it covers."
            )
    else:
        lines.append(f"All checks passed: {_plural(counts['files'], 'file')}, no findings{waived}.")
    return "\n".join(lines) + "\n"
