"""The fast parser path builds the same Document as markdown-it-py, field by field.

markdown-it-py is the reference (``OPS_LINT_PARSER=reference``); markdown-it-pyrs serves
the hot path through :mod:`ops_lint.parse_fast`. Compared here: every bundled doc, every
Markdown file and rule-fixture Markdown file of the tests, generated documents (block
shapes, inline soup, nesting past ``max_nesting``) and, when ``OPS_LINT_EQUIVALENCE_CORPUS``
names a folder, every ``.md`` file under it (``OPS_LINT_EQUIVALENCE_LIMIT`` caps how many,
spread evenly over the sorted list).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ops_lint import parse_fast
from ops_lint.document_builder import build
from ops_lint.parse_fast import PARSER_ENV
from ops_lint.parse_reference import DEFAULT_MAX_NESTING

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

pytestmark = pytest.mark.skipif(
    not parse_fast.installed(), reason="markdown-it-pyrs has no wheel here"
)


def _both(source: str, max_nesting: int = DEFAULT_MAX_NESTING) -> tuple[object, object, bool]:
    """(fast Document, reference Document, whether the fast parser served it)."""
    saved = os.environ.pop(PARSER_ENV, None)
    try:
        served = parse_fast.fast_tokens(
            source.replace("\r\n", "\n").replace("\r", "\n"), max_nesting
        )
        fast = build("doc.md", "/doc.md", source, max_nesting)
        os.environ[PARSER_ENV] = "reference"
        reference = build("doc.md", "/doc.md", source, max_nesting)
    finally:
        os.environ.pop(PARSER_ENV, None)
        if saved is not None:
            os.environ[PARSER_ENV] = saved
    return fast, reference, served is not None


def _differences(fast: object, reference: object) -> list[str]:
    out = []
    for field in dataclasses.fields(fast):  # type: ignore[arg-type]
        mine, theirs = getattr(fast, field.name), getattr(reference, field.name)
        if mine != theirs:
            out.append(f"{field.name}:\n  fast      {mine!r:.600}\n  reference {theirs!r:.600}")
    return out


def assert_same(source: str, max_nesting: int = DEFAULT_MAX_NESTING) -> bool:
    fast, reference, served = _both(source, max_nesting)
    assert fast == reference, "\n".join(_differences(fast, reference))
    return served


# -- files ---------------------------------------------------------------------------
def _markdown_files() -> list[Path]:
    found = sorted((ROOT / "ops-docs").rglob("*.md")) + sorted(TESTS.rglob("*.md"))
    return [p for p in found if "__pycache__" not in p.parts]


def _fixture_markdown() -> Iterator[tuple[str, str]]:
    """Markdown files written by the rule fixtures' cases."""
    for path in sorted((TESTS / "fixtures" / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data.get("cases", []):
            stack = [("", case.get("files") or {})]
            while stack:
                prefix, tree = stack.pop()
                for name, value in tree.items():
                    if isinstance(value, dict):
                        stack.append((f"{prefix}{name}/", value))
                    elif isinstance(value, str) and name.endswith(".md"):
                        yield f"{path.stem}/{case['name']}/{prefix}{name}", value


def test_bundled_and_test_markdown_files() -> None:
    files = _markdown_files()
    assert len(files) > 40
    served = sum(assert_same(p.read_text(encoding="utf-8")) for p in files)
    assert served == len(files)  # none of them needs the reference parser


def test_rule_fixture_markdown() -> None:
    cases = list(_fixture_markdown())
    assert len(cases) > 100
    for name, text in cases:
        fast, reference, _ = _both(text)
        assert fast == reference, name + "\n" + "\n".join(_differences(fast, reference))


def test_real_corpus() -> None:
    folder = os.environ.get("OPS_LINT_EQUIVALENCE_CORPUS")
    if not folder:
        pytest.skip("set OPS_LINT_EQUIVALENCE_CORPUS to a folder of Markdown files")
    files = sorted(Path(folder).rglob("*.md"))
    limit = int(os.environ.get("OPS_LINT_EQUIVALENCE_LIMIT", "0") or 0)
    if limit and len(files) > limit:
        files = files[:: len(files) // limit][:limit]
    differ = []
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        fast, reference, _ = _both(text)
        if fast != reference:
            differ.append(f"{path}: " + "; ".join(_differences(fast, reference))[:400])
    assert not differ, f"{len(differ)} of {len(files)} differ:\n" + "\n".join(differ[:10])


# -- targeted cases ------------------------------------------------------------------
CASES = {
    "table after html opener": "<div>a | b</div>\n--|--\n| c | d |\n",
    "table after fence opener": "```a | b\n--|--\n",
    "table after comment": "<!-- x --> | b\n--|--\n",
    "quoted html table": "> <div>a | b</div>\n> --|--\n",
    "ideographic space in cell": "| a\u3000 | b |\n|-|-|\n| \u00a0c | d |\n",
    "unicode space around paragraph": "\u3000a\u00a0\n\n# \u00a0h\u3000\n\n- \u3000i\n",
    "punycode host": "[a](http://\u00ebxample.com/\u00e4) <http://\u00ebx.com/%C3%A4>\n",
    "autolink escapes": "<https://x.org/Quick%20Start.html> <a@b.co>\n",
    "front matter dots": "---\ntitle: x\n...\n# H\n",
    "front matter long": "-----\na: 1\n---\nb: 2\n-----\n",
    "front matter unclosed": "---\na: 1\n",
    "front matter opener with text": "---yaml\na: 1\n---\n",
    "front matter indented closer": "---\na: 1\n   ---\n\ntext\n",
    "front matter code-indented closer": "---\na: 1\n    ---\n---\n",
    "crlf": "# T\r\n\r\n- [ ] a\r\n- [x] b\r\n\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n",
    "lone cr": "# T\r\rtext\rmore\r",
    "image alt": "![a *b* `c]`](x.png) ![](e.png) ![r][ref] ![s]\n\n[ref]: /r.png\n[s]: /s.png\n",
    "image in heading and cell": "# ![logo](l.png) Title\n\n| ![i](i.png) x |\n|---|\n",
    "nul": "a\0b\n",
    "entities": "&amp; &#32;x&#12288; &nbsp;\n\n| &#32;a |\n|---|\n",
    "deep quote": "> " * 30 + "deep\n",
    "deep list": "".join("  " * i + "- item\n" for i in range(30)),
    "deep at the limit": "".join("  " * i + f"- item {i}\n" for i in range(9)),
    "deep emphasis": "*" * 2000 + "x" + "*" * 2000 + "\n",
    "deep images": "![" * 900 + "x" + "](u)" * 900 + "\n",
    "hr runs": "-" * 300 + "\n\n" + "* " * 100 + "\n",
    "ordered item ends a quote": "> word\n    x\n2) word\n\n> - a\n10) c\n\n> a\n1. b\n",
    "table after a quote line": (
        "- > word\n  | word\n  | ---\n\n> word\n| word\n| ---\n\n> a\nb\n| x | y |\n|---|---|\n"
    ),
    "table after a deeper quote line": (
        "> > word\n####### word\n    word\n> | word\n> | ---\n\n"
        "> > w\n> a | b\n> --- | ---\n\n> w\n> | a | b |\n> |---|---|\n"
    ),
    "tab after nested quote markers": "> > \t word\n\n> \t code\n\n>\t> x\n",
    "ordered item after a table": "| word |\n| --- |\n2) word\n\n> | a |\n> |---|\n3) b\n",
    "table without a pipe": "1\n:-\n\nx\n---\n",
    "empty item after a quote": "> > word\n> > = =\n> 1.\n\n> word\nword\n-\n\n> a\n1.\n\n> b\n*\n",
    "html table with markdown": "<table>\n<tr><td>\n\n**a** cell text\n\n</td></tr>\n</table>\n",
}


@pytest.mark.parametrize("source", list(CASES.values()), ids=list(CASES))
def test_case(source: str) -> None:
    assert_same(source)


@pytest.mark.parametrize("max_nesting", [5, 6, 8, 20])
def test_nesting_limits(max_nesting: int) -> None:
    for depth in range(1, max_nesting + 3):
        assert_same("> " * depth + "q\n", max_nesting)
        assert_same("".join("  " * i + "- i\n" for i in range(depth)), max_nesting)
        assert_same("- " * depth + "x\n", max_nesting)


def test_fast_path_serves_ordinary_docs() -> None:
    """The fast path is not a no-op: an ordinary doc is served by it."""
    text = (ROOT / "ops-docs" / "README.md").read_text(encoding="utf-8")
    assert parse_fast.fast_tokens(text, DEFAULT_MAX_NESTING) is not None


def test_reference_forced_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PARSER_ENV, "reference")
    assert parse_fast.fast_tokens("# a\n", DEFAULT_MAX_NESTING) is None
    monkeypatch.setenv(PARSER_ENV, "auto")
    assert parse_fast.fast_tokens("# a\n", DEFAULT_MAX_NESTING) is not None


def test_fast_parser_panic_is_silent(capfd: pytest.CaptureFixture[str]) -> None:
    """The Rust parser panics on a bracket before an unclosed backtick run: the reference
    parser takes the document and nothing reaches standard error."""
    for source in ("[`", "a [link `x\n\ntext", "- [`] item\n"):
        assert parse_fast.fast_tokens(source, DEFAULT_MAX_NESTING) is None
        assert_same(source)
    assert capfd.readouterr().err == ""


def test_hostile_depth_never_reaches_the_fast_parser() -> None:
    for text in ("> " * 5000, "- " * 5000, "[" * 5000 + "](u)", "*" * 9000, "~~" * 9000):
        assert not parse_fast.shallow(text)


# -- generated documents -------------------------------------------------------------
_WORDS = st.sampled_from(
    [
        "word",
        "Owner",
        "é",
        "日本",
        "snake_case",
        "a*b",
        "x_y_",
        "\u3000",
        "\u00a0",
        "1.",
        "2)",
        "&amp;",
        "&#32;",
        "&copy;",
        "\\*",
        "\\|",
        "\\[",
        "<b>",
        "</b>",
        "<br>",
        "<team-id>",
        "<!-- c -->",
        "<!-- ops-lint-disable OPS101 -- why -->",
        "`co|de`",
        "``a ` b``",
        "**",
        "*",
        "_",
        "~~",
        "~",
        "[",
        "]",
        "(",
        ")",
        "!",
        "<",
        ">",
        "|",
        "#",
        "-",
        "+",
        ":",
        "\t",
        "  ",
        "[l](http://x.org/a b)",
        '[l](<a b> "t")',
        "[r][ref]",
        "[ref]",
        "![i](i.png)",
        '![a *b*](i.png "t")',
        "<https://x.org/%20>",
        "<a@b.co>",
        "http://bare.org",
        "[x](javascript:alert(1))",
        "[h](http://\u00ebx.com)",
        "[u](%zz)",
        '<a href="/h">a</a>',
    ]
)
_INLINE = st.lists(_WORDS, min_size=1, max_size=8).map(" ".join)


@st.composite
def _block(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 13))
    text = draw(_INLINE)
    if kind == 0:
        return f"{'#' * draw(st.integers(1, 7))} {text}"
    if kind == 1:
        return f"{text}\n{draw(st.sampled_from(['===', '---', '-', '= =']))}"
    if kind == 2:
        marker = draw(st.sampled_from(["-", "*", "+", "1.", "2)", "10."]))
        box = draw(st.sampled_from(["", "[ ] ", "[x] ", "[X] ", "[]", "[ ]"]))
        return f"{marker} {box}{text}"
    if kind == 3:
        cols = draw(st.integers(1, 4))
        head = " | ".join(draw(_INLINE) for _ in range(cols))
        rows = [
            " | ".join(draw(_INLINE) for _ in range(draw(st.integers(0, cols + 1))))
            for _ in range(draw(st.integers(0, 3)))
        ]
        lead = draw(st.sampled_from(["| ", ""]))
        return "\n".join(
            [lead + head, lead + " | ".join(["---"] * cols), *(lead + r for r in rows)]
        )
    if kind == 4:
        fence = draw(st.sampled_from(["```", "~~~", "````"]))
        info = draw(st.sampled_from(["", "sh", "yaml title=x", "a | b"]))
        close = draw(st.sampled_from([fence, "", "```"]))
        return f"{fence}{info}\n{text}\n{close}"
    if kind == 5:
        return f"    {text}"
    if kind == 6:
        return draw(
            st.sampled_from(
                [
                    "<div>\n" + text + "\n</div>",
                    "<!-- " + text + " -->",
                    "<!-- ops-lint-disable-next-line OPS101 until=2030-01-01 -- r -->",
                    "<table>\n<tr><th>A</th><th>B</th></tr>\n<tr><td>"
                    + text
                    + "</td></tr>\n</table>",
                    "<details>\n<summary>" + text + "</summary>",
                    '<a name="anchor"></a>',
                ]
            )
        )
    if kind == 7:
        return f"> {text}"
    if kind == 8:
        target = draw(st.sampled_from(["/r", "<a b>", "http://ëx.org", '/r "t"']))
        return f"[ref]: {target}"
    if kind == 9:
        return draw(st.sampled_from(["***", "---", "___", "* * *"]))
    if kind == 10:
        return ""
    return text


@st.composite
def _document(draw: st.DrawFn) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["---", "title: " + draw(st.sampled_from(["x", "'a: b'", "日本"])), "---"]
    for _ in range(draw(st.integers(1, 12))):
        block = draw(_block())
        prefix = draw(
            st.sampled_from(["", "", "", "  ", "> ", "- ", "1. ", "   ", "\t", "> > ", "- - "])
        )
        indent = "  " * draw(st.integers(0, 3))
        lines += [(indent + prefix + line) if line else line for line in block.split("\n")]
        if draw(st.booleans()):
            lines.append("")
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


_SOUP = st.text(
    alphabet=st.sampled_from(list("#*_-+>|`~[]()!<>\\/:.&;= \t\n\n\n1aZé日\u3000\u00a0\"'-xh")),
    max_size=200,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_document())
def test_generated_documents(source: str) -> None:
    assert_same(source)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SOUP)
def test_generated_soup(source: str) -> None:
    assert_same(source)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 30), st.sampled_from(["> ", "- ", "1. ", "  - ", "> - "]), _INLINE)
def test_generated_nesting(depth: int, unit: str, text: str) -> None:
    assert_same(unit * depth + text + "\n")
    assert_same("".join("  " * i + "- " + text + "\n" for i in range(depth)))
