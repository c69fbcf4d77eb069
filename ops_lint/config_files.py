"""Where the project configuration is, and its text.

Looked up from the working directory upwards: ``.ops-lint.yaml`` (or ``.ops-lint.yml``),
or a ``pyproject.toml`` with a ``[tool.ops-lint]`` table; the first directory that has
either wins. The search never goes above the top of the git repository (the nearest
directory holding ``.git``): a file above the checkout is not the project's. Files are
read through ``ops_lint.safe_files`` and YAML with the node budget of front-matter; every
problem is a :class:`ConfigError` naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ops_lint.errors import ConfigError
from ops_lint.frontmatter import safe_load, yaml_problem
from ops_lint.safe_files import UnsafeFile, read_text

CONFIG_NAMES = (".ops-lint.yaml", ".ops-lint.yml")
CONFIG_LIMIT = 1_000_000  # bytes: a config is a few hundred


def read_config_text(path: Path, root: Path | None) -> str:
    """The text of config file ``path``. ``root``: the folder the file must resolve into
    (None: named on the command line)."""
    try:
        return read_text(path, root, CONFIG_LIMIT)
    except UnsafeFile as exc:
        raise ConfigError(f"cannot read config: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None


def parse_config(path: Path, text: str) -> dict[str, Any] | None:
    """The ops-lint table of config file ``path`` holding ``text``, or None if a
    pyproject.toml has none."""
    if path.name == "pyproject.toml":
        import tomllib  # only for this file: its import costs more than a warm run may

        try:
            table = tomllib.loads(text).get("tool", {}).get("ops-lint")
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.ops-lint] must be a table")
        return table
    try:
        data = safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {yaml_problem(exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: config must be a mapping of keys to values")
    return data


def read_config(path: Path, root: Path | None) -> dict[str, Any] | None:
    """The ops-lint table of ``path``, or None if a pyproject.toml has none. ``root``:
    the folder the file must resolve into (None: named on the command line)."""
    return parse_config(path, read_config_text(path, root))


def repository_top(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` holding ``.git`` (a folder, or the
    file of a worktree or submodule), or None outside a repository."""
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def discover(start: Path) -> Path | None:
    """The nearest config file at or above ``start``, not above the repository top."""
    top = repository_top(start)
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if os.path.lexists(folder / name):
                return folder / name
        pyproject = folder / "pyproject.toml"
        if os.path.lexists(pyproject) and read_config(pyproject, folder) is not None:
            return pyproject
        if folder == top:
            break
    return None
