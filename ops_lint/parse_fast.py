"""The fast path of the parse: markdown-it-pyrs's tree turned into the builder's tokens.

markdown-it-py is the reference parser: the document model is defined by what
:mod:`ops_lint.document_builder` builds from its tokens. markdown-it-pyrs is a Rust port of
the same markdown-it (same rules, same node vocabulary) that parses in about a tenth of
the CPU time. This module converts its tree into the flat token stream the builder walks
(:class:`~ops_lint.parse_tokens.FlatToken`: markdown-it's token names and fields, only
those the builder reads), so both parsers feed one builder and give the same Document.
``tests/test_parser_equivalence.py`` proves that on the bundled docs, the test fixtures,
generated documents and (given a path) a real corpus.

:func:`fast_tokens` returns ``None`` (the caller then parses with markdown-it-py) when:

- the wheel is not installed (no wheel for the platform: no Rust build is attempted), or
  the environment variable ``OPS_LINT_PARSER`` is ``reference``;
- the text could nest deeper than the fast parser handles safely: its tree is dropped
  recursively, so depth is bounded before parsing from the text alone (container markers
  and indentation at the start of a line; emphasis, strikethrough and bracket characters
  in a run of lines without a blank one). Documents this deep are hostile or generated;
- containers nest close to ``max_nesting``, where markdown-it-py stops reading (and the
  builder notes it), or a construct where the two implementations are known to differ
  turns up: a tab after a blockquote marker, a non-ASCII host name (markdown-it-py
  writes it in punycode), an image whose alt text cannot be located in the source, a
  node type the converter does not know.

Front matter is read here as mdit-py-plugins' ``front_matter`` rule reads it (the Rust
plugin accepts other openers) and blanked before the Rust parser sees the text, so line
numbers stay those of the file. Source maps of the Rust tree are UTF-8 byte offsets; line
numbers come from a table of line starts in the same unit.

This module decides whether the fast path is taken and owns the Rust parser; the tree is
converted in :mod:`ops_lint.parse_fast_blocks` (blocks) and
:mod:`ops_lint.parse_fast_inline` (inline content).
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from typing import Any

from ops_lint.parse_fast_blocks import Converter
from ops_lint.parse_fast_inline import Fallback
from ops_lint.parse_tokens import FlatToken

try:
    from markdown_it_pyrs import MarkdownIt as _RustMarkdownIt
except ImportError:  # no wheel for this platform: the reference parser does all the work
    _RustMarkdownIt = None  # type: ignore[assignment,misc]

PARSER_ENV = "OPS_LINT_PARSER"  # "reference": always parse with markdown-it-py

MIN_NESTING = 5  # below this, markdown-it-py's limit can cut inline content too
MAX_PREFIX = 60  # container markers and indentation characters at a line's start
MAX_INLINE = 800  # bound on inline nesting in a run of lines without a blank line

# One unit of a line's container prefix: a space, a tab, ">" or a list marker.
_PREFIX_UNIT = r"(?:[ \t>]|[-+*](?=[ \t\n]|\Z)|[0-9]{1,9}[.)](?=[ \t\n]|\Z))"
_DEEP_PREFIX = re.compile(f"^{_PREFIX_UNIT}{{{MAX_PREFIX}}}", re.M)
# A tab after a blockquote marker: the two expand it differently inside nested quotes.
_QUOTED_TAB = re.compile(r"^[ \t]*>[ \t>]*\t", re.M)


def installed() -> bool:
    """True when the markdown-it-pyrs wheel is installed."""
    return _RustMarkdownIt is not None


def wanted() -> bool:
    """True when the fast parser is installed and not switched off."""
    if _RustMarkdownIt is None:
        return False
    return os.environ.get(PARSER_ENV, "").strip().lower() != "reference"


@lru_cache(maxsize=1)
def _parser() -> Any:
    assert _RustMarkdownIt is not None
    return _RustMarkdownIt("commonmark").enable_many(["table", "strikethrough"])


def fast_tokens(source: str, max_nesting: int) -> list[FlatToken] | None:
    """The builder's tokens for ``source`` (newlines normalized), or None: use the reference."""
    if not wanted() or max_nesting < MIN_NESTING or not shallow(source) or "\0" in source:
        return None
    if "\t" in source and _QUOTED_TAB.search(source):
        return None
    try:
        return Converter(source, max_nesting).run(_quiet_tree)
    except Fallback:
        return None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return None


def _quiet_tree(text: str) -> Any:
    """The Rust tree of ``text``, with standard error closed while it parses.

    The Rust parser panics on some inputs (a ``[`` before a backtick run that is never
    closed); the panic becomes an exception here (the reference parser takes the
    document) but Rust's panic hook first writes to file descriptor 2. It is pointed at
    the null device for the call, so output stays what the reference path prints.
    """
    parser = _parser()
    if "[" not in text or "`" not in text:
        return parser.tree(text)
    try:
        saved = os.dup(2)
    except OSError:  # no standard error: nothing to protect
        return parser.tree(text)
    try:
        sys.stderr.flush()
        os.dup2(_null_fd(), 2)
        return parser.tree(text)
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@lru_cache(maxsize=1)
def _null_fd() -> int:
    return os.open(os.devnull, os.O_WRONLY)


def shallow(source: str) -> bool:
    """True when nothing in ``source`` can nest deeper than the fast parser is allowed."""
    if _DEEP_PREFIX.search(source) is not None:
        return False
    if _inline_bound(source) <= MAX_INLINE:
        return True
    return all(_inline_bound(chunk) <= MAX_INLINE for chunk in source.split("\n\n"))


def _inline_bound(text: str) -> int:
    """An upper bound on the inline nesting ``text`` can produce, if it is one paragraph.

    Each level of emphasis takes a delimiter on each side, strikethrough two, a link or
    image an opening bracket.
    """
    return (text.count("*") + text.count("_")) // 2 + text.count("~") // 4 + text.count("[") + 3
