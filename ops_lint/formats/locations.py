"""Paths as CI systems want them: relative to the top of the git repository.

GitHub (annotations, code scanning) and GitLab resolve a file from the repository root,
which is not always the project root (a project in a subfolder of a monorepo) and never
the working directory ops-lint ran in. A finding's location is therefore built from its
project-relative path (``Diagnostic.key``) and the project root, never from the
working directory.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ops_lint.diagnostic import Diagnostic

if TYPE_CHECKING:
    from ops_lint.formats import RenderContext


@lru_cache(maxsize=8)
def repository_root(start: str) -> str:
    """The nearest directory at or above ``start`` holding ``.git`` (a folder, or the file
    of a worktree or submodule), else ``start``; resolved."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if os.path.lexists(folder / ".git"):
            return str(folder)
    return str(here)


def project_root(context: RenderContext) -> str:
    """The project root of the run (the config's folder)."""
    return str(context.root)


def repo_relative(path: str, context: RenderContext) -> str:
    """``path`` (relative to the working directory) made relative to the repository root."""
    cwd = context.cwd
    root = repository_root(str(cwd))
    # The folders are resolved (like the root); the file is not: a symlinked doc is reported
    # where it is, never where its link points.
    full = os.path.normpath(os.path.join(cwd, path))
    real = os.path.join(os.path.realpath(os.path.dirname(full)), os.path.basename(full))
    return Path(os.path.relpath(real, root)).as_posix()


@lru_cache(maxsize=8)
def _prefix(root: str) -> str:
    real = os.path.realpath(root)
    prefix = Path(os.path.relpath(real, repository_root(real))).as_posix()
    return "" if prefix == "." else prefix + "/"


def project_prefix(context: RenderContext) -> str:
    """The project root relative to the repository root, with a trailing ``/`` (""
    when the project is the repository): what a project-relative path is appended to."""
    return _prefix(project_root(context))


def repo_path(diag: Diagnostic, context: RenderContext) -> str:
    """Where the finding is, relative to the repository root, from any working directory."""
    if not diag.key:  # made outside the engine: only the displayed path is known
        return repo_relative(diag.path, context)
    return project_prefix(context) + diag.key
