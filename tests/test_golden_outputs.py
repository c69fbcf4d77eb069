"""Golden files: every output format of ``check`` and of ``freshness``, byte for byte.

The project is ``tests/golden/small/``: a handover, a runbook and a policy whose findings
cover several rules, errors, a warning, an info (a severity set in its config), a
suppressed finding with a reason and an until date, an expired suppression and an unused
one. Each test copies it into a new git repository with fixed commit dates and authors
(``_history``), runs ops-lint there as of ``AS_OF`` and compares the output with
``tests/golden/small.<ext>`` (check) or ``tests/golden/small-freshness.<ext>`` (freshness).

Only what differs between machines and releases is normalised, by ``normalise``: the
tool version becomes ``<version>`` and the absolute path of the copy becomes
``<project>``. Nothing else is masked, and every byte of the rest is compared.

Regenerate after an intended change of output with ``pytest --update-goldens`` (the
tests then write the files instead of comparing), and review the diff before committing.
Without the option a missing golden file fails.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ops_lint import __version__
from ops_lint.formats import FORMATS as CHECK_FORMATS
from ops_lint.reports import FORMATS as FRESHNESS_FORMATS
from tests.gitrepo import GitRepo

GOLDEN = Path(__file__).resolve().parent / "golden"
SMALL = GOLDEN / "small"
AS_OF = "2026-11-27"
ANA = "Ana Lima <ana@example.org>"
BO = "Bo Chen <bo@example.org>"
CY = "Cy Okafor <cy@example.org>"
HANDOVER = "ops-docs/handover.md"
FIRST_COMMIT = (".ops-lint.yaml", "ops-docs/runbooks/dlq.md")
CHECK_GOLDEN = {
    "text": "small.txt",
    "json": "small.json",
    "sarif": "small.sarif",
    "junit": "small.junit.xml",
    "github": "small.github.txt",
    "gitlab": "small.gitlab.json",
    "markdown": "small.md",
}
FRESHNESS_GOLDEN = {
    "markdown": "small-freshness.md",
    "html": "small-freshness.html",
    "csv": "small-freshness.csv",
    "json": "small-freshness.json",
}


def normalise(text: str, project: Path) -> str:
    """The output with the tool version as ``<version>`` and the project's absolute path
    (plain or as a ``file://`` URI) as ``<project>``; everything else unchanged."""
    text = text.replace(project.as_uri(), "file://<project>").replace(str(project), "<project>")
    return re.sub(rf"(?<![\w.]){re.escape(__version__)}(?![\w.])", "<version>", text)


def assert_golden(actual: str, name: str, update: bool) -> None:
    """Compare ``actual`` with ``tests/golden/<name>`` byte for byte, or rewrite the file."""
    path = GOLDEN / name
    if update:
        path.write_bytes(actual.encode("utf-8"))
    assert path.is_file(), f"no golden file {name}: run pytest --update-goldens"
    expected = path.read_bytes().decode("utf-8")  # strict UTF-8: equal text, equal bytes
    assert actual == expected, f"{name} differs from the output"


def _history() -> list[tuple[str, str, str, dict[str, str]]]:
    """(date, author, message, files) of each commit; the last leaves small/ as it is."""

    def pick(*rels: str) -> dict[str, str]:
        return {rel: (SMALL / rel).read_text(encoding="utf-8") for rel in rels}

    handover = pick(HANDOVER)[HANDOVER]
    return [
        ("2026-02-20", ANA, "Add the config and the DLQ runbook", pick(*FIRST_COMMIT)),
        ("2026-06-15", BO, "Add the access policy", pick("ops-docs/policies/access.md")),
        ("2026-09-01", ANA, "Add the handover", {HANDOVER: handover[: handover.index("<!--")]}),
        ("2026-11-02", CY, "Open questions from the handover review", {HANDOVER: handover}),
    ]


def _files(root: Path) -> list[str]:
    """The files under ``root``, git's and ops-lint's own folders left out."""
    rels = (p.relative_to(root) for p in root.rglob("*") if p.is_file())
    return sorted(r.as_posix() for r in rels if not {".git", ".ops_lint_cache"} & set(r.parts))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """small/ rebuilt in a new repository by the commits of ``_history``."""
    repo = GitRepo(tmp_path_factory.mktemp("golden") / "small")
    for date, author, message, files in _history():
        repo.commit(message, date=date, author=author, files=files)
    assert _files(repo.path) == _files(SMALL), "a file of small/ is missing from _history"
    return repo.path


def test_every_format_has_a_golden_file() -> None:
    assert set(CHECK_GOLDEN) == set(CHECK_FORMATS)
    assert set(FRESHNESS_GOLDEN) == set(FRESHNESS_FORMATS)


@pytest.mark.parametrize("fmt", sorted(CHECK_GOLDEN))
def test_check_output(fmt: str, project: Path, ops_lint: Any, update_goldens: bool) -> None:
    result = ops_lint(project, "check", "--format", fmt, "--as-of", AS_OF)
    assert result.code == 1, result.err
    assert_golden(normalise(result.out, project), CHECK_GOLDEN[fmt], update_goldens)


@pytest.mark.parametrize("fmt", sorted(FRESHNESS_GOLDEN))
def test_freshness_output(fmt: str, project: Path, ops_lint: Any, update_goldens: bool) -> None:
    result = ops_lint(project, "freshness", "--format", fmt, "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert_golden(normalise(result.out, project), FRESHNESS_GOLDEN[fmt], update_goldens)


def test_normalise_masks_only_version_and_project(tmp_path: Path) -> None:
    text = f'"{__version__}" {tmp_path.as_uri()}/a.md {tmp_path}/b.md SARIF 2.1.0 x{__version__}'
    assert normalise(text, tmp_path) == (
        f'"<version>" file://<project>/a.md <project>/b.md SARIF 2.1.0 x{__version__}'
    )
