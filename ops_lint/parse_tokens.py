"""The token shape the document builder walks, whichever parser produced it.

:mod:`ops_lint.document_builder` reads a flat token stream in markdown-it's vocabulary
(``heading_open``, ``inline``, ``table_open``, ...). markdown-it-py's own ``Token``
objects fit :class:`TokenLike`; :mod:`ops_lint.parse_fast` builds :class:`FlatToken`
objects, a slimmer class with only the fields the builder reads, from the tree of the
Rust-backed parser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol


class TokenLike(Protocol):
    """What the builder reads of a token (read-only, so both token classes fit)."""

    @property
    def type(self) -> str: ...

    @property
    def map(self) -> Sequence[int] | None: ...

    @property
    def content(self) -> str: ...

    @property
    def info(self) -> str: ...

    @property
    def tag(self) -> str: ...

    @property
    def children(self) -> Sequence[TokenLike] | None: ...

    @property
    def attrs(self) -> Mapping[str, str | int | float]: ...


_NO_ATTRS: Mapping[str, str | int | float] = {}


class FlatToken:
    """A token as the builder reads it: markdown-it's field names, nothing else."""

    __slots__ = ("attrs", "children", "content", "info", "map", "tag", "type")

    def __init__(
        self,
        type_: str,
        map_: list[int] | None = None,
        content: str = "",
        *,
        info: str = "",
        tag: str = "",
        children: list[FlatToken] | None = None,
        attrs: Mapping[str, str | int | float] = _NO_ATTRS,
    ) -> None:
        self.type = type_
        self.map = map_
        self.content = content
        self.info = info
        self.tag = tag
        self.children = children
        self.attrs = attrs

    def __repr__(self) -> str:
        return f"FlatToken({self.type!r}, {self.map!r}, {self.content!r})"
