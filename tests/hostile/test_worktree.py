"""Freshness evidence a pull request cannot forge through checkout conversions.

A repository's ``.gitattributes`` can make git rewrite files on checkout (``ident``,
``working-tree-encoding``, ``eol``). The bytes then differ from the committed blobs; if
that were taken as an uncommitted edit, every doc would be "changed today" and fresh.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.hostile.conftest import run_guarded

AS_OF = "2026-11-27"
DOC = (
    "---\ntitle: {name}\ntype: runbook\nowner: t\nlast_reviewed: 2025-01-10\n"
    "review_cycle_days: 90\n---\n# {name}\n\n$Id$\n\nSteps.\n"
)


def _clone(origin: GitRepo, dest: Path) -> Path:
    subprocess.run(
        ["git", "clone", "-q", str(origin.path), str(dest)], check=True, capture_output=True
    )
    return dest


def _docs(repo: Path) -> dict[str, dict[str, object]]:
    result = run_guarded(repo, "freshness", "--format", "json", "--as-of", AS_OF)
    assert result.code == 0, result.err
    return {d["path"]: d for d in json.loads(result.out)["docs"]}


@pytest.mark.slow
@pytest.mark.parametrize(
    "attributes",
    ["*.md ident\n", "*.md text eol=crlf\n", "*.md ident text eol=crlf\n"],
    ids=["ident", "eol-crlf", "both"],
)
def test_checkout_conversions_do_not_make_docs_changed_today(
    tmp_path: Path, attributes: str
) -> None:
    origin = GitRepo(tmp_path / "origin")
    origin.commit(
        "Add runbooks",
        date="2025-01-10",
        files={
            ".gitattributes": attributes,
            "ops-docs/a.md": DOC.format(name="A"),
            "ops-docs/b.md": DOC.format(name="B"),
        },
    )
    repo = _clone(origin, tmp_path / "checkout")
    checked_out = (repo / "ops-docs/a.md").read_bytes()
    assert checked_out != DOC.format(name="A").encode()  # git did rewrite the file
    docs = _docs(repo)
    for name in ("ops-docs/a.md", "ops-docs/b.md"):
        assert docs[name]["uncommitted"] is False, docs[name]
        assert docs[name]["status"] == "stale", docs[name]
    # a real edit after checkout still counts
    (repo / "ops-docs/b.md").write_bytes(checked_out.replace(b"Steps", b"Edited steps", 1))
    docs = _docs(repo)
    assert docs["ops-docs/b.md"]["uncommitted"] is True
    assert docs["ops-docs/a.md"]["uncommitted"] is False
