"""Hypothesis strategies for generated docs, front-matter and config (properties and fuzzing)."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import strategies as st

SECTIONS = [
    "Operational Roles & RACI",
    "Incident Classification Matrix",
    "Runbook Inventory",
    "SLOs & Error Budgets",
    "Monitoring & Triage Workflow",
    "Capacity & Scaling Strategy",
    "Maintenance & Housekeeping Plan",
    "Knowledge Base Structure",
    "Handover Checklist",
    "Continuous Improvement Loop",
    "Open Questions",
    "Prerequisites",
    "Steps",
    "Verification",
    "Rollback",
    "Escalation",
    "Dry Run",
    "Timeline",
    "Action Items",
]
COLUMNS = [
    "Activity",
    "L1",
    "L2 Support",
    "SRE",
    "Severity",
    "Response time",
    "Escalation path",
    "Communication",
    "Example scenarios",
    "Runbook",
    "Trigger",
    "Owner",
    "SLO",
    "Target",
    "Window",
    "Error budget",
    "Budget consumed",
    "Deployment decision",
]
CELLS = [
    "R",
    "A",
    "A/R",
    "R, C",
    "C",
    "I",
    "-",
    "S0",
    "S1 — outage",
    "S4",
    "15 min",
    "1 hour",
    "2 hours",
    "1 business day",
    "backlog",
    "99.9%",
    "30 days",
    "43.2 min",
    "100%",
    "freeze deploys",
    "TBD",
    "<number>",
    "{{ VAR }}",
    "[dlq](runbooks/d1.md)",
    "`code|pipe`",
    "",
]
TYPES = ["handover", "runbook", "policy", "incident", "postmortem", "reference", "nope"]
OWNERS = ["edi-l2-support", "EDI L2 Support", "ana@example.org", "@jdoe", "nobody", ""]
CODES = ["OPS004", "OPS005", "OPS101", "OPS201", "OPS6", "OPS999", "ops004", "X", ""]
NAMES = ["d0.md", "d1.md", "runbooks/d2.md", "d3.md"]

# Markdown-ish text: the characters that change how Markdown and YAML parse, and some others.
TOKENS = [
    *"#*_[]()<>|-`!:\n \t>~=+.1\\\"'&{}%aZ",
    *["---\n", "\n\n", "- ", "> ", "| ", "```\n", "[x](y)", "<!-- ", " -->", "&a", "*", "é"],
    *["日", "\u200b", "\r", "TBD", "ops-lint-disable ", "S1", "http://"],
]
MARKDOWNISH = st.lists(st.sampled_from(TOKENS), max_size=200).map("".join)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


def markdownish() -> st.SearchStrategy[str]:
    """Arbitrary text biased towards Markdown and YAML syntax."""
    return st.one_of(MARKDOWNISH, st.text(max_size=200))


dates = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2026-02-30", "2099-01-01", "yesterday", "2026-11-27", ""]),
    st.integers(),
)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    data: dict[str, Any] = {}
    fields: dict[str, st.SearchStrategy[Any]] = {
        "type": st.sampled_from(TYPES) | scalars,
        "title": st.text(max_size=30) | scalars,
        "owner": st.sampled_from(OWNERS) | st.lists(st.sampled_from(OWNERS), max_size=3) | scalars,
        "last_reviewed": dates,
        "review_cycle_days": st.integers(-5, 800) | st.sampled_from(["90 days", "6 months", "x"]),
        "trigger": st.text(max_size=20),
        "dry_run": st.text(max_size=20) | st.booleans(),
        "severity": st.sampled_from(["S0", "S1", "S9", ""]),
        "started_at": st.sampled_from(["2026-01-01T10:00:00+00:00", "nope"]),
        "resolved_at": st.sampled_from(["2026-01-02T10:00:00+00:00", "2025-01-01"]),
        "postmortem": st.sampled_from([*NAMES, "missing.md"]),
        "published_at": st.sampled_from(["2026-01-09T10:00:00+00:00", "x"]),
        "slo": st.fixed_dictionaries(
            {},
            optional={
                "latency_p95_ms": st.integers(-1, 5000) | st.text(max_size=5),
                "availability_percent": st.floats(-1, 101) | st.text(max_size=5),
                "error_budget_window_days": st.integers(0, 400),
            },
        ),
        "extra": json_values,
    }
    for key, strategy in fields.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    if draw(st.integers(0, 9)) == 0:
        return "---\n" + draw(MARKDOWNISH) + "\n---\n"  # raw, probably broken YAML
    return "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n"


@st.composite
def table(draw: st.DrawFn) -> str:
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6))
    rows = draw(
        st.lists(
            st.lists(
                st.sampled_from(CELLS) | st.text(max_size=8),
                min_size=len(columns),
                max_size=len(columns),
            ),
            max_size=6,
        )
    )

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("\n", " ") for c in cells) + " |\n"

    return row(columns) + row(["---"] * len(columns)) + "".join(row(r) for r in rows)


def directive(draw: st.DrawFn) -> str:
    action = draw(st.sampled_from(["disable-next-line", "disable", "enable", "bogus"]))
    codes = " ".join(draw(st.lists(st.sampled_from(CODES), max_size=3)))
    until = draw(st.sampled_from(["", " until=2020-01-01", " until=2099-12-31", " until=x"]))
    reason = draw(st.sampled_from(["", " -- tracked in OPS-1", " --"]))
    return f"<!-- ops-lint-{action} {codes}{until}{reason} -->\n"


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 8))
    if kind == 0:
        title = draw(st.sampled_from(SECTIONS) | st.text(max_size=20))
        return "#" * draw(st.integers(1, 4)) + " " + title.replace("\n", " ") + "\n"
    if kind == 1:
        return draw(table())
    if kind == 2:
        items = draw(st.lists(st.sampled_from(CELLS) | st.text(max_size=15), max_size=6))
        box = draw(st.sampled_from(["", "[ ] ", "[x] "]))
        indent = draw(st.sampled_from(["", "  "]))
        return "".join(f"{indent if i % 2 else ''}- {box}{t}\n" for i, t in enumerate(items))
    if kind == 3:
        target = draw(
            st.sampled_from([*NAMES, "missing.md", "#steps", "d1.md#rollback", "http://x"])
        )
        return f"See [link]({target}) and ![img]({target}).\n"
    if kind == 4:
        return directive(draw)
    if kind == 5:
        return "```\nTBD <number>\n```\n"
    if kind == 6:
        return draw(st.sampled_from(CELLS)) + " " + draw(st.text(max_size=30)) + "\n"
    return draw(MARKDOWNISH) + "\n"


@st.composite
def doc_text(draw: st.DrawFn) -> str:
    head = draw(front_matter()) if draw(st.booleans()) else ""
    return head + "\n".join(draw(st.lists(block(), max_size=12)))


def doc_set() -> st.SearchStrategy[dict[str, str]]:
    """1-4 docs, by path relative to the docs root."""
    return st.lists(doc_text(), min_size=1, max_size=4).map(
        lambda texts: {NAMES[i]: t for i, t in enumerate(texts)}
    )


CONFIG_KEYS = [
    "docs",
    "include",
    "exclude",
    "types",
    "packs",
    "select",
    "ignore",
    "rules",
    "per-file-ignores",
    "per_file_ignores",
    "owners",
    "max-file-size",
    "max_nesting",
    "max-nesting",
    "fail-on",
    "freshness",
    "colour",
    "",
]


def config_dicts() -> st.SearchStrategy[dict[str, Any]]:
    """Random configs over the real keys and junk ones, with random JSON values."""
    plausible: dict[str, st.SearchStrategy[Any]] = {
        "select": st.lists(st.sampled_from(CODES), max_size=3),
        "ignore": st.lists(st.sampled_from(CODES), max_size=3),
        "max-nesting": st.integers(-5, 2000),
        "max-file-size": st.integers(-5, 10**7),
        "fail-on": st.sampled_from(["error", "warning", "info", "fatal"]),
        "rules": st.dictionaries(
            st.sampled_from(["OPS004", "OPS101", "OPS999", "ops203"]),
            st.fixed_dictionaries(
                {},
                optional={
                    "severity": st.sampled_from(["error", "warning", "x"]),
                    "options": st.dictionaries(st.sampled_from(["min_roles", "x"]), json_values),
                },
            ),
            max_size=2,
        ),
        "per-file-ignores": st.dictionaries(
            st.sampled_from(["**/*.md", "d1.md", "["]), st.lists(st.sampled_from(CODES))
        ),
        "types": st.dictionaries(st.sampled_from(["**", "runbooks/**"]), st.sampled_from(TYPES)),
    }
    junk = st.dictionaries(st.sampled_from(CONFIG_KEYS) | st.text(max_size=6), json_values)
    return st.one_of(junk, st.fixed_dictionaries({}, optional=plausible))
