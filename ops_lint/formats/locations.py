"""Paths as CI systems want them: relative to the repository root."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=8)
def repository_root(start: str) -> str:
    """The nearest directory at or above ``start`` holding ``.git``, else ``start``."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return str(folder)
    return str(here)


def repo_relative(path: str, info: dict[str, Any]) -> str:
    """``path`` (relative to the working directory) made relative to the repository root."""
    cwd = Path(info.get("cwd") or os.getcwd())
    root = repository_root(str(cwd))
    # The folders are resolved (like the root); the file is not: a symlinked doc is reported
    # where it is, never where its link points.
    full = os.path.normpath(os.path.join(cwd, path))
    real = os.path.join(os.path.realpath(os.path.dirname(full)), os.path.basename(full))
    return Path(os.path.relpath(real, root)).as_posix()
