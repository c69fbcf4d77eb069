"""A team's duration words (``vocabulary.durations``) read as the grammar's."""

from __future__ import annotations

import pytest

from ops_lint.duration_words import translate
from ops_lint.vocabulary import Vocabulary

WORDS = {"business day": ["Werktag", "Werktage", "BD"], "backlog": ["next sprint"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 Werktage", "2 business days"),
        ("3BD", "3 business days"),
        ("**Next sprint**", "backlog (unbounded)"),
        ("within 1 Werktag (24/7)", "1 business day"),
    ],
)
def test_team_words_read_as_grammar_words(text: str, expected: str) -> None:
    vocabulary = Vocabulary.model_validate({"durations": WORDS})
    found = vocabulary.find_response_time(text)
    assert found is not None and str(found) == expected


def test_words_inside_other_words_are_left_alone() -> None:
    assert translate("BDS rollout, 2 hours", WORDS) == "bds rollout, 2 hours"
    assert Vocabulary().find_response_time("2 Werktage") is None


def test_unknown_words_and_unreadable_targets_are_config_errors() -> None:
    with pytest.raises(ValueError, match="unknown word 'fortnight'"):
        Vocabulary.model_validate({"durations": {"fortnight": ["x"]}})
    with pytest.raises(ValueError, match="response 'soonish' is not a duration"):
        Vocabulary.model_validate({"severity": {"levels": [{"name": "P1", "response": "soonish"}]}})
    levels = [{"name": "P1", "response": "2 Werktage"}]
    vocabulary = Vocabulary.model_validate({"durations": WORDS, "severity": {"levels": levels}})
    assert vocabulary.targets() == {"P1": "2 Werktage"}
