"""Presets: bundled config for common conventions, named in ``extends: [name, ...]``.

A preset is a YAML file shipped in the package (``ops_lint/presets/NAME.yaml``) holding
ordinary config keys. The presets named in ``extends`` are merged in order, each over the
one before, and the project's own config over them all: mappings merge key by key, any
other value (lists included) replaces. Only bundled names are accepted: a preset is never
a path or a URL, so a repository cannot make ops-lint read anything else.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ops_lint.errors import ConfigError
from ops_lint.frontmatter import safe_load, yaml_problem

_FOLDER = "presets"
_NAME = re.compile(r"[a-z][a-z0-9-]{0,63}")


def known() -> list[str]:
    """The names of the bundled presets, sorted."""
    from importlib import resources  # only when a config extends a preset

    folder = resources.files("ops_lint").joinpath(_FOLDER)
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``: mappings merge key by key, other values replace."""
    merged = dict(base)
    for key, value in over.items():
        below = merged.get(key)
        if isinstance(below, dict) and isinstance(value, dict):
            merged[key] = deep_merge(below, value)
        else:
            merged[key] = value
    return merged


def load_preset(name: str) -> dict[str, Any]:
    """The config of the bundled preset ``name``; an unknown name is a config error."""
    names = known()
    if not _NAME.fullmatch(name) or name not in names:
        raise ConfigError(f"unknown preset {name[:80]!r} in 'extends' (known: {', '.join(names)})")
    from importlib import resources

    text = resources.files("ops_lint").joinpath(_FOLDER, f"{name}.yaml").read_text("utf-8")
    try:
        data = safe_load(text)
    except yaml.YAMLError as exc:  # bundled data: a broken file is a packaging fault
        raise ConfigError(f"preset {name}: invalid YAML: {yaml_problem(exc)}") from None
    if not isinstance(data, dict) or "extends" in data:
        raise ConfigError(f"preset {name}: must be a mapping of config keys without 'extends'")
    return data


def _names(value: Any, source: Path) -> list[str]:
    """``extends`` as a list of preset names (one name alone is accepted too)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: key 'extends': must be a list of preset names")
    return value


def apply_presets(data: dict[str, Any], source: Path) -> dict[str, Any]:
    """``data`` merged over the presets its ``extends`` names; unchanged without one."""
    if "extends" not in data:
        return data
    names = _names(data["extends"], source)
    merged: dict[str, Any] = {}
    for name in names:
        try:
            merged = deep_merge(merged, load_preset(name))
        except ConfigError as exc:
            raise ConfigError(f"{source}: {exc}") from None
    return deep_merge(merged, {**data, "extends": names})
