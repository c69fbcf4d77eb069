"""The engine: selection by code prefix, severity stamping, suppressions, path rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops_lint import engine, results
from ops_lint.checks import CheckKind, CheckOptions, Finding, Result, registry
from ops_lint.checks.suppression import PROBLEMS
from ops_lint.checks.suppression import Options as SuppressionOptions
from ops_lint.config import Config, LoadedConfig
from ops_lint.context import Context
from ops_lint.diagnostic import Severity
from ops_lint.document import build
from ops_lint.errors import InternalError
from ops_lint.model import Document
from ops_lint.packs import Rule

TODAY = dt.date(2026, 6, 1)


class _NoOptions(CheckOptions):
    pass


def _bad_lines(doc: Document, options: _NoOptions, ctx: Context) -> Iterator[Result]:
    """A finding on every line that says BAD, at the column where it starts."""
    for number, text in enumerate(Path(doc.abspath).read_text().splitlines(), start=1):
        if "BAD" in text:
            yield Finding(number, text.index("BAD") + 1, f"bad word on line {number}", "fix")


FAKE = CheckKind("fake-bad-lines", _NoOptions, _bad_lines, "test kind")


def _rule(
    code: str,
    severity: Severity = Severity.ERROR,
    *,
    types: tuple[str, ...] = (),
    paths: tuple[str, ...] = (),
    message: str | None = None,
    hint: str | None = None,
) -> Rule:
    name = f"rule-{code.lower()}"
    return Rule(code, name, FAKE, _NoOptions(), severity, "summary", types, paths, message, hint)


def _suppression_rules() -> list[Rule]:
    kind = registry()["suppression"]
    codes = ("OPS901", "OPS902", "OPS903", "OPS904")
    return [
        Rule(code, f"s-{code}", kind, SuppressionOptions(problem=p), Severity.WARNING, "s")
        for code, p in zip(codes, PROBLEMS, strict=True)
    ]


def _doc(tmp_path: Path, name: str, text: str) -> Document:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    doc = build(name, str(path), text)
    doc.key = name
    return doc


def _run(
    tmp_path: Path,
    docs: list[Document],
    rules: list[Rule],
    select: tuple[str, ...] = ("OPS",),
    ignore: tuple[str, ...] = (),
    config: dict[str, object] | None = None,
) -> results.Report:
    loaded = LoadedConfig(Config.model_validate(config or {}), tmp_path, None)
    return engine.check(docs, rules, loaded, engine.Selection(select, ignore), TODAY, use_git=False)


@pytest.mark.parametrize(
    ("select", "ignore", "code", "enabled"),
    [
        (["OPS"], [], "OPS101", True),
        (["OPS"], ["OPS1"], "OPS101", False),
        (["OPS101"], ["OPS1"], "OPS101", True),  # the longer prefix wins
        (["OPS1"], ["OPS1"], "OPS101", False),  # a tie ignores
        (["ops1"], [], "OPS101", True),  # prefixes are case-insensitive
        (["OPS2"], [], "OPS101", False),
        ([], [], "OPS101", False),
    ],
    ids=["all", "ignored", "longest-select", "tie-ignores", "lower-case", "other", "none"],
)
def test_selection_longest_prefix_wins(
    select: list[str], ignore: list[str], code: str, enabled: bool
) -> None:
    assert engine.Selection(select, ignore).enabled(code) is enabled


def test_findings_are_stamped_with_code_name_severity_and_sorted(tmp_path: Path) -> None:
    docs = [_doc(tmp_path, "b.md", "# B\n\nBAD\n"), _doc(tmp_path, "a.md", "# A\n\n  BAD\n")]
    report = _run(tmp_path, docs, [_rule("OPS500", Severity.WARNING)])
    assert [(d.path, d.line, d.column) for d in report.diagnostics] == [
        ("a.md", 3, 3),
        ("b.md", 3, 1),
    ]
    first = report.diagnostics[0]
    assert (first.code, first.rule, first.severity) == ("OPS500", "rule-ops500", Severity.WARNING)
    assert first.message == "bad word on line 3"
    assert first.key == "a.md"
    assert report.files == 2


def test_pack_message_and_hint_templates_wrap_the_finding(tmp_path: Path) -> None:
    docs = [_doc(tmp_path, "a.md", "# A\n\nBAD\n")]
    rule = _rule("OPS500", message="policy: {message}", hint="ask the owners")
    (diag,) = _run(tmp_path, docs, [rule]).diagnostics
    assert diag.message == "policy: bad word on line 3"
    assert diag.hint == "ask the owners"


def test_deselected_and_per_file_ignored_rules_do_not_run(tmp_path: Path) -> None:
    docs = [_doc(tmp_path, "a.md", "BAD\n"), _doc(tmp_path, "legacy/b.md", "BAD\n")]
    rules = [_rule("OPS500"), _rule("OPS600")]
    report = _run(
        tmp_path, docs, rules, ignore=("OPS6",), config={"per-file-ignores": {"legacy/": ["OPS5"]}}
    )
    assert [(d.path, d.code) for d in report.diagnostics] == [("a.md", "OPS500")]


def test_rule_paths_and_types_limit_where_a_rule_applies(tmp_path: Path) -> None:
    runbook = _doc(tmp_path, "runbooks/r.md", "---\ntype: runbook\n---\nBAD\n")
    other = _doc(tmp_path, "notes/n.md", "BAD\n")
    runbook.doc_type = "runbook"
    rules = [_rule("OPS500", types=("runbook",)), _rule("OPS600", paths=("notes/",))]
    report = _run(tmp_path, [runbook, other], rules)
    assert [(d.path, d.code) for d in report.diagnostics] == [
        ("notes/n.md", "OPS600"),
        ("runbooks/r.md", "OPS500"),
    ]


def test_targets_restrict_the_docs_checked(tmp_path: Path) -> None:
    docs = [_doc(tmp_path, "a.md", "BAD\n"), _doc(tmp_path, "b.md", "BAD\n")]
    loaded = LoadedConfig(Config(), tmp_path, None)
    report = engine.check(
        docs,
        [_rule("OPS500")],
        loaded,
        engine.Selection(["OPS"], []),
        TODAY,
        targets={docs[1].abspath},
        use_git=False,
    )
    assert [d.path for d in report.diagnostics] == ["b.md"]
    assert report.files == 1


def test_suppression_waives_and_counts_in_the_evaluation(tmp_path: Path) -> None:
    text = "# A\n\n<!-- ops-lint-disable-next-line OPS500 -- known, tracked -->\nBAD\nBAD\n"
    docs = [_doc(tmp_path, "a.md", text)]
    report = _run(tmp_path, docs, [_rule("OPS500"), *_suppression_rules()])
    assert [d.line for d in report.diagnostics] == [5]
    ((waived, directive),) = report.waived
    assert (waived.line, directive.reason) == (4, "known, tracked")
    (evaluation,) = [e for e in report.evaluations if e.code == "OPS500"]
    assert (evaluation.waived, len(evaluation.findings)) == (1, 1)


def test_suppression_problems_are_reported_with_the_pack_rule(tmp_path: Path) -> None:
    text = (
        "# A\n\n"
        "<!-- ops-lint-disable-next-line OPS500 -->\nBAD\n\n"
        "<!-- ops-lint-disable-next-line OPS500 -- gone -->\nfine\n\n"
        "<!-- ops-lint-disable-next-line OPS500 until=2026-01-01 -- old -->\nBAD\n"
    )
    docs = [_doc(tmp_path, "a.md", text)]
    report = _run(tmp_path, docs, [_rule("OPS500"), *_suppression_rules()])
    found = [(d.line, d.code, d.severity) for d in report.diagnostics]
    assert found == [
        (3, "OPS901", Severity.WARNING),  # no reason (the finding is still waived)
        (6, "OPS902", Severity.WARNING),  # suppresses nothing
        (9, "OPS903", Severity.WARNING),  # expired: no longer waives
        (10, "OPS500", Severity.ERROR),
    ]


def test_unused_suppression_of_a_deselected_rule_is_not_reported(tmp_path: Path) -> None:
    text = "# A\n\n<!-- ops-lint-disable-next-line OPS600 -- later -->\nfine\n"
    docs = [_doc(tmp_path, "a.md", text)]
    report = _run(tmp_path, docs, [_rule("OPS600"), *_suppression_rules()], ignore=("OPS6",))
    assert report.diagnostics == []


def test_a_bug_in_a_check_names_the_file_and_the_rule(tmp_path: Path) -> None:
    def broken(doc: Document, options: _NoOptions, ctx: Context) -> Iterator[Result]:
        raise ZeroDivisionError("boom")

    kind = CheckKind("broken", _NoOptions, broken, "")
    rule = Rule("OPS777", "broken", kind, _NoOptions(), Severity.ERROR, "s")
    with pytest.raises(InternalError) as caught:
        _run(tmp_path, [_doc(tmp_path, "a.md", "x\n")], [rule])
    assert caught.value.where == "a.md (OPS777)"
    assert isinstance(caught.value.__cause__, ZeroDivisionError)
