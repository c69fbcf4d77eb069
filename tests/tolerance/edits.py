"""One edit each, of the kind another author makes to the bundled ops-docs.

Every edit takes the copied ``ops-docs`` folder and rewrites a known fragment of a doc
(most of them the handover). Each asserts that its fragment was found, so that a change
to the bundled docs cannot turn a case into one that edits nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from pathlib import Path

HANDOVER = "handover/operations-handover.md"

SEVERITY_HEADER = "| Severity | Definition | Response time | Escalation path | Communication |"
RACI_HEADER = "| Activity | L1 Support | L2 Support |"
SLO_HEADER = "| SLO | SLI | Target | Window | Error budget |"
POLICY_HEADER = "| Budget consumed | Deployment decision | Who decides |"
LEVEL_ROW = r"^\| S([0-4]) — (\w+) \|"

S0_RESPONSE = "cross-partner data leak | 15 min |"
S1_RESPONSE = "or a regulatory timing floor is at risk | 1 hour |"
S2_RESPONSE = "with core flows working for everyone else | 4 hours |"
S3_RESPONSE = "no SLA at risk | 1 business day |"

Edit = Callable[[Path], None]
Rows = list[list[str]]


# --- text helpers --------------------------------------------------------------------


def read(docs: Path, rel: str = HANDOVER) -> str:
    return (docs / rel).read_text(encoding="utf-8")


def write(docs: Path, text: str, rel: str = HANDOVER) -> None:
    (docs / rel).write_text(text, encoding="utf-8")


def replace(docs: Path, old: str, new: str, *, count: int = 1, rel: str = HANDOVER) -> None:
    """Replace ``old`` (which must be there, ``count`` times at least) by ``new``."""
    text = read(docs, rel)
    assert text.count(old) >= count, f"fragment not found {count}x in {rel}: {old!r}"
    write(docs, text.replace(old, new, count), rel)


def resub(
    docs: Path,
    pattern: str,
    new: str | Callable[[re.Match[str]], str],
    *,
    expect: int | None = None,
    rel: str = HANDOVER,
) -> None:
    """``re.sub`` on a doc (multi-line); the pattern must match (``expect`` times if given)."""
    changed, n = re.subn(pattern, new, read(docs, rel), flags=re.M)
    assert n, f"pattern not found in {rel}: {pattern!r}"
    assert expect is None or n == expect, f"{pattern!r} matched {n}x in {rel}, not {expect}"
    write(docs, changed, rel)


# --- tables ----------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def find_table(text: str, header: str) -> tuple[int, int, Rows]:
    """Where the pipe table whose header line starts with ``header`` is (start and end
    offsets, end after its last newline) and its rows, header first, separator left out."""
    start = text.index("\n" + header) + 1
    end = start
    rows: Rows = []
    for line in text[start:].split("\n"):
        if not line.startswith("|"):
            break
        end += len(line) + 1
        if not re.fullmatch(r"\|(?:\s*:?-+:?\s*\|)+", line.strip()):
            rows.append(_cells(line))
    assert len({len(row) for row in rows}) == 1, f"ragged table under {header!r}"
    return start, end, rows


def pipe_table(rows: Sequence[Sequence[str]]) -> str:
    head, *body = rows
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines) + "\n"


def _html_cell(text: str) -> str:
    return re.sub(r"`([^`]*)`", r"<code>\1</code>", html.escape(text, quote=False))


def html_table(rows: Sequence[Sequence[str]]) -> str:
    """An HTML table with no blank line inside (one HTML block in Markdown)."""
    head, *body = rows
    out = ["<table>", "  <thead>", "    <tr>"]
    out += [f"      <th>{_html_cell(cell)}</th>" for cell in head]
    out += ["    </tr>", "  </thead>", "  <tbody>"]
    for row in body:
        out += ["    <tr>", *(f"      <td>{_html_cell(cell)}</td>" for cell in row), "    </tr>"]
    out += ["  </tbody>", "</table>"]
    return "\n".join(out) + "\n"


def rewrite_table(docs: Path, header: str, render: Callable[[Rows], str]) -> None:
    """Replace the table under ``header`` by ``render(rows)``."""
    text = read(docs)
    start, end, rows = find_table(text, header)
    write(docs, text[:start] + render(rows) + text[end:])


def drop_level(level: str) -> Callable[[Rows], Rows]:
    def drop(rows: Rows) -> Rows:
        kept = [row for row in rows if not row[0].startswith(level + " ")]
        assert len(kept) == len(rows) - 1, f"no {level} row"
        return kept

    return drop


def set_cell(row_start: str, column: int, value: str) -> Callable[[Rows], Rows]:
    """Rows with the cell ``column`` of the row whose first cell starts ``row_start`` set."""

    def change(rows: Rows) -> Rows:
        hits = [row for row in rows if row[0].startswith(row_start)]
        assert len(hits) == 1, f"no single row starting {row_start!r}"
        hits[0][column] = value
        return rows

    return change


# --- severity matrix shapes ----------------------------------------------------------


def split_by_rows(rows: Rows) -> str:
    """The matrix as two tables, S0-S2 then S3-S4, with a sentence between."""
    head, *body = rows
    return (
        pipe_table([head, *body[:3]])
        + "\nLower severities, handled in business hours:\n\n"
        + pipe_table([head, *body[3:]])
    )


def split_by_columns(rows: Rows) -> str:
    """The matrix as two tables joined on the level: definitions, then communication."""
    first = [row[:4] for row in rows]
    second = [[row[0], *row[4:]] for row in rows]
    return pipe_table(first) + "\nCommunication and examples per level:\n\n" + pipe_table(second)


def as_sub_headings(rows: Rows) -> str:
    """One ``### S1 — High`` sub-heading per level, one bullet per column."""
    head, *body = rows
    blocks = []
    for row in body:
        items = "\n".join(f"- **{h}:** {v}" for h, v in zip(head[1:], row[1:], strict=True))
        blocks.append(f"### {row[0]}\n\n{items}\n")
    return "\n".join(blocks)


