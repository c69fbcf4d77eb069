"""The parse cache and the run memo in a checkout written by a pull request.

``.ops_lint_cache/`` is part of the repository: its files, the folder itself and even the
signing key (when the user's cache directory lies in the workspace) can be committed. A
run never unpickles, never trusts a key inside the project, never writes through a
symlink and never reads a cache file without bound.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgpack  # type: ignore[import-untyped]
import pytest

from ops_lint import cache as cache_mod
from ops_lint.cache_codec import encode_document
from ops_lint.document import from_bytes
from tests.conftest import Run, write_tree
from tests.gitrepo import GitRepo
from tests.hostile.conftest import run_guarded

DIRTY = "---\ntitle: Alpha\n---\n# Alpha\n\n| Step | Owner |\n|---|---|\n| Restart | TBD |\n"
CLEAN = "---\ntitle: Alpha\n---\n# Alpha\n\nEverything is in place.\n"
DOCS = "documents-v3.bin"
MEMO = "results-v1.bin"


class _MakeMarker:
    """Unpickling this creates ``path`` (as a directory): proof that code ran."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Callable[[str], None], tuple[str]]:
        return os.mkdir, (str(self.path),)


def _repo(path: Path) -> GitRepo:
    repo = GitRepo(path)
    repo.commit("Docs", date="2026-01-05", files={"ops-docs/alpha.md": DIRTY})
    return repo


ARGS = ("check", "--format", "json", "--as-of", "2026-02-01")


def _guarded(root: Path, *extra: str, env: dict[str, str] | None = None) -> Run:
    """In a subprocess, for what could hang or exhaust memory."""
    return run_guarded(root, *ARGS, *extra, env=env)


def _signed_pickle(key: bytes, name: str, marker: Path, new_format: bool) -> bytes:
    payload = pickle.dumps(_MakeMarker(marker))
    if new_format:
        return cache_mod.seal(key, name, payload)
    return hmac.new(key, payload, hashlib.sha256).digest() + payload  # the old layout


def _forged_parse(key: bytes) -> bytes:
    """A parse cache, signed with ``key``, saying the dirty doc parses as the clean one."""
    clean = from_bytes("x.md", "/x.md", CLEAN.encode(), 5_000_000)
    entry = cache_mod.entry_key(DIRTY.encode(), 5_000_000, 20)
    return cache_mod.seal(key, DOCS, msgpack.packb([{entry: encode_document(clean)}, {}]))


