"""Collection rules for the compliance suite."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``test_mutation_bites`` runs one mutation per rule series (OPS0xx, OPS1xx, …) in the
    everyday core; the others are ``slow`` (CI and ``make test-all`` run every one)."""
    seen: set[str] = set()
    for item in items:
        name, _, code = item.name.partition("[")
        if name != "test_mutation_bites" or "compliance" not in str(item.fspath):
            continue
        series = code[:4]  # "OPS1" of "OPS104]"
        if series in seen:
            item.add_marker(pytest.mark.slow)
        seen.add(series)
