"""Per-folder ``OWNERS`` files (Kubernetes style): the approvers of the files below them.

    approvers: [alice, bob]
    reviewers: [carol]
    options: {no_parent_owners: true}

The approvers of a file are those of the nearest ``OWNERS`` file in its folder or above
it, together with those of every ``OWNERS`` file further up to the project root, unless
a file on the way sets ``options.no_parent_owners``. Each folder is looked at once per
run, so the work is linear in the number of folders. A file that cannot be read or is
not a mapping with lists of names is a problem, reported for the docs below it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from ops_lint.frontmatter import safe_load, yaml_problem
from ops_lint.safe_files import UnsafeFile, read_text

NAME = "OWNERS"
LIMIT = 1_000_000  # bytes: an OWNERS file lists a few dozen names


@dataclass(frozen=True, slots=True)
class OwnersFile:
    path: str  # POSIX, relative to the project root
    approvers: tuple[str, ...] = ()
    no_parent_owners: bool = False
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Approval:
    """The approvers of a path and the ``OWNERS`` files that named them, nearest first."""

    approvers: tuple[str, ...]
    files: tuple[str, ...]
    problem: str | None = None  # "docs/OWNERS: why", the first file that could not be used


def _names(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        return None
    return tuple(str(v).strip() for v in value if str(v).strip())


def parse(text: str, path: str) -> OwnersFile:
    """An ``OWNERS`` file's approvers and options; problems are kept, never raised."""
    try:
        data = safe_load(text)
    except yaml.YAMLError as exc:
        return OwnersFile(path, problem=f"not valid YAML: {yaml_problem(exc)}")
    if data is None:
        return OwnersFile(path)
    if not isinstance(data, dict):
        return OwnersFile(path, problem="not a mapping (expected 'approvers:' and 'reviewers:')")
    approvers = _names(data.get("approvers"))
    if approvers is None or _names(data.get("reviewers")) is None:
        return OwnersFile(path, problem="'approvers' and 'reviewers' must be lists of names")
    options = data.get("options")
    no_parent = isinstance(options, dict) and options.get("no_parent_owners") is True
    return OwnersFile(path, approvers, no_parent)


class OwnersTree:
    """The ``OWNERS`` files of a project, read on demand, each folder once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[str, OwnersFile | None] = {}

    def _file(self, folder: str) -> OwnersFile | None:
        if folder not in self._folders:
            self._folders[folder] = self._read(folder)
        return self._folders[folder]

    def _read(self, folder: str) -> OwnersFile | None:
        rel = f"{folder}/{NAME}" if folder else NAME
        path = self.root / rel
        if not os.path.lexists(path):
            return None
        try:
            text = read_text(path, self.root, LIMIT)
        except FileNotFoundError:
            return None
        except UnsafeFile as exc:
            return OwnersFile(rel, problem=str(exc).removeprefix(f"{path}: "))
        except OSError as exc:
            return OwnersFile(rel, problem=f"cannot read: {exc.strerror or exc}")
        return parse(text, rel)

    def approval(self, relpath: str) -> Approval:
        """The approvers of ``relpath`` (POSIX, relative to the project root)."""
        folder = relpath.rpartition("/")[0]
        names: dict[str, str] = {}
        files: list[str] = []
        while True:
            found = self._file(folder)
            if found is not None:
                if found.problem is not None:
                    return Approval((), tuple(files), f"{found.path}: {found.problem}")
                files.append(found.path)
                for name in found.approvers:
                    names.setdefault(name.removeprefix("@").casefold(), name)
                if found.no_parent_owners:
                    break
            if not folder:
                break
            folder = folder.rpartition("/")[0]
        return Approval(tuple(names.values()), tuple(files))
