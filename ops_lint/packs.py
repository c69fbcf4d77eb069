"""Load rule packs (YAML data), validate them against the pack schema, bind them to checks.

A pack in the project is repository data: it is read through ``ops_lint.safe_files``
(inside the project root after resolving symlinks, a regular file, capped) and its YAML
with the node budget of front-matter. Options that ops-lint sets itself (``pack_dir``,
``pack_root``: where a check may read the pack's own files) cannot be set by a pack or
by the config.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import ValidationError

from ops_lint.checks import CheckKind, CheckOptions, plugin_kind, registry
from ops_lint.config import LoadedConfig, RuleSettings
from ops_lint.diagnostic import Severity
from ops_lint.errors import ConfigError, PackError
from ops_lint.frontmatter import safe_load, yaml_problem
from ops_lint.globs import PatternError, check_patterns, matches
from ops_lint.model import Document
from ops_lint.moved_options import moved_option
from ops_lint.pack_problems import dot, json_path, missing_option, pydantic_problem
from ops_lint.safe_files import UnsafeFile, read_text, resolve_inside

BUILTIN = "builtin"
PACK_LIMIT = 4_000_000  # bytes
# Options filled in by the loader, never by a pack or the config: they say where a
# check may read the pack's own files (e.g. its JSON Schemas).
INJECTED = ("pack_dir", "pack_root")
# Options naming a folder next to the pack; set in the config, relative to the project root.
PROJECT_PATHS = ("schemas",)


def bundled_rules_dir() -> Path:
    """The default pack: inside the wheel, or ``rules/`` next to a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_bundled_rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    kind: CheckKind
    options: CheckOptions
    severity: Severity
    summary: str
    types: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    message: str | None = None
    hint: str | None = None
    docs: str = ""
    source: str = ""

    def applies(self, doc: Document) -> bool:
        if self.types and doc.doc_type not in self.types:
            return False
        return not self.paths or matches(doc.key, self.paths)


@lru_cache(maxsize=1)
def pack_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        read_text(bundled_rules_dir() / "schemas" / "pack.schema.json", None)
    )
    return schema


class PackFile(NamedTuple):
    path: Path
    root: Path  # the folder its files must stay in: the project, or the bundled rules


