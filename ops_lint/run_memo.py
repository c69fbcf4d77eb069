"""Answer an unchanged run from memory.

When nothing that can change a run's result has changed since the last run — the content
of every doc, the list of docs, the config, the rule packs and their schemas, the owners
roster, the tool's own code, the date, the command-line options and (when freshness rules
run) the state of git — the previous report is reused: a warm run reads and hashes the
files, and checks nothing again. Files that links point to outside the doc set are
re-checked for existence before a memo is trusted. The memo lives in ``.ops_lint_cache/``
next to the parse cache, signed the same way and, like it, data only: the report is
packed with msgpack as plain arrays and rebuilt field by field, checking every shape on
the way (a value that does not fit discards the memo). ``--no-cache`` bypasses it.

A report names files relative to the project root and by absolute path (the files looked
up), never relative to the working directory: a memo written from one folder answers a
run started from another.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ops_lint import cache_codec
from ops_lint.cache import read_signed, secret_key, write_signed
from ops_lint.cache_codec import Malformed, list_of, rows, strings
from ops_lint.config import LoadedConfig
from ops_lint.diagnostic import Diagnostic, Severity
from ops_lint.engine import Report
from ops_lint.evaluation_columns import evaluation_columns, pack_evaluations
from ops_lint.git.command import repository_state
from ops_lint.loader import Input
from ops_lint.owner_sources import side_files
from ops_lint.packs import Rule
from ops_lint.safe_files import DEFAULT_LIMIT, UnsafeFile, read_bytes
from ops_lint.settings_memo import json_dump
from ops_lint.stat_memo import StatMemo

_FILE = "run-v3.bin"


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """Every source file of the tool: a changed check never reuses an old answer."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json", ".md") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.digest()


def _resources_digest(rules: Iterable[Rule], root: Path) -> bytes:
    """The pack files and the schema folders their rules read."""
    files: set[Path] = set()
    for rule in rules:
        if rule.source:
            files.add(Path(rule.source))
        pack_dir = getattr(rule.options, "pack_dir", "")
        schemas = getattr(rule.options, "schemas", None)
        folder = Path(pack_dir) / schemas if pack_dir and isinstance(schemas, str) else None
        if folder is not None and folder.is_dir():
            # lstat only: a link in the folder is keyed by itself, never followed out
            files.update(p for p in folder.rglob("*") if p.is_symlink() or p.is_file())
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(files):
        digest.update(os.fsencode(path) + b"\0" + _file_bytes(path, root))
    return digest.digest()


def _file_bytes(path: Path, root: Path) -> bytes:
    """What a file contributes to the key, read as the loaders read it (regular, inside
    the root, bounded). A file they would refuse (a FIFO, ``/dev/zero``, one outside the
    project or over the limit) contributes its metadata instead of its bytes."""
    try:
        return read_bytes(path, root, DEFAULT_LIMIT)
    except FileNotFoundError:
        return b"(absent)"
    except UnsafeFile:
        try:
            info = os.lstat(path)  # the link itself: its target may be outside
        except OSError:
            return b"(unreadable)"
        return f"(refused {info.st_mode} {info.st_size} {info.st_mtime_ns})".encode()


def run_key(
    loaded: LoadedConfig,
    rules: list[Rule],
    inputs: list[Input],
    settings: dict[str, Any],
    with_history: bool,
    stats: StatMemo | None = None,
) -> bytes:
    """Everything a check's result depends on, hashed. ``stats``: the stat memo that
    read ``inputs`` (it spares judging unchanged docs against git again)."""
    cfg = loaded.config
    digest = hashlib.blake2b(b"run/1", digest_size=24)
    digest.update(_code_digest())
    digest.update(os.fsencode(loaded.root))
    digest.update(json_dump(cfg).encode())  # the model_dump JSON, kept by the settings memo
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for rule in rules:
        digest.update(f"{rule.code}|{rule.severity}|{rule.types}|{rule.paths}".encode())
        digest.update(json_dump(rule.options).encode())
    digest.update(_resources_digest(rules, loaded.root))
    digest.update(_file_bytes(loaded.root / cfg.owners, loaded.root))
    docs = [item.candidate.abspath for item in inputs]
    for side in side_files(loaded.root, cfg.owner_sources, docs):  # CODEOWNERS, OWNERS
        digest.update(_file_bytes(side, loaded.root))
    if cfg.site.redirects_file is not None:  # mkdocs.yml, config/tech-docs.yml
        digest.update(_file_bytes(loaded.root / cfg.site.redirects_file, loaded.root))
    for item in inputs:
        digest.update(os.fsencode(item.candidate.abspath) + b"\0" + item.key)
        if isinstance(item.data, str):
            digest.update(item.data.encode("utf-8", "surrogateescape"))
    if with_history:
        readable = {  # as the history is given them: every doc that could be read
            i.candidate.abspath: (i.candidate.signature, i.data is None)
            for i in inputs
            if not isinstance(i.data, str)
        }
        digest.update(repository_state(loaded.root, cfg.docs, readable, cfg.max_file_size, stats))
        for name in (".mailmap", cfg.freshness.ignore_revs):
            digest.update(_file_bytes(loaded.root / name, loaded.root))
    return digest.digest()


