"""Real doc sets at pinned commits, prepared the same way on every run.

A corpus is a public repository at a fixed commit, cloned with its whole history (the
freshness measures read it). The clone lives in a cache folder (by default
``$TMPDIR/ops-lint-bench-corpora/<owner>+<name>``) and is reused across runs; it comes from
GitHub, or from a local mirror folder holding ``<owner>+<name>/repo`` (bare or not) or
``<owner>+<name>`` itself.

Preparing a corpus, every run:

1. its working copy is forced back to the pinned commit (a previous run may have edited
   a doc or been interrupted), and ``HEAD`` is checked to be the pin;
2. a checkout error is tolerated (a mirror may lack a few large binary blobs) as long as
   every ``.md`` file of the pinned tree is present: they are counted;
3. ``.ops-lint.yaml`` is written with ``docs: ["."]``, every ``.markdownlint*`` file is
   deleted and a ``markdownlint-cli2`` key in the root ``package.json`` is dropped, so both
   linters run on their default rules (the repositories' own configs load custom rules
   from ``node_modules``). What was changed is recorded in :class:`Prepared`.

The repositories are untrusted input to ops-lint, and none of their code runs here: git
runs with hooks, fsmonitor, pagers and lazy fetches switched off, submodules are not
fetched, and nothing from the working copy is executed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

CONFIG = 'docs: ["."]\n'
SAFE_GIT = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.pager=cat",
    "core.untrackedCache=false",
    "log.showSignature=false",
    "gc.auto=0",
    "maintenance.auto=false",
    "submodule.recurse=false",
)
SAFE_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_NO_LAZY_FETCH": "1", "GIT_PAGER": "cat"}


class Corpus(NamedTuple):
    """A repository at a pinned commit."""

    owner: str
    name: str
    commit: str
    changed_doc: str | None = None  # the doc edited by the one-file-changed measure

    @property
    def slug(self) -> str:
        return f"{self.owner}+{self.name}"

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}.git"


OPENTELEMETRY = Corpus(
    "open-telemetry", "opentelemetry.io", "dd5997c8b9fafbf72ea6b8059ade242d88b8f118"
)
GOVUK = Corpus("alphagov", "govuk-developer-docs", "972d1b4410ffd165f2f3e889eda30bcf7d1cc6b3")
TLDR = Corpus(
    "tldr-pages", "tldr", "08e345f42639f67d99282813247ac670dc6e87cb", "pages/common/tar.md"
)
CORPORA = {c.name: c for c in (OPENTELEMETRY, GOVUK, TLDR)}


@dataclass
class Prepared:
    """A corpus ready to measure, and what preparing it changed."""

    corpus: Corpus
    root: Path
    source: str  # where it was cloned from
    head: str
    markdown_files: int
    checkout_errors: list[str] = field(default_factory=list)
    removed_configs: list[str] = field(default_factory=list)
    wrote_config: str = CONFIG

    def summary(self) -> dict[str, object]:
        return {
            "repository": f"{self.corpus.owner}/{self.corpus.name}",
            "commit": self.head,
            "source": self.source,
            "markdown_files": self.markdown_files,
            "wrote": {".ops-lint.yaml": self.wrote_config},
            "removed": self.removed_configs,
            "checkout_errors": self.checkout_errors,
        }


class PrepareError(Exception):
    """The corpus cannot be measured as pinned (clone failed, pin missing, docs missing)."""


def git(repo: Path | None, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """git with every configured program switched off, in ``repo``."""
    options = [part for item in SAFE_GIT for part in ("-c", item)]
    cmd = ["git", "--no-pager", *options, *args]
    env = {**os.environ, **SAFE_ENV}
    done = subprocess.run(
        cmd, cwd=repo, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    if check and done.returncode != 0:
        raise PrepareError(f"git {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return done


def mirror_of(corpus: Corpus, mirror: Path) -> Path | None:
    """The corpus's repository inside a mirror folder, if there is one."""
    for candidate in (mirror / corpus.slug / "repo", mirror / corpus.slug, mirror / corpus.name):
        if candidate.is_dir() and ((candidate / "HEAD").is_file() or (candidate / ".git").exists()):
            return candidate
    return None


def _has_commit(repo: Path, commit: str) -> bool:
    return git(repo, "cat-file", "-e", f"{commit}^{{commit}}", check=False).returncode == 0


def ensure_clone(corpus: Corpus, cache: Path, mirror: Path | None) -> tuple[Path, str]:
    """A non-bare clone holding the pinned commit (reused when it already does)."""
    root = cache / corpus.slug
    source = corpus.url
    if mirror is not None:
        found = mirror_of(corpus, mirror)
        if found is None:
            raise PrepareError(f"no mirror of {corpus.slug} under {mirror}")
        source = str(found)
    if (root / ".git").is_dir() and _has_commit(root, corpus.commit):
        return root, source
    shutil.rmtree(root, ignore_errors=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    git(None, "clone", "--quiet", "--no-checkout", "--no-recurse-submodules", source, str(root))
    if not _has_commit(root, corpus.commit):
        raise PrepareError(f"{source} does not hold {corpus.commit}")
    return root, source


def checkout(root: Path, commit: str) -> list[str]:
    """Force the working copy to ``commit``; the error lines, if git reported any."""
    done = git(root, "checkout", "--quiet", "--force", "--detach", commit, check=False)
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    head = git(root, "rev-parse", "HEAD", check=False).stdout.strip()
    if head != commit:
        raise PrepareError(f"HEAD is {head or 'unset'}, not the pin {commit}: {errors[-3:]}")
    return errors


def neutralise_configs(root: Path, tracked: Sequence[str]) -> list[str]:
    """Delete every ``.markdownlint*`` file and the ``markdownlint-cli2`` key of the root
    ``package.json``; write ``.ops-lint.yaml``. Returns what was removed."""
    removed = []
    for path in tracked:
        if path.rsplit("/", 1)[-1].startswith(".markdownlint"):
            target = root / path
            if target.is_file() or target.is_symlink():
                target.unlink()
                removed.append(path)
    package = root / "package.json"
    if package.is_file() and not package.is_symlink():
        try:
            data = json.loads(package.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            data = None
        if isinstance(data, dict) and "markdownlint-cli2" in data:
            del data["markdownlint-cli2"]
            package.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            removed.append("package.json: markdownlint-cli2 key")
    config = root / ".ops-lint.yaml"
    if config.is_symlink():
        config.unlink()
    config.write_text(CONFIG, encoding="utf-8")
    return removed


def prepare(corpus: Corpus, cache: Path, mirror: Path | None = None) -> Prepared:
    """Clone (or reuse) and reset ``corpus`` at its pin, ready to measure."""
    root, source = ensure_clone(corpus, cache, mirror)
    errors = checkout(root, corpus.commit)
    tracked = git(root, "ls-tree", "-r", "-z", "--name-only", corpus.commit).stdout.split("\0")
    markdown = [p for p in tracked if p.endswith(".md")]
    missing = [p for p in markdown if not (root / p).is_file()]
    if missing:
        raise PrepareError(
            f"{len(missing)} of {len(markdown)} .md files missing after checkout "
            f"(first: {missing[0]}); git said: {errors[-3:]}"
        )
    removed = neutralise_configs(root, [p for p in tracked if p])
    return Prepared(corpus, root, source, corpus.commit, len(markdown), errors, removed)
