"""Property-based tests (hypothesis) over generated Markdown, front-matter and config.

No input makes ops-lint raise; the same input gives the same diagnostics; every diagnostic
is well formed; the CLI ends with 0, 1 or 2. ``HYPOTHESIS_PROFILE=fuzz`` runs each
property with 50 times the examples (minutes, not seconds).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ops_lint import document, frontmatter
from ops_lint.config import Config, LoadedConfig, validate
from ops_lint.engine import Selection, check
from ops_lint.errors import ConfigError
from ops_lint.loader import _assign_type
from ops_lint.model import Document
from ops_lint.packs import load_rules
from tests.conftest import write_tree
from tests.fuzz.fuzz_document import check_invariants, fuzz_one
from tests.strategies import config_dicts, doc_set, markdownish

settings.register_profile("ci", deadline=None)
settings.register_profile("fuzz", deadline=None, max_examples=10_000)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
SCALE = 50 if PROFILE == "fuzz" else 1


def examples(n: int) -> int:
    return n * SCALE


# Rules are loaded once: the engine property runs hundreds of doc sets against them.
_ROOT = Path(tempfile.mkdtemp(prefix="ops-lint-props-"))
LOADED = LoadedConfig(Config(), _ROOT, None)
RULES = load_rules(LOADED)
CODES = {r.code for r in RULES}
SELECTION = Selection(["OPS"], [])
TODAY = dt.date(2026, 11, 27)


@pytest.mark.slow
@settings(max_examples=examples(3000), deadline=None)
@given(markdownish())
def test_document_build_never_raises_and_keeps_invariants(text: str) -> None:
    doc = document.build("x.md", "/p/x.md", text)
    check_invariants(doc)


@pytest.mark.slow
@settings(max_examples=examples(500), deadline=None)
@given(st.lists(markdownish(), min_size=1, max_size=6).map("\n---\n".join))
def test_document_with_front_matter_fences(text: str) -> None:
    check_invariants(document.build("x.md", "/p/x.md", "---\n" + text))


@pytest.mark.slow
@settings(max_examples=examples(2000), deadline=None)
@given(markdownish())
def test_front_matter_load_never_raises(text: str) -> None:
    loaded = frontmatter.load(text, 2)
    assert isinstance(loaded.data, dict)
    if loaded.error is not None:
        assert loaded.error.line >= 2 and loaded.error.column >= 1


def _docs(files: dict[str, str]) -> list[Document]:
    docs = []
    for rel, text in sorted(files.items()):
        abspath = str(_ROOT / "ops-docs" / rel)
        doc = document.from_bytes(f"ops-docs/{rel}", abspath, text.encode(), 5_000_000)
        doc.key = f"ops-docs/{rel}"
        _assign_type(doc, LOADED)
        docs.append(doc)
    return docs


@pytest.mark.slow
@settings(max_examples=examples(1000), deadline=None)
@given(doc_set())
def test_engine_on_generated_doc_sets(files: dict[str, str]) -> None:
    first = check(_docs(files), RULES, LOADED, SELECTION, TODAY, use_git=False).diagnostics
    again = check(_docs(files), RULES, LOADED, SELECTION, TODAY, use_git=False).diagnostics
    assert first == again  # deterministic
    assert first == sorted(first)
    for diag in first:
        assert diag.line >= 1 and diag.column >= 1, diag
        assert diag.code in CODES, diag
        assert diag.path.startswith("ops-docs/") and diag.message


@pytest.mark.slow
@settings(max_examples=examples(1000), deadline=None)
@given(config_dicts())
def test_config_validation_returns_config_or_config_error(data: dict[str, Any]) -> None:
    try:
        result = validate(data, Path(".ops-lint.yaml"))
    except ConfigError as exc:
        assert str(exc).startswith(".ops-lint.yaml")
        return
    assert isinstance(result, Config)


@pytest.mark.slow
@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    files=doc_set(),
    config=config_dicts(),
    fmt=st.sampled_from(["json", "text", "markdown", "sarif"]),
)
def test_cli_exit_code_is_0_1_or_2(
    files: dict[str, str], config: dict[str, Any], fmt: str, ops_lint: Any
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        write_tree(base, {f"ops-docs/{k}": v for k, v in files.items()})
        (base / ".ops-lint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
        result = ops_lint(base, "check", "--no-git", "--format", fmt, "--as-of", "2026-11-27")
        assert result.code in (0, 1, 2), result.err
        event(f"exit {result.code}")
        if result.code == 2:
            assert result.out == "" and result.err.count("\n") == 1, result.err
        assert "Traceback" not in result.err


@settings(max_examples=examples(200), deadline=None)
@given(st.binary(max_size=1024) | markdownish().map(lambda s: s.encode("utf-8", "replace")))
def test_fuzz_target_short_run(data: bytes) -> None:
    fuzz_one(data)
