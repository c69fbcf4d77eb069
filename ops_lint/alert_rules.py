"""Prometheus alerting rules and where their runbooks are: the ``runbooks`` config section.

Alert-rule files are named by ``runbooks.alert_rules`` (path patterns, ``.gitignore``
semantics, relative to the project root). A file holds ``groups[].rules[]`` (a Prometheus
rule file) or ``spec.groups[].rules[]`` (a ``PrometheusRule`` resource), in one or more YAML
documents; a rule with ``alert:`` is an alert and its runbook is the first of
``runbooks.annotations`` (``runbook_url``, ``runbook``) it sets under ``annotations``.
Files are read through ``ops_lint.safe_files`` and YAML with the node budget of
front-matter; a file that does not parse or holds no groups is a problem, never an error.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ops_lint.frontmatter import safe_load_nodes, yaml_problem
from ops_lint.globs import PatternError, check_patterns, matches, posix_relpath
from ops_lint.safe_files import UnsafeFile, inside, read_text

TriggerSource = Literal["front-matter", "inventory", "alert-rules", "h1", "file-name"]
MAX_FILES = 10_000  # alert-rule files read in one run
_DOC_START = re.compile(r"^---[ \t]*(?:#.*)?$", re.MULTILINE)
_GLOB_CHARS = re.compile(r"[*?\[{!\\]")
_SKIPPED_DIRS = {".git", "node_modules", ".venv"}


def _front_matter_only() -> list[TriggerSource]:
    return ["front-matter"]


class RunbookSettings(BaseModel):
    """``runbooks:``: where a runbook's trigger may be read, and the alert rules that
    link to runbooks."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    trigger_from: list[TriggerSource] = Field(default_factory=_front_matter_only)
    alert_rules: list[str] = Field(default_factory=list)
    annotations: list[str] = Field(default_factory=lambda: ["runbook_url", "runbook"])
    runbook_base_url: list[str] = Field(default_factory=list)
    runbook_root: str = "."
    exempt: list[str] = Field(default_factory=list)

    @field_validator("alert_rules", "exempt")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        try:
            check_patterns(value)
        except PatternError as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("trigger_from", "annotations")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("must name at least one entry")
        return value


@dataclass(frozen=True, slots=True)
class Alert:
    name: str
    runbook: str | None  # the annotation's value, None when the alert names no runbook
    abspath: str  # the rule file
    line: int
    column: int


@dataclass(slots=True)
class AlertRules:
    files: list[str] = field(default_factory=list)  # abspaths read
    alerts: list[Alert] = field(default_factory=list)
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # abspath, line, why


def _literal_dirs(patterns: list[str]) -> list[str] | None:
    """The folders the patterns can match under, or None when one may match anywhere."""
    dirs = []
    for pattern in patterns:
        body = pattern.removeprefix("./")
        if body.startswith("!"):
            continue
        if "/" not in body.rstrip("/"):
            return None  # a bare name matches at any depth
        head = _GLOB_CHARS.split(body, maxsplit=1)[0].lstrip("/")
        dirs.append(head.rsplit("/", 1)[0] if "/" in head else "")
    return dirs


def find_files(root: str, patterns: list[str]) -> list[str]:
    """The files under ``root`` matched by ``patterns``, sorted (symlinks are not followed)."""
    if not patterns:
        return []
    starts = _literal_dirs(patterns)
    tops = [root] if starts is None else [os.path.join(root, d) for d in sorted(set(starts))]
    found: set[str] = set()
    for top in tops:
        if not inside(os.path.normpath(top), root):
            continue
        for folder, subdirs, names in os.walk(top):
            subdirs[:] = sorted(d for d in subdirs if d not in _SKIPPED_DIRS)
            for name in names:
                path = os.path.join(folder, name)
                if matches(posix_relpath(path, root), patterns):
                    found.add(path)
            if len(found) > MAX_FILES:
                break
    return sorted(found)[:MAX_FILES]


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            found: yaml.Node = value
            return found
    return None


def _text(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
        return str(node.value)
    return None


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _alerts_of(root: yaml.Node, abspath: str, offset: int, keys: list[str]) -> list[Alert]:
    groups = _child(root, "groups") or _child(_child(root, "spec"), "groups")
    alerts = []
    for group in _items(groups):
        for rule in _items(_child(group, "rules")):
            name = _text(_child(rule, "alert"))
            if name is None:
                continue
            notes = _child(rule, "annotations")
            runbook = next((v for k in keys if (v := _text(_child(notes, k))) is not None), None)
            mark = rule.start_mark
            alerts.append(Alert(name, runbook, abspath, mark.line + offset + 1, mark.column + 1))
    return alerts


def _chunks(text: str) -> list[tuple[int, str]]:
    """The YAML documents of ``text`` and the line each starts on (0-based)."""
    starts = [m.start() for m in _DOC_START.finditer(text)]
    chunks, line = [], 0
    for a, b in itertools.pairwise([0, *starts, len(text)]):
        chunks.append((line, text[a:b]))
        line += text.count("\n", a, b)
    return chunks


def _read_one(abspath: str, root: str, keys: list[str], into: AlertRules) -> None:
    try:
        text = read_text(abspath, root)
    except OSError as exc:
        why = str(exc).replace(f"{abspath}: ", "") if isinstance(exc, UnsafeFile) else "unread"
        into.problems.append((abspath, 1, f"cannot be read: {why}"))
        return
    into.files.append(abspath)
    grouped = False
    for offset, chunk in _chunks(text):
        try:
            _data, node = safe_load_nodes(chunk)
        except yaml.YAMLError as exc:
            mark = (
                getattr(exc, "problem_mark", None)
                if isinstance(exc, yaml.MarkedYAMLError)
                else None
            )
            line = offset + (mark.line + 1 if mark is not None else 1)
            into.problems.append((abspath, line, f"is not valid YAML: {yaml_problem(exc)}"))
            return
        if node is None:
            continue
        if _child(node, "groups") or _child(_child(node, "spec"), "groups"):
            grouped = True
        into.alerts.extend(_alerts_of(node, abspath, offset, keys))
    if not grouped:
        into.problems.append((abspath, 1, "holds no 'groups' (nor 'spec.groups') of rules"))


def load_alert_rules(root: str, settings: RunbookSettings) -> AlertRules:
    """Every alert of the configured alert-rule files, and what could not be read."""
    found = AlertRules()
    for abspath in find_files(root, settings.alert_rules):
        _read_one(abspath, root, settings.annotations, found)
    return found


def runbook_path(target: str, root: str, settings: RunbookSettings) -> str | None:
    """The absolute path an alert's runbook annotation names, or None when it cannot be
    mapped to a file (a URL outside ``runbook_base_url``, a template)."""
    target = target.strip()
    if not target or "{{" in target:
        return None
    for base in settings.runbook_base_url:
        if target.startswith(base):
            target = target[len(base) :]
            break
    else:
        if "://" in target or target.startswith(("//", "mailto:")):
            return None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0]).lstrip("/")
    base_dir = posixpath.join(root, settings.runbook_root)
    return posixpath.normpath(posixpath.join(base_dir, path))
