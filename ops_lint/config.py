"""Find, load and validate the project configuration.

Looked up from the working directory upwards: ``.ops-lint.yaml`` (or ``.ops-lint.yml``),
or a ``pyproject.toml`` with a ``[tool.ops-lint]`` table; the first directory that has
either wins. ``--config FILE`` overrides the search. Paths in the config are relative to
the directory of the file that holds it (the project root).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ops_lint.errors import ConfigError
from ops_lint.frontmatter import safe_load

SeverityName = Literal["error", "warning", "info"]
CONFIG_NAMES = (".ops-lint.yaml", ".ops-lint.yml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class RuleSettings(_Strict):
    """Per-rule overrides: ``[tool.ops-lint.rules.OPS101]``."""

    severity: SeverityName | None = None
    options: dict[str, Any] = Field(default_factory=dict)


class FreshnessFields(_Strict):
    last_reviewed: str = "last_reviewed"
    review_cycle: str = "review_cycle_days"
    owner: str = "owner"


class FreshnessSettings(_Strict):
    basis: Literal["review", "change", "either"] = "either"
    date: Literal["author", "committer"] = "author"
    fields: FreshnessFields = Field(default_factory=FreshnessFields)
    ignore_revs: str = ".git-blame-ignore-revs"
    ignore_messages: list[str] = Field(default_factory=list)
    sweep_share: float = Field(default=0.25, gt=0, le=1)
    sweep_min_files: int = Field(default=10, ge=1)
    review_cycle_days: dict[str, int] = Field(
        default_factory=lambda: {
            "runbook": 90,
            "handover": 90,
            "policy": 180,
            "reference": 180,
            "incident": 365,
            "postmortem": 365,
        }
    )
    include_merges: bool = False


class Config(_Strict):
    docs: list[str] = Field(default_factory=lambda: ["ops-docs"])
    include: list[str] = Field(default_factory=lambda: ["**/*.md"])
    exclude: list[str] = Field(default_factory=list)
    types: dict[str, str] = Field(default_factory=dict)
    packs: list[str] = Field(default_factory=list)
    select: list[str] = Field(default_factory=lambda: ["OPS"])
    ignore: list[str] = Field(default_factory=list)
    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    owners: str = "ops-docs/owners.yaml"
    max_file_size: int = Field(default=5_000_000, gt=0, alias="max-file-size")
    max_nesting: int = Field(default=20, ge=5, le=1000, alias="max-nesting")
    fail_on: SeverityName = Field(default="error", alias="fail-on")
    freshness: FreshnessSettings = Field(default_factory=FreshnessSettings)

    @field_validator("rules")
    @classmethod
    def _codes_upper(cls, value: dict[str, RuleSettings]) -> dict[str, RuleSettings]:
        return {code.upper(): settings for code, settings in value.items()}


class LoadedConfig:
    """A validated config and where it came from."""

    def __init__(self, config: Config, root: Path, source: Path | None) -> None:
        self.config = config
        self.root = root
        self.source = source

    def describe(self) -> str:
        return str(self.source) if self.source else "defaults"


def _read_file(path: Path) -> dict[str, Any] | None:
    """The ops-lint table of ``path``, or None if a pyproject.toml has none."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    if path.name == "pyproject.toml":
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
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}{where}: invalid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: config must be a mapping of keys to values")
    return data


def _normalize_keys(data: dict[str, Any]) -> dict[str, Any]:
    """Accept ``max-file-size`` and ``max_file_size`` alike at the top level."""
    spelled = {
        "per_file_ignores": "per-file-ignores",
        "max_file_size": "max-file-size",
        "max_nesting": "max-nesting",
        "fail_on": "fail-on",
    }
    return {spelled.get(str(k), str(k)): v for k, v in data.items()}


def _explain(exc: ValidationError, source: Path) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    if err["type"] == "extra_forbidden":
        parent = err["loc"][:-1]
        model: type[BaseModel] = Config
        for part in parent:
            field = model.model_fields.get(str(part))
            annotation = field.annotation if field else None
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                model = annotation
            else:
                model = RuleSettings
        expected = ", ".join(f.alias or n for n, f in model.model_fields.items())
        return f"{source}: unknown key '{loc}' (expected one of: {expected})"
    return f"{source}: key '{loc}': {err['msg']} (got {err.get('input')!r})"


def validate(data: dict[str, Any], source: Path) -> Config:
    try:
        return Config.model_validate(_normalize_keys(data))
    except ValidationError as exc:
        raise ConfigError(_explain(exc, source)) from None


def discover(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _read_file(pyproject) is not None:
            return pyproject
    return None


def load(explicit: str | None, cwd: Path) -> LoadedConfig:
    """Load ``explicit`` if given, else the discovered config, else the defaults."""
    if explicit is not None:
        path = (cwd / explicit).resolve()
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        data = _read_file(path)
        if data is None:
            raise ConfigError(f"{explicit}: no [tool.ops-lint] table in this file")
        return LoadedConfig(validate(data, path), path.parent, path)
    found = discover(cwd)
    if found is None:
        return LoadedConfig(Config(), cwd, None)
    data = _read_file(found)
    return LoadedConfig(validate(data or {}, found), found.parent, found)
