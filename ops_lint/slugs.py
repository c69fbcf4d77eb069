"""Heading anchors as each site generator computes them, and explicit ``{#id}`` anchors.

- ``github`` (also Hugo's default and Docusaurus' github-slugger): lower case, punctuation
  but ``-`` and ``_`` dropped, each space a ``-``; repeats get ``-1``, ``-2``.
- ``gitlab``: lower case, non-word characters dropped, spaces to ``-``, runs of ``-``
  folded into one; repeats get ``-1``, ``-2``.
- ``python-markdown`` (MkDocs' ``toc`` extension): accents folded to ASCII, other
  non-ASCII and punctuation but ``-`` and ``_`` dropped, runs of spaces and ``-`` to one
  ``-``, lower case; repeats get ``_1``, ``_2``.
- ``redcarpet`` (Middleman, ``with_toc_data``): ASCII letters and digits kept in lower
  case, each run of punctuation, spaces or non-ASCII characters one ``-`` (none at
  either end); HTML entities dropped; repeats share one anchor.
- ``tech-docs`` (GOV.UK tech-docs): as ``redcarpet``; a repeat gets its parent
  heading's anchor as a prefix (``overview-steps``), then ``-2``, ``-3``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Literal

from ops_lint.normalize import github_slug

SlugStyle = Literal["github", "gitlab", "python-markdown", "redcarpet", "tech-docs"]

# ``## Title {#id}``, ``## Title { #id .class }``, ``## Title {: #id }`` (attr_list, Hugo,
# Docusaurus, kramdown): anchored at the end, no quantifier can retake another's text.
_EXPLICIT = re.compile(r"\{:?+\s*+(?:[.\w-]++\s++)*+#([\w-]++)[^{}]*+\}\s*+$")
_GITLAB_DROP = re.compile(r"[^\w\s-]")
_GITLAB_DASHES = re.compile(r"-{2,}")
_PY_DROP = re.compile(r"[^\w\s-]")
_PY_SPACES = re.compile(r"[-\s]+")
_REDCARPET_STRIPPED = frozenset(" -&+$,/:;=?@\"#{}|^~[]`\\*()%.!'")
_ENTITY = re.compile(r"&#?+\w++;")
_TECH_DOCS_DROP = re.compile(r"[^0-9a-z]++")


def gitlab_slug(text: str) -> str:
    """GitLab's heading anchor (before repeats are numbered)."""
    text = _GITLAB_DROP.sub("", text.strip().lower())
    return _GITLAB_DASHES.sub("-", text.replace(" ", "-"))


def python_markdown_slug(text: str) -> str:
    """``markdown.extensions.toc.slugify`` with its defaults (MkDocs)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = _PY_DROP.sub("", ascii_text).strip().lower()
    return _PY_SPACES.sub("-", ascii_text)


def redcarpet_slug(text: str) -> str:
    """Redcarpet's ``header_anchor`` for a heading's text (Middleman)."""
    text = _ENTITY.sub("", text.replace("&", "&amp;"))
    out: list[str] = []
    stripped = False
    for ch in text:
        if not ch.isascii() or ch in _REDCARPET_STRIPPED:
            if out and not stripped:
                out.append("-")
            stripped = True
        else:
            out.append(ch.lower())
            stripped = False
    if stripped and out:
        out.pop()
    return "".join(out)


_SLUGGERS: dict[str, tuple[Callable[[str], str], str | None]] = {
    "github": (github_slug, "-"),
    "gitlab": (gitlab_slug, "-"),
    "python-markdown": (python_markdown_slug, "_"),
    "redcarpet": (redcarpet_slug, None),
}


def explicit_anchor(title: str) -> tuple[str, str | None]:
    """``(title without the attribute block, its id)``; the id is None without one."""
    match = _EXPLICIT.search(title) if title.endswith("}") else None
    if match is None:
        return title, None
    return title[: match.start()].rstrip(), match.group(1)


def tech_docs_slug(text: str) -> str:
    """GOV.UK tech-docs' heading anchor (``UniqueIdentifierGenerator.heading_slug``)."""
    return _TECH_DOCS_DROP.sub("-", text.strip().lower()).strip("-")


def _tech_docs_unique(slug: str, level: int, made: list[tuple[str, int]]) -> str:
    """A repeated tech-docs anchor gets its parent heading's anchor as a prefix, then
    ``-2``, ``-3``... until it is unique."""
    taken = {anchor for anchor, _ in made}
    if slug in taken:
        parent = next((a for a, lvl in reversed(made) if lvl < level), None)
        slug = slug if parent is None else f"{parent}-{slug}"
    number = 2
    base = slug
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def heading_anchors(
    headings: Iterable[tuple[str, int]], style: SlugStyle, explicit: bool = True
) -> set[str]:
    """The anchors the ``(title, level)`` headings, in document order, get under
    ``style``; with ``explicit``, a ``{#id}`` block gives its heading that id instead."""
    seen: dict[str, int] = {}
    made: list[tuple[str, int]] = []
    for title, level in headings:
        given = None
        if explicit:
            title, given = explicit_anchor(title)
        if given is not None:
            made.append((given, level))
        elif style == "tech-docs":
            made.append((_tech_docs_unique(tech_docs_slug(title), level, made), level))
        else:
            slugger, joiner = _SLUGGERS[style]
            slug = slugger(title)
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            made.append((slug if count == 0 or joiner is None else f"{slug}{joiner}{count}", 0))
    return {anchor for anchor, _ in made}
