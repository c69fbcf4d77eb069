"""The loader: one read and one parse per file, doc types, and the parse cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ops_lint import loader
from ops_lint.cache import DocumentCache
from ops_lint.config import Config, LoadedConfig
from ops_lint.discovery import Candidate, discover
from ops_lint.document import from_bytes
from tests.conftest import write_tree

RUNBOOK = "---\ntype: runbook\ntitle: Restart\n---\n# Restart\n\nSteps.\n"
PLAIN = "# Notes\n\nText.\n"


def _loaded(root: Path, **settings: object) -> LoadedConfig:
    return LoadedConfig(Config.model_validate(settings), root, None)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths parsed, in order (the loader's parser, counted)."""
    seen: list[str] = []

    def counting(*args: Any) -> Any:
        seen.append(args[0])
        return from_bytes(*args)

    monkeypatch.setattr(loader, "from_bytes", counting)
    return seen


def _load(
    root: Path, loaded: LoadedConfig, cache: DocumentCache | None = None, light: bool = False
) -> list[Any]:
    return loader.load_documents(discover(loaded), loaded, cache=cache, jobs=1, light=light)


def test_documents_in_candidate_order_with_project_relative_paths(tmp_path: Path) -> None:
    write_tree(tmp_path, {"ops-docs/b.md": PLAIN, "ops-docs/a.md": RUNBOOK})
    loaded = _loaded(tmp_path)
    docs = loader.load_documents(discover(loaded), loaded, jobs=1)
    assert [(d.key, d.path) for d in docs] == [
        ("ops-docs/a.md", "ops-docs/a.md"),
        ("ops-docs/b.md", "ops-docs/b.md"),
    ]
    assert docs[0].title == "Restart"
    assert docs[0].line_count == 7


def test_declared_type_wins_over_the_configured_patterns(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "ops-docs/runbooks/declared.md": RUNBOOK.replace("runbook", "policy"),
            "ops-docs/runbooks/plain.md": PLAIN,
            "ops-docs/other.md": PLAIN,
            "ops-docs/blank.md": "---\ntype: '  '\n---\n# B\n",
        },
    )
    loaded = _loaded(tmp_path, types={"runbooks/": "runbook", "blank.md": "reference"})
    types = {d.key: d.doc_type for d in _load(tmp_path, loaded)}
    assert types == {
        "ops-docs/blank.md": "reference",  # a blank declaration falls back to the patterns
        "ops-docs/other.md": None,
        "ops-docs/runbooks/declared.md": "policy",
        "ops-docs/runbooks/plain.md": "runbook",
    }


def test_unreadable_candidates_become_read_errors_unparsed(
    tmp_path: Path, parses: list[str]
) -> None:
    write_tree(tmp_path, {"ops-docs/big.md": "x" * 200, "ops-docs/ok.md": PLAIN})
    loaded = _loaded(tmp_path, **{"max-file-size": 100})
    candidates = [
        *discover(loaded),
        Candidate(str(tmp_path / "ops-docs/link.md"), "ops-docs/link.md", "symlink is broken"),
    ]
    docs = loader.load_documents(candidates, loaded, jobs=1)
    errors = {d.key: d.read_error for d in docs}
    assert errors["ops-docs/ok.md"] is None
    assert errors["ops-docs/link.md"] == "symlink is broken"
    assert parses == ["ops-docs/big.md", "ops-docs/ok.md"]  # the broken link is never read
    big = next(d for d in docs if d.key == "ops-docs/big.md")
    assert big.read_error == "file is larger than the 100-byte limit (max_file_size)"


def test_a_warm_cache_parses_nothing_and_a_change_parses_one_file(
    tmp_path: Path, parses: list[str]
) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": RUNBOOK, "ops-docs/b.md": PLAIN})
    loaded = _loaded(tmp_path)
    cache = DocumentCache(tmp_path)
    cold = _load(tmp_path, loaded, cache)
    assert sorted(parses) == ["ops-docs/a.md", "ops-docs/b.md"]
    cache.save()

    parses.clear()
    warm_cache = DocumentCache(tmp_path)
    warm = _load(tmp_path, loaded, warm_cache)
    assert parses == []
    assert [(d.key, d.title, d.line_count) for d in warm] == [
        (d.key, d.title, d.line_count) for d in cold
    ]

    write_tree(tmp_path, {"ops-docs/b.md": PLAIN + "More.\n"})
    _load(tmp_path, loaded, DocumentCache(tmp_path))
    assert parses == ["ops-docs/b.md"]


def test_files_with_the_same_content_share_one_entry_but_keep_their_paths(
    tmp_path: Path, parses: list[str]
) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": PLAIN, "ops-docs/copy.md": PLAIN})
    cache = DocumentCache(tmp_path)
    docs = _load(tmp_path, _loaded(tmp_path), cache)
    assert len(parses) == 2  # both missed the empty cache
    parses.clear()
    again = _load(tmp_path, _loaded(tmp_path), cache)
    assert parses == []
    assert [d.key for d in again] == [d.key for d in docs]
    assert again[0] is not again[1]


def test_light_documents_are_not_cached(tmp_path: Path, parses: list[str]) -> None:
    write_tree(tmp_path, {"ops-docs/a.md": RUNBOOK})
    cache = DocumentCache(tmp_path)
    (light,) = _load(tmp_path, _loaded(tmp_path), cache, light=True)
    assert light.title == "Restart"
    _load(tmp_path, _loaded(tmp_path), cache)
    assert parses == ["ops-docs/a.md", "ops-docs/a.md"]