_DIAGNOSTIC = (str, int, int, str, str, int, str, str, str)
_SEVERITIES = {s.value: s for s in Severity}


def _pack_report(key: bytes, report: Report) -> bytes | None:
    """The report as plain arrays. Diagnostics are stored once, in a table; the waived
    pairs and the evaluations refer to them by position (they are the same findings).
    The evaluations are packed apart, as one blob: a run that does not show them never
    decodes them."""
    table: list[Diagnostic] = []
    index: dict[int, int] = {}

    def ref(diag: Diagnostic) -> int:
        if id(diag) not in index:
            index[id(diag)] = len(table)
            table.append(diag)
        return index[id(diag)]

    for diag in report.diagnostics:
        ref(diag)
    waived = [(ref(d), tuple(directive)) for d, directive in report.waived]
    evaluations = pack_evaluations(report.evaluations, ref)
    if not evaluations:
        return None
    diagnostics = [
        (
            d.path,
            d.line,
            d.column,
            d.code,
            d.rule,
            int(d.severity),
            d.message,
            d.hint,
            d.snippet,
        )
        for d in table
    ]
    return cache_codec.pack(
        (
            key,
            report.files,
            diagnostics,
            len(report.diagnostics),
            waived,
            evaluations,
            report.notices,
            list(report.looked_up.items()),
        )
    )


def _diagnostic(row: list[Any]) -> Diagnostic:
    severity = _SEVERITIES.get(row[5])
    if severity is None:
        raise Malformed("an unknown severity")
    return Diagnostic(row[0], row[1], row[2], row[3], row[4], severity, *row[6:])


def _unpack_report(payload: bytes, key: bytes, rules: list[Rule]) -> Report | None:
    """The stored report if it is for ``key``; None if it is another run's.
    :class:`Malformed` if it is not what ops-lint writes. Its evaluations are checked
    now and built when first read."""
    fields = list_of(cache_codec.unpack(payload))
    if len(fields) != 8 or type(fields[0]) is not bytes:
        raise Malformed("a run memo of the wrong shape")
    if fields[0] != key:
        return None
    _key, files, diag_rows, shown, waived_rows, blob, notices, looked_up = fields
    table = rows(diag_rows, _diagnostic, _DIAGNOSTIC)

    def at(position: Any) -> Diagnostic:
        if type(position) is not int or not 0 <= position < len(table):
            raise Malformed("a reference to no finding")
        return table[position]

    if type(files) is not int or type(shown) is not int or not 0 <= shown <= len(table):
        raise Malformed("a run memo of the wrong shape")
    report = Report(rules=rules, files=files, diagnostics=table[:shown])
    report.waived = rows(
        waived_rows, lambda r: (at(r[0]), cache_codec.directive(r[1])), (int, list)
    )

    report.evaluations = evaluation_columns(blob, table)
    report.notices = strings(notices)
    report.looked_up = dict(rows(looked_up, lambda r: (r[0], r[1]), (str, bool)))
    return report


class RunMemo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.secret = secret_key(root)

    def recall(self, key: bytes, rules: list[Rule]) -> Report | None:
        if self.secret is None:
            return None
        payload = read_signed(self.root, _FILE, self.secret)
        if payload is None:
            return None
        try:
            report = _unpack_report(payload, key, rules)
        except Malformed:
            return None  # discarded: this run is checked afresh and rewrites it
        if report is None:
            return None
        if any(os.path.exists(path) != found for path, found in report.looked_up.items()):
            return None  # a linked file appeared or went away
        return report

    def remember(self, key: bytes, report: Report) -> None:
        if self.secret is None:
            return
        payload = _pack_report(key, report)
        if payload is not None:
            write_signed(self.root, _FILE, self.secret, payload)
