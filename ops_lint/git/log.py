"""Reading ``git log --raw -z`` output, and the ``.git-blame-ignore-revs`` file.

Records are framed by NUL alone, which no subject, author name, ``.mailmap`` entry or file
name can hold: each commit is the fixed fields (sha, author date, committer date) then the
free text (name, email, subject), then its raw changes, each a ``:meta`` token followed by
one path (two for a rename or copy), read by position. A path or subject that looks like
a record is therefore never taken for one. A record whose sha or dates do not parse is
skipped and counted; the rest of the history stays usable.

The log is written by git into a file and read while git is still writing it, so parsing
overlaps git's own walk; each read is split on NUL at once and whole records are taken
from the pieces, a record cut by the end of a read being completed by the next.
Blob contents for review-only verdicts are read in :mod:`ops_lint.git.blobs`.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import time
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from ops_lint.safe_files import read_bytes

FORMAT = "%H%x00%aI%x00%cI%x00%aN%x00%aE%x00%s"
_FIELDS = 6
_HEX = re.compile(r"[0-9a-f]{7,64}")
IGNORE_REVS_LIMIT = 16_000_000  # 120,000 sha256 lines with comments
MAX_TOKEN = 1 << 16  # a subject or name longer than this is cut: paths are at most 4 KiB


class IgnoreRevs:
    """Shas and abbreviated shas to ignore; a lookup costs one set probe per length."""

    def __init__(self, revs: set[str] | None = None) -> None:
        self.by_length: dict[int, set[str]] = {}
        for rev in revs or ():
            self.by_length.setdefault(len(rev), set()).add(rev)

    def __contains__(self, sha: object) -> bool:
        if not isinstance(sha, str):
            return False
        return any(sha[:n] in group for n, group in self.by_length.items())

    def __len__(self) -> int:
        return sum(len(group) for group in self.by_length.values())

    def __bool__(self) -> bool:
        return bool(self.by_length)


def read_ignore_revs(
    path: str, root: str, limit: int = IGNORE_REVS_LIMIT
) -> tuple[IgnoreRevs, str]:
    """The revs of a ``.git-blame-ignore-revs`` file, and a notice if it was not read."""
    try:
        text = read_bytes(path, root, limit).decode("utf-8", "replace")
    except FileNotFoundError:
        return IgnoreRevs(), ""
    except OSError as exc:  # outside the project, not a regular file, too large
        return IgnoreRevs(), f"ignore-revs file not used: {exc}"
    revs = set()
    for line in text.splitlines():
        token = line.split("#", 1)[0].strip().lower()
        if _HEX.fullmatch(token):
            revs.add(token)
    return IgnoreRevs(revs), ""


class Change(NamedTuple):
    status: str  # A, M, D, R100, R087, ...
    old_blob: str
    new_blob: str
    old_path: str
    new_path: str


class Record(NamedTuple):
    sha: str
    author_date: dt.date  # in the commit's own offset
    committer_date: dt.date
    author: str
    email: str
    subject: str
    changes: list[Change]


READ_SIZE = 1 << 20  # bytes asked of the log per read


def _token_lists(stream: IO[bytes] | Follow) -> Iterator[list[bytes]]:
    """NUL-terminated tokens, one list per read, each cut to ``MAX_TOKEN`` bytes; a final
    unterminated token too.

    One ``bytes.split`` per read does the framing; a token spread over many reads is
    collected in a list (linear time), and past the cap the rest of it is dropped unread.
    """
    pending: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(READ_SIZE)
        if not chunk:
            last = b"".join(pending)[:MAX_TOKEN]
            if last:  # output ends with a NUL: nothing follows the last token
                yield [last]
            return
        pieces = chunk.split(b"\0")
        if len(pieces) == 1:
            if size < MAX_TOKEN:
                pending.append(chunk)
                size += len(chunk)
            continue
        if size < MAX_TOKEN:
            pending.append(pieces[0])
        pieces[0] = b"".join(pending)
        tail = pieces.pop()
        pending, size = [tail], len(tail)
        if max(map(len, pieces)) > MAX_TOKEN:
            pieces = [piece[:MAX_TOKEN] for piece in pieces]
        yield pieces


def _meta_pattern(sha_length: int) -> re.Pattern[bytes]:
    """A raw change's ``:mode mode sha sha status``, every field checked in one match."""
    sha = rb"([0-9a-f]{%d})" % sha_length
    return re.compile(rb"\n*:[0-7]{6} [0-7]{6} " + sha + b" " + sha + rb" ([ACDMRTUX][0-9]{0,3})")