def as_bullet_blocks(rows: Rows) -> str:
    """One top-level bullet per level, its columns as nested bullets."""
    head, *body = rows
    blocks = []
    for row in body:
        items = "\n".join(f"  - **{h}:** {v}" for h, v in zip(head[1:], row[1:], strict=True))
        blocks.append(f"- **{row[0]}**\n{items}")
    return "\n".join(blocks) + "\n"


def matrix_before_first_heading(docs: Path, change: Callable[[Rows], Rows] | None = None) -> None:
    """Move the severity matrix above the title; section 2 points to it."""
    text = read(docs)
    start, end, rows = find_table(text, SEVERITY_HEADER)
    table = pipe_table(change(rows) if change else rows)
    pointer = "The severity matrix is at the top of this document.\n"
    text = text[:start] + pointer + text[end:]
    title = "\n# Claimsbridge EDI platform"
    assert title in text
    write(docs, text.replace(title, "\n" + table + title, 1))


# --- RACI shapes -------------------------------------------------------------------------


def transpose(rows: Rows) -> Rows:
    """Roles as rows, activities as columns."""
    head, *body = rows
    return [["Role", *(row[0] for row in body)]] + [
        [role, *(row[j] for row in body)] for j, role in enumerate(head) if j
    ]


def in_details(summary: str) -> Callable[[Rows], str]:
    def render(rows: Rows) -> str:
        return f"<details>\n<summary>{summary}</summary>\n\n{pipe_table(rows)}\n</details>\n"

    return render


# --- error-budget policy -------------------------------------------------------------


def remaining_policy(with_freeze: bool = True) -> Callable[[Rows], str]:
    """The policy framed as budget remaining: > 50 %, 25–50 %, 0–25 %, exhausted."""

    def render(rows: Rows) -> str:
        _, normal, caution, restricted, freeze = rows
        bands = ["> 50%", "25–50%", "0–25%", "Exhausted"]
        body = [normal, caution, restricted] + ([freeze] if with_freeze else [])
        table = [["Budget remaining", "Deployment decision", "Who decides"]]
        table += [[band, *row[1:]] for band, row in zip(bands, body, strict=False)]
        return pipe_table(table)

    return render


