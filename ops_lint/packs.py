"""Load rule packs (YAML data), validate them against the pack schema, bind them to checks."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ops_lint.checks import CheckKind, CheckOptions, plugin_kind, registry
from ops_lint.config import LoadedConfig, RuleSettings
from ops_lint.diagnostic import Severity
from ops_lint.errors import ConfigError, PackError
from ops_lint.frontmatter import safe_load
from ops_lint.globs import matches
from ops_lint.model import Document

BUILTIN = "builtin"


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
        return not self.paths or matches(doc.path, self.paths)


@lru_cache(maxsize=1)
def pack_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (bundled_rules_dir() / "schemas" / "pack.schema.json").read_text(encoding="utf-8")
    )
    return schema


def _json_path(parts: Iterable[Any]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _read_pack(path: Path) -> dict[str, Any]:
    import jsonschema

    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise PackError(f"{path}{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    validator = jsonschema.Draft202012Validator(pack_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        raise PackError(f"{path}: {_json_path(err.absolute_path)}: {err.message}")
    assert isinstance(data, dict)
    return data


def _pydantic_problem(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return where, "unknown option"
    return where, f"{err['msg']} (got {err.get('input')!r})"


def _bind_options(kind: CheckKind, raw: dict[str, Any], pack_dir: Path) -> CheckOptions:
    values = dict(raw)
    if "pack_dir" in kind.options.model_fields:
        values["pack_dir"] = str(pack_dir)
    return kind.options.model_validate(values)


def _bind(entry: dict[str, Any], index: int, path: Path) -> Rule:
    kind = registry().get(entry["check"]) or plugin_kind(entry["check"])
    if kind is None:
        known = ", ".join(sorted(registry()))
        raise PackError(
            f"{path}: $.rules[{index}].check: unknown check kind {entry['check']!r} "
            f"(known: {known})"
        )
    try:
        options = _bind_options(kind, entry.get("options", {}), path.parent)
    except ValidationError as exc:
        where, problem = _pydantic_problem(exc)
        raise PackError(f"{path}: $.rules[{index}].options.{where}: {problem}") from None
    applies = entry.get("applies_to", {})
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


def pack_files(specs: list[str], root: Path) -> list[Path]:
    """Expand the ``packs`` setting (files, directories, ``builtin``) to YAML files."""
    files: list[Path] = []
    for spec in specs or [BUILTIN]:
        path = bundled_rules_dir() if spec == BUILTIN else (root / spec)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.y*ml") if p.is_file()))
        elif path.is_file():
            files.append(path)
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


def _apply_settings(rule: Rule, settings: RuleSettings, source: str) -> Rule:
    severity = Severity.parse(settings.severity) if settings.severity else rule.severity
    options = rule.options
    if settings.options:
        merged = _deep_merge(rule.options.model_dump(), settings.options)
        try:
            options = rule.kind.options.model_validate(merged)
        except ValidationError as exc:
            where, problem = _pydantic_problem(exc)
            raise ConfigError(f"{source}: rules.{rule.code}.options.{where}: {problem}") from None
    return Rule(
        rule.code,
        rule.name,
        rule.kind,
        options,
        severity,
        rule.summary,
        rule.types,
        rule.paths,
        rule.message,
        rule.hint,
        rule.docs,
        rule.source,
    )


def load_rules(loaded: LoadedConfig) -> list[Rule]:
    """Every rule of the configured packs, with the project's overrides applied."""
    rules: dict[str, Rule] = {}
    for path in pack_files(loaded.config.packs, loaded.root):
        for index, entry in enumerate(_read_pack(path)["rules"]):
            rule = _bind(entry, index, path)
            if rule.code in rules:
                raise PackError(
                    f"{path}: $.rules[{index}].code: {rule.code} is already defined in "
                    f"{rules[rule.code].source}"
                )
            rules[rule.code] = rule
    for code, settings in loaded.config.rules.items():
        if code not in rules:
            raise ConfigError(
                f"{loaded.describe()}: rules.{code}: no rule with this code in the packs"
            )
        rules[code] = _apply_settings(rules[code], settings, loaded.describe())
    return sorted(rules.values(), key=lambda r: r.code)
