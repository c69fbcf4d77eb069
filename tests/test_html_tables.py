"""HTML tables, tables and lists inside <details>, and <br> in cells, in the document model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ops_lint.cache_codec import decode_document, encode_document
from ops_lint.document import build
from ops_lint.html_tables import MAX_CELLS, MAX_DEPTH, simplify
from ops_lint.model import Document, Table
from tests.conftest import write_tree

# The shape of PagerDuty's published severity matrix: a <table> with a <thead> of <th>,
# a <tbody> whose first cell is a bold level, and <br> between the lines of a cell.
PAGERDUTY_SHAPE = """\
# Payments handover

## Severity Matrix

<table>
  <thead>
    <tr>
      <th>Severity</th>
      <th>Description</th>
      <th>Response time</th>
    </tr>
  </thead>
  <tbody>
    <tr>
      <td><strong>S0</strong> Critical</td>
      <td>Checkout is down for every buyer.<br>Card data may be exposed.</td>
      <td>Start work &amp; respond: 15 min</td>
    </tr>
    <tr>
      <td><strong>S1</strong> High</td>
      <td>Refunds fail<br/>in one region</td>
      <td>&le; 1 hour</td>
    </tr>
  </tbody>
</table>
"""


def doc_of(source: str) -> Document:
    return build("a.md", "/a.md", source)


def texts(cells: Any) -> list[str]:
    return [cell.text for cell in cells]


def grid(table: Table) -> list[list[str]]:
    return [texts(table.header)] + [texts(row.cells) for row in table.rows]


def test_pagerduty_shaped_matrix_is_a_table() -> None:
    doc = doc_of(PAGERDUTY_SHAPE)
    [table] = doc.tables
    assert grid(table) == [
        ["Severity", "Description", "Response time"],
        [
            "S0 Critical",
            "Checkout is down for every buyer. Card data may be exposed.",
            "Start work & respond: 15 min",
        ],
        ["S1 High", "Refunds fail in one region", "\u2264 1 hour"],
    ]
    assert (table.line, table.end_line) == (5, 25)
    [section] = doc.find_sections(["Severity Matrix"])
    assert table.section == section.number
    assert doc.tables_in(section) == [table]
    assert doc.notes == []


def test_positions_are_the_cell_tag_line_and_the_text_column() -> None:
    table = doc_of(PAGERDUTY_SHAPE).tables[0]
    header = table.header
    assert [(c.line, c.column) for c in header] == [(8, 11), (9, 11), (10, 11)]
    first = table.rows[0]
    assert first.line == 14
    # "<td><strong>S0</strong>": the text starts after both tags.
    assert [(c.line, c.column) for c in first.cells] == [(15, 19), (16, 11), (17, 11)]


def test_text_on_a_later_line_than_its_tag_takes_the_tag_column() -> None:
    source = (
        "<table>\n<tr><th>\n  Level\n</th></tr>\n<tr>\n  <td>\n    S1\n  </td>\n</tr>\n</table>\n"
    )
    table = doc_of(source).tables[0]
    assert (table.header[0].text, table.header[0].line, table.header[0].column) == ("Level", 2, 5)
    assert (table.rows[0].cells[0].line, table.rows[0].cells[0].column) == (6, 3)


def test_columns_inside_a_blockquote_and_a_list_are_file_columns() -> None:
    source = (
        "> <table><tr><th>A</th></tr>\n> <tr><td>1</td></tr></table>\n\n"
        "- item\n\n  <table><tr><th>B</th></tr></table>\n"
    )
    quoted, listed = doc_of(source).tables
    assert (quoted.header[0].column, quoted.rows[0].cells[0].column) == (18, 11)
    assert (listed.line, listed.header[0].line, listed.header[0].column) == (6, 6, 18)


@pytest.mark.parametrize(
    "body",
    [
        "<tr><th>Level</th><th>Response</th></tr><tr><td>S1</td><td>1 h</td></tr>",
        "<tr><td>Level</td><td>Response</td></tr><tr><td>S1</td><td>1 h</td></tr>",
        "<thead><tr><td>Level</td><td>Response</td></tr></thead><tr><td>S1</td><td>1 h</td></tr>",
        "<tbody><tr><th>Level</th><th>Response</th></tr><tr><td>S1</td><td>1 h</td></tr></tbody>",
        "<THEAD><TR><TH>Level<TH>Response</THEAD><TBODY><TR><TD>S1<TD>1 h</TBODY>",
        "<thead><tr><th colspan=2>Matrix</th></tr><tr><th>Level</th><th>Response</th></tr>"
        "</thead><tbody><tr><td>S1</td><td>1 h</td></tr></tbody>",
    ],
    ids=["th-row", "td-row", "thead-td", "tbody-th", "implicit-ends", "two-head-rows"],
)
def test_header_variants(body: str) -> None:
    [table] = doc_of(f"# M\n\n<table>{body}</table>\n").tables
    assert grid(table) == [["Level", "Response"], ["S1", "1 h"]]


def test_entities_inline_tags_and_placeholders() -> None:
    source = (
        "<table><tr><th>A</th></tr>\n"
        "<tr><td>a &amp; b&nbsp;c &lt;d&gt; &#8804;&#x20;5 <code>kubectl get</code>"
        " <em>x</em> <team-id> 3 < 4</td></tr></table>\n"
    )
    [table] = doc_of(source).tables
    assert texts(table.rows[0].cells) == ["a & b c <d> \u2264 5 kubectl get x <team-id> 3 < 4"]


def test_colspan_repeats_a_cell_over_its_columns_and_rowspan_over_its_rows() -> None:
    source = (
        "<table><tr><th>Level</th><th>Response</th><th>Update</th></tr>\n"
        '<tr><td>S0</td><td colspan="2">15 min</td></tr>\n'
        "<tr><td rowspan='2'>S3 / S4</td><td>1 day</td><td>daily</td></tr>\n"
        "<tr><td>Backlog</td><td>weekly</td></tr></table>\n"
    )
    [table] = doc_of(source).tables
    assert grid(table)[1:] == [
        ["S0", "15 min", "15 min"],
        ["S3 / S4", "1 day", "daily"],
        ["S3 / S4", "Backlog", "weekly"],
    ]
    spanned = table.rows[0].cells
    assert spanned[1] == spanned[2]  # the same position: the one cell that spans them
    assert table.rows[2].cells[0].line == 3


def test_nested_table_is_its_own_table_and_the_outer_cell_keeps_its_text() -> None:
    source = (
        "<table><tr><th>Level</th><th>Contacts</th></tr>\n"
        "<tr><td>S1</td><td>Call\n"
        "<table><tr><th>Role</th></tr><tr><td>IC</td></tr></table>\n"
        "then page</td></tr></table>\n"
    )
    tables = doc_of(source).tables
    assert [grid(t) for t in tables] == [
        [["Level", "Contacts"], ["S1", "Call then page"]],
        [["Role"], ["IC"]],
    ]
    assert [t.line for t in tables] == [1, 3]


def test_html_and_gfm_tables_of_a_section_in_line_order() -> None:
    source = (
        "# Doc\n\n<table><tr><th>Before</th></tr></table>\n\n## Matrix\n\n"
        "| GFM | A |\n|---|---|\n| 1 | 2 |\n\n"
        "<table><tr><th>HTML</th></tr><tr><td>x</td></tr></table>\n\n"
        "| GFM2 |\n|---|\n| 3 |\n\n## Next\n\n<table><tr><th>After</th></tr></table>\n"
    )
    doc = doc_of(source)
    [matrix] = doc.find_sections(["Matrix"])
    assert [t.header[0].text for t in doc.tables_in(matrix)] == ["GFM", "HTML", "GFM2"]
    assert [t.header[0].text for t in doc.tables] == ["Before", "GFM", "HTML", "GFM2", "After"]
    assert doc.tables[0].section == 0


def test_markdown_paragraphs_inside_an_open_cell_are_its_text() -> None:
    source = (
        "<table>\n<tr>\n<td>\n\n**S0** is critical\n\n</td>\n<td>15 min</td>\n</tr>\n</table>\n"
    )
    [table] = doc_of(source).tables
    assert texts(table.header) == ["S0 is critical", "15 min"]
    assert table.end_line == 10


def test_unclosed_table_ends_with_the_document() -> None:
    [table] = doc_of("# A\n\n<table><tr><th>Level</th>\n<tr><td>S1\n").tables
    assert grid(table) == [["Level"], ["S1"]]
    assert table.end_line == 4


def test_tables_and_list_items_inside_details() -> None:
    source = """\
