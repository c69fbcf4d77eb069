"""The two mechanisms every hostile-input protection rests on: the side-file reader
(``safe_files``) and bounded patterns from the repository (``user_regex``)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops_lint import safe_files
from ops_lint.user_regex import PatternError, UserPattern


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail (instead of hanging) a call that does not return within 20 s."""

    def _timeout(signum: int, frame: object) -> None:
        raise AssertionError("did not finish within 20 s")

    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_reads_a_regular_file_inside_the_root(tmp_path: Path) -> None:
    (tmp_path / "owners.yaml").write_text("teams: []\n")
    assert safe_files.read_text(tmp_path / "owners.yaml", tmp_path) == "teams: []\n"


def test_symlink_to_dev_zero_is_refused_without_reading(tmp_path: Path, alarm: None) -> None:
    os.symlink("/dev/zero", tmp_path / "owners.yaml")
    with pytest.raises(safe_files.UnsafeFile, match="outside the project"):
        safe_files.read_bytes(tmp_path / "owners.yaml", tmp_path)
    with pytest.raises(safe_files.UnsafeFile, match="not a regular file"):
        safe_files.read_bytes(tmp_path / "owners.yaml", None)  # named on the command line


def test_symlink_out_of_the_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET-41c7\n")
    root = tmp_path / "repo"
    root.mkdir()
    os.symlink(outside / "secret.txt", root / ".mailmap")
    with pytest.raises(safe_files.UnsafeFile) as info:
        safe_files.read_text(root / ".mailmap", root)
    assert "SECRET" not in str(info.value)
    with pytest.raises(safe_files.UnsafeFile):
        safe_files.read_text(root / "../outside/secret.txt", root)


def test_symlink_inside_the_root_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("a: 1\n")
    os.symlink("real.yaml", tmp_path / "link.yaml")
    assert safe_files.read_text(tmp_path / "link.yaml", tmp_path) == "a: 1\n"


def test_fifo_is_refused_without_hanging(tmp_path: Path, alarm: None) -> None:
    os.mkfifo(tmp_path / "baseline.json")
    with pytest.raises(safe_files.UnsafeFile, match="not a regular file"):
        safe_files.read_bytes(tmp_path / "baseline.json", tmp_path)


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big").write_bytes(b"x" * 1001)
    with pytest.raises(safe_files.UnsafeFile, match="1,000-byte limit"):
        safe_files.read_bytes(tmp_path / "big", tmp_path, limit=1000)
    assert len(safe_files.read_bytes(tmp_path / "big", tmp_path, limit=1001)) == 1001


def test_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        safe_files.read_bytes(tmp_path / "absent", tmp_path)


def test_non_utf8_is_refused_with_its_offset(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_bytes(b"ok: \xff\n")
    with pytest.raises(safe_files.UnsafeFile, match="byte 4"):
        safe_files.read_text(tmp_path / "c.yaml", tmp_path)


def test_catastrophic_pattern_is_stopped_and_switched_off(alarm: None) -> None:
    pattern = UserPattern(r"^(a|a)*$", where="freshness.ignore_messages[0]")
    text = "a" * 40 + "!"  # 2**40 paths for a backtracking engine
    assert pattern.search(text) is None
    assert pattern.failure is not None
    assert "ignore_messages[0]" in pattern.failure
    assert pattern.search("aaa") is None  # switched off: no second timeout to pay


def test_patterns_keep_the_re_dialect() -> None:
    pattern = UserPattern(r"^(?:chore|style)(?:\(.+\))?: ")
    assert pattern.search("chore(docs): reflow")
    assert not pattern.search("fix: real change")
    assert pattern.failure is None


@pytest.mark.parametrize("source", ["(", "a{2,1}", "x" * 5000])
def test_bad_patterns_raise_pattern_error(source: str) -> None:
    with pytest.raises(PatternError):
        UserPattern(source)


def test_a_pattern_slow_on_every_text_is_switched_off_by_its_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ops_lint import user_regex

    # Each search below stays under the per-text timeout; together they exceed the budget.
    monkeypatch.setattr(user_regex, "BUDGET", 0.0)
    pattern = UserPattern(r"^chore")
    assert pattern.search("chore: x") is not None  # answered, then over budget
    assert pattern.failure is not None and "more than 0.0 s" in pattern.failure
    assert pattern.search("chore: y") is None