# --- checklist -----------------------------------------------------------------------

_ITEM = re.compile(r"^- \[ \] (.*) \(owner: ([\w@.-]+)\)$")


def checklist_as_tables(docs: Path, keep: int | None = None, owner: str | None = None) -> None:
    """Each block of ``- [ ]`` items becomes a ``# | Item | Owner | Done`` table; ``keep``
    keeps the first items only, ``owner`` replaces the first item's owner."""
    lines = read(docs).split("\n")
    out: list[str] = []
    number = 0
    for line in lines:
        found = _ITEM.match(line)
        if found is None:
            out.append(line)
            continue
        number += 1
        if keep is not None and number > keep:
            continue
        item, team = found.groups()
        assert "|" not in item
        if not out[-1].startswith("|"):
            out += ["| # | Item | Owner | Done |", "|---|---|---|---|"]
        out.append(f"| {number} | {item} | {owner if number == 1 and owner else team} | ☐ |")
    assert number >= 15, f"expected the handover's checklist items, found {number}"
    write(docs, "\n".join(out))


# === compliant variations ==============================================================
# headings


def raci_heading_extra_words(docs: Path) -> None:
    replace(
        docs, "## 1. Operational Roles & RACI", "## 1. Operational Roles, Responsibilities & RACI"
    )


def severity_heading_parenthetical(docs: Path) -> None:
    replace(
        docs,
        "## 2. Incident Classification Matrix",
        "## 2. Incident Classification Matrix (S0–S4)",
    )


def slo_heading_parenthetical(docs: Path) -> None:
    replace(docs, "## 4. SLOs & Error Budgets", "## 4. SLOs & Error Budgets (rolling 30 days)")


def slo_heading_dash_qualifier(docs: Path) -> None:
    replace(docs, "## 4. SLOs & Error Budgets", "## 4. SLOs & Error Budgets — rolling 30 days")


def checklist_heading_parenthetical(docs: Path) -> None:
    replace(docs, "## 9. Handover Checklist", "## 9. Handover Checklist (sign-off 2026-12-04)")


def checklist_heading_dash_qualifier(docs: Path) -> None:
    replace(docs, "## 9. Handover Checklist", "## 9. Handover Checklist – sign-off 2026-12-04")


def policy_heading_parenthetical(docs: Path) -> None:
    replace(docs, "### Error-budget policy", "### Error-budget policy (deployment gates)")


def inventory_heading_emoji(docs: Path) -> None:
    replace(docs, "## 3. Runbook Inventory", "## 3. 📚 Runbook Inventory")


def severity_heading_emoji(docs: Path) -> None:
    replace(docs, "## 2. Incident Classification Matrix", "## 2. 🚨 Incident Classification Matrix")


def checklist_heading_emoji(docs: Path) -> None:
    replace(docs, "## 9. Handover Checklist", "## 9. ✅ Handover Checklist")


def severity_heading_bold(docs: Path) -> None:
    replace(
        docs, "## 2. Incident Classification Matrix", "## 2. **Incident Classification Matrix**"
    )


def headings_numbered_with_letter(docs: Path) -> None:
    """``2b.`` style: every section number gets a letter."""
    resub(docs, r"^## (\d+)\. ", r"## \1b. ", expect=11)


def headings_numbered_with_parenthesis(docs: Path) -> None:
    resub(docs, r"^## (\d+)\. ", r"## \1) ", expect=11)


_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]


def headings_numbered_roman(docs: Path) -> None:
    resub(docs, r"^## (\d+)\. ", lambda m: f"## {_ROMAN[int(m.group(1)) - 1]}. ", expect=11)


