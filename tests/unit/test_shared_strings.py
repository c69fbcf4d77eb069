"""Shared strings: repeated texts of the model are one object, with values unchanged."""

from __future__ import annotations

import pytest

from ops_lint import shared_strings
from ops_lint.document import build
from ops_lint.shared_strings import share

DOC = """# Runbook

| Component | Owner |
| --- | --- |
| ledger | platform-sre |
| search | platform-sre |

- platform-sre
"""


def test_share_returns_the_string_seen_first() -> None:
    first = "".join(["platform", "-sre-", "shared"])
    again = "".join(["platform", "-sre", "-shared"])
    assert first is not again
    assert share(first) is first
    assert share(again) is first


def test_long_strings_are_not_kept() -> None:
    long = "x" * (shared_strings.MAX_LENGTH + 1)
    copy = "".join(["x"] * (shared_strings.MAX_LENGTH + 1))
    assert share(long) is long
    assert share(copy) is copy


def test_table_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared_strings, "MAX_ENTRIES", 8)
    monkeypatch.setattr(shared_strings, "_seen", {})
    for n in range(50):
        share(f"value {n}")
        assert len(shared_strings._seen) <= 8


def test_docs_share_repeated_texts_with_the_same_values() -> None:
    one = build("a.md", "/p/a.md", DOC)
    two = build("b.md", "/p/b.md", DOC)
    assert one.tables == two.tables and one.texts == two.texts and one.items == two.items
    owners = [row.cells[1].text for row in one.tables[0].rows]
    assert owners == ["platform-sre", "platform-sre"]
    assert owners[0] is owners[1]  # one table's repeated cell
    assert one.tables[0].rows[0].cells[1].text is two.tables[0].rows[0].cells[1].text
    spans = [t.text for t in one.texts if t.context == "table cell" and t.text == "platform-sre"]
    assert spans and all(s is owners[0] for s in spans)  # the cell's prose span
    assert one.items[0].text is owners[0]
    assert one.sections[0].title is two.sections[0].title
