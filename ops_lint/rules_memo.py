"""The rules of the packs in the settings memo (``ops_lint.settings_memo``).

The key is the config's key (its bytes, the tool) with each pack's path, the folder it
must stay in, and bytes: the pack schema and the check kinds are part of the tool. A rule
is written field by field: its check kind by name (a built-in kind only: a plugin's code is
not part of the tool's identity, so its rules are never remembered), its options as a
model (``ops_lint.model_codec``), its severity by name. The rules come back only if every
one rebuilds to a rule equal to the validated one; the JSON text of each rule's options
comes along (the stored results are keyed with it).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ops_lint.checks import registry
from ops_lint.diagnostic import Severity
from ops_lint.model_codec import (
    Malformed,
    Unencodable,
    decode,
    encode,
    json_dump,
    remember_dump,
)
from ops_lint.packs import PACK_LIMIT, PackFile, Rule
from ops_lint.safe_files import read_text
from ops_lint.settings_memo import SettingsMemo, key_of


def rules_key(config_key: bytes, root: Path, files: list[PackFile]) -> bytes | None:
    """The memo key of the rules: the config's key and every pack file's bytes; None when
    a pack cannot be read (the full load says why)."""
    parts = [config_key, os.fsencode(root)]
    for pack in files:
        try:
            data = read_text(pack.path, pack.root, PACK_LIMIT)
        except OSError:  # UnsafeFile too
            return None
        parts += [os.fsencode(pack.path), os.fsencode(pack.root), data.encode()]
    return key_of("rules", parts)


_RULE_FIELDS = tuple(f.name for f in dataclasses.fields(Rule))


def _rule_data(rule: Rule) -> list[Any]:
    """A rule as memo data: its kind by name (a built-in one), its options as a model."""
    if registry().get(rule.kind.name) is not rule.kind:
        raise Unencodable(f"check kind {rule.kind.name!r} is not built in")
    values = []
    for name in _RULE_FIELDS:
        value = getattr(rule, name)
        if name == "kind":
            values.append(rule.kind.name)
        elif name == "severity":
            values.append(str(value))
        else:
            values.append(encode(value))
    return [values, json_dump(rule.options)]


def _rebuilt_rule(data: Any) -> Rule:
    if type(data) is not list or len(data) != 2 or type(data[0]) is not list:
        raise Malformed("rule")
    if len(data[0]) != len(_RULE_FIELDS) or type(data[1]) is not str:
        raise Malformed("rule fields")
    values = dict(zip(_RULE_FIELDS, data[0], strict=True))
    kind = registry().get(values["kind"]) if type(values["kind"]) is str else None
    if kind is None:
        raise Malformed("check kind")
    fields: dict[str, Any] = {name: decode(value) for name, value in values.items()}
    fields["kind"] = kind
    fields["severity"] = Severity.parse(values["severity"])
    if type(fields["options"]) is not kind.options:
        raise Malformed("options")
    remember_dump(fields["options"], data[1])
    return Rule(**fields)


def recall_rules(memo: SettingsMemo, key: bytes) -> list[Rule] | None:
    entry = memo.get(key)
    if type(entry) is not list:
        return None
    try:
        return [_rebuilt_rule(item) for item in entry]
    except Exception:  # any doubt is a miss: the full load reports what is wrong
        return None


def remember_rules(memo: SettingsMemo, key: bytes, rules: list[Rule]) -> None:
    try:
        data = [_rule_data(rule) for rule in rules]
        if [_rebuilt_rule(json.loads(json.dumps(item))) for item in data] != rules:
            return
    except (Unencodable, Malformed):
        return
    memo.put(key, data)


def memo_rules(
    memo: SettingsMemo,
    config_key: bytes,
    root: Path,
    files: list[PackFile],
    validated: Callable[[], list[Rule]],
) -> list[Rule]:
    """The rules remembered for this config and these packs, else ``validated()`` (which
    raises what is wrong), remembered for the next run."""
    key = rules_key(config_key, root, files)
    recalled = recall_rules(memo, key) if key is not None else None
    if recalled is not None:
        return recalled
    rules = validated()
    if key is not None:
        remember_rules(memo, key, rules)
    return rules
