"""The reference parser: markdown-it-py as the document model is defined by.

CommonMark with GFM tables and strikethrough, and mdit-py-plugins' front matter. The fast
path (:mod:`ops_lint.parse_fast`) must give the tokens this parser gives, or step aside.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

DEFAULT_MAX_NESTING = 20  # CommonMark preset of markdown-it


@lru_cache(maxsize=4)
def markdown_parser(max_nesting: int = DEFAULT_MAX_NESTING) -> MarkdownIt:
    """CommonMark + GFM tables and strikethrough + front-matter (task boxes are read below).

    ``max_nesting`` bounds the depth of lists and blockquotes, and so the parser's work on
    a hostile file; content nested deeper is not read (the model records a note).
    """
    md = MarkdownIt("commonmark", {"maxNesting": max_nesting})
    return md.enable("table").enable("strikethrough").use(front_matter_plugin)
