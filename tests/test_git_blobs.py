"""Blob contents for review-only verdicts: every pair answered, in order, in bounded
groups, whatever the number of pairs; missing and oversized blobs are not read."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ops_lint.git.blobs import GROUP, Blobs
from ops_lint.git.repository import locate
from tests.gitrepo import GitRepo


def _blob(repo: GitRepo, text: str) -> str:
    done = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"],
        cwd=repo.path,
        input=text.encode(),
        capture_output=True,
        check=True,
    )
    return done.stdout.decode().strip()


def test_pairs_in_order_with_missing_and_oversized_blobs(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("write", date="2026-01-01", files={"a.md": "# A\n"})
    shas = [_blob(repo, f"doc {n}\n") for n in range(3 * GROUP)]
    big = _blob(repo, "x" * 500)
    gone = _blob(repo, "about to go\n")
    (repo.path / ".git/objects" / gone[:2] / gone[2:]).unlink()
    pairs = [(shas[n], shas[n + 1]) for n in range(len(shas) - 1)]
    pairs[3] = (gone, big)  # group 1
    pairs[2 * GROUP + 1] = (shas[0], gone)  # group 3: the same missing blob again
    blobs = Blobs(locate(repo.path).git, 100)
    try:
        got = list(blobs.pairs(pairs))
        again = blobs.contents([shas[5], big, gone])
    finally:
        blobs.close()
    expected = [
        (
            None if old in (gone, big) else f"doc {shas.index(old)}\n".encode(),
            None if new in (gone, big) else f"doc {shas.index(new)}\n".encode(),
        )
        for old, new in pairs
    ]
    assert got == expected
    assert again == {shas[5]: b"doc 5\n", big: None, gone: None}
    assert (blobs.missing, blobs.oversized) == (3, 2)  # counted per group and per call
