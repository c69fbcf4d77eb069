"""Where a finding is, as each kind of reader wants it: one function per target.

A finding carries its path relative to the project root (``Diagnostic.path``). Formats for
people (text, JSON, JUnit, Markdown) show it relative to the working directory, as the user
typed it (``../x.md`` outside it): :func:`shown_path`. GitHub (annotations, code scanning)
and GitLab resolve a file from the top of the git repository, which is not always the
project root (a project in a subfolder of a monorepo) and never the working directory:
:func:`repo_path`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ops_lint.diagnostic import Diagnostic
from ops_lint.globs import posix_relpath

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
    return project_prefix(context) + diag.path


@lru_cache(maxsize=4096)
def _from(path: str, root: str, cwd: str) -> str:
    return posix_relpath(os.path.join(root, path), cwd)


def shown_path(path: str, context: RenderContext) -> str:
    """A project-relative ``path`` as people see it: relative to the working directory."""
    return _from(path, project_root(context), str(context.cwd))


def shown_order(
    diagnostics: Iterable[Diagnostic], context: RenderContext
) -> list[tuple[str, Diagnostic]]:
    """Each finding with its shown path, in the order people read them: by shown path,
    line, column and code."""
    pairs = [(shown_path(d.path, context), d) for d in diagnostics]
    pairs.sort(key=lambda pair: (pair[0], pair[1].line, pair[1].column, pair[1].code))
    return pairs
