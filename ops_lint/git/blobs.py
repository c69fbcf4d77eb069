"""Blob contents for review-only verdicts, from ``git cat-file``.

Sizes first (``--batch-check``), then only blobs no larger than the size cap
(``--batch``). Pairs of blobs are taken in groups that bound what is held at once, and
each conversation with git is one round trip: the requests are written by a thread while
the answers are read (:meth:`ops_lint.git.cat_file.CatFile.send`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.git.cat_file import CatFile
from ops_lint.git.command import Git

GROUP = 24  # pairs of blobs held at once (each at most the size limit)


class Blobs:
    """Blob contents for review-only verdicts, each at most ``limit`` bytes.

    A blob larger than ``limit`` is never read (its size comes from ``--batch-check``);
    it is ``None``, like a missing one, which the caller takes as a substantive edit.

    Pairs are taken in groups of ``GROUP``: each group's blobs are held at once, never
    more (and missing or oversized blobs are counted per group). The requests for all
    groups are written by a thread while the answers are read, so the whole conversation
    is two round trips with git (sizes, then contents), not two per group.
    """

    def __init__(self, git: Git, limit: int) -> None:
        self.git = git
        self.limit = limit
        self.missing = 0
        self.oversized = 0
        self._sizes: CatFile | None = None
        self._contents: CatFile | None = None

    def _sizes_of(self, shas: list[str]) -> dict[str, int | None]:
        """Each blob's size (None: a missing object or not a blob), asked all at once."""
        if self._sizes is None:
            self._sizes = CatFile(self.git, "--batch-check")
        writer = self._sizes.send(shas)
        try:
            return {sha: self._sizes.header() for sha in shas}
        finally:
            writer.join()

    def _groups(self, groups: list[list[str]]) -> Iterator[dict[str, bytes | None]]:
        """The contents of each group of distinct shas, one group at a time."""
        sizes = self._sizes_of(list(dict.fromkeys(sha for group in groups for sha in group)))
        missing = {sha for sha, size in sizes.items() if size is None}
        small = [[sha for sha in group if (sizes[sha] or 0) <= self.limit] for group in groups]
        small = [[sha for sha in group if sha not in missing] for group in small]
        if self._contents is None:
            self._contents = CatFile(self.git, "--batch")
        batch = self._contents
        writer = batch.send([sha for group in small for sha in group])
        finished = False
        try:
            for group, wanted in zip(groups, small, strict=True):
                lost = sum(1 for sha in group if sha in missing)
                self.missing += lost
                self.oversized += len(group) - len(wanted) - lost
                found: dict[str, bytes | None] = dict.fromkeys(group)
                for sha in wanted:
                    size = batch.header()
                    if size is None or size != sizes[sha]:  # changed under us: stop trusting it
                        raise OSError("git cat-file answered out of order")
                    found[sha] = batch.stdout.read(size + 1)[:size]
                yield found
            finished = True
        finally:
            if not finished:  # answers left unread: this conversation cannot go on
                batch.close()
                self._contents = None
            writer.join()

    def pairs(self, pairs: list[tuple[str, str]]) -> Iterator[tuple[bytes | None, bytes | None]]:
        """The (old, new) blob contents of each pair, in order; None if not read."""
        chunks = [pairs[i : i + GROUP] for i in range(0, len(pairs), GROUP)]
        groups = [list(dict.fromkeys(sha for pair in chunk for sha in pair)) for chunk in chunks]
        for chunk, found in zip(chunks, self._groups(groups), strict=True):
            for old, new in chunk:
                yield found[old], found[new]

    def contents(self, shas: list[str]) -> dict[str, bytes | None]:
        """The contents of ``shas``, a group at a time; None for a blob not read."""
        found: dict[str, bytes | None] = {}
        distinct = list(dict.fromkeys(shas))
        groups = [distinct[i : i + 2 * GROUP] for i in range(0, len(distinct), 2 * GROUP)]
        for part in self._groups(groups):
            found.update(part)
        return found

    def close(self) -> None:
        for batch in (self._sizes, self._contents):
            if batch is not None:
                batch.close()


def review_only(old: bytes | None, new: bytes | None, fields: tuple[str, ...]) -> bool:
    """True if ``old`` and ``new`` differ only in lines that set a review field."""
    if old is None or new is None or old == new:
        return False
    keys = tuple(f.encode() + b":" for f in fields)
    if not any(key in old or key in new for key in keys):
        return False  # no line to leave out: the two differ in some other line

    def strip(data: bytes) -> list[bytes]:
        return [line for line in data.split(b"\n") if not line.lstrip().startswith(keys)]

    return strip(old) == strip(new)
