"""The drill runner: blocks in order carrying state, expectations, time limits, sandbox."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from ops_lint import config as config_mod
from ops_lint.discovery import candidate_for
from ops_lint.drill.runner import DrillResult, Setup, drill
from ops_lint.loader import load_documents
from tests.conftest import write_tree

BWRAP = shutil.which("bwrap")
needs_bwrap = pytest.mark.skipif(BWRAP is None, reason="bwrap (bubblewrap) is not installed")
SANDBOXES = [pytest.param(None, id="no-sandbox"), pytest.param("bwrap", id="bwrap")]

PLATFORM = """\
commands:
  aws:
    - match: ["sqs", "get-queue-attributes", "--queue-url", "*edi-route-dlq*", "**"]
      stdout: '{"Attributes": {"ApproximateNumberOfMessages": "1240"}}'
    - match: ["sqs", "**"]
      stderr: "An error occurred (AWS.SimpleQueueService.NonExistentQueue)"
      exit: 254
"""

RUNBOOK = """\
---
title: Routing DLQ backlog
type: runbook
owner: edi-l2-support
inputs:
  QUEUE: "the queue named in the alert"
drill:
  inputs:
    QUEUE: edi-route-dlq
---

# Routing DLQ backlog

```bash drill
# expect-output: depth=1240
OUT=$(aws sqs get-queue-attributes --queue-url "https://sqs/$QUEUE")
DEPTH=$(echo "$OUT" | jq -r .Attributes.ApproximateNumberOfMessages)
echo "depth=$DEPTH"
export ZONE=east
```

```bash drill=rollback
# expect: exit 254
# expect-output: NonExistentQueue
aws sqs purge-queue --queue-url "https://sqs/$QUEUE"
```

