"""JUnit XML: one test case per (rule, doc) evaluated, so CI shows a compliance test count.

A case fails when it has findings at or above ``--fail-on``; findings below it are listed
in ``system-out``; a case whose findings were all suppressed is skipped (waived). Texts from
docs and file names are shown with ``escape.visible``, so the XML holds no control character.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from ops_lint.diagnostic import Severity
from ops_lint.escape import visible, visible_path
from ops_lint.formats import RenderContext
from ops_lint.formats.locations import shown_path
from ops_lint.results import Evaluation, Report

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can carry (a last guard: the parts were already made visible)."""
    return _NOT_XML.sub("\ufffd", text)


def _case(
    parent: ET.Element, ev: Evaluation, rule_name: str, floor: Severity, context: RenderContext
) -> tuple[int, int]:
    classname = _xml(visible(f"{ev.code}.{rule_name}"))
    name = _xml(visible_path(shown_path(ev.path, context)))
    case = ET.SubElement(parent, "testcase", classname=classname, name=name)
    failing = [d for d in ev.findings if d.severity >= floor]
    shown = _xml(
        "\n".join(
            f"{visible_path(shown_path(d.path, context))}:{d.line}:{d.column}: "
            f"{d.severity} {visible(d.code)} "
            + visible(d.message)
            + (f"\n    hint: {visible(d.hint)}" if d.hint else "")
            for d in ev.findings
        )
    )
    if failing:
        failure = ET.SubElement(
            case,
            "failure",
            message=_xml(visible(failing[0].message)),
            type=str(failing[0].severity),
        )
        failure.text = shown
        return 1, 0
    if ev.findings:
        ET.SubElement(case, "system-out").text = shown
    elif ev.waived:
        ET.SubElement(case, "skipped", message=f"{ev.waived} finding(s) waived by suppression")
        return 0, 1
    return 0, 0


def render(report: Report, context: RenderContext) -> str:
    floor = Severity.parse(context.fail_on)
    names = {r.code: r.name for r in report.rules}
    by_rule: dict[str, list[Evaluation]] = defaultdict(list)
    for ev in report.evaluations:
        by_rule[ev.code].append(ev)
    root = ET.Element("testsuites", name="ops-lint")
    total = failures = skipped = 0
    for code in sorted(by_rule):
        suite_name = visible(f"{code} {names.get(code, '')}".strip())
        suite = ET.SubElement(root, "testsuite", name=_xml(suite_name))
        counts = [0, 0]
        cases = sorted(by_rule[code], key=lambda e: shown_path(e.path, context))
        for ev in cases:
            failed, skip = _case(suite, ev, names.get(code, code), floor, context)
            counts[0] += failed
            counts[1] += skip
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(counts[0]))
        suite.set("skipped", str(counts[1]))
        suite.set("errors", "0")
        total, failures, skipped = total + len(cases), failures + counts[0], skipped + counts[1]
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("skipped", str(skipped))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
