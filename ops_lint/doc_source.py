"""The documents of a run's doc set, loaded when a check first reads them.

A run that checks every doc hands the engine the parsed list. A run that re-checks only
what a change can affect (:mod:`ops_lint.incremental`) knows every doc's path and content
key, and the type of every doc whose content is unchanged, but parses or decodes a doc only
when a check reads it: a one-file change in a doc set of 40,000 docs loads the few docs
that file's rules look at, not all of them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable

from ops_lint.dependencies import Recorder, doc_token
from ops_lint.model import Document

Load = Callable[[list[str]], list[Document]]  # absolute paths -> their Documents, in order


def set_digest(pairs: Iterable[tuple[str, bytes]]) -> bytes:
    """A digest of ``(abspath, content identity)`` pairs, in the order given."""
    digest = hashlib.blake2b(digest_size=16)
    for abspath, identity in pairs:
        digest.update(os.fsencode(abspath) + b"\0" + identity + b"\1")
    return digest.digest()


class DocSource:
    """Every doc of the doc set in path order (``order``: absolute paths; ``paths``: each
    one relative to the project root). ``identities`` (absolute path -> content
    identity) are what dependency tokens record; ``types`` the known doc types (a doc
    missing from it is loaded to learn its type)."""

    def __init__(
        self,
        order: list[str],
        paths: dict[str, str],
        identities: dict[str, bytes],
        load: Load,
        types: dict[str, str | None] | None = None,
        loaded: Iterable[Document] = (),
    ) -> None:
        self.order = order
        self.paths = paths  # absolute path -> path relative to the project root
        self.identities = identities
        self._load = load
        self._docs: dict[str, Document] = {d.abspath: d for d in loaded}
        self._types: dict[str, str | None] = dict(types or {})
        self._types.update((d.abspath, d.doc_type) for d in self._docs.values())
        self._all: list[Document] | None = None
        self._set: bytes | None = None
        self._by_type: dict[str | None, list[str]] | None = None

    @classmethod
    def of(cls, docs: list[Document]) -> DocSource:
        """A source over docs already parsed (their identity: their path)."""
        order = [d.abspath for d in docs]
        paths = {d.abspath: d.path for d in docs}
        identities = {d.abspath: d.path.encode("utf-8", "surrogateescape") for d in docs}
        return cls(order, paths, identities, lambda wanted: [], loaded=docs)

    def __contains__(self, abspath: object) -> bool:
        return abspath in self.identities

    def __len__(self) -> int:
        return len(self.order)

    def get(self, abspath: str) -> Document | None:
        doc = self._docs.get(abspath)
        if doc is None and abspath in self.identities:
            self.load([abspath])
            doc = self._docs.get(abspath)
        return doc

    def load(self, abspaths: list[str]) -> list[Document]:
        """The docs of ``abspaths`` (each in the doc set), loading those not loaded yet in
        one batch (parsed in parallel where they must be parsed)."""
        missing = [a for a in abspaths if a not in self._docs]
        for doc in self._load(missing) if missing else ():
            self._docs[doc.abspath] = doc
            self._types[doc.abspath] = doc.doc_type
        return [self._docs[a] for a in abspaths]

    def all(self) -> list[Document]:
        if self._all is None:
            self._all = self.load(self.order)
        return self._all

    def identity(self, abspath: str) -> bytes:
        """The content identity of the doc at ``abspath``; empty if it is no doc of the set."""
        return self.identities.get(abspath, b"")

    def set_identity(self) -> bytes:
        """What the whole doc set is: every path and content, in order."""
        if self._set is None:
            self._set = set_digest((a, self.identities[a]) for a in self.order)
        return self._set

    def _type_index(self) -> dict[str | None, list[str]]:
        if self._by_type is None:
            unknown = [a for a in self.order if a not in self._types]
            if unknown:
                self.load(unknown)
            index: dict[str | None, list[str]] = {}
            for abspath in self.order:
                index.setdefault(self._types[abspath], []).append(abspath)
            self._by_type = index
        return self._by_type

    def of_type(self, doc_type: str) -> list[Document]:
        return self.load(self._type_index().get(doc_type, []))

    def type_identity(self, doc_type: str) -> bytes:
        """What the docs of one type are: their paths and contents, in order."""
        wanted = self._type_index().get(doc_type, [])
        return set_digest((a, self.identities[a]) for a in wanted)


class DocMap:
    """The docs of the set by absolute path, as checks look them up: each lookup is a
    dependency of the doc being checked, and loads the doc it finds."""

    def __init__(self, source: DocSource, deps: Recorder) -> None:
        self.source = source
        self.deps = deps

    def get(self, abspath: str, default: Document | None = None) -> Document | None:
        self.deps.add(doc_token(abspath), self.source.identity(abspath))
        found = self.source.get(abspath)
        return default if found is None else found

    def __contains__(self, abspath: object) -> bool:
        if not isinstance(abspath, str):
            return False
        self.deps.add(doc_token(abspath), self.source.identity(abspath))
        return abspath in self.source

    def __getitem__(self, abspath: str) -> Document:
        found = self.get(abspath)
        if found is None:
            raise KeyError(abspath)
        return found