def headings_unnumbered(docs: Path) -> None:
    resub(docs, r"^## \d+\. ", "## ", expect=11)


def headings_lower_case(docs: Path) -> None:
    resub(docs, r"^(## \d+\. )(.*)$", lambda m: m.group(1) + m.group(2).lower(), expect=11)


# column synonyms


def _severity_header(docs: Path, old: str, new: str) -> None:
    text = read(docs)
    start, _, _ = find_table(text, SEVERITY_HEADER)
    line_end = text.index("\n", start)
    header = text[start:line_end]
    assert f"| {old} |" in header, f"no {old!r} column in {header!r}"
    write(docs, text[:start] + header.replace(f"| {old} |", f"| {new} |") + text[line_end:])


def response_column_response_sla(docs: Path) -> None:
    _severity_header(docs, "Response time", "Response SLA")


def response_column_time_to_acknowledge(docs: Path) -> None:
    _severity_header(docs, "Response time", "Time to acknowledge")


def response_column_target_response(docs: Path) -> None:
    _severity_header(docs, "Response time", "Target response")


def response_column_with_br(docs: Path) -> None:
    _severity_header(docs, "Response time", "Response<br>time")


def response_column_parenthetical(docs: Path) -> None:
    _severity_header(docs, "Response time", "Response time (acknowledge)")


def escalation_column_escalation(docs: Path) -> None:
    _severity_header(docs, "Escalation path", "Escalation")


def escalation_column_who_is_paged(docs: Path) -> None:
    _severity_header(docs, "Escalation path", "Who is paged")


def communication_column_comms(docs: Path) -> None:
    _severity_header(docs, "Communication", "Comms")


def communication_column_stakeholder_updates(docs: Path) -> None:
    _severity_header(docs, "Communication", "Stakeholder updates")


def examples_column_examples(docs: Path) -> None:
    _severity_header(docs, "Example scenarios", "Examples")


def slo_name_column_indicator(docs: Path) -> None:
    replace(docs, SLO_HEADER, "| Indicator | SLI | Target | Window | Error budget |")


def slo_name_column_sli(docs: Path) -> None:
    replace(docs, SLO_HEADER, "| SLI | Definition | Target | Window | Error budget |")


def slo_name_column_service(docs: Path) -> None:
    replace(docs, SLO_HEADER, "| Service | SLI | Target | Window | Error budget |")


def slo_budget_column_parenthetical(docs: Path) -> None:
    replace(docs, SLO_HEADER, "| SLO | SLI | Target | Window | Error budget (time) |")


def policy_column_parenthetical(docs: Path) -> None:
    replace(docs, POLICY_HEADER, POLICY_HEADER.replace("consumed", "consumed (rolling 30 days)"))


def inventory_column_owning_team(docs: Path) -> None:
    replace(docs, "| Runbook | Trigger | Owner |", "| Runbook | Alert | Owning team |")


# severity level spellings


def _levels(docs: Path, spell: Callable[[str, str], str]) -> None:
    resub(docs, LEVEL_ROW, lambda m: f"| {spell(m.group(1), m.group(2))} |", expect=5)


def levels_spelt_sev_space(docs: Path) -> None:
    _levels(docs, lambda n, name: f"Sev {n} — {name}")


def levels_spelt_sev_dash(docs: Path) -> None:
    _levels(docs, lambda n, name: f"SEV-{n} — {name}")


def levels_spelt_sev_joined(docs: Path) -> None:
    _levels(docs, lambda n, name: f"SEV{n} ({name})")


def levels_spelt_severity_word(docs: Path) -> None:
    _levels(docs, lambda n, name: f"Severity {n} — {name}")


def levels_spelt_bold_with_name(docs: Path) -> None:
    _levels(docs, lambda n, name: f"**S{n}** ({name})")


# shapes


def severity_matrix_html(docs: Path) -> None:
    rewrite_table(docs, SEVERITY_HEADER, html_table)


def severity_matrix_split_by_rows(docs: Path) -> None:
    rewrite_table(docs, SEVERITY_HEADER, split_by_rows)


