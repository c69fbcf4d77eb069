"""The simulated platform: loading and validating specs, matching, and the stub program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ops_lint.drill import DrillError
from ops_lint.drill.platform import Answer, answer, load_platform
from ops_lint.drill_stub import fits, main

ROOT = Path(__file__).resolve().parents[2]

SPEC = """\
commands:
  aws:
    - match: ["sqs", "get-queue-attributes", "--queue-url", "*edi-route-dlq*"]
      stdout: '{"Attributes": {"ApproximateNumberOfMessages": "1240"}}'
      exit: 0
    - match: ["sqs", "**"]
      stderr: "An error occurred (AWS.SimpleQueueService.NonExistentQueue)"
      exit: 254
  kubectl:
    - description: any deployment listing
      match: ["-n", "edi-core", "get", "deploy", "**"]
      stdout: |
        NAME          READY
        ack-service   3/3
"""


def write(base: Path, rel: str, text: str) -> Path:
    path = base / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("match", "argv", "fit"),
    [
        (["sqs", "**"], ["sqs"], True),
        (["sqs", "**"], ["sqs", "a", "b"], True),
        (["sqs", "**"], ["s3", "ls"], False),
        (["sqs", "*"], ["sqs"], False),
        (["sqs", "*"], ["sqs", "a b"], True),
        (["sqs", "*"], ["sqs", "a", "b"], False),
        (["*queue*"], ["https://x/edi-queue-1"], True),
        (["get", "deploy/*"], ["get", "deploy/ack-service"], True),
        (["**", "--dry-run"], ["delete", "pod", "--dry-run"], True),
        (["**", "--dry-run"], ["delete", "--dry-run", "pod"], False),
        (["a", "**", "z"], ["a", "z"], True),
        ([], [], True),
        ([], ["x"], False),
        (["**"], [], True),
        (["[0-9]*"], ["42"], True),
        (["Sqs"], ["sqs"], False),
    ],
)
def test_fits(match: list[str], argv: list[str], fit: bool) -> None:
    assert fits(match, argv) is fit


def test_load_and_answer(tmp_path: Path) -> None:
    spec = write(tmp_path, "ops-docs/drills/platform.yaml", SPEC)
    extra = write(
        tmp_path, "ops-docs/drills/extra.yaml", "commands:\n  aws:\n    - match: ['s3', '**']\n"
    )
    platform = load_platform(["ops-docs/drills/platform.yaml", str(extra)], tmp_path)
    assert platform.paths == (str(spec), str(extra))
    assert sorted(platform.commands) == ["aws", "kubectl"]
    index, rule = answer(
        platform, "aws", ["sqs", "get-queue-attributes", "--queue-url", "q/edi-route-dlq"]
    )
    assert index == 0 and rule is not None
    assert rule.stdout == '{"Attributes": {"ApproximateNumberOfMessages": "1240"}}'
    assert answer(platform, "aws", ["sqs", "purge-queue"])[0] == 1
    assert answer(platform, "aws", ["s3", "ls"]) == (2, Answer(("s3", "**"), "", "", 0))
    assert answer(platform, "aws", ["ec2"]) == (-1, None)
    assert answer(platform, "psql", []) == (-1, None)
    index, rule = answer(platform, "kubectl", ["-n", "edi-core", "get", "deploy"])
    assert (index, rule and rule.stdout) == (0, "NAME          READY\nack-service   3/3\n")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("commands: {aws: [{stdout: x}]}\n", "p.yaml: commands.aws[0]: 'match' is a required"),
        ("commands: {aws: [{match: [sqs], exit: 300}]}\n", "commands.aws[0].exit: 300 is greater"),
        (
            "commands: {aws: [{match: [sqs], exit: '1'}]}\n",
            "commands.aws[0].exit: '1' is not of type 'integer'",
        ),
        (
            "commands: {aws: [{match: sqs}]}\n",
            "commands.aws[0].match: 'sqs' is not of type 'array'",
        ),
        ("commands: {aws: [{match: [sqs], run: rm}]}\n", "Additional properties are not allowed"),
        ("commands: {'rm -rf': []}\n", "p.yaml: commands: 'rm -rf' does not match"),
        ("comands: {}\n", "p.yaml: the spec: 'commands' is a required property (and 1 more)"),
        ("- a\n", "p.yaml: the spec: ['a'] is not of type 'object'"),
        ("commands: [\n", "p.yaml: invalid YAML: line 2"),
        (
            "a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "".join(
                f"c{i}: &c{i} [{', '.join(['*' + ('b' if i == 0 else f'c{i - 1}')] * 10)}]\n"
                for i in range(5)
            ),
            "p.yaml: invalid YAML: ",
        ),
    ],
)
def test_invalid_specs(tmp_path: Path, text: str, problem: str) -> None:
    write(tmp_path, "p.yaml", text)
    with pytest.raises(DrillError) as raised:
        load_platform(["p.yaml"], tmp_path)
    assert problem in str(raised.value), str(raised.value)
    assert "\n" not in str(raised.value)


def test_specs_outside_the_project_or_missing_are_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(tmp_path, "outside.yaml", SPEC)
    (project / "drills").mkdir(parents=True)
    (project / "drills/link.yaml").symlink_to(tmp_path / "outside.yaml")
    cases = {
        "../outside.yaml": "outside the project; not read",
        "drills/link.yaml": "outside the project; not read",
        "drills/none.yaml": "drills/none.yaml: platform spec not found",
        "drills": "drills: not a regular file",
    }
    for rel, problem in cases.items():
        with pytest.raises(DrillError, match=problem):
            load_platform([rel], project)
    write(project, "huge.yaml", "commands: {}\n" + "#" * 1_000_001)
    with pytest.raises(DrillError, match="larger than the 1,000,000-byte limit"):
        load_platform(["huge.yaml"], project)
    with pytest.raises(DrillError, match="no platform spec"):
        load_platform([], project)


def stub(tmp_path: Path, *args: str, specs: list[Path]) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.defpath,
        "PYTHONPATH": str(ROOT),
        "OPS_LINT_DRILL_PLATFORMS": os.pathsep.join(map(str, specs)),
        "OPS_LINT_DRILL_LOG": str(tmp_path / "calls.jsonl"),
    }
    return subprocess.run(
        [sys.executable, "-m", "ops_lint.drill_stub", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )


def test_stub_program(tmp_path: Path) -> None:
    spec = write(tmp_path, "platform.yaml", SPEC)
    url = "https://sqs.us-east-1.amazonaws.com/000000000000/edi-route-dlq"
    done = stub(tmp_path, "aws", "sqs", "get-queue-attributes", "--queue-url", url, specs=[spec])
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        '{"Attributes": {"ApproximateNumberOfMessages": "1240"}}',
        "",
    )
    done = stub(tmp_path, "aws", "sqs", "purge-queue", "--queue-url", "x", specs=[spec])
    assert (done.returncode, done.stdout) == (254, "")
    assert done.stderr == "An error occurred (AWS.SimpleQueueService.NonExistentQueue)"
    done = stub(tmp_path, "psql", "-c", "select 1", specs=[spec])
    assert (done.returncode, done.stdout) == (127, "")
    assert done.stderr == "drill stub: no canned answer for: psql -c select 1\n"
    log = [json.loads(line) for line in (tmp_path / "calls.jsonl").read_text().splitlines()]
    assert log == [
        {
            "command": "aws",
            "argv": ["sqs", "get-queue-attributes", "--queue-url", url],
            "rule": 0,
            "exit": 0,
        },
        {
            "command": "aws",
            "argv": ["sqs", "purge-queue", "--queue-url", "x"],
            "rule": 1,
            "exit": 254,
        },
        {"command": "psql", "argv": ["-c", "select 1"], "rule": -1, "exit": 127},
    ]


def test_stub_never_ends_in_a_traceback(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", "commands: [\n")
    done = stub(tmp_path, "aws", "sqs", specs=[bad])
    assert done.returncode == 127
    assert done.stderr.startswith("drill stub: aws: ") and "Traceback" not in done.stderr
    done = stub(tmp_path, "aws", specs=[tmp_path / "missing.yaml"])
    assert done.returncode == 127 and "Traceback" not in done.stderr


def test_stub_main_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write(tmp_path, "platform.yaml", SPEC)
    monkeypatch.setenv("OPS_LINT_DRILL_PLATFORMS", str(spec))
    monkeypatch.delenv("OPS_LINT_DRILL_LOG", raising=False)
    assert main(["kubectl", "-n", "edi-core", "get", "deploy", "-o", "wide"]) == 0
    assert capsys.readouterr().out == "NAME          READY\nack-service   3/3\n"
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_stub_starts_without_the_heavy_modules(tmp_path: Path) -> None:
    spec = write(tmp_path, "platform.yaml", SPEC)
    code = (
        "import sys; from ops_lint import drill_stub; "
        "sys.argv = ['x', 'aws', 'sqs']; drill_stub.main(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('ops_lint', 'jsonschema', 'pydantic', 'markdown_it', 'git')))"
    )
    env = {"PATH": os.defpath, "PYTHONPATH": str(ROOT), "OPS_LINT_DRILL_PLATFORMS": str(spec)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "['ops_lint', 'ops_lint.drill_stub']"


def test_stub_reads_what_a_pipeline_feeds_it(tmp_path: Path) -> None:
    """A writer into a stub is not killed by a closed pipe: the stub drains its input, as
    the real tool (openssl, ssh-keygen) would, before it answers."""
    spec = write(tmp_path, "platform.yaml", SPEC)
    url = "https://sqs.us-east-1.amazonaws.com/000000000000/edi-route-dlq"
    env = {
        "PATH": os.defpath,
        "PYTHONPATH": str(ROOT),
        "OPS_LINT_DRILL_PLATFORMS": str(spec),
        "OPS_LINT_DRILL_LOG": str(tmp_path / "calls.jsonl"),
    }
    script = (
        f"head -c 2000000 /dev/zero | {sys.executable} -m ops_lint.drill_stub "
        f"aws sqs get-queue-attributes --queue-url {url} >/dev/null"
    )
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", script], env=env, capture_output=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
