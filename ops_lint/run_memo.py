"""Answer an unchanged run from memory.

When nothing that can change a run's result has changed since the last run — the content
of every doc, the list of docs, the config, the rule packs and their schemas, the owners
roster, the tool's own code, the date, the command-line options and (when freshness rules
run) the state of git — the previous report is reused: a warm run reads and hashes the
files, and checks nothing again. Files that links point to outside the doc set are
re-checked for existence before a memo is trusted. The memo lives in ``.ops_lint_cache/``
next to the parse cache, signed the same way; ``--no-cache`` bypasses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ops_lint.cache import DIRNAME, read_signed, secret_key, write_signed
from ops_lint.config import LoadedConfig
from ops_lint.engine import Report
from ops_lint.loader import Input
from ops_lint.packs import Rule

_FILE = "run-v1.bin"


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


def _resources_digest(rules: Iterable[Rule]) -> bytes:
    """The pack files and the schema folders their rules read."""
    files: set[Path] = set()
    for rule in rules:
        if rule.source:
            files.add(Path(rule.source))
        pack_dir = getattr(rule.options, "pack_dir", "")
        schemas = getattr(rule.options, "schemas", None)
        if pack_dir and isinstance(schemas, str) and (Path(pack_dir) / schemas).is_dir():
            files.update(p for p in (Path(pack_dir) / schemas).rglob("*") if p.is_file())
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(files):
        digest.update(str(path).encode() + b"\0" + _file_bytes(path))
    return digest.digest()


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"(absent)"


def _git_state(root: Path, roots: list[str]) -> bytes:
    """HEAD and the working tree's changes under the doc roots (empty outside git)."""
    parts = []
    for args in (["rev-parse", "HEAD"], ["status", "--porcelain=v1", "-z", "--", *roots]):
        try:
            proc = subprocess.run(
                ["git", *args], cwd=root, capture_output=True, timeout=30, check=False
            )
            parts.append(proc.stdout + proc.stderr)
        except (OSError, subprocess.SubprocessError):
            parts.append(b"(no git)")
    return b"\0".join(parts)


def run_key(
    loaded: LoadedConfig,
    rules: list[Rule],
    inputs: list[Input],
    settings: dict[str, Any],
    with_history: bool,
) -> bytes:
    """Everything a check's result depends on, hashed."""
    cfg = loaded.config
    digest = hashlib.blake2b(b"run/1", digest_size=24)
    digest.update(_code_digest())
    digest.update(str(loaded.root).encode())
    digest.update(json.dumps(cfg.model_dump(mode="json"), sort_keys=True).encode())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for rule in rules:
        digest.update(f"{rule.code}|{rule.severity}|{rule.types}|{rule.paths}".encode())
        digest.update(json.dumps(rule.options.model_dump(mode="json"), sort_keys=True).encode())
    digest.update(_resources_digest(rules))
    digest.update(_file_bytes(loaded.root / cfg.owners))
    for item in inputs:
        digest.update(item.candidate.abspath.encode() + b"\0" + item.key)
        if isinstance(item.data, str):
            digest.update(item.data.encode())
    if with_history:
        digest.update(_git_state(loaded.root, cfg.docs))
        for name in (".mailmap", cfg.freshness.ignore_revs):
            digest.update(_file_bytes(loaded.root / name))
    return digest.digest()


class RunMemo:
    def __init__(self, root: Path) -> None:
        self.path = root / DIRNAME / _FILE
        self.secret = secret_key()

    def recall(self, key: bytes, rules: list[Rule]) -> Report | None:
        if self.secret is None:
            return None
        stored = read_signed(self.path, self.secret)
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        if any(os.path.exists(path) != found for path, found in stored["exists"].items()):
            return None  # a linked file appeared or went away
        report = Report(rules=rules, files=stored["files"])
        report.diagnostics = stored["diagnostics"]
        report.waived = stored["waived"]
        report.evaluations = stored["evaluations"]
        report.notices = stored["notices"]
        return report

    def remember(self, key: bytes, report: Report) -> None:
        if self.secret is None:
            return
        value: dict[str, Any] = {
            "key": key,
            "files": report.files,
            "diagnostics": list(report.diagnostics),
            "waived": list(report.waived),
            "evaluations": report.evaluations,
            "notices": report.notices,
            "exists": report.looked_up,
        }
        write_signed(self.path, self.secret, value)