def _read_pack(path: Path, root: Path) -> dict[str, Any]:
    import jsonschema

    try:
        data = safe_load(read_text(path, root, PACK_LIMIT))
    except UnsafeFile as exc:
        raise PackError(f"cannot read rule pack: {exc}") from None
    except OSError as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: invalid YAML: {yaml_problem(exc)}") from None
    validator = jsonschema.Draft202012Validator(pack_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        raise PackError(f"{path}: {json_path(err.absolute_path)}: {err.message[:300]}")
    assert isinstance(data, dict)
    return data


def _bind_options(kind: CheckKind, raw: dict[str, Any], pack: PackFile) -> CheckOptions:
    values = dict(raw)  # a pack's own value for an injected option is overwritten
    if "pack_dir" in kind.options.model_fields:
        values["pack_dir"] = str(pack.path.parent)
    if "pack_root" in kind.options.model_fields:
        values["pack_root"] = str(pack.root)
    return kind.options.model_validate(values)


def _bind(entry: dict[str, Any], index: int, pack: PackFile) -> Rule:
    path = pack.path
    kind = registry().get(entry["check"]) or plugin_kind(entry["check"])
    if kind is None:
        known = ", ".join(sorted(registry()))
        raise PackError(
            f"{path}: $.rules[{index}].check: unknown check kind {entry['check']!r} "
            f"(known: {known})"
        )
    moved = moved_option(kind, entry.get("options", {}))
    if moved is not None:
        raise PackError(f"{path}: $.rules[{index}].options.{moved[0]}: {moved[1]}")
    try:
        options = _bind_options(kind, entry.get("options", {}), pack)
    except ValidationError as exc:
        where, problem = pydantic_problem(exc)
        problem = missing_option(kind, exc) or problem
        raise PackError(f"{path}: $.rules[{index}].options{dot(where)}: {problem}") from None
    applies = entry.get("applies_to", {})
    try:
        check_patterns(applies.get("paths", ()))
    except PatternError as exc:
        raise PackError(f"{path}: $.rules[{index}].applies_to.paths: {exc}") from None
    return Rule(
        code=entry["code"],
        name=entry["name"],
        kind=kind,
        options=options,
        severity=Severity.parse(entry["severity"]),
        summary=entry["summary"],
        types=tuple(applies.get("types", ())),
        paths=tuple(applies.get("paths", ())),
        message=entry.get("message"),
        hint=entry.get("hint"),
        docs=entry.get("docs", ""),
        source=str(path),
    )


def pack_files(specs: list[str], root: Path) -> list[PackFile]:
    """Expand the ``packs`` setting (files, directories, ``builtin``) to YAML files."""
    files: list[PackFile] = []
    for spec in specs or [BUILTIN]:
        base = bundled_rules_dir() if spec == BUILTIN else root
        path = base if spec == BUILTIN else (root / spec)
        try:  # a symlink out of the project is refused before anything is listed
            resolve_inside(path, base)
        except UnsafeFile as exc:
            raise PackError(f"{spec}: rule pack {exc}") from None
        if path.is_dir():
            found = sorted(p for p in path.glob("*.y*ml") if not p.is_dir())
            files.extend(PackFile(p, base) for p in found)
        elif path.exists():
            files.append(PackFile(path, base))
        else:
            raise PackError(f"{spec}: rule pack not found (looked at {path})")
    return files


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key (a column alias map keeps its other columns); lists and
    scalars are replaced."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _apply_settings(rule: Rule, settings: RuleSettings, source: str, root: Path) -> Rule:
    severity = Severity.parse(settings.severity) if settings.severity else rule.severity
    options = _options(rule, settings, source, root)
    targets = settings.applies_to
    return dataclasses.replace(
        rule,
        options=options,
        severity=severity,
        types=rule.types if targets.types is None else tuple(targets.types),
        paths=rule.paths if targets.paths is None else tuple(targets.paths),
    )


def _options(rule: Rule, settings: RuleSettings, source: str, root: Path) -> CheckOptions:
    """The rule's options with the config's merged in. A folder the config names
    (``schemas``) is relative to the project root, not to the pack."""
    options = rule.options
    for key in INJECTED:
        if key in settings.options:
            raise ConfigError(f"{source}: rules.{rule.code}.options.{key}: unknown option")
    moved = moved_option(rule.kind, settings.options)
    if moved is not None:
        raise ConfigError(f"{source}: rules.{rule.code}.options.{moved[0]}: {moved[1]}")
    if settings.options:
        merged = _deep_merge(rule.options.model_dump(), settings.options)
        for key in INJECTED:  # not in the dump when hidden; always the loader's value
            if key in rule.kind.options.model_fields:
                merged[key] = getattr(rule.options, key)
        if any(k in settings.options for k in PROJECT_PATHS) and "pack_dir" in merged:
            merged["pack_dir"] = merged["pack_root"] = str(root)
        try:
            options = rule.kind.options.model_validate(merged)
        except ValidationError as exc:
            where, problem = pydantic_problem(exc)
            raise ConfigError(
                f"{source}: rules.{rule.code}.options{dot(where)}: {problem}"
            ) from None
    return options


def load_rules(loaded: LoadedConfig) -> list[Rule]:
    """Every rule of the configured packs, with the project's overrides applied. A config
    loaded with the settings memo looks the rules up there first (``rules_memo``)."""
    files = pack_files(loaded.config.packs, loaded.root)
    if loaded.memo is None or loaded.key is None:
        return _validated_rules(loaded, files)
    from ops_lint.rules_memo import memo_rules  # it builds on this module's Rule

    return memo_rules(
        loaded.memo, loaded.key, loaded.root, files, lambda: _validated_rules(loaded, files)
    )


def _validated_rules(loaded: LoadedConfig, files: list[PackFile]) -> list[Rule]:
    rules: dict[str, Rule] = {}
    for pack in files:
        for index, entry in enumerate(_read_pack(*pack)["rules"]):
            rule = _bind(entry, index, pack)
            if rule.code in rules:
                raise PackError(
                    f"{pack.path}: $.rules[{index}].code: {rule.code} is already defined in "
                    f"{rules[rule.code].source}"
                )
            rules[rule.code] = rule
    for code, settings in loaded.config.rules.items():
        if code not in rules:
            raise ConfigError(
                f"{loaded.describe()}: rules.{code}: no rule with this code in the packs"
            )
        rules[code] = _apply_settings(rules[code], settings, loaded.describe(), loaded.root)
    _check_suppression_rules(list(rules.values()))
    return sorted(rules.values(), key=lambda r: r.code)


def _check_suppression_rules(rules: list[Rule]) -> None:
    """No suppression problem has two rules: the engine finds the rule of each problem by
    its ``problem`` option (which every rule of the kind states), never by a fixed code."""
    from ops_lint.checks.suppression import Options

    seen: dict[str, Rule] = {}
    for rule in sorted(rules, key=lambda r: r.code):
        if not isinstance(rule.options, Options):
            continue
        problem = rule.options.problem
        if problem in seen:
            raise PackError(
                f"{rule.source}: rule {rule.code}: suppression problem '{problem}' is already "
                f"reported by {seen[problem].code} ({seen[problem].source})"
            )
        seen[problem] = rule
