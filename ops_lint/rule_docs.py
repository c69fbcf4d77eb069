"""What ``ops-lint rules`` prints: the list, and one rule's full documentation."""

from __future__ import annotations

from pathlib import Path

import yaml

from ops_lint.packs import Rule

# In a source checkout each rule's pass/fail cases sit next to the tests: one file per code.
_FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "rules"


def _where(rule: Rule) -> list[str]:
    """The check module, and the rule's fixture file when this is a source checkout."""
    lines = [f"Check module: {rule.kind.module or rule.kind.name}"]
    if rule.kind.source:
        lines[0] += f" ({Path(rule.kind.source).name})"
    fixture = _FIXTURES / f"{rule.code}.yaml"
    if fixture.is_file():
        lines.append(f"Fixtures: tests/fixtures/rules/{fixture.name}")
    return lines


def listing(rules: list[Rule]) -> str:
    width = max((len(r.name) for r in rules), default=10)
    lines = [f"{'CODE':<7} {'NAME':<{width}} {'SEVERITY':<8} SUMMARY"]
    for r in rules:
        lines.append(f"{r.code:<7} {r.name:<{width}} {r.severity!s:<8} {r.summary}")
    lines.append("")
    lines.append("Run 'ops-lint rules CODE' for what a rule checks, its options and examples.")
    return "\n".join(lines) + "\n"


def named_rules(text: str, rule: Rule, rules: list[Rule]) -> str | None:
    """The line that gives the codes of the check kinds ``text`` names in backticks."""
    codes: dict[str, list[str]] = {}
    for other in sorted(rules, key=lambda r: r.code):
        kind = other.kind.name
        if kind != rule.kind.name and f"`{kind}`" in text:
            codes.setdefault(kind, []).append(other.code)
    if not codes:
        return None
    named = sorted(codes.items(), key=lambda item: item[1][0])
    return "Rules named above: " + ", ".join(f"`{k}` = {'/'.join(c)}" for k, c in named)


def explain(rule: Rule, rules: list[Rule]) -> str:
    """One rule's full documentation; other rules its text names by kind get their codes."""
    applies = []
    if rule.types:
        applies.append("types: " + ", ".join(rule.types))
    if rule.paths:
        applies.append("paths: " + ", ".join(rule.paths))
    options = rule.options.model_dump(exclude={"pack_dir", "pack_root"})
    parts = [
        f"{rule.code} {rule.name} ({rule.severity})",
        "",
        rule.summary,
        "",
        f"Check kind: {rule.kind.name}",
        *_where(rule),
        f"Applies to: {'; '.join(applies) if applies else 'every doc'}",
        f"Defined in: {rule.source}",
    ]
    if rule.docs:
        parts += ["", rule.docs.strip()]
    parts += ["", rule.kind.doc]
    named = named_rules("\n".join(parts), rule, rules)
    if options:
        dumped = yaml.safe_dump(options, sort_keys=False, allow_unicode=True).rstrip()
        parts += ["", "Options in effect:", *("    " + line for line in dumped.splitlines())]
    if named:
        parts += ["", named]
    return "\n".join(parts) + "\n"