# Handover

<details>
<summary>Severity Matrix</summary>

| Level | Response |
|---|---|
| S1 | 1 hour |

- [ ] Rotate the on-call key
- Page the IC

<table><tr><th>Level</th></tr><tr><td>S2</td></tr></table>
</details>

<details><summary>More</summary><table><tr><th>Role</th></tr><tr><td>IC</td></tr></table>
</details>
"""
    doc = doc_of(source)
    assert [grid(t) for t in doc.tables] == [
        [["Level", "Response"], ["S1", "1 hour"]],
        [["Level"], ["S2"]],
        [["Role"], ["IC"]],
    ]
    assert [(i.text, i.checked, i.line) for i in doc.items] == [
        ("Rotate the on-call key", False, 10),
        ("Page the IC", None, 11),
    ]


def test_line_breaks_in_gfm_cells_are_spaces() -> None:
    source = (
        "| Level | Response |\n|---|---|\n"
        "| S1 | 15 min<br>then hourly |\n| S2 | a<br/>b<br />c <BR> d |\n"
    )
    [table] = doc_of(source).tables
    assert grid(table)[1:] == [["S1", "15 min then hourly"], ["S2", "a b c d"]]
    assert table.rows[0].cells[1].column == 8


def test_html_tables_survive_the_parse_cache() -> None:
    doc = doc_of(PAGERDUTY_SHAPE)
    data = encode_document(doc)
    assert data is not None
    assert decode_document(data, "a.md", "/a.md").tables == doc.tables


# -- bounded work -------------------------------------------------------------------
@pytest.mark.slow  # a 2 MB block
def test_a_huge_row_is_capped_and_noted() -> None:
    source = "# A\n\n<table><tr>" + "<td>x</td>" * 200_000 + "</tr></table>\n"
    assert len(source) > 2_000_000
    doc = doc_of(source)
    [table] = doc.tables
    assert len(table.header) == MAX_CELLS
    assert table.rows == ()
    assert doc.notes == [
        (3, f"an HTML table has more than {MAX_CELLS} cells: the rest of it is not read")
    ]


def test_spans_count_against_the_cap() -> None:
    source = (
        "<table><tr><td>a</td>"
        + "<td rowspan=1000>x</td>" * 100
        + "</tr>"
        + "<tr>" * 5000
        + "</table>\n"
    )
    doc = doc_of(source)
    [table] = doc.tables
    assert texts(table.rows[0].cells) == [""] + ["x"] * 100  # carried down, padded before
    assert sum(len(r.cells) for r in table.rows) + len(table.header) == MAX_CELLS
    assert len(doc.notes) == 1


def test_deep_nesting_is_capped_and_noted() -> None:
    doc = doc_of("<table><tr><td>x" * 5_000 + "\n")
    assert len(doc.tables) == MAX_DEPTH
    assert doc.notes == [
        (1, f"HTML tables nest more than {MAX_DEPTH} deep here: deeper ones are not read")
    ]


@pytest.mark.parametrize(
    "junk",
    [
        "<" * 300_000,
        "<!--" * 80_000,
        "<![x>" * 60_000,
        "<a b='>" * 40_000,
        "<?" * 150_000,
        "&" * 300_000,
    ],
    ids=["lt", "comment", "marked-section", "open-quote", "pi", "ampersand"],
)
def test_malformed_markup_in_a_cell_is_text_and_read_once(junk: str) -> None:
    doc = doc_of("<table><tr><th>Level</th></tr><tr><td>S1 " + junk + "\n")
    [table] = doc.tables
    assert texts(table.header) == ["Level"]
    assert table.rows[0].cells[0].text.startswith("S1")


def test_simplify_keeps_length_and_lines() -> None:
    html = "<td a='x>\n<!-- c\n-->\n<<b>&lt; <!-- open\n"
    out = simplify(html)
    assert len(out) == len(html)
    assert [len(line) for line in out.split("\n")] == [len(line) for line in html.split("\n")]


# -- end to end -----------------------------------------------------------------------
def handover(levels: list[str]) -> str:
    rows = "\n".join(
        f"    <tr><td><strong>{level}</strong></td><td>{what}</td><td>{target}</td></tr>"
        for level, what, target in [
            ("S0", "Checkout down for every buyer", "15 min"),
            ("S1", "Refunds failing<br>in one region", "1 hour"),
            ("S2", "Reports delayed", "4 hours"),
            ("S3", "Cosmetic issue", "1 business day"),
            ("S4", "Feature request", "Backlog"),
        ]
        if level in levels
    )
    return (
        "---\ntitle: Payments operations handover\ntype: handover\nowner: payments-l2\n---\n"
        "# Payments operations handover\n\n## Severity Matrix\n\n<table>\n  <thead>\n"
        "    <tr><th>Severity</th><th>Description</th><th>Response time</th></tr>\n"
        f"  </thead>\n  <tbody>\n{rows}\n  </tbody>\n</table>\n"
    )


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (["S0", "S1", "S2", "S3", "S4"], []),
        (["S0", "S1", "S3", "S4"], ["OPS201"]),
    ],
    ids=["complete", "s2-missing"],
)
def test_check_reads_an_html_severity_matrix(
    tmp_path: Path, ops_lint: Any, levels: list[str], expected: list[str]
) -> None:
    write_tree(tmp_path, {"ops-docs/handover/operations-handover.md": handover(levels)})
    result = ops_lint(tmp_path, "check", "--format", "json", "--select", "OPS201")
    found = result.json()["diagnostics"]
    assert [d["code"] for d in found] == expected
    if expected:
        assert "no S2 row" in found[0]["message"]
        assert result.code == 1
