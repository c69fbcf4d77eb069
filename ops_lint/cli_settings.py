"""``ops-lint check --show-settings``: the resolved config, each value with its origin.

Every setting is printed as ``key = JSON value  # origin``, one line per leaf (a mapping
is walked into, a list is one value), the origins being:

- ``default``: ops-lint's built-in value;
- ``preset NAME``: a bundled preset named in ``extends`` (the last one naming it wins);
- ``config FILE``: the project's config file;
- ``command line (--select)``: an option of this run (``--select``, ``--ignore``, ``--fail-on``);
- ``derived``: a value another key implies (``default_owner`` adds ``default`` to
  ``owner_sources``);
- ``pack FILE``: a rule's severity, or an option its pack sets, that no config overrides
  (options left at their defaults are not listed: ``ops-lint rules CODE`` shows them).

The loader is not changed for this: the layers are read again here (preset files, the
config file's own keys) and each resolved value is traced to the last layer holding it.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ops_lint import config as config_mod
from ops_lint.config_files import read_config
from ops_lint.presets import load_preset

Layer = tuple[str, dict[str, Any]]  # (origin, raw keys)
_MISSING = object()
_CLI = {"select": "--select", "ignore": "--ignore", "fail-on": "--fail-on"}


def leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(key path, value) of each leaf: mappings are walked into, anything else is a leaf."""
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            yield from leaves(inner, (*path, str(key)))
    else:
        yield path, value


def _child(data: Any, key: str) -> Any:
    """``data[key]`` spelt either way (``fail-on``/``fail_on``, ``ops101``/``OPS101``)."""
    if not isinstance(data, dict):
        return _MISSING
    for spelling in (key, key.replace("-", "_"), key.replace("_", "-")):
        if spelling in data:
            return data[spelling]
    folded = {str(k).lower(): v for k, v in data.items()}
    return folded.get(key.lower(), _MISSING)


def holds(data: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = data
    for key in path:
        node = _child(node, key)
        if node is _MISSING:
            return False
    return True


def _shown(path: Path, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive
        return str(path)


def _layers(loaded: config_mod.LoadedConfig, cwd: Path) -> list[Layer]:
    """The raw layers under the resolved config, lowest first: presets, then the file."""
    if loaded.source is None:
        return []
    data = read_config(loaded.source, None) or {}
    data = config_mod._normalize_keys(data)
    names = data.get("extends", [])
    names = [names] if isinstance(names, str) else list(names)
    layers: list[Layer] = [(f"preset {name}", load_preset(name)) for name in names]
    return [*layers, (f"config {_shown(loaded.source, cwd)}", data)]


def _origin(path: tuple[str, ...], value: Any, layers: list[Layer], default: Any) -> str:
    for origin, data in reversed(layers):
        if holds(data, path):
            return origin
    return "default" if value == default else "derived"


def _resolved(args: argparse.Namespace, loaded: config_mod.LoadedConfig) -> dict[str, Any]:
    data: dict[str, Any] = loaded.config.model_dump(mode="json", by_alias=True)
    for key in _CLI:
        given = getattr(args, key.replace("-", "_"), None)
        if given is not None:
            data[key] = list(given) if isinstance(given, (list, tuple)) else given
    return data


def config_lines(
    args: argparse.Namespace, loaded: config_mod.LoadedConfig, cwd: Path
) -> list[tuple[str, str]]:
    layers = _layers(loaded, cwd)
    defaults = dict(leaves(config_mod.Config().model_dump(mode="json", by_alias=True)))
    per_rule = dict(leaves(config_mod.RuleSettings().model_dump(mode="json", by_alias=True)))
    rows: list[tuple[str, str]] = []
    for path, value in leaves(_resolved(args, loaded)):
        flag = _CLI.get(path[0])
        if flag and getattr(args, path[0].replace("-", "_"), None) is not None:
            origin = f"command line ({flag})"
        else:
            default = per_rule.get(path[2:]) if path[0] == "rules" else defaults.get(path)
            origin = _origin(path, value, layers, default)
        rows.append((f"{'.'.join(path)} = {json.dumps(value)}", origin))
    rows += _rule_lines(loaded, layers, cwd)
    return rows


def _rule_lines(
    loaded: config_mod.LoadedConfig, layers: list[Layer], cwd: Path
) -> list[tuple[str, str]]:
    """Each rule's severity and the options its pack sets, unless the config sets them."""
    from ops_lint.packs import INJECTED, _read_pack, bundled_rules_dir, load_rules, pack_files

    raw: dict[str, tuple[str, dict[str, Any]]] = {}
    bundled = bundled_rules_dir()
    for pack in pack_files(loaded.config.packs, loaded.root):
        where = f"builtin {pack.path.name}" if pack.root == bundled else _shown(pack.path, cwd)
        for entry in _read_pack(*pack)["rules"]:
            raw[entry["code"]] = (f"pack {where}", entry.get("options", {}))
    rows: list[tuple[str, str]] = []
    for rule in load_rules(loaded):
        origin, options = raw.get(rule.code, ("pack", {}))
        key = ("rules", rule.code)
        if not any(holds(data, (*key, "severity")) for _, data in layers):
            rows.append((f"rules.{rule.code}.severity = {json.dumps(str(rule.severity))}", origin))
        values = rule.options.model_dump(mode="json")
        for path, _ in leaves(options):
            if not path or path[0] in INJECTED:
                continue
            if any(holds(data, (*key, "options", *path)) for _, data in layers):
                continue
            node: Any = values
            for part in path:
                node = _child(node, part)
            shown = json.dumps(None if node is _MISSING else node)
            rows.append((f"rules.{rule.code}.options.{'.'.join(path)} = {shown}", origin))
    return rows


def settings_text(args: argparse.Namespace, cwd: Path) -> str:
    loaded = config_mod.load(args.config, cwd)
    source = _shown(loaded.source, cwd) if loaded.source else "none (defaults)"
    head = [
        f"# config file: {source}; project root: {_shown(loaded.root, cwd) or '.'}",
        "# origins: default, preset NAME (extends), config FILE, command line, pack FILE",
    ]
    rows = config_lines(args, loaded, cwd)
    width = min(64, max((len(text) for text, _ in rows), default=0))
    body = [f"{text.ljust(width)}  # {origin}" for text, origin in rows]
    return "\n".join([*head, *body]) + "\n"
