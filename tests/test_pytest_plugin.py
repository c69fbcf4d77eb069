"""The pytest plugin, run for real with pytester."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

# ``pytester`` drops the modules an in-process run imported when the run ends; PyYAML's C
# loader does not survive being imported a second time in one process ("could not
# determine a constructor for the tag None"), so the pipeline is imported here, once.
import ops_lint.pipeline  # noqa: F401

GOOD = "# Good\n\nAll values set.\n"
BAD = "# Bad\n\nOwner TBD.\n"

# pytest-lsp (a dev dependency, for the language-server tests) wraps pytest_runtest_call
# and returns without yielding for items that are not test functions: inner runs leave it
# out (and pytest-asyncio, which it brings), as a user without them would run.
ISOLATED = ("-p", "no:pytest-lsp", "-p", "no:asyncio")


@pytest.fixture
def docs(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".yaml", **{".ops-lint": "select: [OPS004, OPS005]\n"})
    (pytester.path / "ops-docs").mkdir()
    (pytester.path / "ops-docs" / "good.md").write_text(GOOD)
    (pytester.path / "ops-docs" / "bad.md").write_text(BAD)
    return pytester


def test_one_item_per_rule_and_doc(docs: pytest.Pytester) -> None:
    result = docs.runpytest(*ISOLATED, "--ops-lint", "-v")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*OPS004 unresolved-placeholder ?ops-docs/bad.md? FAILED*",
            "*ops-docs/bad.md:3:7: error OPS004 unresolved placeholder 'TBD'*",
        ]
    )


def test_opt_in_only(docs: pytest.Pytester) -> None:
    docs.makepyfile(test_x="def test_x():\n    assert True\n")
    result = docs.runpytest(*ISOLATED)
    result.assert_outcomes(passed=1)


def test_junitxml_for_auditors(docs: pytest.Pytester) -> None:
    report = docs.path / "compliance.xml"
    docs.runpytest(*ISOLATED, "--ops-lint", f"--junitxml={report}")
    root = ET.parse(report).getroot()
    cases = root.findall(".//testcase")
    assert len(cases) == 4
    assert sum(1 for c in cases if c.find("failure") is not None) == 1


def test_config_option_and_usage_errors(docs: pytest.Pytester) -> None:
    docs.makefile(".yaml", strict="select: [OPS005]\n")
    result = docs.runpytest(*ISOLATED, "--ops-lint", "--ops-lint-config", "strict.yaml")
    result.assert_outcomes(passed=2)
    broken = docs.runpytest(*ISOLATED, "--ops-lint", "--ops-lint-config", "missing.yaml")
    assert broken.ret != 0
    broken.stderr.fnmatch_lines(["*ops-lint: missing.yaml: config file not found*"])