def _path(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _date(iso: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(iso).date()
    except ValueError:
        return None


def _record(head: list[bytes], changes: list[Change], bad: bool, sha_length: int) -> Record | None:
    """A validated record, or None when git printed something that does not parse
    (``bad``: one of its changes did not)."""
    if bad or len(head) != _FIELDS:
        return None
    fields = b"\0".join(head).decode("utf-8", "replace").split("\0")  # one decode, not six
    sha = fields[0].lstrip("\n")
    if len(sha) != sha_length or not _HEX.fullmatch(sha):
        return None
    author_date, committer_date = _date(fields[1]), _date(fields[2])
    if author_date is None or committer_date is None:
        return None
    author, email, subject = fields[3:]
    return _new(Record, (sha, author_date, committer_date, author, email, subject, changes))


_new = tuple.__new__  # a NamedTuple built without its Python-level constructor


class _More(Exception):
    """The tokens at hand end inside a record: read on."""


def _split_record(
    tokens: list[bytes], at: int, final: bool, meta: re.Pattern[bytes]
) -> tuple[list[bytes], list[Change], bool, int]:
    """The record starting at ``tokens[at]``: its header, its changes, whether one of them
    did not parse, and where the next record starts.

    A record ends where a token that is not a change starts; unless ``final`` (no more
    tokens will come), reaching the end of ``tokens`` first raises :class:`_More`.
    """
    count = len(tokens)
    end = at + _FIELDS
    if end > count:
        if not final:
            raise _More
        end = count
    head = tokens[at:end]
    changes: list[Change] = []
    bad = False
    pos = end
    while True:
        if pos >= count:
            if not final:
                raise _More
            return head, changes, bad, pos
        token = tokens[pos]
        found = meta.fullmatch(token)
        if found is not None:
            old_blob, new_blob, status = found.groups()
            two = status[:1] in b"RC"
        else:
            # A change starts with ':'; the header's first field is a sha, never ':...'.
            token = token.lstrip(b"\n")
            if token[:1] != b":":
                return head, changes, bad, pos
            two = token.rsplit(b" ", 1)[-1][:1] in (b"R", b"C")
        after = pos + (3 if two else 2)
        if after > count:
            if not final:
                raise _More
            return head, changes, True, count  # the log ends inside the change
        if found is None:
            bad = True
        else:
            new_path = tokens[after - 1].decode("utf-8", "surrogateescape")
            old_path = tokens[pos + 1].decode("utf-8", "surrogateescape") if two else new_path
            changes.append(
                _new(
                    Change,
                    (status.decode(), old_blob.decode(), new_blob.decode(), old_path, new_path),
                )
            )
        pos = after


def parse_log(
    stream: IO[bytes] | Follow, sha_length: int = 40, skip_empty: bool = False
) -> Iterator[Record | None]:
    """Records of ``git log -z --raw --format=FORMAT``, newest first; None for a bad one.

    ``skip_empty``: a commit that changes no file is not yielded at all (the log was read
    without a pathspec, which would have left such commits out).
    """
    meta = _meta_pattern(sha_length)
    tokens: list[bytes] = []
    at = 0
    final = False
    lists = _token_lists(stream)
    while True:
        if at >= len(tokens):
            if final:
                return
        else:
            try:
                head, changes, bad, at = _split_record(tokens, at, final, meta)
            except _More:
                pass
            else:
                if changes or bad or not skip_empty:
                    yield _record(head, changes, bad, sha_length)
                continue
        more = next(lists, None)
        if more is None:
            final = True
        else:
            tokens = tokens[at:] + more if at < len(tokens) else more
            at = 0


class Follow:
    """Read a file that a running process is still writing, like ``tail -f``.

    Parsing the log starts while git is still walking older history.
    """

    def __init__(self, handle: Any, proc: subprocess.Popen[bytes]) -> None:
        self.handle = handle
        self.proc = proc

    def read(self, size: int) -> bytes:
        while True:
            chunk: bytes = self.handle.read(size)
            if chunk:
                return chunk
            if self.proc.poll() is not None:
                rest: bytes = self.handle.read(size)  # what git wrote before it exited
                return rest
            time.sleep(0.002)
