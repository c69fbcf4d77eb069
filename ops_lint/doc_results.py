"""Each doc's results of the last run, and what they were computed from.

The store (``.ops_lint_cache/results-v1.bin``) holds, under one key for everything every
doc depends on alike (:func:`ops_lint.run_memo.settings_key`), one entry per doc: its path,
content identity and type, its dependency tokens (:mod:`ops_lint.dependencies`) with the
values they had, and its outcome packed apart (findings kept and waived, one evaluation per
rule, notices). A run reuses an entry whose content and tokens still hold, and checks the
other docs again. Like the parse cache it is signed and data only: it is rebuilt field by
field, every shape checked (a value that does not fit discards the store; ``--no-cache``
bypasses it). An outcome's evaluations are decoded only when an output reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ops_lint import cache_codec
from ops_lint.cache import read_keyed, secret_key, write_signed
from ops_lint.cache_codec import Malformed, list_of, rows, strings
from ops_lint.checks import Evidence
from ops_lint.dependencies import Frame
from ops_lint.diagnostic import Diagnostic, Severity
from ops_lint.errors import InternalError
from ops_lint.model import Directive
from ops_lint.results import DocOutcome, Evaluation
from ops_lint.shared_strings import share

_FILE = "results-v1.bin"
_DIAGNOSTIC = (str, int, int, str, str, int, str, str, str)
_SEVERITIES = {s.value: s for s in Severity}
_NONE = type(None)


@dataclass(slots=True)
class Entry:
    """One doc's results of this run, to be stored; ``blob`` is its packed outcome."""

    identity: bytes
    doc_type: str | None
    tokens: dict[str, bytes]
    blob: bytes
    plain: bool  # no finding kept or waived, no notice: the blob holds evaluations only


def _row(d: Diagnostic) -> list[Any]:
    return [d.path, d.line, d.column, d.code, d.rule, int(d.severity), d.message, d.hint, d.snippet]


def _diagnostic(row: list[Any]) -> Diagnostic:
    severity = _SEVERITIES.get(row[5])
    if severity is None:
        raise Malformed("an unknown severity")
    return Diagnostic(row[0], row[1], row[2], row[3], row[4], severity, *row[6:])


def pack_outcome(outcome: DocOutcome) -> bytes | None:
    """The outcome's findings and evaluations as plain arrays (None if one cannot be held)."""
    index = {id(d): i for i, d in enumerate(outcome.kept)}
    evaluations = [
        [e.code, [list(pair) for pair in e.evidence], [index[id(f)] for f in e.findings], e.waived]
        for e in outcome.all_evaluations()
    ]
    kept = [_row(d) for d in outcome.kept]
    waived = [[_row(d), list(directive)] for d, directive in outcome.waived]
    return cache_codec.pack([kept, waived, evaluations, outcome.frame.notices])


def _findings(
    blob: Any,
) -> tuple[list[Diagnostic], list[tuple[Diagnostic, Directive]], Any, list[str]]:
    """Kept findings, waived ones, the evaluations (still packed) and the notices."""
    if type(blob) is not bytes:
        raise Malformed("an outcome of the wrong shape")
    fields = list_of(cache_codec.unpack(blob))
    if len(fields) != 4:
        raise Malformed("an outcome of the wrong shape")
    kept = rows(fields[0], _diagnostic, _DIAGNOSTIC)

    def waived(row: list[Any]) -> tuple[Diagnostic, Directive]:
        found = rows([row[0]], _diagnostic, _DIAGNOSTIC)[0]
        return found, cache_codec.directive(row[1])

    return kept, rows(fields[1], waived, (list, list)), fields[2], strings(fields[3])


def _evaluations(path: str, kept: list[Diagnostic], value: Any) -> list[Evaluation]:
    out: list[Evaluation] = []
    for code, evidence, found, waived in rows(value, tuple, (str, list, list, int)):
        notes = tuple(
            Evidence(line, share(note)) for line, note in rows(evidence, tuple, (int, str))
        )
        picked = [kept[i] for i in found if type(i) is int and 0 <= i < len(kept)]
        if len(picked) != len(found):
            raise Malformed("a reference to no finding")
        out.append(Evaluation(code, path, tuple(picked) or (), waived, notes))
    return out


def recalled(abspath: str, path: str, blob: Any, plain: bool) -> DocOutcome:
    """The outcome packed in ``blob`` (:class:`Malformed` if it is not what ops-lint
    writes). The evaluations of a ``plain`` doc are decoded on first use."""
    if not plain:
        kept, waived, value, notices = _findings(blob)
        outcome = _evaluations(path, kept, value)
        return DocOutcome(abspath, kept, waived, outcome, Frame(notices=notices))

    def later() -> list[Evaluation]:
        try:
            kept, _waived, value, _notices = _findings(blob)
            return _evaluations(path, kept, value)
        except Malformed as exc:  # signed with the user's key: only a bug writes this
            raise InternalError(f"{path} (stored results)", exc) from exc

    return DocOutcome(abspath, [], [], later, Frame())