def severity_matrix_split_by_columns(docs: Path) -> None:
    rewrite_table(docs, SEVERITY_HEADER, split_by_columns)


def severity_matrix_sub_headings(docs: Path) -> None:
    rewrite_table(docs, SEVERITY_HEADER, as_sub_headings)


def severity_matrix_bullet_blocks(docs: Path) -> None:
    rewrite_table(docs, SEVERITY_HEADER, as_bullet_blocks)


def severity_matrix_before_first_heading(docs: Path) -> None:
    matrix_before_first_heading(docs)


def raci_transposed(docs: Path) -> None:
    rewrite_table(docs, RACI_HEADER, lambda rows: pipe_table(transpose(rows)))


def raci_in_details(docs: Path) -> None:
    rewrite_table(docs, RACI_HEADER, in_details("RACI (16 activities, 8 teams)"))


def severity_matrix_in_details(docs: Path) -> None:
    rewrite_table(docs, SEVERITY_HEADER, in_details("Severity matrix"))


def checklist_as_table(docs: Path) -> None:
    checklist_as_tables(docs)


# values


def response_in_prose(docs: Path) -> None:
    replace(
        docs, S1_RESPONSE, S1_RESPONSE.replace("| 1 hour |", "| Start work & respond: 20 min |")
    )


def response_within(docs: Path) -> None:
    replace(docs, S1_RESPONSE, S1_RESPONSE.replace("| 1 hour |", "| within 60 min |"))


def response_at_most_symbol(docs: Path) -> None:
    replace(docs, S0_RESPONSE, S0_RESPONSE.replace("| 15 min |", "| ≤ 15 minutes |"))


def response_working_day(docs: Path) -> None:
    replace(docs, S3_RESPONSE, S3_RESPONSE.replace("business day", "working day"))


def response_with_br(docs: Path) -> None:
    replace(docs, S2_RESPONSE, S2_RESPONSE.replace("| 4 hours |", "| 4 hours<br>(24/7) |"))


def _slo_windows(docs: Path, window: str) -> None:
    # every row of the SLO table (each has a 30-day window)
    resub(docs, r"^(\| [^|]+ \| [^|]+ \| [\d.]+% \| )30 days( \|)", rf"\g<1>{window}\2")


def slo_window_one_month(docs: Path) -> None:
    _slo_windows(docs, "1 month")


def slo_window_calendar_month(docs: Path) -> None:
    _slo_windows(docs, "calendar month")


def policy_framed_as_remaining(docs: Path) -> None:
    rewrite_table(docs, POLICY_HEADER, remaining_policy())


# === broken variations: the same shapes, each with one real defect ======================


def html_matrix_without_s2(docs: Path) -> None:
    rewrite_table(docs, SEVERITY_HEADER, lambda rows: html_table(drop_level("S2")(rows)))


def transposed_raci_two_accountable(docs: Path) -> None:
    second_a = set_cell("Partner onboarding", 2, "A/R")
    rewrite_table(docs, RACI_HEADER, lambda rows: pipe_table(transpose(second_a(rows))))


def split_matrix_s3_two_business_days(docs: Path) -> None:
    slow = set_cell("S3", 2, "2 business days")
    rewrite_table(docs, SEVERITY_HEADER, lambda rows: split_by_rows(slow(rows)))


def remaining_policy_without_freeze(docs: Path) -> None:
    rewrite_table(docs, POLICY_HEADER, remaining_policy(with_freeze=False))


def checklist_table_of_14_items(docs: Path) -> None:
    checklist_as_tables(docs, keep=14)


def checklist_table_person_owner(docs: Path) -> None:
    checklist_as_tables(docs, owner="dana.whitfield@claimsbridge.example")


def split_columns_matrix_s2_without_communication(docs: Path) -> None:
    blank = set_cell("S2", 4, "-")
    rewrite_table(docs, SEVERITY_HEADER, lambda rows: split_by_columns(blank(rows)))


