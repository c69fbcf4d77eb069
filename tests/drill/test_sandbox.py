"""The sandbox's command line and environment, and the capped, time-limited process."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ops_lint.drill.sandbox import (
    OUTPUT_CAP,
    block_argv,
    bwrap_argv,
    environment,
    find_bwrap,
    host_python,
    layout,
    run_capped,
)


def test_ops_lint_bwrap_empty_hides_bwrap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPS_LINT_BWRAP", "")
    assert find_bwrap() is None


def test_ops_lint_bwrap_names_the_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "my-bwrap"
    fake.write_text("#!/bin/sh\n")
    monkeypatch.setenv("OPS_LINT_BWRAP", str(fake))
    assert find_bwrap() is None  # not executable
    fake.chmod(0o755)
    assert find_bwrap() == str(fake)


def test_only_the_work_dir_is_bound_writable(tmp_path: Path) -> None:
    argv = bwrap_argv("/usr/bin/bwrap", str(tmp_path / "w"), str(tmp_path / "repo"), host_python())
    for flag in ("--unshare-all", "--die-with-parent", "--new-session"):
        assert flag in argv
    writable = [argv[i + 1 : i + 3] for i, a in enumerate(argv) if a == "--bind"]
    assert writable == [[str(tmp_path / "w"), "/drill"]]
    ro = [argv[i + 1 : i + 3] for i, a in enumerate(argv) if a == "--ro-bind"]
    assert [str(tmp_path / "repo"), "/repo"] in ro
    assert argv[argv.index("--remount-ro") + 1] == "/"
    assert argv[-1] == "--"


@pytest.mark.parametrize("bwrap", [None, "/usr/bin/bwrap"])
def test_the_block_text_is_a_file_never_an_argument(tmp_path: Path, bwrap: str | None) -> None:
    argv = block_argv(bwrap, str(tmp_path), str(tmp_path), host_python(), ".drill/block-1.sh")
    assert argv[-4:-1] == ["/bin/bash", "-euo", "pipefail"]
    assert argv[-1].endswith("/.drill/block-1.sh")
    assert "-c" not in argv


def test_the_environment_is_only_what_the_drill_gives() -> None:
    where = layout(True, "/tmp/w", "/tmp/r", host_python())
    inputs = {"QUEUE": "q1", "PATH": "/evil", "HOME": "/root", "BAD": "a\0b"}
    env = environment(where, inputs, ["/repo/p.yaml"])
    assert env["QUEUE"] == "q1"
    assert env["PATH"] == "/drill/bin:/usr/bin:/bin"
    assert env["HOME"] == "/drill"
    assert env["LANG"] == "C.UTF-8"
    assert env["OPS_LINT_DRILL_PLATFORMS"] == "/repo/p.yaml"
    assert "BAD" not in env
    assert set(env) == {
        "QUEUE",
        "PATH",
        "HOME",
        "LANG",
        "BASH_ENV",
        "OPS_LINT_DRILL_PLATFORMS",
        "OPS_LINT_DRILL_LOG",
    }


def test_output_is_capped_and_counted(tmp_path: Path) -> None:
    ran = run_capped(
        ["/bin/sh", "-c", "head -c 70000 /dev/zero; echo err >&2"], {}, str(tmp_path), 10
    )
    assert ran.exit == 0
    assert len(ran.stdout) == OUTPUT_CAP
    assert ran.stdout_dropped == 70000 - OUTPUT_CAP
    assert ran.stderr == "err\n"


@pytest.mark.slow  # waits out a time limit
def test_a_timeout_kills_the_process_group(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    start = time.monotonic()
    ran = run_capped(
        ["/bin/sh", "-c", f"(sleep 1; touch {marker}) & sleep 30"],
        {"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        str(tmp_path),
        0.5,
    )
    assert ran.timed_out and ran.exit is None
    assert time.monotonic() - start < 5
    time.sleep(1.5)
    assert not marker.exists()
