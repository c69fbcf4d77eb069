"""Severity schemes other than S0-S4: one ``vocabulary.severity.levels`` entry, and every
severity rule follows it (issue 14)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.tolerance import edits
from tests.tolerance.conftest import Linted

TARGETS = ["15 min", "1 hour", "4 hours", "1 business day", "backlog"]
PRIORITIES = ["P1", "P2", "P3", "P4", "P5"]
NAMED = ["Critical", "Major", "Minor", "Low", "Enhancement"]
SCHEMES = {"priorities": PRIORITIES, "named": NAMED}


def use_scheme(docs: Path, names: list[str]) -> None:
    """The matrix's S0-S4 rows renamed to ``names`` (the P scheme keeps the level's word)."""

    def name(n: str, word: str) -> str:
        given = names[int(n)]
        return f"{given} — {word}" if given in PRIORITIES else given

    edits.resub(docs, edits.LEVEL_ROW, lambda m: f"| {name(m.group(1), m.group(2))} |", expect=5)
    # The alert catalog speaks the new scheme too; the front-matter of runbooks and
    # incidents keeps S0-S4, which the entry lists as aliases (the schema pins them).
    catalog = docs / "reference" / "alert-catalog.md"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(re.sub(r"\bS([0-4])\b", lambda m: names[int(m[1])], text), encoding="utf-8")


def write_levels(project: Path, names: list[str], targets: list[str]) -> None:
    """The one vocabulary entry: the scheme's levels with their targets, the first two major."""
    levels = [
        {"name": n, "response": t, "major": i < 2, "aliases": [f"S{i}"]}
        for i, (n, t) in enumerate(zip(names, targets, strict=True))
    ]
    config = {"vocabulary": {"severity": {"levels": levels}}}
    (project / ".ops-lint.yaml").write_text(yaml.safe_dump(config, sort_keys=False))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_scheme_passes_after_one_vocabulary_entry(
    scheme: str, docs: Path, lint: Callable[[], Linted]
) -> None:
    use_scheme(docs, SCHEMES[scheme])
    write_levels(docs.parent, SCHEMES[scheme], TARGETS)
    result = lint()
    assert result.errors == [], result.shown()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_scheme_without_the_entry_is_not_s0_to_s4(
    scheme: str, docs: Path, lint: Callable[[], Linted]
) -> None:
    use_scheme(docs, SCHEMES[scheme])
    result = lint()
    assert "OPS201" in {d["code"] for d in result.errors}, result.shown()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_scheme_fails_on_a_slower_response_than_its_target(
    scheme: str, docs: Path, lint: Callable[[], Linted]
) -> None:
    names = SCHEMES[scheme]
    use_scheme(docs, names)
    write_levels(docs.parent, names, ["15 min", "30 min", *TARGETS[2:]])
    result = lint()
    assert {d["code"] for d in result.errors} == {"OPS203"}, result.shown()
    (finding,) = result.errors
    assert names[1] in finding["message"] and "1 hour" in finding["message"], result.shown()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_scheme_levels_are_all_required(
    scheme: str, docs: Path, lint: Callable[[], Linted]
) -> None:
    names = SCHEMES[scheme]
    use_scheme(docs, names)
    edits.resub(docs, rf"^\| {names[3]}\b.*\n", "", expect=1)
    write_levels(docs.parent, names, TARGETS)
    result = lint()
    assert {d["code"] for d in result.errors} == {"OPS201"}, result.shown()
    assert names[3] in result.errors[0]["message"], result.shown()


def _werktag(docs: Path) -> None:
    edits.replace(docs, edits.S3_RESPONSE, edits.S3_RESPONSE.replace("1 business day", "1 Werktag"))


def test_team_duration_words_are_one_vocabulary_entry(
    docs: Path, lint: Callable[[], Linted]
) -> None:
    _werktag(docs)
    unknown = lint()
    assert any("'1 Werktag' is not a duration" in d["message"] for d in unknown.errors)
    config = {"vocabulary": {"durations": {"business day": ["Werktag", "Werktage"]}}}
    (docs.parent / ".ops-lint.yaml").write_text(yaml.safe_dump(config))
    assert lint().errors == []


def test_team_duration_words_still_judge_the_target(docs: Path, lint: Callable[[], Linted]) -> None:
    edits.replace(
        docs, edits.S3_RESPONSE, edits.S3_RESPONSE.replace("1 business day", "3 Werktage")
    )
    config = {"vocabulary": {"durations": {"business day": ["Werktag", "Werktage"]}}}
    (docs.parent / ".ops-lint.yaml").write_text(yaml.safe_dump(config))
    codes = [d["code"] for d in lint().errors]
    assert codes == ["OPS203"]