```bash drill=verify
# expect-output: 1240 in east
# expect-no-output: ERROR
echo "$DEPTH in $ZONE"
```
"""


def runbook(body: str, front: str = "") -> str:
    """A runbook whose drill blocks are ``body``."""
    return f"---\ntitle: T\ntype: runbook\nowner: team\n{front}---\n\n# T\n\n{body}"


def block(text: str, phase: str = "") -> str:
    return f"```bash drill{'=' + phase if phase else ''}\n{text}```\n\n"


def make_project(tmp_path: Path, docs: dict[str, str]) -> Path:
    root = tmp_path / "repo"
    files = {"ops-docs/drills/platform.yaml": PLATFORM, ".git/HEAD": "ref: refs/heads/main\n"}
    write_tree(root, {**files, **{f"ops-docs/runbooks/{k}": v for k, v in docs.items()}})
    return root


def tree_hash(root: Path, skip: str = ".ops_lint_cache") -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] == skip:
            continue
        digest.update(rel.encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_drill(root: Path, name: str, sandbox: str | None) -> DrillResult:
    loaded = config_mod.load(None, root)
    cand = candidate_for(f"ops-docs/runbooks/{name}", loaded, root)
    assert cand is not None
    (doc,) = load_documents([cand], loaded, jobs=1)
    bwrap = BWRAP if sandbox == "bwrap" else None
    if sandbox == "bwrap" and bwrap is None:
        pytest.skip("bwrap (bubblewrap) is not installed")
    platform = str(root / "ops-docs/drills/platform.yaml")
    return drill(doc, Setup(root, bwrap, platform))


@pytest.mark.parametrize("sandbox", SANDBOXES)
def test_a_drill_passes_carrying_state_and_inputs_through_the_phases(
    tmp_path: Path, sandbox: str | None
) -> None:
    root = make_project(tmp_path, {"dlq.md": RUNBOOK})
    result = run_drill(root, "dlq.md", sandbox)
    assert result.verdict == "passed", result.reason
    assert result.sandbox == (sandbox or "none")
    assert [b.block.phase for b in result.blocks] == ["main", "verify", "rollback"]
    main, verify, rollback = result.blocks
    assert main.ran is not None and main.ran.stdout == "depth=1240\n"
    assert verify.ran is not None and verify.ran.stdout == "1240 in east\n"
    assert rollback.ran is not None and rollback.ran.exit == 254
    assert [c["rule"] for c in main.stub_calls] == [0]
    assert main.stub_calls[0]["argv"][:2] == ["sqs", "get-queue-attributes"]
    assert [(c["rule"], c["exit"]) for c in rollback.stub_calls] == [(1, 254)]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("# expect-output: depth=99\necho depth=1240\n", "output lacks 'depth=99'"),
        ("# expect-no-output: ERROR\necho ERROR: boom >&2\n", "output has 'ERROR'"),
        ("false\necho never\n", "exit 1, expected 0"),
        ("# expect: exit 3\ntrue\n", "exit 0, expected 3"),
    ],
)
def test_an_unmet_expectation_fails_the_drill_and_skips_the_rest(
    tmp_path: Path, text: str, reason: str
) -> None:
    doc = runbook(block(text) + block("echo later\n", "rollback"))
    root = make_project(tmp_path, {"x.md": doc})
    result = run_drill(root, "x.md", None)
    assert result.verdict == "failed"
    assert result.reason == f"line 10: {reason}"
    assert [b.verdict for b in result.blocks] == ["failed", "skipped"]
    assert result.blocks[1].ran is None


@pytest.mark.slow  # waits out a time limit
@pytest.mark.parametrize("sandbox", SANDBOXES)
def test_a_block_over_its_time_limit_is_killed_with_what_it_started(
    tmp_path: Path, sandbox: str | None
) -> None:
    marker = tmp_path / "late-marker"
    text = f"# timeout: 1\n(sleep 2; touch {marker}) &\nsleep 20\n"
    root = make_project(tmp_path, {"slow.md": runbook(block(text))})
    result = run_drill(root, "slow.md", sandbox)
    assert result.verdict == "failed"
    assert result.blocks[0].reason == "timed out after 1 s"
    ran = result.blocks[0].ran
    assert ran is not None and ran.timed_out and ran.exit is None
    assert ran.duration_ms < 10_000
    import time

    time.sleep(2.5)
    assert not marker.exists()  # the background job died with the block


@needs_bwrap
@pytest.mark.parametrize(
    "text",
    ["echo ping > /dev/tcp/1.1.1.1/53\n", "echo ping > /dev/tcp/127.0.0.1/22\n"],
)
def test_the_sandbox_has_no_network(tmp_path: Path, text: str) -> None:
    root = make_project(tmp_path, {"net.md": runbook(block(text))})
    result = run_drill(root, "net.md", "bwrap")
    assert result.verdict == "failed"
    assert result.blocks[0].reason.startswith("exit 1")


@needs_bwrap
@pytest.mark.parametrize(
    "text",
    [
        "touch /repo/x\n",
        "touch /repo/ops-docs/runbooks/w.md\n",
        'touch "$HOME/../x"\n',
        "echo evil >> /repo/ops-docs/drills/platform.yaml\n",
        "mkdir -p /usr/local/evil\n",
    ],
)
def test_the_sandbox_writes_only_its_work_dir(tmp_path: Path, text: str) -> None:
    root = make_project(tmp_path, {"w.md": runbook(block(text))})
    before = tree_hash(root)
    result = run_drill(root, "w.md", "bwrap")
    assert result.verdict == "failed", text
    assert tree_hash(root) == before
    assert not (tmp_path / "x").exists()


@needs_bwrap
def test_the_sandbox_work_dir_is_writable_and_home(tmp_path: Path) -> None:
    text = '# expect-output: /drill /drill\ntouch out.txt "$HOME/h"\necho "$PWD $HOME"\n'
    root = make_project(tmp_path, {"ok.md": runbook(block(text))})
    assert run_drill(root, "ok.md", "bwrap").verdict == "passed"


@pytest.mark.parametrize("sandbox", SANDBOXES)
def test_the_environment_is_scrubbed(
    tmp_path: Path, sandbox: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPS_LINT_SECRET_TOKEN", "s3cr3t")
    text = "# expect-no-output: s3cr3t\n# expect-output: LANG=C.UTF-8\nenv | sort\n"
    root = make_project(tmp_path, {"env.md": runbook(block(text))})
    result = run_drill(root, "env.md", sandbox)
    assert result.verdict == "passed", result.reason


@pytest.mark.parametrize("sandbox", SANDBOXES)
def test_a_stub_takes_all_of_its_input(tmp_path: Path, sandbox: str | None) -> None:
    """The writer of a pipe into a stub is not cut off (no SIGPIPE under pipefail)."""
    text = (
        "# expect-output: 1240\n"
        "head -c 1000000 /dev/zero | aws sqs get-queue-attributes --queue-url q-edi-route-dlq\n"
    )
    root = make_project(tmp_path, {"pipe.md": runbook(block(text))})
    result = run_drill(root, "pipe.md", sandbox)
    assert result.verdict == "passed", result.reason


def test_a_static_problem_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran-marker"
    text = f"touch {marker}\npsql -c 'select 1'\n"
    root = make_project(tmp_path, {"static.md": runbook(block(text))})
    result = run_drill(root, "static.md", None)
    assert result.verdict == "error"
    assert "psql" in result.reason
    assert result.blocks == ()
    assert not marker.exists()


def test_output_past_the_cap_is_counted_not_kept(tmp_path: Path) -> None:
    text = "head -c 100000 /dev/zero | tr '\\0' a\n"
    root = make_project(tmp_path, {"big.md": runbook(block(text))})
    result = run_drill(root, "big.md", None)
    ran = result.blocks[0].ran
    assert ran is not None
    assert len(ran.stdout) == 64 * 1024
    assert ran.stdout_dropped == 100_000 - 64 * 1024
