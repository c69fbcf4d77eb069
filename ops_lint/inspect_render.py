"""``ops-lint inspect`` output: text for a terminal, JSON for tools, and the JSON Schema.

The JSON is ``ops_lint.inspect_views.InspectReport`` as data (``"version": 1``); its
schema is derived from the same classes, so the two cannot disagree. The text shows the
same facts: a heading per doc and per concept, aligned columns, no colour.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter

from ops_lint.inspect_views import (
    ColumnUse,
    DocModels,
    InspectReport,
    InventoryView,
    PolicyView,
    RaciView,
    SearchView,
    SeverityView,
    SloView,
)

_ADAPTER: TypeAdapter[InspectReport] = TypeAdapter(InspectReport)
_WIDE = 60  # longest cell text shown in a text grid


def to_json(report: InspectReport) -> str:
    """The report as indented JSON, keys in model order."""
    data = _ADAPTER.dump_python(report, mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def json_schema() -> str:
    """The JSON Schema of :func:`to_json`'s output."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **_ADAPTER.json_schema(),
        "title": "ops-lint inspect output",
    }
    return json.dumps(schema, indent=2) + "\n"


# ---- text ----------------------------------------------------------------------------


def _cut(text: str | None) -> str:
    """One line of at most ``_WIDE`` characters ("-" for none)."""
    if text is None or not text.strip():
        return "-"
    flat = " ".join(text.split())
    return flat if len(flat) <= _WIDE else flat[: _WIDE - 1] + "…"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _span(low: float | None, high: float | None) -> str:
    """``30``, or ``28–31`` for a range (a calendar month)."""
    return _num(low) if low == high else f"{_num(low)}–{_num(high)}"