@pytest.fixture
def user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache directory, outside every project of the test."""
    folder = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def check(ops_lint: Any) -> Callable[..., Run]:
    """``check(root, *extra)``: the CLI in-process."""
    return lambda root, *extra: ops_lint(root, *ARGS, *extra)


def test_committed_signing_key_and_cache_are_not_trusted(
    tmp_path: Path, marker: Path, check: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path / "repo")
    key = b"k" * 32
    key_file = repo.path / ".cache/ops-lint/cache-key"
    key_file.parent.mkdir(parents=True)
    key_file.write_bytes(key)
    key_file.chmod(0o600)
    folder = repo.path / ".ops_lint_cache"
    folder.mkdir()
    (folder / DOCS).write_bytes(_forged_parse(key))
    (folder / MEMO).write_bytes(_signed_pickle(key, MEMO, marker, new_format=True))
    (folder / "documents-v2.bin").write_bytes(_signed_pickle(key, "", marker, new_format=False))
    (folder / "run-v1.bin").write_bytes(_signed_pickle(key, "", marker, new_format=False))
    repo.commit("Cache", date="2026-01-06")
    committed = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.setenv("XDG_CACHE_HOME", str(repo.path / ".cache"))

    clean = check(repo.path, "--no-cache")
    result = check(repo.path)

    assert not marker.exists()
    assert result.code == clean.code == 1
    assert result.out == clean.out  # the forged parse was not used: the TBD is found
    assert "OPS004" in result.out
    assert result.err.count("signing key") == 1 and "inside the project" in result.err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == committed  # nothing written


def test_signed_pickle_in_the_cache_is_never_loaded(
    tmp_path: Path, marker: Path, user_cache: Path, check: Callable[..., Run]
) -> None:
    repo = _repo(tmp_path / "repo")
    clean = check(repo.path, "--no-cache")
    check(repo.path)  # creates the user's key and the cache
    key = (user_cache / "ops-lint/cache-key").read_bytes()
    folder = repo.path / ".ops_lint_cache"
    for name in (DOCS, MEMO):
        (folder / name).write_bytes(_signed_pickle(key, name, marker, new_format=True))
    for name in ("documents-v2.bin", "run-v1.bin"):
        (folder / name).write_bytes(_signed_pickle(key, "", marker, new_format=False))

    result = check(repo.path)

    assert not marker.exists()
    assert (result.code, result.out, result.err) == (clean.code, clean.out, clean.err)


def test_symlinked_cache_folder_is_not_written_through(
    tmp_path: Path, user_cache: Path, check: Callable[..., Run]
) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    repo = GitRepo(tmp_path / "repo")
    os.symlink(target, repo.path / ".ops_lint_cache")
    repo.commit("Docs", date="2026-01-05", files={"ops-docs/alpha.md": DIRTY})

    result = check(repo.path)

    assert result.code == 1 and "OPS004" in result.out, result.err
    assert list(target.iterdir()) == []
    assert os.path.islink(repo.path / ".ops_lint_cache")


def test_dangling_gitignore_link_creates_nothing(
    tmp_path: Path, marker: Path, user_cache: Path, check: Callable[..., Run]
) -> None:
    repo = GitRepo(tmp_path / "repo")
    (repo.path / ".ops_lint_cache").mkdir()
    os.symlink(marker, repo.path / ".ops_lint_cache/.gitignore")
    repo.commit("Docs", date="2026-01-05", files={"ops-docs/alpha.md": DIRTY})

    result = check(repo.path)

    assert result.code == 1, result.err
    assert not os.path.lexists(marker)
    assert (repo.path / ".ops_lint_cache" / DOCS).is_file()  # the cache itself still works


@pytest.mark.slow
def test_dev_zero_as_cache_files_is_not_read(
    tmp_path: Path, user_cache: Path, check: Callable[..., Run]
) -> None:
    repo = GitRepo(tmp_path / "repo")
    (repo.path / ".ops_lint_cache").mkdir()
    for name in (DOCS, MEMO):
        os.symlink("/dev/zero", repo.path / ".ops_lint_cache" / name)
    repo.commit("Docs", date="2026-01-05", files={"ops-docs/alpha.md": DIRTY})
    clean = check(repo.path, "--no-cache")

    result = _guarded(repo.path)  # unbounded: MemoryError or the hang guard

    assert (result.code, result.out, result.err) == (clean.code, clean.out, clean.err)
    assert (repo.path / ".ops_lint_cache" / DOCS).is_file()  # the link replaced, not followed


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_fifo_or_directory_as_cache_files(
    kind: str, tmp_path: Path, user_cache: Path, check: Callable[..., Run]
) -> None:
    write_tree(tmp_path, {"ops-docs/alpha.md": DIRTY, ".ops_lint_cache/.gitignore": "*\n"})
    for name in (DOCS, MEMO, ".gitignore"):
        path = tmp_path / ".ops_lint_cache" / name
        path.unlink(missing_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        else:
            write_tree(path, {"inside": "x"})  # a non-empty directory cannot be replaced
    clean = check(tmp_path, "--no-cache", "--no-git")
    first = _guarded(tmp_path, "--no-git")  # a FIFO opened for reading would block
    again = check(tmp_path, "--no-git")
    for result in (first, again):
        assert (result.code, result.out, result.err) == (clean.code, clean.out, clean.err)


# -- signed but hostile payloads --------------------------------------------------------
def _fields(blob: bytes) -> list[Any]:
    return list(msgpack.unpackb(blob, raw=False))


def _swap(fields: list[Any], index: int, value: Any) -> bytes:
    changed = list(fields)
    changed[index] = value
    return bytes(msgpack.packb(changed))


_RAW_ENTRIES: dict[str, Callable[[bytes], bytes]] = {
    "not-an-array": lambda e: msgpack.packb({"size": 1}),
    "too-few-fields": lambda e: msgpack.packb(_fields(e)[:5]),
    "size-as-text": lambda e: _swap(_fields(e), 0, "95"),
    "bool-for-a-line": lambda e: _swap(_fields(e), 8, [[0, 1, "A", "a", "a", True, 9, -1]]),
    "section-out-of-order": lambda e: _swap(_fields(e), 8, [[5, 1, "A", "a", "a", 4, 9, -1]]),
    "short-section": lambda e: _swap(_fields(e), 8, [[0, 1, "A"]]),
    "cell-not-an-array": lambda e: _swap(_fields(e), 9, [[6, 8, 0, "cells", []]]),
    "ext-type-in-front-matter": lambda e: _swap(_fields(e), 3, {"title": msgpack.ExtType(5, b"x")}),
    "bytes-key-in-front-matter": lambda e: _swap(_fields(e), 3, {b"title": "A"}),
    "key-path-not-strings": lambda e: _swap(_fields(e), 4, [[[1], 2]]),
    "anchors-not-strings": lambda e: _swap(_fields(e), 15, [None]),
    "huge-array-header": lambda e: b"\xdd\xff\xff\xff\xff",
    "nested-100000-deep": lambda e: b"\x91" * 100_000 + b"\xc0",
    "invalid-utf8": lambda e: b"\xa3\xff\xfe\xfd",
    "trailing-bytes": lambda e: e + b"\x00",
    "a-map-keyed-by-an-int": lambda e: msgpack.packb({1: 2}),
}


def _outcomes(fields: list[Any], change: Callable[[list[Any]], list[Any]]) -> list[Any]:
    """The store with each doc's packed outcome (kept, waived, evaluations, notices)
    changed. The store's columns: key, paths, identities, types, token names, token
    values, token sets, each doc's token set, plain flags, outcomes."""
    blobs = [msgpack.packb(change(msgpack.unpackb(b, raw=False))) for b in fields[9]]
    return [*fields[:9], blobs]


