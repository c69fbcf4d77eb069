"""``ops-lint check --fix`` / ``--unsafe-fixes`` / ``--diff``.

Each case under tests/golden/fixes/ is a project: ``before/`` is copied to a temporary
folder, fixed, and compared file by file with ``after/``; ``fix.diff`` is what ``--diff``
prints for ``before/``. Regenerate with ``pytest --update-goldens`` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ops_lint import config as config_mod
from ops_lint.diagnostic import Diagnostic, Fix, Severity, TextEdit
from ops_lint.fixes import PLACEHOLDER, plan
from tests.conftest import ROOT, write_tree

GOLDEN = Path(__file__).resolve().parent / "golden" / "fixes"
AS_OF = "2026-12-02"
RUN = ("--no-git", "--no-cache", "--as-of", AS_OF)

CASES = {
    # case: (rules selected, fix flag)
    "budget": ("OPS402", "--fix"),
    "inventory": ("OPS304", "--fix"),
    "sections": ("OPS003", "--unsafe-fixes"),
    "review-cycle": ("OPS602", "--fix"),
}


def _tree(base: Path) -> dict[str, bytes]:
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file() and ".ops_lint_cache" not in p.parts
    }


def _project(case: str, tmp_path: Path) -> Path:
    work = tmp_path / case
    shutil.copytree(GOLDEN / case / "before", work)
    return work


def _golden(path: Path, data: bytes, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert data == path.read_bytes(), path


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_matches_golden(case: str, tmp_path: Path, ops_lint: Any, update_goldens: bool) -> None:
    select, flag = CASES[case]
    work = _project(case, tmp_path)
    before = _tree(work)
    result = ops_lint(work, "check", "--select", select, flag, *RUN)
    assert "fixed" in result.err, result.err
    after = _tree(work)
    assert after != before
    expected = GOLDEN / case / "after"
    if update_goldens:
        shutil.rmtree(expected, ignore_errors=True)
    for rel, data in after.items():
        _golden(expected / rel, data, update_goldens)
    assert sorted(after) == sorted(_tree(expected))


@pytest.mark.parametrize("case", sorted(CASES))
def test_second_fix_changes_nothing(case: str, tmp_path: Path, ops_lint: Any) -> None:
    select, flag = CASES[case]
    work = _project(case, tmp_path)
    ops_lint(work, "check", "--select", select, flag, *RUN)
    once = _tree(work)
    again = ops_lint(work, "check", "--select", select, flag, *RUN)
    assert _tree(work) == once
    assert "nothing fixed" in again.err, again.err


@pytest.mark.parametrize("case", sorted(CASES))
def test_diff_changes_no_file(
    case: str, tmp_path: Path, ops_lint: Any, update_goldens: bool
) -> None:
    select, flag = CASES[case]
    work = _project(case, tmp_path)
    before = _tree(work)
    unsafe = ("--unsafe-fixes",) if flag == "--unsafe-fixes" else ()
    result = ops_lint(work, "check", "--select", select, "--diff", *unsafe, *RUN)
    assert _tree(work) == before
    assert result.code == 1
    assert result.out.startswith("--- a/ops-docs/")
    _golden(GOLDEN / case / "fix.diff", result.out.encode("utf-8"), update_goldens)


def test_unsafe_fix_waits_for_unsafe_fixes(tmp_path: Path, ops_lint: Any) -> None:
    work = _project("sections", tmp_path)
    before = _tree(work)
    result = ops_lint(work, "check", "--select", "OPS003", "--fix", *RUN)
    assert _tree(work) == before
    assert result.code == 1
    assert "2 with an unsafe fix: --unsafe-fixes applies it" in result.err, result.err


def test_inserted_section_is_reported_as_a_placeholder(tmp_path: Path, ops_lint: Any) -> None:
    work = _project("sections", tmp_path)
    ops_lint(work, "check", "--select", "OPS003,OPS004", "--unsafe-fixes", *RUN)
    result = ops_lint(work, "check", "--select", "OPS003,OPS004", "--format", "json", *RUN)
    found = [(d["code"], d["path"].rsplit("/", 1)[1]) for d in result.json()["diagnostics"]]
    assert found == [
        ("OPS004", "middle-and-end.md"),
        ("OPS004", "middle-and-end.md"),
        ("OPS004", "no-final-newline.md"),
    ]


def test_file_that_does_not_parse_is_untouched(tmp_path: Path, ops_lint: Any) -> None:
    work = _project("review-cycle", tmp_path)
    broken = work / "ops-docs/runbooks/weeks.md"
    broken.write_text(broken.read_text().replace("title: Weeks", "title: [Weeks"))
    before = broken.read_bytes()
    ops_lint(work, "check", "--select", "OPS602", "--fix", *RUN)
    assert broken.read_bytes() == before
    assert b"review_cycle_days: 90  #" in (work / "ops-docs/runbooks/days-suffix.md").read_bytes()


def _diagnostic(path: str, edit: TextEdit) -> Diagnostic:
    fix = Fix((edit,), safe=True, title="test")
    return Diagnostic(path, 1, 1, "OPS999", "test", Severity.ERROR, "m", fix=fix)


def test_plan_refuses_unclean_outside_and_unexpected(tmp_path: Path) -> None:
    ok = "---\ntitle: A\n---\n\n# A\n\nold text\n"
    write_tree(
        tmp_path,
        {
            ".ops-lint.yaml": "docs: [docs]\n",
            "docs/a.md": ok,
            "docs/broken.md": "---\ntitle: [A\n---\n\nold text\n",
            "outside.md": ok,
        },
    )
    loaded = config_mod.load(None, tmp_path)
    replace_old = TextEdit(7, 1, 7, 9, "new text", ("old text",))
    assert [f.path for f in plan([_diagnostic("docs/a.md", replace_old)], loaded, False)] == [
        "docs/a.md"
    ]
    refused = [
        _diagnostic("docs/broken.md", replace_old._replace(line=5, end_line=5)),  # no YAML
        _diagnostic("../outside.md", replace_old),  # leaves the project
        _diagnostic("docs/a.md", replace_old._replace(old=("other",))),  # not there
        _diagnostic("docs/a.md", TextEdit(2, 1, 2, 1, "title: [")),  # would break YAML
    ]
    assert [plan([d], loaded, False) for d in refused] == [[], [], [], []]
    assert (tmp_path / "docs/a.md").read_text() == ok


def test_overlapping_fixes_take_the_first(tmp_path: Path) -> None:
    write_tree(tmp_path, {".ops-lint.yaml": "docs: [docs]\n", "docs/a.md": "# A\n\nabc def\n"})
    loaded = config_mod.load(None, tmp_path)
    first = _diagnostic("docs/a.md", TextEdit(3, 1, 3, 4, "xyz"))
    second = _diagnostic("docs/a.md", TextEdit(3, 3, 3, 8, "---"))
    insert = _diagnostic("docs/a.md", TextEdit(3, 4, 3, 4, "!"))
    (file,) = plan([first, second, insert], loaded, False)
    assert file.after == "# A\n\nxyz! def\n"
    assert file.taken == [first, insert]


def _bundled_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "ops-docs", tmp_path / "ops-docs")
    return tmp_path / "ops-docs"


def _cut(text: str, start: str, end: str) -> tuple[str, str]:
    """``text`` without the part from ``start`` up to ``end``, and that part."""
    a = text.index(start)
    b = text.index(end, a)
    return text[:a] + text[b:], text[a:b]


def test_broken_bundled_docs_are_restored(tmp_path: Path, ops_lint: Any) -> None:
    """One budget, one inventory row and one runbook section broken; ``--fix
    --unsafe-fixes`` leaves only the placeholder of the inserted section; writing the
    section gives a clean check."""
    docs = _bundled_copy(tmp_path)
    handover = docs / "handover/operations-handover.md"
    kms = docs / "runbooks/kms-key-rotation.md"
    original = {p: p.read_bytes() for p in (handover, kms)}
    text = handover.read_text(encoding="utf-8")
    budget = "| 99.5% | 30 days | 3.6 hours |"
    assert budget in text
    text = text.replace(budget, "| 99.5% | 30 days | 4 hours |")
    text, _row = _cut(text, "| [Routing DLQ backlog](", "| [999/TA1")
    handover.write_text(text, encoding="utf-8")
    runbook, rollback = _cut(kms.read_text(encoding="utf-8"), "## Rollback\n", "## Escalation\n")
    kms.write_text(runbook, encoding="utf-8")
    broken = ops_lint(tmp_path, "check", "--format", "json", *RUN)
    assert {d["code"] for d in broken.json()["diagnostics"]} == {"OPS003", "OPS304", "OPS402"}

    fixed = ops_lint(tmp_path, "check", "--format", "json", "--fix", "--unsafe-fixes", *RUN)
    left = [(d["code"], d["path"]) for d in fixed.json()["diagnostics"]]
    assert left == [("OPS004", "ops-docs/runbooks/kms-key-rotation.md")], fixed.out
    assert fixed.code == 1
    assert "| 99.5% | 30 days | 3.6 hours |" in handover.read_text(encoding="utf-8")

    body = rollback.removeprefix("## Rollback\n\n").rstrip("\n") + "\n"
    kms.write_text(kms.read_text(encoding="utf-8").replace(PLACEHOLDER + "\n", body))
    clean = ops_lint(tmp_path, "check", "--format", "json", *RUN)
    assert clean.json()["diagnostics"] == [], clean.out
    assert clean.code == 0
    assert kms.read_bytes() == original[kms]
    restored = handover.read_text(encoding="utf-8")
    assert (
        "| [Routing DLQ backlog (edi-route-dlq and the other DLQs)](../runbooks/routing-dlq"
        in restored
    )
