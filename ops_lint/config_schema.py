"""The JSON Schema of the configuration (``ops-lint schema config``), for editors.

Generated from the config models, then given a SchemaStore-style ``$id`` and a
description on every key, so an editor (VS Code's YAML extension, taplo for
``pyproject.toml``) explains each key as it is typed. A key without a description here is
a test failure (``tests/test_cli_habits.py``): a new config key has to be explained.
"""

from __future__ import annotations

from typing import Any

SCHEMA_ID = "https://ops-lint.dev/schemas/config.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# "Model.key" -> description. Model names are those of the schema's $defs ("Config": top).
DESCRIPTIONS: dict[str, str] = {
    "Config.docs": "Folders of the doc set, relative to the project root.",
    "Config.include": "Path patterns (.gitignore syntax) of the files that are docs.",
    "Config.exclude": "Path patterns of files and folders left out of the doc set.",
    "Config.types": "Doc type by path pattern, for docs whose front-matter names none.",
    "Config.type_key": "The front-matter key that holds a doc's type (default 'type').",
    "Config.types_precedence": "Whether the front-matter type or the 'types' pattern wins.",
    "Config.packs": "Rule pack files or folders; 'builtin' is the bundled pack.",
    "Config.select": "Code prefixes of the rules to run (the longest matching prefix wins).",
    "Config.ignore": "Code prefixes of the rules not to run.",
    "Config.rules": "Per-rule overrides by code: severity, options, applies_to.",
    "Config.per-file-ignores": "Path pattern -> codes not reported in the matching files.",
    "Config.owners": "The owners roster file (teams, members, aliases).",
    "Config.roster": "Key names of the owners roster file.",
    "Config.owner_sources": "Where a doc's owner is read, in order: front-matter, "
    "codeowners, owners-files, default.",
    "Config.default_owner": "The owner of a doc no other owner source names one for.",
    "Config.max-file-size": "Largest doc read, in bytes; a larger file is reported (OPS000).",
    "Config.max-nesting": "List and blockquote depth the parser reads (OPS006 beyond).",
    "Config.fail-on": "Lowest severity that makes 'ops-lint check' exit 1.",
    "Config.freshness": "How doc freshness is computed (review dates, git history).",
    "Config.vocabulary": "The team's words for governance concepts: sections, columns, "
    "severity levels, durations.",
    "Config.runbooks": "Where a runbook's trigger is read, and the alert rules that link "
    "to runbooks.",
    "Config.site": "The site generator the docs are built with, for links on the built site.",
    "Config.extends": "Bundled presets merged under this config, in order.",
    "Config.drill": "Settings of 'ops-lint drill': platform spec and transcripts folder.",
    "AppliesTo.types": "Doc types the rule runs on (replaces the pack's).",
    "AppliesTo.paths": "Path patterns of the docs the rule runs on (replaces the pack's).",
    "DrillSettings.platform": "The default simulated platform spec for drills.",
    "DrillSettings.output": "Folder of the drill transcripts.",
    "FreshnessFields.last_reviewed": "Front-matter field of the last review date "
    "(a dotted name reaches a nested field).",
    "FreshnessFields.review_cycle": "Front-matter field of the review cycle in days.",
    "FreshnessFields.review_by": "Front-matter field of a date the doc must be reviewed "
    "by (replaces the cycle).",
    "FreshnessFields.owner": "Front-matter field of the doc's owner.",
    "FreshnessFields.reviewed_by": "Front-matter field of who reviewed the doc (what "
    "'ops-lint review --by' writes).",
    "FreshnessSettings.basis": "What makes a doc fresh: review (front-matter), change "
    "(git), or either (the later).",
    "FreshnessSettings.date": "Which git date counts: author or committer.",
    "FreshnessSettings.fields": "Names of the front-matter fields freshness reads.",
    "FreshnessSettings.ignore_revs": "File of commits that are not edits (as "
    "git blame's ignore-revs), relative to the repository top.",
    "FreshnessSettings.ignore_messages": "Regular expressions: commits whose subject "
    "matches are not edits.",
    "FreshnessSettings.sweep_share": "Share of the docs a commit must touch to be a sweep.",
    "FreshnessSettings.sweep_min_files": "Fewest files a commit must touch to be a sweep.",
    "FreshnessSettings.review_cycle_days": "Default review cycle in days, by doc type.",
    "FreshnessSettings.include_merges": "Whether merge commits count as edits.",
    "Level.name": "Name of the severity level, e.g. S1.",
    "Level.aliases": "Other names of the level.",
    "Level.response": "Slowest acceptable response, a duration such as '15 min'.",
    "Level.major": "Whether an incident at this level is major (needs a postmortem).",
    "RosterKeys.teams": "Key of the list of teams ('' : the file itself is the list).",
    "RosterKeys.id": "Key of a team's id.",
    "RosterKeys.name": "Key of a team's name.",
    "RosterKeys.aliases": "Keys of a team's other names.",
    "RosterKeys.members": "Key of a team's members.",
    "RuleSettings.severity": "Severity of the rule's findings: error, warning or info.",
    "RuleSettings.options": "Options of the rule's check, merged over the pack's.",
    "RuleSettings.applies_to": "The docs the rule runs on: types and paths.",
    "RunbookSettings.trigger_from": "Where a runbook's trigger is read, in order.",
    "RunbookSettings.alert_rules": "Path patterns of the alert rule files.",
    "RunbookSettings.annotations": "Alert annotations that hold the runbook (first set wins).",
    "RunbookSettings.runbook_base_url": "URL prefixes of runbooks in alert annotations.",
    "RunbookSettings.runbook_root": "Folder those URLs and relative paths map to.",
    "RunbookSettings.exempt": "Path patterns of runbooks no alert needs to name.",
    "SeverityWords.levels": "The severity levels, most severe first.",
    "SiteSettings.generator": "The site generator: github, mkdocs, tech-docs, hugo, ...",
    "SiteSettings.root": "The docs folder of the site (default: the generator's).",
    "SiteSettings.base_url": "URL path the site is served under.",
    "SiteSettings.url_style": "Page URLs: directory (page/) or html (page.html).",
    "SiteSettings.redirects": "File of the site's redirects (default: the generator's).",
    "SiteSettings.slugs": "How headings become anchors (default: the generator's).",
    "SiteSettings.indexes": "File names that are a folder's index page.",
    "Vocabulary.sections": "Section concept -> the team's heading names for it.",
    "Vocabulary.columns": "Table concept -> column -> the team's column names.",
    "Vocabulary.words": "Concept -> word list -> the team's cell and row words.",
    "Vocabulary.severity": "The team's severity levels.",
    "Vocabulary.durations": "The team's words for durations ('business day', ...).",
}


def _describe(model: str, node: dict[str, Any]) -> None:
    for key, prop in node.get("properties", {}).items():
        text = DESCRIPTIONS.get(f"{model}.{key}")
        if text and "description" not in prop:
            prop["description"] = text


def config_schema() -> dict[str, Any]:
    """The config's JSON Schema with ``$schema``, ``$id`` and a description per key."""
    from ops_lint.config import Config

    schema = Config.model_json_schema(by_alias=True)
    _describe("Config", schema)
    for name, definition in schema.get("$defs", {}).items():
        _describe(name, definition)
    head = {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "ops-lint configuration",
        "description": "ops-lint config: .ops-lint.yaml, or [tool.ops-lint] in pyproject.toml.",
    }
    return {**head, **{k: v for k, v in schema.items() if k not in ("title", "description")}}