def _kept(change: Callable[[list[Any]], list[Any]]) -> Callable[[list[Any]], list[Any]]:
    return lambda f: _outcomes(f, lambda o: [[change(row) for row in o[0]], *o[1:]])


_MEMOS: dict[str, Callable[[list[Any]], list[Any]]] = {
    "unknown-severity": _kept(lambda row: [*row[:5], 7, *row[6:]]),
    "line-as-text": _kept(lambda row: [row[0], "1", *row[2:]]),
    "finding-reference-out-of-range": lambda f: _outcomes(
        f, lambda o: [*o[:2], [[*e[:2], [999], e[3]] for e in o[2]], o[3]]
    ),
    "evaluation-missing-a-field": lambda f: _outcomes(
        f, lambda o: [*o[:2], [e[:3] for e in o[2]], o[3]]
    ),
    "notice-not-a-string": lambda f: _outcomes(f, lambda o: [*o[:3], [1]]),
    "outcome-not-msgpack": lambda f: [*f[:9], [b"\xc1"] * len(f[9])],
    "outcome-not-bytes": lambda f: [*f[:9], [1] * len(f[9])],
    "token-reference-out-of-range": lambda f: [*f[:6], [[999]] * len(f[6]), *f[7:]],
    "token-set-reference-out-of-range": lambda f: [*f[:7], [999] * len(f[7]), *f[8:]],
    "identity-as-text": lambda f: [f[0], f[1], ["x"] * len(f[2]), *f[3:]],
    "type-not-a-string": lambda f: [*f[:3], [1] * len(f[3]), *f[4:]],
    "plain-flag-out-of-range": lambda f: [*f[:8], b"\x07" * len(f[8]), f[9]],
    "column-too-short": lambda f: [*f[:8], b"", f[9]],
    "one-field-too-many": lambda f: [*f, None],
}