def _grid(rows: Sequence[Sequence[str]], indent: str = "    ") -> list[str]:
    """``rows`` with every column padded to its widest cell (the first row is a header)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        (indent + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))).rstrip()
        for r in rows
    ]


def _fields(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """``name  value`` lines, names aligned."""
    return _grid([list(p) for p in pairs])


def _columns(columns: Sequence[ColumnUse]) -> list[str]:
    if not columns:
        return ["    columns: none recognised"]
    rows = [["column", "header", "#"]]
    rows += [[c.column, _cut(c.header), _num(c.position)] for c in columns]
    return _grid(rows)


def _search(search: SearchView, found: bool) -> list[str]:
    """Where the concept was looked for; the detail matters most when it was not found."""
    lines: list[str] = []
    if not found or not search.sections:
        titles = ", ".join(f"'{n}'" for n in search.looked_for)
        pairs = [("looked for", titles)]
        pairs += [("section", f"'{h.title}' (line {h.line})") for h in search.sections]
        if search.nearby is not None:
            pairs.append(
                ("nearest heading", f"'{search.nearby.title}' (line {search.nearby.line})")
            )
        pairs.append(("to name it", search.vocabulary_key))
        lines += _fields(pairs)
    if search.ambiguous:
        places = ", ".join(f"'{h.title}' (line {h.line})" for h in search.ambiguous)
        lines.append(f"    ambiguous: each of {places} holds one; none was taken")
    if search.by_shape:
        lines.append("    no section is titled for it: taken for its shape")
    return lines


def _rejected(search: SearchView) -> list[str]:
    """The candidates not taken, and why, one per line."""
    return [f"    not taken: {c.what}: {c.why}" for c in search.rejected]


def _head(title: str, found: bool, where: str) -> str:
    return f"  {title}: {where}" if found else f"  {title}: not found"


def _where(section: str | None, line: int | None) -> str:
    inside = f"section '{section}'" if section else "no section"
    return f"{inside}, at line {line}"


def _raci(view: RaciView) -> list[str]:
    where = f"{_where(view.section, view.line)}, {view.orientation}"
    lines = [_head("RACI matrix", view.found, where), *_search(view.search, view.found)]
    if view.found:
        pairs = [
            ("activity column", _cut(view.activity_column)),
            ("activities", str(view.activities)),
            (f"roles ({len(view.roles)})", ", ".join(view.roles)),
        ]
        if view.duplicates:
            pairs.append(("repeated roles", ", ".join(view.duplicates)))
        lines += _fields(pairs)
    return lines + _rejected(view.search)


def _severity(view: SeverityView) -> list[str]:
    where = f"{_where(view.section, view.line)}, read as {view.shape}"
    lines = [_head("Severity matrix", view.found, where), *_search(view.search, view.found)]
    if not view.found:
        return lines + _rejected(view.search)
    lines += _columns(view.columns)
    rows = [["level", "line", "response", "minutes", "target", "minutes", "within"]]
    for level in view.levels:
        within = {True: "yes", False: "NO", None: "-"}[level.within_target]
        rows.append(
            [
                level.level,
                str(level.line),
                _cut(level.response),
                _num(level.response_minutes),
                _cut(level.target),
                _num(level.target_minutes),
                within,
            ]
        )
    lines += _grid(rows)
    if view.missing_levels:
        lines.append(f"    levels not in the matrix: {', '.join(view.missing_levels)}")
    return lines + _rejected(view.search)


def _inventory(view: InventoryView) -> list[str]:
    lines = [_head("Runbook inventory", view.found, f"{len(view.tables)} table(s)")]
    lines += _search(view.search, view.found)
    for table in view.tables:
        lines.append(
            f"    section '{table.section}', table at line {table.line}: {table.entries} entries"
        )
        lines += _columns(table.columns)
    return lines + _rejected(view.search)


def _slo(view: SloView) -> list[str]:
    lines = [_head("SLO table", view.found, f"{len(view.tables)} table(s)")]
    lines += _search(view.search, view.found)
    for table in view.tables:
        lines.append(f"    table at line {table.line}")
        lines += _columns(table.columns)
        rows = [["SLO", "line", "target %", "window days", "stated", "minutes", "computed"]]
        rows += [
            [
                _cut(r.name),
                str(r.line),
                _num(r.target_percent),
                _span(r.window_days_min, r.window_days_max),
                _cut(r.budget),
                _num(r.budget_minutes),
                _span(r.computed_minutes_min, r.computed_minutes_max),
            ]
            for r in table.rows
        ]
        lines += _grid(rows)
    return lines + _rejected(view.search)


def _policy(view: PolicyView) -> list[str]:
    lines = [_head("Error-budget policy", view.found, f"{len(view.tables)} table(s)")]
    lines += _search(view.search, view.found)
    for table in view.tables:
        lines.append(f"    table at line {table.line}, bands of budget {table.framing}")
        lines += _columns(table.columns)
        rows = [["line", "band", "from % consumed", "decision"]]
        rows += [
            [str(b.line), _cut(b.band), _num(b.lower_bound_percent), _cut(b.decision)]
            for b in table.bands
        ]
        lines += _grid(rows)
    return lines + _rejected(view.search)


def _checklist_and_owners(doc: DocModels) -> list[str]:
    view = doc.checklist
    where = ", ".join(f"section '{h.title}'" for h in view.search.sections) or "no section"
    if view.tables:
        where += ", table(s) at line " + ", ".join(str(line) for line in view.tables)
    lines = [_head("Checklist", view.found, where), *_search(view.search, view.found)]
    if view.found:
        pairs = [
            ("items", str(view.items)),
            ("ticked", str(view.checked)),
            ("with an owner", str(view.with_owner)),
            ("owners named", ", ".join(view.owners) or "-"),
        ]
        lines += _fields(pairs)
    lines += _rejected(view.search)
    lines.append(f"  Owners: {len(doc.owners)} named" if doc.owners else "  Owners: none named")
    lines += _owners(doc)
    return lines


def _owners(doc: DocModels) -> list[str]:
    """One row per owner and source, with the lines it is named on."""
    at: dict[tuple[str, str], list[str]] = {}
    for owner in doc.owners:
        at.setdefault((owner.name, owner.source), []).append(str(owner.line))
    if not at:
        return []
    rows = [["owner", "from", "lines"]]
    rows += [[_cut(name), source, ", ".join(lines)] for (name, source), lines in at.items()]
    return _grid(rows)


def _doc(doc: DocModels) -> list[str]:
    kind = f" ({doc.doc_type})" if doc.doc_type else ""
    parts = [
        _raci(doc.raci),
        _severity(doc.severity),
        _inventory(doc.inventory),
        _slo(doc.slo),
        _policy(doc.budget_policy),
        _checklist_and_owners(doc),
    ]
    lines = [f"{doc.path}{kind}", "=" * len(doc.path + kind)]
    for part in parts:
        lines += ["", *part]
    return lines


def to_text(report: InspectReport) -> str:
    """The report for a terminal: a block per doc."""
    if not report.docs:
        return "no doc holds a governance concept (name files to inspect them anyway)\n"
    blocks = ["\n".join(_doc(doc)) for doc in report.docs]
    return "\n\n".join(blocks) + "\n"
