"""Parse once: the document cache and parallel parsing."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import msgpack  # type: ignore[import-untyped]
import pytest

from ops_lint import cache as cache_mod
from tests.conftest import write_tree

DOC = (
    "---\ntitle: Doc {n}\n---\n# Doc {n}\n\n| A | B |\n|---|---|\n| {n} | TBD |\n\n"
    "[next](doc{m}.md#doc-{m})\n"
)


@pytest.fixture(autouse=True)
def private_key_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Outside the project (tmp_path): a signing key inside it is refused.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))


def make_set(root: Path, n: int) -> None:
    write_tree(root, {f"ops-docs/doc{i}.md": DOC.format(n=i, m=(i + 1) % n) for i in range(n)})


def parse_count(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from ops_lint import loader

    calls = [0]
    real = loader.from_bytes  # type: ignore[attr-defined]

    def counting(*args: Any) -> Any:
        calls[0] += 1
        return real(*args)

    monkeypatch.setattr(loader, "from_bytes", counting)
    return calls


def test_unchanged_docs_are_not_parsed_again(
    tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_set(tmp_path, 5)
    calls = parse_count(monkeypatch)
    first = ops_lint(tmp_path, "check", "--format", "json", "--jobs", "1")
    assert calls[0] == 5
    assert (tmp_path / ".ops_lint_cache" / ".gitignore").read_text().endswith("*\n")
    second = ops_lint(tmp_path, "check", "--format", "json", "--jobs", "1")
    assert calls[0] == 5  # all five came from the cache
    assert first.out == second.out
    (tmp_path / "ops-docs/doc2.md").write_text(DOC.format(n=2, m=3) + "\nMore.\n")
    ops_lint(tmp_path, "check", "--jobs", "1")
    assert calls[0] == 6  # only the changed doc


def test_no_cache_bypasses_it(tmp_path: Path, ops_lint: Any) -> None:
    make_set(tmp_path, 3)
    ops_lint(tmp_path, "check", "--no-cache")
    assert not (tmp_path / ".ops_lint_cache").exists()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign"])
def test_corrupt_or_foreign_cache_is_discarded(
    damage: str, tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_set(tmp_path, 3)
    clean = ops_lint(tmp_path, "check", "--format", "json", "--no-cache").out
    ops_lint(tmp_path, "check", "--jobs", "1")
    for blob in (tmp_path / ".ops_lint_cache").glob("*.bin"):  # parse cache and run memo
        if damage == "truncate":
            blob.write_bytes(blob.read_bytes()[:100])
        elif damage == "garbage":
            blob.write_bytes(b"\0" * 64)
        else:  # a cache of the right layout, signed with somebody else's key
            evil = msgpack.packb([{b"k": b"not a document"}, {}])
            blob.write_bytes(cache_mod.seal(b"x" * 32, blob.name, evil))
    calls = parse_count(monkeypatch)
    result = ops_lint(tmp_path, "check", "--format", "json", "--jobs", "1")
    assert result.out == clean
    assert calls[0] == 3  # nothing was trusted


def test_identical_files_do_not_share_state(tmp_path: Path, ops_lint: Any) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": "# Same\n\nTBD\n", "ops-docs/b.md": "# Same\n\nTBD\n"})
    ops_lint(tmp_path, "check", "--jobs", "1")
    result = ops_lint(tmp_path, "check", "--format", "json", "--jobs", "1")
    assert [d["path"] for d in result.json()["diagnostics"]] == ["ops-docs/a.md", "ops-docs/b.md"]


def test_parallel_output_equals_serial(tmp_path: Path, ops_lint: Any) -> None:
    make_set(tmp_path, 150)  # above the parallel threshold
    serial = ops_lint(tmp_path, "check", "--format", "json", "--no-cache", "--jobs", "1")
    parallel = ops_lint(tmp_path, "check", "--format", "json", "--no-cache", "--jobs", "2")
    assert json.loads(serial.out)["summary"]["files"] == 150
    assert serial.out == parallel.out


def test_parser_change_invalidates_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_mod.entry_key(b"# x\n", 100, 20)
    cache_mod.code_fingerprint.cache_clear()
    monkeypatch.setattr(cache_mod, "__version__", "9.9.9")
    try:
        assert cache_mod.entry_key(b"# x\n", 100, 20) != before
    finally:
        cache_mod.code_fingerprint.cache_clear()


def test_unchanged_docs_are_answered_from_memory_and_a_change_checks_what_it_affects(
    tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ops_lint import engine

    make_set(tmp_path, 4)  # doc0 links to doc1, doc1 to doc2...
    first = ops_lint(tmp_path, "check", "--format", "json", "--jobs", "1")
    checked: list[list[str]] = []
    real = engine.evaluate

    def counting(ctx: Any, rules: Any, selection: Any, targets: Any = None, *rest: Any) -> Any:
        checked.append(sorted(os.path.basename(a) for a in targets or ctx.source.order))
        return real(ctx, rules, selection, targets, *rest)

    monkeypatch.setattr(engine, "evaluate", counting)
    every = [f"doc{i}.md" for i in range(4)]

    again = ops_lint(tmp_path, "check", "--format", "json", "--jobs", "1")
    assert again.out == first.out
    assert checked == []  # nothing changed: every doc's results were reused
    # What every doc depends on checks them all: the date, an option.
    ops_lint(tmp_path, "check", "--format", "json", "--as-of", "2030-01-01")
    assert checked[-1] == every
    ops_lint(tmp_path, "check", "--select", "OPS004")
    assert checked[-1] == every
    ops_lint(tmp_path, "check", "--format", "json")
    # A doc's change checks it and the doc that links to it; a new file, the doc that
    # looked for it.
    (tmp_path / "ops-docs/doc1.md").write_text("# Doc 1\n\n[x](image.png)\n")
    broken = ops_lint(tmp_path, "check", "--format", "json")
    assert checked[-1] == ["doc0.md", "doc1.md"] and "image.png" in broken.out
    (tmp_path / "ops-docs/image.png").write_bytes(b"png")
    fixed = ops_lint(tmp_path, "check", "--format", "json")
    assert checked[-1] == ["doc1.md"] and "image.png" not in fixed.out
    assert fixed.out == ops_lint(tmp_path, "check", "--format", "json", "--no-cache").out


def test_cache_format_round_trips_every_bundled_doc() -> None:
    from ops_lint.cache_codec import decode_document, encode_document
    from ops_lint.document import from_bytes
    from tests.conftest import ROOT

    paths = sorted((ROOT / "ops-docs").rglob("*.md"))
    assert paths
    for path in paths:
        doc = from_bytes(str(path), str(path), path.read_bytes(), 5_000_000)
        blob = encode_document(doc)
        assert blob is not None, path
        assert decode_document(blob, doc.path, doc.abspath) == doc, path


def test_a_doc_the_cache_cannot_hold_is_parsed_each_time(
    tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"ops-docs/big.md": "---\nn: 123456789012345678901234567890\n---\n# B\n"})
    write_tree(tmp_path, {"ops-docs/ok.md": "# Ok\n\nFine.\n"})
    calls = parse_count(monkeypatch)
    first = ops_lint(tmp_path, "check", "--format", "json", "--jobs", "1", "--no-git")
    (tmp_path / ".ops_lint_cache" / "results-v1.bin").unlink()  # reach the parse cache
    second = ops_lint(tmp_path, "check", "--format", "json", "--jobs", "1", "--no-git")
    assert first.out == second.out and first.code in (0, 1)
    assert calls[0] == 3  # the 128-bit integer is not packed: that doc only is parsed again
