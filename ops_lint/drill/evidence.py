"""The evidence of a drill: a transcript per runbook (JSON) and a JUnit XML report.

The transcript ``<runbook-stem>.json`` holds the runbook's path, when the drill started
and finished (UTC, ISO 8601), the sandbox (``bwrap`` or ``none``), the verdict
(``passed``, ``failed`` or ``error``) and its reason, and per block: phase, line, text,
exit, expected exit, stdout and stderr (at most 64 KiB each, with the count of bytes
left out), duration in milliseconds, the stub calls (command, argv, rule, exit), each
expectation with whether it was met, and the block's verdict (``passed``, ``failed``,
``skipped``) and reason.

The JUnit report has one ``testsuite`` per runbook and one ``testcase`` per block; a
failed block is a ``failure`` whose message is the reason, a runbook that could not be
drilled (static error) one ``error`` test case.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ops_lint.drill.runner import BlockResult, DrillResult

VERSION = 1


def _block(result: BlockResult) -> dict[str, Any]:
    ran, block = result.ran, result.block
    return {
        "phase": block.phase,
        "line": block.line,
        "text": block.text,
        "exit": ran.exit if ran else None,
        "expected": block.expect.exit,
        "timeout": block.expect.timeout,
        "timed_out": ran.timed_out if ran else False,
        "stdout": ran.stdout if ran else "",
        "stderr": ran.stderr if ran else "",
        "stdout_bytes_left_out": ran.stdout_dropped if ran else 0,
        "stderr_bytes_left_out": ran.stderr_dropped if ran else 0,
        "duration_ms": ran.duration_ms if ran else 0,
        "stub_calls": list(result.stub_calls),
        "expectations": list(result.expectations),
        "verdict": result.verdict,
        "reason": result.reason,
    }


def transcript(result: DrillResult) -> dict[str, Any]:
    """The transcript of one runbook's drill, as JSON data."""
    return {
        "version": VERSION,
        "runbook": result.path,
        "started": result.started.isoformat().replace("+00:00", "Z"),
        "finished": result.finished.isoformat().replace("+00:00", "Z"),
        "sandbox": result.sandbox,
        "verdict": result.verdict,
        "reason": result.reason,
        "blocks": [_block(b) for b in result.blocks],
    }


def transcript_names(results: Sequence[DrillResult]) -> list[str]:
    """A file name per result: ``<runbook-stem>.json``, numbered when stems repeat."""
    names: list[str] = []
    for result in results:
        stem = Path(result.path).stem or "runbook"
        name, number = f"{stem}.json", 2
        while name in names:
            name, number = f"{stem}-{number}.json", number + 1
        names.append(name)
    return names


def write_transcripts(results: Sequence[DrillResult], folder: Path) -> list[Path]:
    """Write every transcript into ``folder`` (created); their paths, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for result, name in zip(results, transcript_names(results), strict=True):
        path = folder / name
        text = json.dumps(transcript(result), indent=2, ensure_ascii=False) + "\n"
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        paths.append(path)
    return paths


def _seconds(result: DrillResult) -> str:
    return f"{(result.finished - result.started).total_seconds():.3f}"


def _suite(result: DrillResult) -> ET.Element:
    suite = ET.Element("testsuite", name=result.path, timestamp=result.started.isoformat())
    cases = 0
    failures = errors = skipped = 0
    if result.verdict == "error":
        case = ET.SubElement(suite, "testcase", classname=result.path, name="static checks")
        ET.SubElement(case, "error", message=result.reason).text = result.reason
        cases, errors = 1, 1
    for item in result.blocks:
        name = f"{item.block.phase} block at line {item.block.line}"
        ms = item.ran.duration_ms if item.ran else 0
        case = ET.SubElement(
            suite, "testcase", classname=result.path, name=name, time=f"{ms / 1000:.3f}"
        )
        cases += 1
        if item.verdict == "failed":
            failures += 1
            ET.SubElement(case, "failure", message=item.reason).text = item.reason
        elif item.verdict == "skipped":
            skipped += 1
            ET.SubElement(case, "skipped", message=item.reason)
        if item.ran is not None:
            ET.SubElement(case, "system-out").text = item.ran.stdout
            ET.SubElement(case, "system-err").text = item.ran.stderr
    suite.set("tests", str(cases))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    suite.set("time", _seconds(result))
    return suite


def _printable(text: str) -> str:
    """XML 1.0 cannot hold most control characters: they are shown as ``\\xNN``."""
    return "".join(
        c if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff") else f"\\x{ord(c):02x}"
        for c in text
    )


def junit(results: Sequence[DrillResult]) -> str:
    """The JUnit XML report of a drill run."""
    root = ET.Element("testsuites", name="ops-lint drill")
    for result in results:
        root.append(_suite(result))
    for element in root.iter():
        if element.text:
            element.text = _printable(element.text)
        for key, value in element.attrib.items():
            element.set(key, _printable(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
