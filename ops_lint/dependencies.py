"""What each doc's results were computed from, recorded while its rules run.

The engine opens a :class:`Frame` for each doc; every read a check makes through the
:class:`~ops_lint.context.Context` that reaches beyond the doc itself adds a token to it,
with the value it had:

- ``doc:PATH``: another doc of the set (its content identity; empty if none is there);
- ``type:TYPE``: the docs of one type (their paths and contents);
- ``set``: the whole doc set (every path and content);
- ``exists:PATH``: whether a file exists (``1`` or ``0``);
- ``git``: the repository's history as the freshness rules read it.

A doc-set-wide index (``Context.cached``) keeps the tokens its build recorded, and every
doc that reads the index inherits them; so do the notices the build emitted. What every
doc depends on alike (config, rule packs, roster, owner files, the date, the tool's code)
is not recorded per doc: it keys the whole store (:mod:`ops_lint.doc_results`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SET = "set"
GIT = "git"


def doc_token(abspath: str) -> str:
    return "doc:" + abspath


def type_token(doc_type: str) -> str:
    return "type:" + doc_type


EXISTS = "exists:"


def exists_token(abspath: str) -> str:
    return EXISTS + abspath


def looked_up(tokens: Iterable[tuple[str, bytes]], into: dict[str, bool]) -> None:
    """Add to ``into`` the files whose existence ``tokens`` record, and the answers."""
    for token, value in tokens:
        if token.startswith(EXISTS):
            into[token[len(EXISTS) :]] = value == b"1"


@dataclass(slots=True)
class Frame:
    """The tokens and notices of one doc's results (or of one index's build)."""

    tokens: dict[str, bytes] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def merge(self, other: Frame) -> None:
        self.tokens.update(other.tokens)
        for notice in other.notices:
            if notice not in self.notices:
                self.notices.append(notice)


class Recorder:
    """The frames open now: the innermost receives what is read. Without an open frame
    (a run that keeps no per-doc results) nothing is recorded."""

    def __init__(self) -> None:
        self.stack: list[Frame] = []

    def add(self, token: str, value: bytes) -> None:
        if self.stack:
            self.stack[-1].tokens[token] = value

    def push(self, frame: Frame) -> None:
        self.stack.append(frame)

    def pop(self) -> Frame:
        return self.stack.pop()

    @property
    def active(self) -> bool:
        return bool(self.stack)
