"""Fuzz target for the document model and the front-matter loader.

    pip install atheris
    python tests/fuzz/fuzz_document.py -max_total_time=600      # coverage-guided (libFuzzer)
    python tests/fuzz/fuzz_document.py                          # no atheris: hypothesis loop

``fuzz_one`` takes raw bytes, as a file on disk would be: it must never raise, and the
model it builds must keep its invariants. The test suite runs it briefly
(tests/test_properties.py::test_fuzz_target_short_run).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

MAX_INPUT = 1 << 16  # bytes: larger inputs only slow the fuzzer down


def check_invariants(doc: Any) -> None:
    """What every Document from ``build`` must satisfy."""
    if doc.read_error is not None:
        return
    last = doc.line_count + 1
    lines = [s.line for s in doc.sections]
    assert lines == sorted(lines), "sections out of line order"
    for sec in doc.sections:
        assert 1 <= sec.line <= sec.end_line <= last, ("section", sec)
    spans: list[tuple[str, int]] = [("table", t.line) for t in doc.tables]
    spans += [("table end", t.end_line) for t in doc.tables]
    spans += [("row", r.line) for t in doc.tables for r in t.rows]
    spans += [("item", i.line) for i in doc.items]
    spans += [("link", link.line) for link in doc.links]
    spans += [("text", t.line) for t in doc.texts]
    spans += [("code", c.line) for c in doc.code_blocks]
    spans += [("directive", d.line) for d in doc.directives]
    spans += [("note", line) for line, _note in doc.notes]
    for what, line in spans:
        assert 1 <= line <= last, (what, line, last)
    for values in (doc.items, doc.texts, doc.tables, doc.code_blocks):
        found = [v.line for v in values]
        assert found == sorted(found), "model lists out of line order"
    for link in doc.links:
        assert link.column >= 1
    error = doc.front_matter.error
    if error is not None:
        assert error.line >= 1 and error.column >= 1


def fuzz_one(data: bytes) -> None:
    """One input: the document model (full and light) and the front-matter loader."""
    from ops_lint import document, frontmatter

    data = data[:MAX_INPUT]
    doc = document.from_bytes("fuzz.md", "/fuzz/fuzz.md", data, MAX_INPUT)
    check_invariants(doc)
    light = document.from_bytes("fuzz.md", "/fuzz/fuzz.md", data, MAX_INPUT, light=True)
    assert (light.read_error is None) == (doc.read_error is None)
    text = data.decode("utf-8", "replace")
    loaded = frontmatter.load(text, 2)
    assert isinstance(loaded.data, dict)
    assert (loaded.error is None) or loaded.data == {}


def _hypothesis_loop(examples: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.strategies import markdownish

    inputs = st.binary(max_size=2048) | markdownish().map(lambda s: s.encode("utf-8", "replace"))

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(inputs)
    def run(data: bytes) -> None:
        fuzz_one(data)

    run()


def main() -> None:
    try:
        import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        examples = int(os.environ.get("FUZZ_EXAMPLES", "20000"))
        print(f"atheris is not installed: running {examples} hypothesis examples instead")
        _hypothesis_loop(examples)
        return
    with atheris.instrument_imports():  # coverage feedback from our parser and its libraries
        importlib.import_module("ops_lint.document")
    atheris.Setup(sys.argv, fuzz_one)
    atheris.Fuzz()


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    main()
