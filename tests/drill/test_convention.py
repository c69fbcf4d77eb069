"""The drill convention: drill blocks, phases, expectations and front-matter ``drill:``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ops_lint.document import build
from ops_lint.drill import DrillError
from ops_lint.drill.convention import (
    DrillPlan,
    Expectation,
    drill_phase,
    drill_plan,
    expectation,
    has_drill_blocks,
)
from ops_lint.model import Document
from ops_lint.shell_blocks import shell_blocks

RUNBOOK = """\
---
type: runbook
drill:
  platform: ../drills/platform.yaml
  inputs:
    QUEUE: edi-route-dlq
    ACCT: "000000000000"
    COUNT: 3
    DRY: true
---
# Routing DLQ backlog

```bash drill=rollback
echo undo
```

1. Look at the queue:

   ```bash drill
   # expect-output: ApproximateNumberOfMessages
   # timeout: 20
   aws sqs get-queue-attributes --queue-url "$QUEUE"
   ```

```bash drill=verify
# expect: exit 3
# expect-output: visible=0
# expect-no-output: ERROR
# expect-no-output: Traceback
echo visible=0
# expect: exit 9
```

```bash
echo not a drill
```

```bash drill
echo second main
```
"""


def doc_at(tmp_path: Path, text: str, rel: str = "ops-docs/runbooks/r.md") -> Document:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return build(rel, str(path), text)


def plan_of(tmp_path: Path, text: str, default: str | None = None) -> DrillPlan:
    return drill_plan(doc_at(tmp_path, text), default)


@pytest.mark.parametrize(
    ("info", "phase"),
    [
        ("bash drill", "main"),
        ("bash drill=rollback", "rollback"),
        ("sh drill=verify", "verify"),
        ("{.bash drill}", "main"),
        ("BASH Drill", "main"),
        ("bash drill=rolback", "rolback"),  # an unknown phase: drill_plan refuses it
        ("bash", None),
        ("bash title=drill", None),
        ("text drill", None),
        ("zsh drill", None),
        ("", None),
    ],
)
def test_drill_phase(info: str, phase: str | None) -> None:
    assert drill_phase(info) == phase


def test_plan_orders_phases_and_reads_expectations(tmp_path: Path) -> None:
    plan = plan_of(tmp_path, RUNBOOK)
    assert plan.path == "ops-docs/runbooks/r.md"
    assert [(b.phase, b.line) for b in plan.blocks] == [
        ("main", 20),
        ("main", 39),
        ("verify", 26),
        ("rollback", 14),
    ]
    lines = RUNBOOK.split("\n")
    for block in plan.blocks:  # the first content line, de-indented in a list item
        assert lines[block.line - 1].strip() == block.text.split("\n")[0].strip()
    first = plan.blocks[0]
    assert first.text.startswith("# expect-output: ApproximateNumberOfMessages\n")
    assert first.expect == Expectation(0, ("ApproximateNumberOfMessages",), (), 20.0)
    verify = plan.blocks[2].expect
    assert verify == Expectation(3, ("visible=0",), ("ERROR", "Traceback"), 30.0)
    assert plan.blocks[3].expect == Expectation()
    assert plan.inputs == {
        "QUEUE": "edi-route-dlq",
        "ACCT": "000000000000",
        "COUNT": "3",
        "DRY": "true",
    }
    assert plan.platforms == (str(tmp_path / "ops-docs/drills/platform.yaml"),)


def test_drill_blocks_stay_bash_blocks_for_the_shell_rules(tmp_path: Path) -> None:
    doc = doc_at(tmp_path, RUNBOOK)
    assert has_drill_blocks(doc)
    languages = [(b.language, b.fence) for b in shell_blocks(doc)]
    assert languages == [("bash", 13), ("bash", 19), ("bash", 25), ("bash", 34), ("bash", 38)]


@pytest.mark.parametrize(
    ("front", "default", "expected"),
    [
        ("", None, ()),
        ("", "/x/ops-docs/drills/platform.yaml", ("/x/ops-docs/drills/platform.yaml",)),
        ("drill:\n  platform: a.yaml\n", "/x/d.yaml", ("ops-docs/runbooks/a.yaml",)),
        (
            "drill:\n  platform: [../drills/a.yaml, ../drills/b.yaml]\n",
            None,
            ("ops-docs/drills/a.yaml", "ops-docs/drills/b.yaml"),
        ),
    ],
)
def test_platforms(
    tmp_path: Path, front: str, default: str | None, expected: tuple[str, ...]
) -> None:
    text = f"---\ntype: runbook\n{front}---\n# T\n\n```bash drill\necho hi\n```\n"
    found = plan_of(tmp_path, text, default).platforms
    assert found == tuple(p if p.startswith("/") else str(tmp_path / p) for p in expected)


def test_no_drill_blocks_is_an_empty_plan(tmp_path: Path) -> None:
    doc = doc_at(tmp_path, "---\ntype: runbook\n---\n# T\n\n```bash\necho hi\n```\n")
    assert not has_drill_blocks(doc)
    assert drill_plan(doc, None).blocks == ()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("# expect: exit zero\n", "line 7: # expect: 'exit zero' is not 'exit N'"),
        ("# expect-ouput: x\n", "line 7: # expect-ouput: unknown expectation"),
        ("# expect-output:\n", "line 7: # expect-output: needs the text"),
        ("\n# timeout: 301\n", "line 8: # timeout: '301' is not a number of seconds"),
        ("# timeout: soon\n", "line 7: # timeout: 'soon' is not a number"),
    ],
)
def test_bad_expectations(tmp_path: Path, text: str, problem: str) -> None:
    runbook = f"---\ntype: runbook\n---\n# T\n\n```bash drill\n{text}echo hi\n```\n"
    with pytest.raises(DrillError) as raised:
        plan_of(tmp_path, runbook)
    assert str(raised.value).startswith(problem), str(raised.value)


@pytest.mark.parametrize(
    ("front", "info", "problem"),
    [
        ("drill: yes\n", "bash drill", "line 3: front-matter 'drill' must be a mapping"),
        ("drill:\n  inputs: [A]\n", "bash drill", "line 4: drill.inputs must be a mapping"),
        ("drill:\n  inputs: {1A: x}\n", "bash drill", "is not a shell name"),
        ("drill:\n  inputs: {A: [1]}\n", "bash drill", "drill.inputs.A must be a single value"),
        ("drill:\n  platform: 5\n", "bash drill", "drill.platform must be a path"),
        ("", "bash drill=rolback", "line 6: unknown drill phase 'rolback'"),
    ],
)
def test_bad_settings(tmp_path: Path, front: str, info: str, problem: str) -> None:
    runbook = f"---\ntype: runbook\n{front}---\n# T\n\n```{info}\necho hi\n```\n"
    with pytest.raises(DrillError, match=problem.replace("[", r"\[").replace("'", "'")):
        plan_of(tmp_path, runbook)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#!/bin/bash\n# Expected: the queue drains\n# expect: exit 1\necho\n", Expectation(1)),
        ("echo first\n# expect: exit 1\n", Expectation()),
        ("  # expect-output:   spaced out  \n", Expectation(output=("spaced out",))),
        ("# timeout: 2.5s\n", Expectation(timeout=2.5)),
        ("# EXPECT: EXIT -1\n", Expectation(-1)),
    ],
)
def test_expectation_lines(text: str, expected: Expectation) -> None:
    assert expectation(text, 1) == expected


def test_shell_rules_read_drill_blocks(tmp_path: Path, ops_lint: Any) -> None:
    doc_at(
        tmp_path,
        "---\ntype: runbook\ninputs: {QUEUE: the queue}\ndrill:\n  inputs: {QUEUE: q}\n---\n"
        "# T\n\n"
        '```bash drill\n# expect: exit 0\necho "$QUEUE $ACCT"\n```\n\n'
        "```bash drill=rollback\nif true; then\n```\n",
    )
    (tmp_path / ".ops-lint.yaml").write_text("docs: [ops-docs]\nselect: [OPS707, OPS708]\n")
    run = ops_lint(tmp_path, "check", "--format", "json", "--as-of", "2026-11-27")
    found = sorted((d["code"], d["line"], d["message"][:39]) for d in run.json()["diagnostics"])
    assert found == [
        ("OPS707", 11, "variable $ACCT is used in the bash bloc"),
        ("OPS708", 15, "bash -n: syntax error: unexpected end o"),
    ]
