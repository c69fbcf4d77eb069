"""Load and validate the project configuration.

The file is found and read by ``ops_lint.config_files`` (searched upwards from the working
directory, never above the repository top); ``--config FILE`` overrides the search. A
``check`` with the cache answers from the settings memo when the file's bytes and the
tool are those of a load that succeeded (``ops_lint.settings_memo``).

Paths in the config are relative to the directory of the file that holds it (the
project root) and must stay inside it: the config may come from a pull request, and
``docs: /etc`` or ``packs: ../../secret.yaml`` would make ops-lint read (and quote) files
that are not the project's. Files are read through ``ops_lint.safe_files`` and YAML with
the node budget of front-matter. Doc types are plain names, since a type names a schema
file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ops_lint.alert_rules import RunbookSettings
from ops_lint.config_files import CONFIG_NAMES as CONFIG_NAMES  # where the config may be
from ops_lint.config_files import discover, parse_config, read_config_text
from ops_lint.config_files import repository_top as repository_top
from ops_lint.errors import ConfigError
from ops_lint.freshness_settings import FreshnessSettings
from ops_lint.globs import PatternError, check_patterns
from ops_lint.owner_settings import OwnerSourceName, RosterKeys, front_matter_only
from ops_lint.presets import apply_presets
from ops_lint.safe_files import inside
from ops_lint.settings_memo import SettingsMemo, key_of, recall_model, remember_model
from ops_lint.site_links import SiteSettings
from ops_lint.targeting import AppliesTo, TypeKey, TypePrecedence
from ops_lint.vocabulary import Vocabulary

SeverityName = Literal["error", "warning", "info"]
MAX_FILE_SIZE = 1 << 30  # bytes: a doc is read whole, so its cap must fit in memory
_PLAIN_TYPE = re.compile(r"[a-z][a-z0-9_-]{0,63}")


def is_plain_type(name: str) -> bool:
    """A doc type names a schema file (``TYPE.schema.json``): only plain names qualify."""
    return _PLAIN_TYPE.fullmatch(name) is not None


def _usable(patterns: Iterable[str]) -> None:
    """A path pattern that cannot be compiled (or expands too far) is a config error."""
    try:
        check_patterns(patterns)
    except PatternError as exc:
        raise ValueError(str(exc)) from None


class _Strict(BaseModel):
    # Validators are built on first use (``defer_build``): settings rebuilt from the memo
    # are never validated, and a run answered from it builds none.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, defer_build=True)


class RuleSettings(_Strict):
    """Per-rule overrides: ``[tool.ops-lint.rules.OPS101]``."""

    severity: SeverityName | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    applies_to: AppliesTo = Field(default_factory=AppliesTo)  # replaces the pack's, by key


class DrillSettings(_Strict):
    """``drill:``: the default platform spec and the transcripts' folder (``ops-lint drill``)."""

    platform: str | None = None
    output: str = ".ops_lint_cache/drills"


class Config(_Strict):
    docs: list[str] = Field(default_factory=lambda: ["ops-docs"])
    include: list[str] = Field(default_factory=lambda: ["**/*.md"])
    exclude: list[str] = Field(default_factory=list)
    types: dict[str, str] = Field(default_factory=dict)
    # Which front-matter key holds the doc type, and whether it or ``types`` wins.
    type_key: TypeKey = "type"
    types_precedence: TypePrecedence = "front-matter"
    packs: list[str] = Field(default_factory=list)
    select: list[str] = Field(default_factory=lambda: ["OPS"])
    ignore: list[str] = Field(default_factory=list)
    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    owners: str = "ops-docs/owners.yaml"
    roster: RosterKeys = Field(default_factory=RosterKeys)  # see ops_lint.owner_settings
    owner_sources: list[OwnerSourceName] = Field(default_factory=front_matter_only, min_length=1)
    default_owner: str = ""  # the owner of a doc no other owner source names one for
    max_file_size: int = Field(
        default=5_000_000, gt=0, le=MAX_FILE_SIZE, strict=True, alias="max-file-size"
    )
    max_nesting: int = Field(default=20, ge=5, le=1000, strict=True, alias="max-nesting")
    fail_on: SeverityName = Field(default="error", alias="fail-on")
    freshness: FreshnessSettings = Field(default_factory=FreshnessSettings)
    # The team's words for governance concepts, read by every rule (ops_lint.vocabulary).
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
    # Runbook trigger sources and the alert rules that link to runbooks (ops_lint.alert_rules).
    runbooks: RunbookSettings = Field(default_factory=RunbookSettings)
    site: SiteSettings = Field(default_factory=SiteSettings)  # links on a built site
    extends: list[str] = Field(default_factory=list)  # bundled presets (ops_lint.presets)
    drill: DrillSettings = Field(default_factory=DrillSettings)

    @model_validator(mode="before")
    @classmethod
    def _default_owner_is_a_source(cls, data: Any) -> Any:
        """A ``default_owner`` is the last owner source, for ``check`` and ``freshness``
        alike, whether or not ``owner_sources`` lists ``default``."""
        if isinstance(data, dict) and str(data.get("default_owner") or "").strip():
            sources = list(data.get("owner_sources") or ["front-matter"])
            if "default" not in sources:
                data = {**data, "owner_sources": [*sources, "default"]}
        return data

    @field_validator("rules")
    @classmethod
    def _codes_upper(cls, value: dict[str, RuleSettings]) -> dict[str, RuleSettings]:
        return {code.upper(): settings for code, settings in value.items()}

    @field_validator("include", "exclude", "per_file_ignores")
    @classmethod
    def _patterns(cls, value: list[str] | dict[str, list[str]]) -> Any:
        _usable(value)  # per-file-ignores: its keys
        return value

    @field_validator("types")
    @classmethod
    def _plain_types(cls, value: dict[str, str]) -> dict[str, str]:
        _usable(value)  # the keys: path patterns
        for doc_type in value.values():
            if not is_plain_type(doc_type):
                raise ValueError(
                    f"type {doc_type[:80]!r} is not a plain name (lower-case letters, digits, "
                    "'-' and '_', starting with a letter)"
                )
        return value


