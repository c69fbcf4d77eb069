"""What ``ops-lint drill`` checks before anything runs: commands, variables, syntax."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ops_lint.checks.shell_variables import KNOWN
from ops_lint.document import build
from ops_lint.drill.convention import drill_plan
from ops_lint.drill.platform import load_platform
from ops_lint.drill.static import BASE_COMMANDS, commands_of, static_problems

SPEC = """\
commands:
  aws:
    - match: ["sqs", "**"]
      stdout: "{}"
  kubectl:
    - match: ["**"]
"""


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("aws sqs list-queues | jq -r .QueueUrls[]", [(0, "aws"), (0, "jq")]),
        (
            "X=1 Y=2 kubectl get pods && echo ok || exit 1",
            [(0, "kubectl"), (0, "echo"), (0, "exit")],
        ),
        ('N=$(aws sqs get --x "$(date +%s)")', [(0, "aws"), (0, "date")]),
        (
            "echo `hostname`; diff <(psql -c x) f",
            [(0, "echo"), (0, "hostname"), (0, "diff"), (0, "psql")],
        ),
        ("sudo -u postgres psql -c 'select 1'", [(0, "psql")]),
        ("command aws s3 ls; exec kubectl logs x", [(0, "aws"), (0, "kubectl")]),
        ("if command -v psql >/dev/null; then :; fi", [(0, ":")]),
        ("env -i A=1 helm list; timeout -s KILL 10 curl -s x", [(0, "helm"), (0, "curl")]),
        ("nohup time nice -n 5 redis-cli ping", [(0, "redis-cli")]),
        (
            "xargs -n1 -I{} kubectl delete pod {} < pods.txt; xargs < f",
            [(0, "kubectl"), (0, "xargs")],
        ),
        (
            'for q in $(cat queues); do\n  aws sqs purge-queue --queue-url "$q"\ndone',
            [(0, "cat"), (1, "aws")],
        ),
        ('while read -r line; do echo "$line"; done < f', [(0, "read"), (0, "echo")]),
        ('drain() {\n  kubectl drain "$1"\n}\ndrain node-1', [(1, "kubectl")]),
        ("function up { helm upgrade x; }\nup", [(0, "helm")]),
        ("function down() {\n  helm rollback x\n}\ndown", [(1, "helm")]),
        (
            'case "$1" in\n  start|go) systemctl start x ;;\n  *) echo no ;;\nesac\nls',
            [(1, "systemctl"), (2, "echo"), (4, "ls")],
        ),
        ("# aws in a comment\necho 'psql in quotes' > out.txt", [(1, "echo")]),
        (
            '(( n = 1 + 2 )); [[ -n $n ]] && "$CMD" x; /usr/bin/aws s3 ls',
            [(0, "[["), (0, "$CMD"), (0, "/usr/bin/aws")],
        ),
        ("cat <<'EOF'\npsql -c x\nEOF\n\\curl x", [(0, "cat"), (3, "curl")]),
    ],
)
def test_commands_of(script: str, expected: list[tuple[int, str]]) -> None:
    assert commands_of(script) == expected


def test_base_commands() -> None:
    assert {
        "echo",
        "printf",
        "grep",
        "sed",
        "awk",
        "jq",
        "date",
        "sleep",
        "read",
        "[",
    } <= BASE_COMMANDS
    assert not {"aws", "kubectl", "curl", "psql", "bash", "sh", "python3", "ssh"} & BASE_COMMANDS


def problems_of(
    tmp_path: Path,
    body: str,
    front: str = "",
    spec: str | None = SPEC,
    known: tuple[str, ...] = KNOWN,
) -> list[str]:
    rel = "ops-docs/runbooks/r.md"
    text = f"---\ntype: runbook\ndrill:\n  platform: ../drills/p.yaml\n{front}---\n# R\n\n{body}"
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if spec is not None:
        (tmp_path / "ops-docs/drills").mkdir(parents=True, exist_ok=True)
        (tmp_path / "ops-docs/drills/p.yaml").write_text(spec, encoding="utf-8")
    doc = build(rel, str(path), text)
    plan = drill_plan(doc, None)
    platform = load_platform(plan.platforms, tmp_path) if spec is not None else None
    return static_problems(plan, doc, platform, known)


GOOD = """\
```bash drill
# expect-output: {}
Q=$(aws sqs get-queue-url --queue-name "$QUEUE")
echo "$Q" | jq .
```

```bash drill=rollback
kubectl -n edi-core rollout undo deploy/x
echo "$Q $ACCT"
```
"""


def test_a_clean_drill_has_no_problems(tmp_path: Path) -> None:
    front = "  inputs:\n    QUEUE: edi-route-dlq\n    ACCT: '000000000000'\n"
    assert problems_of(tmp_path, GOOD, front) == []


@pytest.mark.parametrize(
    ("body", "front", "expected"),
    [
        ("```bash\necho hi\n```\n", "", ["ops-docs/runbooks/r.md: no drill blocks: mark"]),
        (
            GOOD,
            "  inputs: {QUEUE: q}\n",
            ["line 17: variable $ACCT is used but no earlier drill block sets it"],
        ),
        (  # a rollback block runs after the main ones: its variables do not reach back
            '```bash drill=rollback\nR=1\n```\n\n```bash drill\necho "$R"\n```\n',
            "",
            ["line 13: variable $R is used but no earlier drill block sets it"],
        ),
        (
            "```bash drill\npsql -c 'select 1'\nredis-cli ping\npsql -c x\n```\n",
            "",
            [
                "line 9: `psql` has no stub in ops-docs/drills/p.yaml and is not a base command",
                "line 10: `redis-cli` has no stub in ops-docs/drills/p.yaml and is not a base",
            ],
        ),
        (
            "```bash drill\n/usr/local/bin/aws s3 ls\n```\n",
            "",
            ["line 9: `/usr/local/bin/aws` is called by its path"],
        ),
        (
            "```bash drill\nif true; then\n  echo x\n```\n",
            "",
            ["line 10: bash -n: syntax error: unexpected end of file"],
        ),
    ],
)
def test_problems(tmp_path: Path, body: str, front: str, expected: list[str]) -> None:
    found = problems_of(tmp_path, body, front)
    assert len(found) == len(expected), found
    for problem, start in zip(found, expected, strict=True):
        assert problem.startswith(start), problem


def test_shell_parameters_are_always_known(tmp_path: Path) -> None:
    body = '```bash drill\ngrep -q x f || echo "$? $HOME $RANDOM ${BASH_VERSION} $1"\n```\n'
    assert problems_of(tmp_path, body, known=()) == []
    assert problems_of(tmp_path, '```bash drill\necho "$USER"\n```\n', known=()) == [
        "line 9: variable $USER is used but no earlier drill block sets it and it is not in "
        "drill.inputs"
    ]


def test_without_a_platform_every_command_needs_the_base_set(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "```bash drill\necho hi\naws sqs ls\n```\n", spec=None)
    assert found == ["line 10: `aws` has no stub (no platform spec) and is not a base command"]


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_shellcheck_warnings_are_problems(tmp_path: Path) -> None:
    body = "```bash drill\nD=/srv/edi\nrm -rf $D/*\n```\n"
    found = problems_of(tmp_path, body)
    assert len(found) == 1 and found[0].startswith("line 10: shellcheck SC2115: "), found