def _ints(value: Any, below: int) -> list[int]:
    """A column of integers, each in ``range(below)`` (checked by whole-column operations)."""
    items = list_of(value)
    if items and (set(map(type, items)) != {int} or min(items) < 0 or max(items) >= below):
        raise Malformed("a reference out of its table")
    return items


class ResultStore:
    """The stored results of one project, as columns (empty if absent, foreign, corrupt or
    keyed for other settings), and the results of this run to write back.

    Columns: absolute paths, content identities, doc types, a table of tokens (name, value),
    a table of token sets ("shapes"; most docs of a large set share one), each doc's shape,
    whether its outcome is plain, and each doc's packed outcome."""

    def __init__(self, root: Path, key: bytes) -> None:
        self.root = root
        self.key = key
        self.secret = secret_key(root)
        self.fresh: dict[str, Entry] = {}
        self._clear()
        fields = read_keyed(root, _FILE, self.secret, key, 10)  # else: all checked afresh
        if fields is not None:
            try:
                self._columns(fields)
            except Malformed:
                self._clear()

    def _clear(self) -> None:
        self.paths: list[str] = []
        self.identities: list[bytes] = []
        self.types: list[str | None] = []
        self.tokens: list[tuple[str, bytes]] = []
        self.shapes: list[list[int]] = []
        self.doc_shape: list[int] = []
        self.plain = b""
        self.blobs: list[Any] = []
        self.row: dict[str, int] = {}

    def _columns(self, fields: list[Any]) -> None:
        paths, identities, types = strings(fields[1]), list_of(fields[2]), list_of(fields[3])
        names, values = strings(fields[4]), list_of(fields[5])
        count, plain, blobs = len(paths), fields[8], list_of(fields[9])
        if type(plain) is not bytes or set(plain) - {0, 1}:
            raise Malformed("a column of the wrong shape")
        if any(len(c) != count for c in (identities, types, plain, blobs, fields[7])):
            raise Malformed("columns that do not add up")
        if len(names) != len(values) or {type(v) for v in (*identities, *values, *blobs)} - {bytes}:
            raise Malformed("a column of the wrong shape")
        if {type(t) for t in types} - {str, _NONE}:
            raise Malformed("a column of the wrong shape")
        self.shapes = [_ints(shape, len(names)) for shape in list_of(fields[6])]
        self.doc_shape = _ints(fields[7], len(self.shapes))
        self.paths, self.identities, self.types = paths, identities, types
        self.tokens = list(zip(names, values, strict=True))
        self.plain, self.blobs = plain, blobs
        self.row = dict(zip(paths, range(count), strict=True))

    def shape_tokens(self, shape: int) -> list[tuple[str, bytes]]:
        return [self.tokens[t] for t in self.shapes[shape]]

    def recall(self, abspath: str, path: str) -> DocOutcome:
        """The stored outcome of ``abspath`` (a doc of ``row``); :class:`Malformed`."""
        at = self.row[abspath]
        return recalled(abspath, path, self.blobs[at], self.plain[at] == 1)

    def put(self, outcome: DocOutcome, identity: bytes, doc_type: str | None) -> None:
        blob = pack_outcome(outcome)
        frame = outcome.frame
        if blob is not None:
            plain = not outcome.kept and not outcome.waived and not frame.notices
            self.fresh[outcome.abspath] = Entry(identity, doc_type, frame.tokens, blob, plain)

    def save(self, docs: list[str]) -> None:
        """Write the results of ``docs`` (the doc set), this run's or stored ones."""
        kept = [a for a in docs if a in self.fresh or a in self.row]
        if self.secret is None or not (self.fresh or len(kept) != len(self.paths)):
            return
        token_at: dict[tuple[str, bytes], int] = {}
        shape_at: dict[tuple[int, ...], int] = {}
        old_shapes: dict[int, int] = {}
        identities, types, doc_shape, blobs = [], [], [], []
        plain = bytearray()
        for abspath in kept:
            entry = self.fresh.get(abspath)
            if entry is not None:
                tokens = tuple(token_at.setdefault(t, len(token_at)) for t in entry.tokens.items())
                shape = shape_at.setdefault(tokens, len(shape_at))
                identity, doc_type, blob, flat = (
                    entry.identity,
                    entry.doc_type,
                    entry.blob,
                    entry.plain,
                )
            else:
                at = self.row[abspath]
                old = self.doc_shape[at]
                if old not in old_shapes:
                    pairs = self.shape_tokens(old)
                    tokens = tuple(token_at.setdefault(t, len(token_at)) for t in pairs)
                    old_shapes[old] = shape_at.setdefault(tokens, len(shape_at))
                shape = old_shapes[old]
                identity, doc_type, blob = self.identities[at], self.types[at], self.blobs[at]
                flat = self.plain[at] == 1
            identities.append(identity)
            types.append(doc_type)
            doc_shape.append(shape)
            blobs.append(blob)
            plain.append(1 if flat else 0)
        names = [name for name, _value in token_at]
        values = [value for _name, value in token_at]
        shapes = [list(shape) for shape in shape_at]
        columns = [kept, identities, types, names, values, shapes, doc_shape, bytes(plain)]
        payload = cache_codec.pack([self.key, *columns, blobs])
        if payload is not None:
            write_signed(self.root, _FILE, self.secret, payload)
