"""Which docs differ from HEAD, judged again only for the docs whose stat data changed.

The freshness rules count a doc with uncommitted changes as changed today, so the run
memo's key holds the set of such docs. Finding it means comparing every doc with the
index and HEAD (:func:`~ops_lint.git.worktree.changed_paths`: reading and hashing each
file), which on a large doc set costs more than the rest of a warm run together.

A doc's verdict depends only on HEAD's tree, the index, and the doc's own file (its bytes,
or for a doc converted on checkout its stat data; for a doc in neither HEAD nor the index,
the ignore rules). So the verdicts are remembered with the stat memo
(:mod:`ops_lint.stat_memo`), each with the stat data the doc had when judged, under a tag
naming HEAD, the replace refs, the index's bytes and the settings. While that tag holds, a
doc whose stat data is unchanged and settled (see the stat memo: a later write would show)
keeps its verdict; the others are judged again, asking git about those paths only. A doc
judged by the ignore rules is always judged again (a ``.gitignore`` anywhere can change it).
``GIT_INDEX_FILE`` (an index elsewhere) turns the memo off.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import Any

from ops_lint.git.repository import Location
from ops_lint.git.worktree import changed_paths
from ops_lint.globs import posix_relpath
from ops_lint.safe_files import read_bytes

_INDEX_LIMIT = 1 << 30
_NARROW = 200  # at most this many paths are named to git; more: the doc roots are


def _index_digest(loc: Location) -> bytes | None:
    """A digest of the index git reads, or None when it cannot be named for sure."""
    if "GIT_INDEX_FILE" in os.environ:
        return None
    try:
        data = read_bytes(os.path.join(loc.git_dir, "index"), loc.git_dir, _INDEX_LIMIT)
    except FileNotFoundError:
        data = b"(absent)"
    except OSError:
        return None
    return hashlib.blake2b(data, digest_size=24).digest()


def _tag(loc: Location, head: str, refs: bytes, pathspec: list[str], limit: int) -> bytes | None:
    index = _index_digest(loc)
    if index is None:
        return None
    digest = hashlib.blake2b(b"uncommitted/1", digest_size=24)
    for part in (loc.toplevel, loc.git_dir, loc.object_format, head, str(limit), *pathspec):
        digest.update(os.fsencode(part) + b"\0")
    digest.update(refs + b"\0" + index)
    return digest.digest()


def _under(path: str, pathspec: list[str]) -> bool:
    return any(p == "." or path == p or path.startswith(p.rstrip("/") + "/") for p in pathspec)


def uncommitted_docs(
    loc: Location,
    head: str,
    refs: bytes,
    pathspec: list[str],
    docs: dict[str, tuple[bytes, bool]],
    limit: int,
    stored: Any,
    settled: Callable[[bytes], bool],
) -> tuple[set[str], Any]:
    """The docs (repository-relative) that differ from HEAD, and what to remember.

    ``docs`` maps each doc to its stat signature and whether the stat memo trusts it as
    unchanged; ``stored`` is what the last run remembered; ``settled`` tells a signature
    that a later write would change. Judged exactly as
    :func:`~ops_lint.git.worktree.uncommitted` judges them.
    """
    tag = _tag(loc, head, refs, pathspec, limit)
    old: dict[Any, Any] = {}
    if (
        tag is not None
        and type(stored) is list
        and len(stored) == 2
        and stored[0] == tag
        and type(stored[1]) is dict
    ):
        old = stored[1]
    dirty: set[str] = set()
    kept: dict[str, bytes] = {}
    todo: list[str] = []
    for path, (sig, trusted) in docs.items():
        entry = old.get(path)
        if trusted and type(entry) is bytes and len(entry) == len(sig) + 1 and entry[:-1] == sig:
            kept[path] = entry
            if entry[-1]:
                dirty.add(path)
        else:
            todo.append(path)
    if todo:
        floating: set[str] = set()
        narrow = len(todo) <= _NARROW and all(_under(p, pathspec) for p in todo)
        found = changed_paths(loc, todo if narrow else pathspec, set(todo), limit, floating)
        dirty |= found
        for path in todo:
            sig = docs[path][0]
            if path not in floating and sig and settled(sig):
                kept[path] = sig + (b"\1" if path in found else b"\0")
    return dirty, ([tag, kept] if tag is not None else None)


def repo_relative(toplevel: str) -> Callable[[str], str]:
    """Repository-relative POSIX path of an absolute path (``../...`` when outside), as
    the history names docs: a path under the top as it is, any other once resolved."""
    prefix = toplevel.rstrip(os.sep) + os.sep

    def rel(path: str) -> str:
        if not path.startswith(prefix):  # only then pay for resolving symlinks
            path = os.path.realpath(path)
        elif os.sep == "/" and _normal(path[len(prefix) :]):
            return path[len(prefix) :]
        return posix_relpath(path, toplevel)

    return rel


def _normal(tail: str) -> bool:
    framed = f"/{tail}/"
    return bool(tail) and "//" not in framed and "/./" not in framed and "/../" not in framed