def _signed_run(root: Path, user_cache: Path, check: Callable[..., Run]) -> tuple[Run, bytes]:
    """A clean run, then a run that fills the cache; and the user's signing key."""
    write_tree(root, {"ops-docs/alpha.md": DIRTY})
    clean = check(root, "--no-cache", "--no-git")
    check(root, "--no-git")
    return clean, (user_cache / "ops-lint/cache-key").read_bytes()


@pytest.mark.parametrize("damage", list(_RAW_ENTRIES))
def test_signed_hostile_parse_entries_are_discarded(
    damage: str, tmp_path: Path, user_cache: Path, check: Callable[..., Run]
) -> None:
    clean, key = _signed_run(tmp_path, user_cache, check)
    folder = tmp_path / ".ops_lint_cache"
    blob = (folder / DOCS).read_bytes()
    docs, results = msgpack.unpackb(blob[32:], raw=False)
    hostile = {k: _RAW_ENTRIES[damage](v) for k, v in docs.items()}
    planted = cache_mod.seal(key, DOCS, msgpack.packb([hostile, results]))
    (folder / DOCS).write_bytes(planted)
    (folder / MEMO).unlink()  # else the unchanged run is answered without parsing

    result = check(tmp_path, "--no-git")

    assert (result.code, result.out, result.err) == (clean.code, clean.out, clean.err)
    assert (folder / DOCS).read_bytes() == blob  # discarded, parsed again, rewritten


@pytest.mark.parametrize("damage", list(_MEMOS))
def test_signed_hostile_run_memos_are_discarded(
    damage: str, tmp_path: Path, user_cache: Path, check: Callable[..., Run]
) -> None:
    clean, key = _signed_run(tmp_path, user_cache, check)
    memo = tmp_path / ".ops_lint_cache" / MEMO
    blob = memo.read_bytes()
    fields = msgpack.unpackb(blob[32:], raw=False)
    memo.write_bytes(cache_mod.seal(key, MEMO, msgpack.packb(_MEMOS[damage](fields))))

    result = check(tmp_path, "--no-git")

    assert (result.code, result.out, result.err) == (clean.code, clean.out, clean.err)
    assert memo.read_bytes() == blob  # discarded, checked again, rewritten


# -- the signing key ----------------------------------------------------------------------
def _plant_key(path: Path, how: str, tmp_path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if how == "symlink":
        (tmp_path / "key-elsewhere").write_bytes(b"k" * 32)
        os.symlink(tmp_path / "key-elsewhere", path)
        return
    path.write_bytes(b"k" * 32)
    if how == "group-writable":
        path.chmod(0o620)
    elif how == "world-writable":
        path.chmod(0o602)
    else:
        try:
            os.chown(path, os.geteuid() + 1, -1)
        except PermissionError:
            pytest.skip("giving a file to another user needs root")


@pytest.mark.parametrize("how", ["symlink", "group-writable", "world-writable", "another-owner"])
def test_untrusted_signing_key_turns_the_cache_off(
    how: str, tmp_path: Path, user_cache: Path, check: Callable[..., Run]
) -> None:
    _plant_key(user_cache / "ops-lint/cache-key", how, tmp_path)
    write_tree(tmp_path, {"repo/ops-docs/alpha.md": DIRTY})
    root = tmp_path / "repo"

    clean = check(root, "--no-cache", "--no-git")
    result = check(root, "--no-git")

    assert (result.code, result.out) == (clean.code, clean.out)
    assert result.err.count("parse cache off: its signing key is not trusted") == 1
    assert not (root / ".ops_lint_cache").exists()


def test_new_key_is_private(tmp_path: Path, user_cache: Path, check: Callable[..., Run]) -> None:
    write_tree(tmp_path, {"ops-docs/alpha.md": DIRTY})
    check(tmp_path, "--no-git")
    key = user_cache / "ops-lint/cache-key"
    info = os.lstat(key)
    assert (info.st_mode & 0o777, info.st_size) == (0o600, 32)
    assert [p.name for p in key.parent.iterdir()] == ["cache-key"]  # no temp file left
