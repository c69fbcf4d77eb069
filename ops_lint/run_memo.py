"""The keys of the stored results (:mod:`ops_lint.doc_results`).

:func:`settings_key` is what every doc's results depend on alike: the config, the rule
packs and their schemas, the owners roster and owner files, the site's redirects, the
tool's own code, the date and the command-line options. A change to any of them checks
every doc again. What one doc's results depend on beyond that (its content, other docs,
files looked up, git) is recorded per doc (:mod:`ops_lint.dependencies`);
:func:`git_view` gives the value of its ``git`` token.

Stored results name files relative to the project root and by absolute path, never
relative to the working directory: results written from one folder answer a run started
from another.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ops_lint.config import LoadedConfig
from ops_lint.git.command import repository_view
from ops_lint.loader import Input
from ops_lint.owner_sources import side_files
from ops_lint.packs import Rule
from ops_lint.safe_files import DEFAULT_LIMIT, UnsafeFile, read_bytes
from ops_lint.settings_memo import json_dump
from ops_lint.stat_memo import StatMemo


@lru_cache(maxsize=1)
def code_digest() -> bytes:
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


def settings_key(
    loaded: LoadedConfig, rules: list[Rule], settings: dict[str, Any], docs: list[str]
) -> bytes:
    """Everything every doc's results depend on alike, hashed (``docs``: the absolute
    paths of the doc set, whose folders may hold OWNERS files)."""
    cfg = loaded.config
    digest = hashlib.blake2b(b"settings/1", digest_size=24)
    digest.update(code_digest())
    digest.update(os.fsencode(loaded.root))
    digest.update(json_dump(cfg).encode())  # the model_dump JSON, kept by the settings memo
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for rule in rules:
        digest.update(f"{rule.code}|{rule.severity}|{rule.types}|{rule.paths}".encode())
        digest.update(json_dump(rule.options).encode())
    digest.update(_resources_digest(rules, loaded.root))
    digest.update(_file_bytes(loaded.root / cfg.owners, loaded.root))
    for side in side_files(loaded.root, cfg.owner_sources, docs):  # CODEOWNERS, OWNERS
        digest.update(_file_bytes(side, loaded.root))
    if cfg.site.redirects_file is not None:  # mkdocs.yml, config/tech-docs.yml
        digest.update(_file_bytes(loaded.root / cfg.site.redirects_file, loaded.root))
    return digest.digest()


def git_view(
    loaded: LoadedConfig, inputs: list[Input], stats: StatMemo | None
) -> tuple[bytes, set[str]]:
    """What one doc's history depends on besides its own content: the repository state
    (:func:`~ops_lint.git.command.repository_base`), the mailmap and ignored revisions, and
    which docs the history is read for (a sweeping commit is told by its share of them);
    and which docs differ from HEAD (absolute paths), judged again only where their stat
    data changed."""
    cfg = loaded.config
    readable = {
        i.candidate.abspath: (i.candidate.signature, i.data is None)
        for i in inputs
        if not isinstance(i.data, str)
    }
    base, dirty = repository_view(loaded.root, cfg.docs, readable, cfg.max_file_size, stats)
    digest = hashlib.blake2b(b"git/1", digest_size=24)
    digest.update(base)
    for name in (".mailmap", cfg.freshness.ignore_revs):
        digest.update(_file_bytes(loaded.root / name, loaded.root))
    for abspath in readable:
        digest.update(os.fsencode(abspath) + b"\0")
    return digest.digest(), dirty
