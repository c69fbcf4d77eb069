"""Paths that do not depend on where ops-lint runs, and path patterns with .gitignore rules.

Baselines, SARIF fingerprints and locations, and GitHub annotations are built from the
project-relative path of a finding: the same answer from the project root, from the docs
folder, from a subfolder, and with the project in a subfolder of its git repository.
``include``, ``exclude``, ``types``, ``per-file-ignores`` and a pack's ``paths`` follow
``.gitignore`` (``pathspec``), with ``{a,b}`` expanded; a pattern that matches nothing is a
warning.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ops_lint.globs import MAX_EXPANSIONS, PatternError, expand_braces, matches
from tests.gitrepo import GitRepo

AS_OF = "2026-11-27"
DOCS = {
    "ops-docs/a.md": "# A\n\nOwner TBD.\n\nThreshold TBD.\n",
    "ops-docs/runbooks/b.md": "# B\n\nRollback FIXME.\n",
    ".ops-lint.yaml": "select: [OPS004]\n",
}


def _repo(path: Path, files: dict[str, str]) -> GitRepo:
    repo = GitRepo(path)
    repo.commit("Add ops docs", date="2026-01-05", files=files)
    return repo


def _check(ops_lint: Any, cwd: Path, *args: str) -> Any:
    return ops_lint(cwd, "check", "--as-of", AS_OF, "--no-git", *args)


# -- the same finding from any working directory --------------------------------------------


@pytest.mark.parametrize("where", ["ops-docs", "ops-docs/runbooks"])
def test_baseline_written_at_the_root_matches_from_a_subfolder(
    tmp_path: Path, ops_lint: Any, where: str
) -> None:
    root = _repo(tmp_path / "repo", DOCS).path
    baseline = str(root / "baseline.json")
    wrote = _check(ops_lint, root, "--baseline", baseline, "--update-baseline")
    assert wrote.code == 0, wrote.err
    recorded = json.loads(Path(baseline).read_text(encoding="utf-8"))["findings"]
    assert sorted(f["path"] for f in recorded) == [
        "ops-docs/a.md",
        "ops-docs/a.md",
        "ops-docs/runbooks/b.md",
    ]

    run = _check(ops_lint, root / where, "--format", "json", "--baseline", baseline)
    assert run.code == 0, run.out
    assert run.json()["diagnostics"] == []
    assert len(run.json()["baselined"]) == 3
    # and a baseline written from the subfolder is the same file
    again = str(root / "again.json")
    _check(ops_lint, root / where, "--baseline", again, "--update-baseline")
    assert json.loads(Path(again).read_text(encoding="utf-8"))["findings"] == recorded


def _sarif_results(ops_lint: Any, cwd: Path) -> list[tuple[str, str, str]]:
    run = _check(ops_lint, cwd, "--format", "sarif")
    assert run.code == 1, run.err
    sarif = json.loads(run.out)["runs"][0]
    return [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
            r["partialFingerprints"]["opsLint/v1"],
        )
        for r in sarif["results"]
    ]


def test_sarif_fingerprints_and_uris_are_the_same_from_two_working_directories(
    tmp_path: Path, ops_lint: Any
) -> None:
    root = _repo(tmp_path / "repo", DOCS).path
    from_root = _sarif_results(ops_lint, root)
    from_docs = _sarif_results(ops_lint, root / "ops-docs/runbooks")
    assert from_root == from_docs
    assert [uri for uri, _, _ in from_root] == [
        "ops-docs/a.md",
        "ops-docs/a.md",
        "ops-docs/runbooks/b.md",
    ]
    assert {base for _, base, _ in from_root} == {"%SRCROOT%"}
    assert len({fp for _, _, fp in from_root}) == 3


def _annotated_files(ops_lint: Any, cwd: Path) -> list[str]:
    run = _check(ops_lint, cwd, "--format", "github")
    assert run.code == 1, run.err
    return [line.split("file=", 1)[1].split(",", 1)[0] for line in run.out.splitlines()]


def test_github_annotations_are_repo_relative_from_a_subfolder(
    tmp_path: Path, ops_lint: Any
) -> None:
    root = _repo(tmp_path / "repo", DOCS).path
    expected = ["ops-docs/a.md", "ops-docs/a.md", "ops-docs/runbooks/b.md"]
    assert _annotated_files(ops_lint, root) == expected
    assert _annotated_files(ops_lint, root / "ops-docs") == expected
    assert _annotated_files(ops_lint, root / "ops-docs/runbooks") == expected


def test_gitlab_locations_are_repo_relative_from_a_subfolder(tmp_path: Path, ops_lint: Any) -> None:
    files = {f"services/edi/{rel}": text for rel, text in DOCS.items()}
    repo = _repo(tmp_path / "repo", {**files, "README.md": "# monorepo\n"}).path
    project = repo / "services/edi"

    def located(cwd: Path) -> list[tuple[str, str]]:
        run = _check(ops_lint, cwd, "--format", "gitlab")
        return [(i["location"]["path"], i["fingerprint"]) for i in json.loads(run.out)]

    found = located(project)
    assert [path for path, _ in found] == [
        "services/edi/ops-docs/a.md",
        "services/edi/ops-docs/a.md",
        "services/edi/ops-docs/runbooks/b.md",
    ]
    assert located(project / "ops-docs/runbooks") == found


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path, ops_lint: Any) -> None:
    """GitHub resolves paths from the repository root: the project's folder is in them."""
    files = {f"services/edi/{rel}": text for rel, text in DOCS.items()}
    repo = _repo(tmp_path / "repo", {**files, "README.md": "# monorepo\n"}).path
    project = repo / "services/edi"
    expected = [
        "services/edi/ops-docs/a.md",
        "services/edi/ops-docs/a.md",
        "services/edi/ops-docs/runbooks/b.md",
    ]
    assert _annotated_files(ops_lint, project) == expected
    assert _annotated_files(ops_lint, project / "ops-docs/runbooks") == expected

    results = _sarif_results(ops_lint, project / "ops-docs")
    assert [uri for uri, _, _ in results] == expected
    run = _check(ops_lint, project, "--format", "sarif")
    srcroot = json.loads(run.out)["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert srcroot == repo.resolve().as_uri() + "/"
    # fingerprints stay keyed on the project: moving the working directory changes nothing
    assert results == _sarif_results(ops_lint, project)


def test_rule_paths_match_from_a_subfolder(tmp_path: Path, ops_lint: Any) -> None:
    """A pack rule limited to ``paths`` keeps checking when run from the docs folder."""
    rule = (
        "pack: mine\nrules:\n  - {code: OPS700, name: runbook-placeholders, check: placeholders,"
        " summary: x, severity: error, applies_to: {paths: ['ops-docs/runbooks']}}\n"
    )
    files = {**DOCS, "packs/mine.yaml": rule, ".ops-lint.yaml": "packs: [packs/mine.yaml]\n"}
    root = _repo(tmp_path / "repo", files).path
    for cwd in (root, root / "ops-docs", root / "ops-docs/runbooks"):
        run = _check(ops_lint, cwd, "--format", "json")
        assert run.code == 1, (cwd, run.err)
        found = {Path(cwd, d["path"]).resolve() for d in run.json()["diagnostics"]}
        assert found == {(root / "ops-docs/runbooks/b.md").resolve()}, cwd


# -- path patterns: .gitignore semantics ----------------------------------------------------

PATTERNS = [
    # (pattern, path, matched)
    ("ops-docs/archive", "ops-docs/archive/old.md", True),
    ("ops-docs/archive", "ops-docs/archive/2024/q1.md", True),
    ("ops-docs/archive", "ops-docs/archived.md", False),
    ("ops-docs/archive", "other/ops-docs/archive/a.md", False),  # has a slash: anchored
    ("archive", "ops-docs/archive/old.md", True),  # a name: any depth, folder or file
    ("archive", "archive", True),
    ("archive", "ops-docs/archives/a.md", False),
    ("archive/", "ops-docs/archive/a.md", True),
    ("ops-docs/archive/**", "ops-docs/archive/x/y.md", True),
    ("/ops-docs/a.md", "ops-docs/a.md", True),
    ("./ops-docs/a.md", "ops-docs/a.md", True),
    ("*.md", "ops-docs/deep/a.md", True),
    ("*.html.md.erb", "docs/runbooks/x.html.md.erb", True),
    ("ops-docs/*.md", "ops-docs/sub/a.md", False),  # * does not cross folders
    ("**/*.md", "a.md", True),
    ("ops-docs/a?.md", "ops-docs/ab.md", True),
    ("ops-docs/[!a]*.md", "ops-docs/a.md", False),
    ("*.{md,markdown}", "ops-docs/a.markdown", True),
    ("ops-docs/{archive,drafts}", "ops-docs/drafts/x.md", True),
    ("ops-docs/{archive,drafts}", "ops-docs/runbooks/x.md", False),
    ("ops-docs/\\{x,y}.md", "ops-docs/{x,y}.md", True),  # an escaped brace is literal
    ("ops-docs/{x}.md", "ops-docs/{x}.md", True),  # no comma: literal, as in a shell
]


@pytest.mark.parametrize(("pattern", "path", "matched"), PATTERNS, ids=lambda v: str(v))
def test_patterns_follow_gitignore(pattern: str, path: str, matched: bool) -> None:
    assert matches(path, [pattern]) is matched


def test_negation_takes_a_match_back() -> None:
    assert not matches("archive/keep.md", ["archive/", "!archive/keep.md"])
    assert matches("archive/old.md", ["archive/", "!archive/keep.md"])


@pytest.mark.parametrize(
    ("pattern", "expanded"),
    [
        ("a/*.md", ["a/*.md"]),
        ("*.{md,markdown}", ["*.md", "*.markdown"]),
        ("{a,b}/{c,d}", ["a/c", "a/d", "b/c", "b/d"]),
        ("{a,{b,c}}.md", ["a.md", "b.md", "c.md"]),
        ("x{a,}.md", ["xa.md", "x.md"]),
        ("{a.md", ["{a.md"]),
        ("\\{a,b}", ["\\{a,b}"]),
    ],
)
def test_brace_expansion(pattern: str, expanded: list[str]) -> None:
    assert expand_braces(pattern) == expanded


def test_brace_expansion_is_bounded() -> None:
    with pytest.raises(PatternError, match=f"more than {MAX_EXPANSIONS}"):
        expand_braces("{a,b}" * 9)


TREE = {
    "ops-docs/a.md": "# A\n\nOwner TBD.\n",
    "ops-docs/archive/old.md": "# Old\n\nOwner TBD.\n",
    "ops-docs/runbooks/archive/older.md": "# Older\n\nOwner TBD.\n",
    "ops-docs/drafts/new.markdown": "# New\n\nOwner TBD.\n",
}


def _checked(ops_lint: Any, root: Path, config: str) -> tuple[set[str], str]:
    (root / ".ops-lint.yaml").write_text("select: [OPS004]\n" + config, encoding="utf-8")
    run = _check(ops_lint, root, "--format", "json", "--no-cache")
    assert run.code in (0, 1), run.err
    return {d["path"] for d in run.json()["diagnostics"]}, run.err


@pytest.mark.parametrize(
    ("config", "left"),
    [
        ('exclude: ["ops-docs/archive"]', {"ops-docs/a.md", "ops-docs/runbooks/archive/older.md"}),
        ('exclude: ["archive"]', {"ops-docs/a.md"}),
        ('exclude: ["ops-docs/{archive,runbooks}"]', {"ops-docs/a.md"}),
        (
            'include: ["*.{md,markdown}"]\nexclude: ["archive/"]',
            {"ops-docs/a.md", "ops-docs/drafts/new.markdown"},
        ),
        ('per-file-ignores: {"archive": ["OPS004"]}', {"ops-docs/a.md"}),
    ],
    ids=["anchored-folder", "folder-name", "braces", "include-braces", "per-file-ignores"],
)
def test_exclude_and_include_in_a_real_run(
    tmp_path: Path, ops_lint: Any, config: str, left: set[str]
) -> None:
    root = _repo(tmp_path / "repo", TREE).path
    found, err = _checked(ops_lint, root, config)
    assert found == left
    assert "warning" not in err


def test_types_follow_gitignore(tmp_path: Path, ops_lint: Any) -> None:
    root = _repo(tmp_path / "repo", TREE).path
    (root / ".ops-lint.yaml").write_text(
        'select: [OPS003]\ntypes: {"ops-docs/runbooks": runbook}\n', encoding="utf-8"
    )
    run = _check(ops_lint, root, "--format", "json", "--no-cache")
    assert {d["path"] for d in run.json()["diagnostics"]} == {"ops-docs/runbooks/archive/older.md"}


def test_a_pattern_that_matches_nothing_is_a_warning(tmp_path: Path, ops_lint: Any) -> None:
    root = _repo(tmp_path / "repo", TREE).path
    config = 'include: ["**/*.md", "*.rst"]\nexclude: ["ops-docs/archve", "archive"]\n'
    found, err = _checked(ops_lint, root, config)
    assert found == {"ops-docs/a.md"}  # a warning, not a failure: the run goes on
    assert err.splitlines() == [
        "ops-lint: warning: include pattern '*.rst' matches no file under ops-docs",
        "ops-lint: warning: exclude pattern 'ops-docs/archve' matches no included file "
        "under ops-docs: it excludes nothing",
    ]
    clean = _check(ops_lint, root, "ops-docs/a.md", "--select", "OPS005")
    assert clean.code == 0 and "'ops-docs/archve'" in clean.err


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ('exclude: ["' + "{a,b}" * 9 + '"]', "expands to more than 256 patterns"),
        ('exclude: ["!"]', "invalid pattern"),
        ('per-file-ignores: {"a\\\\": [OPS004]}', "invalid pattern"),
    ],
    ids=["brace-bomb", "lone-negation", "trailing-backslash"],
)
def test_unusable_patterns_are_config_errors(
    tmp_path: Path, ops_lint: Any, config: str, fragment: str
) -> None:
    root = _repo(tmp_path / "repo", TREE).path
    (root / ".ops-lint.yaml").write_text(config + "\n", encoding="utf-8")
    run = _check(ops_lint, root)
    assert run.code == 2
    assert run.err.count("\n") == 1 and fragment in run.err and ".ops-lint.yaml" in run.err


def test_unusable_pack_paths_are_pack_errors(tmp_path: Path, ops_lint: Any) -> None:
    rule = (
        "pack: mine\nrules:\n  - {code: OPS700, name: x, check: placeholders, summary: x,"
        " severity: error, applies_to: {paths: ['!']}}\n"
    )
    files = {**TREE, "packs/mine.yaml": rule, ".ops-lint.yaml": "packs: [packs/mine.yaml]\n"}
    root = _repo(tmp_path / "repo", files).path
    run = _check(ops_lint, root)
    assert run.code == 2
    assert "$.rules[0].applies_to.paths: invalid pattern" in run.err
