"""Adoption figures: ``ops-lint check`` on an existing repository with an adoption config.

Run from the project root::

    .venv/bin/python -m bench.adoption REPO_DIR CONFIG [--as-of 2026-12-02]
    .venv/bin/python -m bench.adoption /tmp/runbooks examples/openshift-runbooks/.ops-lint.yaml

``REPO_DIR`` is a git checkout; it is left untouched: the script clones it into a temporary
folder (history included, for the freshness rules), copies ``CONFIG`` and the files next
to it whose names start with ``.ops-lint`` (a team roster) to the clone's root, runs
``ops-lint check --format json --exit-zero --no-cache`` there and prints the findings by
code, how many of each are *structural*, and the structural share overall.

A finding is **structural** when the information the rule asks for is in the doc, in a
shape the config does not make ops-lint read; everything else counts as a real finding
(the information is missing, empty, or a policy such as the review cycle is not met).
The classification is by rule, from the finding and the doc's text:

- OPS003 (required section): structural when the doc is a pointer to another page (at
  most three lines after its H1, one of them a link or a Hugo ``ref``), or when any
  section the finding lists as missing has its name (its first six letters, so
  "Mitigating" counts for "Mitigation") as a heading, a bold label, a table cell, a
  ``<summary>`` or a ``Name:`` line start. An *empty* section is real. Counting a
  finding as structural when only one of its sections is found leans towards structural.
- OPS301 (trigger): structural when the doc has an H1 of one word or identifier (an alert
  name ops-lint does not take as one, such as ``Watchdog``); real otherwise.
- OPS302 (owner missing) and OPS002 "has no front-matter": structural (the repository keeps
  the owner and title elsewhere, and the config should point at it).
- Every other code (placeholders, links, freshness, knowledge concentration, approvers):
  real; the rule read what it needs.

Reviewed by hand on both example repositories (every OPS003 and OPS301 finding), a
reader and the script agree on the openshift/runbooks count and on the prometheus-operator
total, but differ on two of its docs: ``KubeAPIErrorBudgetBurn`` keeps its meaning and
steps under "Full context" and "Runbook" (a reader: structural; the script: real), and
``PrometheusOutOfOrderTimestamps`` is one link to a blog post (a reader: real, the
runbook has no content of its own; the script: a pointer, structural).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

STEM = 6  # letters of a section name that identify it in another shape
_QUOTED = re.compile(r"'([^']+)'")
_FENCE = re.compile(r"^\s*(```|~~~)")


def prose_lines(text: str) -> list[str]:
    """The doc's lines outside fenced code blocks."""
    lines, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def is_pointer(lines: list[str]) -> bool:
    """A page whose body (after the H1) is a short pointer to another page."""
    body = [ln for ln in lines if ln.strip() and not ln.startswith("# ")]
    if lines and lines[0].strip() == "---":  # front-matter
        end = next((i for i, ln in enumerate(lines[1:], 1) if ln.strip() == "---"), 0)
        body = [ln for ln in lines[end + 1 :] if ln.strip() and not ln.startswith("# ")]
    return 0 < len(body) <= 3 and any("](" in ln or "ref " in ln for ln in body)


def shaped(name: str, lines: list[str]) -> bool:
    """``name`` appears as a heading, bold label, table cell, summary or ``Name:`` line."""
    stem = re.escape(name[:STEM].lower())
    shapes = re.compile(
        rf"^\s*(#+\s*|\*\*|\|\s*|<summary>\s*)?{stem}|\|\s*{stem}|^\s*{stem}\w*\s*:", re.I
    )
    return any(shapes.search(ln) for ln in lines)


def structural(finding: dict[str, Any], root: Path) -> bool:
    """Whether the finding asks for information the doc holds in another shape."""
    code, message = finding["code"], finding["message"]
    if code in ("OPS002", "OPS302"):
        return code == "OPS302" or "no front-matter" in message
    if code not in ("OPS003", "OPS301"):
        return False
    lines = prose_lines((root / finding["path"]).read_text(encoding="utf-8", errors="replace"))
    if code == "OPS301":
        h1 = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), "")
        return bool(re.fullmatch(r"[A-Za-z][\w-]*", h1))
    if "is empty" in message:
        return False
    return is_pointer(lines) or any(shaped(n, lines) for n in _QUOTED.findall(message))


def run_check(repo: Path, config: Path, as_of: str | None) -> tuple[list[dict[str, Any]], Path]:
    """Clone ``repo``, add the config, run ``ops-lint check``; the findings and the clone."""
    work = Path(tempfile.mkdtemp(prefix="ops-lint-adoption-"))
    clone = work / "repo"
    subprocess.run(["git", "clone", "--quiet", str(repo), str(clone)], check=True)
    for extra in config.parent.glob(".ops-lint*"):
        if extra.is_file():
            shutil.copy(extra, clone / extra.name)
    shutil.copy(config, clone / ".ops-lint.yaml")
    cmd = [sys.executable, "-m", "ops_lint", "check", "--format", "json", "--exit-zero"]
    cmd += ["--no-cache", *(["--as-of", as_of] if as_of else [])]
    done = subprocess.run(cmd, cwd=clone, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"ops-lint check failed ({done.returncode}): {done.stderr.strip()}")
    return list(json.loads(done.stdout)["diagnostics"]), clone


def commit_of(repo: Path) -> str:
    """The commit the checkout is at."""
    out = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True)
    return out.stdout.decode().strip()


def report(findings: list[dict[str, Any]], clone: Path) -> str:
    """Findings by code, structural ones by code, and the structural share."""
    total, shaped_ = Counter[str](), Counter[str]()
    for finding in findings:
        total[finding["code"]] += 1
        shaped_[finding["code"]] += structural(finding, clone)
    rows = [f"  {code}  {total[code]:5d}  structural {shaped_[code]:4d}" for code in sorted(total)]
    count, share = sum(shaped_.values()), sum(shaped_.values()) / max(1, len(findings))
    docs = len({f["path"] for f in findings})
    rows.append(
        f"  total   {len(findings):5d}  structural {count:4d}  ({share:.1%}) in {docs} docs"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Print the adoption figures for one repository and config."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path, help="a git checkout of the repository")
    parser.add_argument("config", type=Path, help="the .ops-lint.yaml to adopt it with")
    parser.add_argument("--as-of", help="date the freshness rules judge by (default: today)")
    args = parser.parse_args(argv)
    findings, clone = run_check(args.repo.resolve(), args.config.resolve(), args.as_of)
    try:
        print(f"{args.repo} at {commit_of(args.repo)[:12]} with {args.config}")
        print(report(findings, clone))
    finally:
        shutil.rmtree(clone.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
