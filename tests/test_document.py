"""The document model built from the markdown-it-py token stream."""

from __future__ import annotations

import pytest

from ops_lint.document import build, parse_directive
from ops_lint.globs import matches
from ops_lint.model import Document
from ops_lint.normalize import github_slug, normalize_title

SOURCE = """\
---
title: Operations handover
type: handover
slo:
  latency_p95_ms: 1500
---
# Operations handover

## 1. Operational Roles & RACI

| Activity | L1 Support | **L2 Support** |
|---|---|---|
| Partner onboarding | I | A/R |
| DLQ redrive | R | A |

### On-call

- [ ] Shadow two shifts
  - [x] First shift done
- Plain item with [a link](../runbooks/dlq.md#steps)

```sh
edictl dlq depth --queue edi-route-dlq  # TBD in code
```

## 2. Incident Classification Matrix
Text with `code TBD` and <number>.
"""


@pytest.fixture(scope="module")
def doc() -> Document:
    return build("ops-docs/h.md", "/repo/ops-docs/h.md", SOURCE)


def test_front_matter_and_key_lines(doc: Document) -> None:
    assert doc.meta["type"] == "handover"
    assert doc.front_matter.line_of("slo", "latency_p95_ms") == 5
    assert doc.front_matter.line_of("title") == 2
    assert doc.front_matter_lines == (1, 6)
    assert doc.title == "Operations handover"


def test_section_tree(doc: Document) -> None:
    titles = [(s.level, s.norm, s.line, s.end_line, s.parent) for s in doc.sections]
    assert titles == [
        (1, "operations handover", 7, 27, -1),
        (2, "operational roles and raci", 9, 25, 0),
        (3, "on-call", 16, 25, 1),
        (2, "incident classification matrix", 26, 27, 0),
    ]
    assert [s.number for s in doc.find_sections(["Incident classification matrix"])] == [3]
    assert "1-operational-roles--raci" in doc.anchors


def test_tables(doc: Document) -> None:
    (table,) = doc.tables
    assert table.columns == ["Activity", "L1 Support", "L2 Support"]
    assert [r.line for r in table.rows] == [13, 14]
    assert [c.text for c in table.rows[0].cells] == ["Partner onboarding", "I", "A/R"]
    assert table.rows[0].cells[2].column == SOURCE.splitlines()[12].index("A/R") + 1
    assert table.section == 1


def test_list_items_and_task_boxes(doc: Document) -> None:
    items = [(i.text, i.checked, i.depth, i.line, i.section) for i in doc.items]
    assert items == [
        ("Shadow two shifts", False, 1, 18, 2),
        ("First shift done", True, 2, 19, 2),
        ("Plain item with a link", None, 1, 20, 2),
    ]


def test_links_code_and_prose(doc: Document) -> None:
    assert [(lk.target, lk.line) for lk in doc.links] == [("../runbooks/dlq.md#steps", 20)]
    (block,) = doc.code_blocks
    assert block.info == "sh" and block.line == 22
    prose = " ".join(t.text for t in doc.texts)
    assert "<number>" in prose
    assert "TBD" not in prose  # code spans and fences are not prose


def test_empty_and_odd_documents() -> None:
    assert build("a.md", "/a.md", "").sections == []
    doc = build("a.md", "/a.md", "---\n---\n")
    assert doc.meta == {}
    deep = build("a.md", "/a.md", "> " * 500 + "x\n" + "- " * 500 + "y\n")
    assert deep.line_count == 2


def test_section_content() -> None:
    doc = build("a.md", "/a.md", "# A\n## Empty\n## Full\ntext\n## Code\n```\nx\n```\n")
    empty, full, code = doc.sections[1:]
    assert not doc.section_has_content(empty)
    assert doc.section_has_content(full)
    assert doc.section_has_content(code)


@pytest.mark.parametrize(
    ("title", "norm"),
    [
        ("2. Incident Classification Matrix", "incident classification matrix"),
        ("1) Operational Roles & RACI", "operational roles and raci"),
        ("10 - SLOs & Error Budgets", "slos and error budgets"),
        ("**Handover Checklist**:", "handover checklist"),
        ("2.3 Change management", "change management"),
        ("A Day in the Life", "a day in the life"),
        ("24/7 coverage", "24/7 coverage"),
    ],
)
def test_normalize_title(title: str, norm: str) -> None:
    assert normalize_title(title) == norm


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("2. Incident Classification Matrix", "2-incident-classification-matrix"),
        ("Roles & RACI", "roles--raci"),
        ("SLOs (99.9%)", "slos-999"),
        ("snake_case stays", "snake_case-stays"),
        ("Ünïcode Überschrift", "ünïcode-überschrift"),
    ],
)
def test_github_slug(heading: str, slug: str) -> None:
    assert github_slug(heading) == slug


@pytest.mark.parametrize(
    ("raw", "action", "codes", "reason", "until"),
    [
        (
            "<!-- ops-lint-disable-next-line OPS004 -- why -->",
            "disable-next-line",
            ("OPS004",),
            "why",
            None,
        ),
        (
            "<!-- ops-lint-disable OPS004, OPS005 until=2027-01-01 -- a -- b -->",
            "disable",
            ("OPS004", "OPS005"),
            "a -- b",
            "2027-01-01",
        ),
        ("<!-- ops-lint-enable -->", "enable", (), "", None),
        ("<!-- ops-lint-silence OPS004 -->", "invalid", ("OPS004",), "", None),
        ("<!-- ops-lint-disable ops004 -->", "invalid", ("ops004",), "", None),
    ],
)
def test_parse_directive(
    raw: str, action: str, codes: tuple[str, ...], reason: str, until: str | None
) -> None:
    directive = parse_directive(raw, 3)
    assert directive is not None
    assert (directive.action, directive.codes, directive.reason, directive.until) == (
        action,
        codes,
        reason,
        until,
    )


@pytest.mark.parametrize(
    ("path", "pattern", "hit"),
    [
        ("ops-docs/a.md", "**/*.md", True),
        ("a.md", "**/*.md", True),
        ("x/y/z.html.md.erb", "*.html.md.erb", True),
        ("ops-docs/a.txt", "**/*.md", False),
        ("ops-docs/runbooks/a.md", "ops-docs/runbooks/**", True),
        ("ops-docs/runbooks/a.md", "runbooks/*.md", False),
        ("ops-docs/runbooks/a.md", "runbooks/", True),
        ("a/b.md", "a/[ab].md", True),
    ],
)
def test_globs(path: str, pattern: str, hit: bool) -> None:
    assert matches(path, [pattern]) is hit
