"""The doc set of a freshness report: each doc read light and typed, and the report's own
context.

A report needs of a doc its front-matter, title and type, nothing of its body: the light
read (:mod:`ops_lint.document_light`) gives exactly what the full parse would give of
those. Reading light here, rather than through :mod:`ops_lint.loader`, skips the cache
keys the loader computes for ``check`` and the parse cache itself (decoding a cached full
parse costs more than the light read it would save). :class:`ReportDocs` is what
:func:`ops_lint.freshness.compute` reads of a run, without ``check``'s context and the
governance extractors it imports.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ops_lint.doc_file import decode
from ops_lint.document_light import front_matter_only
from ops_lint.errors import InternalError
from ops_lint.freshness import under_review
from ops_lint.model import Document
from ops_lint.targeting import decide_type

if TYPE_CHECKING:
    from ops_lint.config import Config, LoadedConfig
    from ops_lint.discovery import Candidate
    from ops_lint.git.history import PendingHistory
    from ops_lint.owner_sources import OwnerSources


def read_light(
    files: Iterable[tuple[Candidate, bytes | str]], loaded: LoadedConfig, titles: str = "all"
) -> list[Document]:
    """The docs of ``files`` (each candidate with its bytes, or why they could not be
    read), in order, read light and typed: what :func:`ops_lint.loader.load_documents`
    gives with ``light=True`` and no cache.

    ``titles="judged"``: only the docs under review get their title (a report shows no
    other doc), which spares finding and normalising the others'.
    """
    cfg = loaded.config
    limit = cfg.max_file_size
    types, type_key, precedence = cfg.types, cfg.type_key, cfg.types_precedence

    def typed(doc: Document) -> bool:
        doc.doc_type = decide_type(doc.meta, doc.path, types, type_key, precedence)
        return titles == "all" or under_review(doc, cfg)

    docs: list[Document] = []
    gc_was_enabled = gc.isenabled()
    gc.disable()  # reading allocates many small objects that are never cyclic garbage
    try:
        for cand, data in files:
            if isinstance(data, str):  # not read: why
                doc = Document(path=cand.key, abspath=cand.abspath, read_error=data)
            elif isinstance(text := decode(data, limit), tuple):  # not UTF-8 text in the limit
                doc = Document(cand.key, cand.abspath, size=len(data), read_error=text[0])
            else:
                try:
                    docs.append(front_matter_only(cand.key, cand.abspath, text, typed))
                except Exception as exc:  # a reader bug: name the file
                    raise InternalError(cand.key, exc) from exc
                continue
            typed(doc)
            docs.append(doc)
    finally:
        if gc_was_enabled:
            gc.enable()
    return docs


class ReportDocs:
    """The doc set of a report: what :func:`ops_lint.freshness.compute` reads of a run."""

    def __init__(
        self, docs: list[Document], config: Config, root: Path, history: PendingHistory
    ) -> None:
        self.docs = docs
        self.config = config
        self.root = root
        self.use_git = True
        self.history_future: PendingHistory | None = history
        self._owner_sources: OwnerSources | None = None

    @property
    def owner_sources(self) -> OwnerSources:
        """CODEOWNERS, OWNERS files and the default owner: read once, and only when some
        doc is judged."""
        if self._owner_sources is None:
            from ops_lint.owner_sources import OwnerSources

            self._owner_sources = OwnerSources(self.root, self.config.default_owner)
        return self._owner_sources
