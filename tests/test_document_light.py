"""The light read finds the front-matter the full parser finds, without the parser.

``front_matter_span`` decides the ``mdit_py_plugins`` front-matter rule on the lines it
reads; here it is compared with the rule itself, run by markdown-it on the whole text,
over generated texts built from the lines that matter to it (openers, closers, ``...``,
indented and tabbed dashes, blanks, NUL), and the light read with the full build.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from ops_lint.document import build
from ops_lint.document_light import front_matter_only, front_matter_span

_PARSER = MarkdownIt("commonmark").use(front_matter_plugin)

LINES = [
    "---",
    "----",
    "--",
    "--- x",
    "---\t",
    "--- ",
    "-----",
    "...",
    "... ",
    "...\t",
    "....",
    "...x",
    " ...",
    "  ---",
    "   ---",
    "    ---",
    "\t---",
    " \t---",
    "- a",
    "-",
    "a: 1",
    "title: T",
    "last_reviewed: 2026-01-01",
    "# Title",
    "",
    " ",
    "\t",
    "a\0b",
    "x ---",
]


def reference(source: str) -> tuple[str, int] | None:
    """What markdown-it's front-matter rule makes of ``source``: (content, end line)."""
    tokens = _PARSER.parse(source)
    if tokens and tokens[0].type == "front_matter" and tokens[0].map:
        return tokens[0].content, tokens[0].map[1]
    return None


texts = st.builds(
    lambda first, rest, tail: "\n".join([first, *rest]) + tail,
    st.sampled_from(["---", "----", "---- x", "---\t", "-----"]),
    st.lists(st.sampled_from(LINES), max_size=12),
    st.sampled_from(["", "\n", "\n\n", " ", "\t", "\n  "]),
)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_span_is_the_parsers_front_matter(source: str) -> None:
    assert front_matter_span(source) == reference(source)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_light_read_agrees_with_the_full_build(source: str) -> None:
    light, full = front_matter_only("a.md", "/a.md", source), build("a.md", "/a.md", source)
    assert light.front_matter_lines == full.front_matter_lines
    assert light.meta == full.meta
    assert light.front_matter.error == full.front_matter.error
    assert light.line_count == full.line_count


def test_examples() -> None:
    assert front_matter_span("---\na: 1\n---\n# T\n") == ("a: 1", 3)
    assert front_matter_span("---\n---\n") == ("", 2)
    assert front_matter_span("----\na: 1\n---\n") is None  # a closer shorter than the opener
    assert front_matter_span("---\na: 1\n...  \nb\n") == ("a: 1", 3)
    assert front_matter_span("---\na: 1\n    ---\n") is None  # indented 4: code
    assert front_matter_span("---\na\0\n---\n") == ("a\ufffd", 3)
    assert front_matter_span("# T\n---\n---\n") is None
