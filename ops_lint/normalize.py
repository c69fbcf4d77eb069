"""Text normalization shared by the document model and the checks."""

from __future__ import annotations

import re
import unicodedata

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[a-z][.)])(?:\s*[-\u2013\u2014:]\s*|\s+)", re.I)
_AMP = re.compile(r"\s*&\s*")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")


def normalize_title(title: str) -> str:
    """Normalize a heading or section name for matching.

    Case, leading numbering ("1.", "1)", "10 -", "2.3"), "&" versus "and",
    emphasis markers, surrounding punctuation and repeated spaces are ignored:
    "## 2. *Incident Classification Matrix*:" matches "incident classification matrix".
    """
    text = title.replace("*", " ").replace("`", " ").strip()
    text = _NUMBERING.sub("", text, count=1)
    text = _AMP.sub(" and ", text)
    text = _EDGE_PUNCT.sub("", text.lower())
    return _SPACES.sub(" ", text).strip()


def github_slug(text: str) -> str:
    """GitHub's heading anchor: lower case, drop punctuation but '-' and '_', spaces to '-'."""
    out: list[str] = []
    for ch in text.strip().lower():
        if ch in " -_" or unicodedata.category(ch)[0] in "LMN" or ch.isalnum():
            out.append("-" if ch == " " else ch)
    return "".join(out)