def sub_heading_matrix_without_s4(docs: Path) -> None:
    rewrite_table(docs, SEVERITY_HEADER, lambda rows: as_sub_headings(drop_level("S4")(rows)))


def bullet_block_matrix_s1_two_hours(docs: Path) -> None:
    slow = set_cell("S1", 2, "2 hours")
    rewrite_table(docs, SEVERITY_HEADER, lambda rows: as_bullet_blocks(slow(rows)))


def matrix_before_first_heading_without_s3(docs: Path) -> None:
    matrix_before_first_heading(docs, drop_level("S3"))


def details_raci_capacity_without_responsible(docs: Path) -> None:
    no_r = set_cell("Capacity reviews", 5, "A")
    rewrite_table(docs, RACI_HEADER, lambda rows: in_details("RACI")(no_r(rows)))


def details_matrix_s0_thirty_minutes(docs: Path) -> None:
    slow = set_cell("S0", 2, "30 min")
    rewrite_table(docs, SEVERITY_HEADER, lambda rows: in_details("Severity matrix")(slow(rows)))


def extra_words_raci_heading_two_accountable(docs: Path) -> None:
    raci_heading_extra_words(docs)
    rewrite_table(
        docs, RACI_HEADER, lambda rows: pipe_table(set_cell("Partner onboarding", 2, "A/R")(rows))
    )


def qualified_checklist_heading_14_items(docs: Path) -> None:
    checklist_heading_parenthetical(docs)
    checklist_as_tables(docs, keep=14)


def roman_headings_matrix_without_s1(docs: Path) -> None:
    headings_numbered_roman(docs)
    rewrite_table(docs, SEVERITY_HEADER, lambda rows: pipe_table(drop_level("S1")(rows)))


def sev_dash_levels_s1_two_hours(docs: Path) -> None:
    levels_spelt_sev_dash(docs)
    replace(docs, S1_RESPONSE, S1_RESPONSE.replace("| 1 hour |", "| 2 hours |"))


def bold_levels_without_s4(docs: Path) -> None:
    levels_spelt_bold_with_name(docs)
    resub(docs, r"^\| \*\*S4\*\* \(Enhancement\) \|.*\n", "", expect=1)


def response_sla_column_s1_two_hours(docs: Path) -> None:
    response_column_response_sla(docs)
    replace(docs, S1_RESPONSE, S1_RESPONSE.replace("| 1 hour |", "| 2 hours |"))


def who_is_paged_column_s2_blank(docs: Path) -> None:
    escalation_column_who_is_paged(docs)
    header = SEVERITY_HEADER.replace("Escalation path", "Who is paged")
    rewrite_table(docs, header, lambda rows: pipe_table(set_cell("S2", 3, "-")(rows)))


def response_in_prose_too_slow(docs: Path) -> None:
    replace(docs, S1_RESPONSE, S1_RESPONSE.replace("| 1 hour |", "| Start work & respond: 2 h |"))


def response_with_br_too_slow(docs: Path) -> None:
    replace(docs, S2_RESPONSE, S2_RESPONSE.replace("| 4 hours |", "| 6 hours<br>(24/7) |"))


def response_two_working_days(docs: Path) -> None:
    replace(docs, S3_RESPONSE, S3_RESPONSE.replace("1 business day", "2 working days"))


def one_month_window_wrong_budget(docs: Path) -> None:
    slo_window_one_month(docs)
    replace(docs, "| 99.9% | 1 month | 43.2 min |", "| 99.9% | 1 month | 50 min |")


def indicator_column_wrong_budget(docs: Path) -> None:
    slo_name_column_indicator(docs)
    replace(docs, "| 99.9% | 30 days | 43.2 min |", "| 99.9% | 30 days | 50 min |")


def comms_column_s2_blank(docs: Path) -> None:
    communication_column_comms(docs)
    header = SEVERITY_HEADER.replace("Communication", "Comms")
    rewrite_table(docs, header, lambda rows: pipe_table(set_cell("S2", 4, "")(rows)))
