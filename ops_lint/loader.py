"""Load the doc set: each file read once, parsed once (cache, then all cores)."""

from __future__ import annotations

import copy
import gc
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import NamedTuple

from ops_lint.cache import DocumentCache, entry_key
from ops_lint.config import LoadedConfig
from ops_lint.discovery import Candidate
from ops_lint.document import from_bytes, read_bytes
from ops_lint.errors import InternalError
from ops_lint.model import Document
from ops_lint.stat_memo import StatMemo
from ops_lint.targeting import decide_type

# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64
_CHUNK = 32

Job = tuple[str, str, bytes, int, bool, int]


def _parse_chunk(jobs: Sequence[Job]) -> list[Document]:
    docs = []
    for job in jobs:
        try:
            docs.append(from_bytes(*job))
        except Exception as exc:  # a parser bug: name the file
            raise InternalError(job[0], exc) from exc
    return docs


def _parse_all(jobs: list[Job], workers: int) -> list[Document]:
    if workers <= 1 or len(jobs) < PARALLEL_THRESHOLD:
        return _parse_chunk(jobs)
    chunks = [jobs[i : i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return [doc for part in pool.map(_parse_chunk, chunks) for doc in part]
    except (OSError, RuntimeError):  # no process support here (e.g. a sandbox): one core
        return _parse_chunk(jobs)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _assign_type(doc: Document, loaded: LoadedConfig) -> None:
    cfg = loaded.config
    doc.doc_type = decide_type(doc.meta, doc.path, cfg.types, cfg.type_key, cfg.types_precedence)


class Input(NamedTuple):
    """A doc file as read from disk: its bytes (or why not) and its content key."""

    candidate: Candidate
    # str: the reason it could not be read; None: not read, as the stat memo knows its
    # key (``contents`` reads it when its bytes are wanted after all)
    data: bytes | str | None
    key: bytes


def content_scheme(loaded: LoadedConfig) -> bytes:
    """What a content key depends on besides the bytes (a stat memo is kept per scheme)."""
    cfg = loaded.config
    return entry_key(b"", cfg.max_file_size, cfg.max_nesting)


def read_inputs(
    candidates: list[Candidate],
    loaded: LoadedConfig,
    overrides: Mapping[str, bytes] | None = None,
    memo: StatMemo | None = None,
) -> list[Input]:
    """Read every candidate once (bounded by ``max-file-size``) and key its content.

    ``overrides`` maps a candidate's absolute path to the content to use in place of the
    file's (an editor's unsaved buffer); it replaces only files of the doc set. With a
    ``memo``, a file whose stat data is unchanged since it was last read is not read
    again (its ``data`` is None), and the files read are recorded in it.
    """
    limit = loaded.config.max_file_size
    nesting = loaded.config.max_nesting
    out: list[Input] = []
    for cand in candidates:
        if cand.problem is not None:
            out.append(Input(cand, cand.problem, b""))
            continue
        given = overrides.get(cand.abspath) if overrides else None
        if given is not None:
            data: bytes | str = given[: limit + 1]
        else:
            if memo is not None and cand.signature:
                known = memo.known(cand.key, cand.signature)
                if known is not None:
                    out.append(Input(cand, None, known))
                    continue
            data = read_bytes(cand.abspath, limit)
        key = entry_key(data, limit, nesting) if isinstance(data, bytes) else b""
        if memo is not None and given is None and key:
            memo.record(cand.key, cand.signature, key)
        out.append(Input(cand, data, key))
    return out


def contents(item: Input, limit: int) -> bytes | str:
    """The bytes of ``item`` (read now if the stat memo spared the read), or why not."""
    return read_bytes(item.candidate.abspath, limit) if item.data is None else item.data


def _placed(hit: Document, cand: Candidate) -> Document:
    doc = copy.copy(hit)  # two files with the same content share one entry
    doc.path, doc.abspath = cand.key, cand.abspath
    return doc


def load_documents(
    candidates: list[Candidate],
    loaded: LoadedConfig,
    *,
    cache: DocumentCache | None = None,
    jobs: int | None = None,
    light: bool = False,
    inputs: list[Input] | None = None,
) -> list[Document]:
    """Documents in ``candidates`` order, each named by its path relative to the project
    root; unchanged files come from ``cache`` (the caller saves it when the run is done).
    ``inputs`` are the files already read, if any.

    ``light`` reads only front-matter and title of the files the cache lacks (a freshness
    report needs nothing else); such partial documents are not cached.
    """
    limit = loaded.config.max_file_size
    nesting = loaded.config.max_nesting
    docs: list[Document | None] = []
    pending: list[Job] = []
    slots: list[tuple[int, bytes]] = []
    for cand, given, key in inputs if inputs is not None else read_inputs(candidates, loaded):
        if given is None:  # not read yet: needed only if the cache lacks it
            hit = cache.get(key) if cache is not None else None
            if hit is not None:
                docs.append(_placed(hit, cand))
                continue
            given = read_bytes(cand.abspath, limit)
            # keyed by what is read now (the file may have changed since it was statted)
            key = entry_key(given, limit, nesting) if isinstance(given, bytes) else b""
        data = given
        if isinstance(data, str):
            docs.append(Document(path=cand.key, abspath=cand.abspath, read_error=data))
            continue
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            docs.append(_placed(hit, cand))
            continue
        slots.append((len(docs), key))
        docs.append(None)
        pending.append((cand.key, cand.abspath, data, limit, light, nesting))
    gc_was_enabled = gc.isenabled()
    gc.disable()  # parsing allocates many small objects that are never cyclic garbage
    try:
        workers = 1 if light else jobs if jobs is not None else default_jobs()
        parsed = _parse_all(pending, workers)
    finally:
        if gc_was_enabled:
            gc.enable()
    for (index, entry), doc in zip(slots, parsed, strict=True):
        docs[index] = doc
        if cache is not None and entry and not light:
            cache.put(entry, doc)
    out: list[Document] = []
    for maybe in docs:
        assert maybe is not None
        _assign_type(maybe, loaded)
        out.append(maybe)
    return out