class LoadedConfig:
    """A validated config and where it came from; ``memo`` and ``key``: the settings memo
    it was looked up in and its key there (None: loaded without the memo)."""

    def __init__(
        self,
        config: Config,
        root: Path,
        source: Path | None,
        memo: SettingsMemo | None = None,
        key: bytes | None = None,
    ) -> None:
        self.config = config
        self.root = root
        self.source = source
        self.memo = memo
        self.key = key

    def describe(self) -> str:
        return str(self.source) if self.source else "defaults"


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
    return f"{source}: key '{loc}': {err['msg']} (got {repr(err.get('input'))[:200]})"


def validate(data: dict[str, Any], source: Path) -> Config:
    try:
        return Config.model_validate(apply_presets(_normalize_keys(data), source))
    except ValidationError as exc:
        raise ConfigError(_explain(exc, source)) from None


def _outside(value: str, root: Path) -> bool:
    """True if ``value``, joined to ``root`` and normalized, is not inside it."""
    base = os.path.normpath(str(root))
    return not inside(os.path.normpath(os.path.join(base, value)), base)


def check_paths(config: Config, root: Path, source: Path) -> None:
    """Every path the config names stays inside the project root. Symlinks inside the
    project are resolved where each file is read (``safe_files``, discovery)."""
    named = [("docs", d) for d in config.docs] + [("owners", config.owners)]
    named += [("packs", p) for p in config.packs if p != "builtin"]
    named += [("runbooks.runbook_root", config.runbooks.runbook_root)]
    named += [("drill.output", config.drill.output)]
    named += [("drill.platform", config.drill.platform or ".")]
    for key, value in named:
        if "\0" in value or _outside(value, root):
            raise ConfigError(
                f"{source}: key '{key}': {value[:200]!r} is outside the project "
                f"({root}); paths in the config must stay inside it"
            )
    revs = config.freshness.ignore_revs
    # read from the top of the git work tree: relative and never climbing out of it
    if "\0" in revs or os.path.isabs(revs) or _outside(revs, Path("/x")):
        raise ConfigError(
            f"{source}: key 'freshness.ignore_revs': {revs[:200]!r} must be a path inside "
            "the repository, relative to its top"
        )


def load(explicit: str | None, cwd: Path, memo: bool = False) -> LoadedConfig:
    """Load ``explicit`` if given, else the discovered config, else the defaults.
    ``memo``: answer from (and fill) the settings memo of ``ops_lint.settings_memo``."""
    if explicit is not None:
        path = (cwd / explicit).resolve()
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        text = read_config_text(path, None)  # named on the command line: may be anywhere
        return _validated(path, path.parent, text, memo, explicit)
    found = discover(cwd)
    if found is None:
        return _validated(None, cwd, "", memo, None)
    return _validated(found, found.parent, read_config_text(found, found.parent), memo, None)


def _validated(
    path: Path | None, root: Path, text: str, memo: bool, explicit: str | None
) -> LoadedConfig:
    """The config of ``text`` (read from ``path``; None: no config file, the defaults),
    from the memo when it holds this very text for this tool."""
    remembered = SettingsMemo(root) if memo else None
    key = None
    if remembered is not None:
        parts = [os.fsencode(root), os.fsencode(path or ""), text.encode("utf-8", "surrogatepass")]
        key = key_of("config", parts)
        config = recall_model(remembered, key, Config)
        if config is not None:
            if path is not None:
                check_paths(config, root, path)
            return LoadedConfig(config, root, path, remembered, key)
    if path is None:
        config = Config()
    else:
        data = parse_config(path, text)
        if data is None and explicit is not None:
            raise ConfigError(f"{explicit}: no [tool.ops-lint] table in this file")
        config = validate(data or {}, path)
        check_paths(config, root, path)
    if remembered is not None and key is not None:
        remember_model(remembered, key, config)
    return LoadedConfig(config, root, path, remembered, key)
