"""The install path the README gives, run as written: one install, then every snippet.

ops-lint is not on PyPI, so the README's install command is
``pip install "ops-lint @ git+https://<your-git-host>/<org>/ops-lint@<commit>"``. The test
fills the placeholders with a committed snapshot of this checkout (tracked and untracked
files, as on disk) and runs that command in a fresh virtual environment: pip clones it and
builds the wheel, bundled pack included. With that environment first on ``PATH`` it then
runs the commands of the GitHub Actions and GitLab CI snippets in the snapshot (this
repository: its ops-docs are clean), the README's pre-commit config and the one
``ops-lint init`` writes through ``pre-commit run``, and lints another repository.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, write_tree
from tests.gitrepo import GitRepo, copy_working_tree

README = (ROOT / "README.md").read_text(encoding="utf-8")
PLACEHOLDER = "https://<your-git-host>/<org>/ops-lint@<commit>"
HOOK_KEYS = (
    "id",
    "name",
    "entry",
    "types_or",
    "pass_filenames",
    "always_run",
    "require_serial",
    "stages",
)


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```$", README, flags=re.M | re.S)


def _block(lang: str, marker: str) -> str:
    (found,) = [b for b in _blocks(lang) if marker in b]
    return found


def _github_steps() -> list[str]:
    workflow = yaml.safe_load(_block("yaml", "runs-on:"))
    return [s["run"] for s in workflow["jobs"]["ops-lint"]["steps"] if "run" in s]


def _gitlab_script() -> list[str]:
    script: list[str] = yaml.safe_load(_block("yaml", "script:"))["ops-lint"]["script"]
    return script


def _install_line() -> str:
    (line,) = [line for line in _block("sh", PLACEHOLDER).splitlines() if PLACEHOLDER in line]
    return line


def _pre_commit_hooks(text: str) -> dict[str, dict[str, Any]]:
    loaded = yaml.safe_load(text)
    hooks = loaded if isinstance(loaded, list) else loaded["repos"][0]["hooks"]
    return {h["id"]: {k: h.get(k) for k in HOOK_KEYS} for h in hooks}


def test_no_snippet_installs_from_an_index_or_pins_a_missing_tag() -> None:
    """``pip install ops-lint`` and ``rev: v0.1.0`` cannot work: nothing is published."""
    commands = [*_github_steps(), *_gitlab_script(), *_block("sh", PLACEHOLDER).splitlines()]
    installs = [c for c in commands if "pip install" in c]
    assert installs and all(re.search(r"pip install ops-lint\b", c) is None for c in installs)
    assert _install_line().split("#")[0].strip() in installs[0]
    assert all(_install_line().split("#")[0].strip() in c for c in installs[1:] if "<" in c)
    assert "rev: v" not in README


def test_local_hooks_mirror_the_published_hooks() -> None:
    """The README's and ``init``'s local hooks run what .pre-commit-hooks.yaml runs."""
    from ops_lint.init import render

    published = _pre_commit_hooks((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    readme = _pre_commit_hooks(_block("yaml", "# .pre-commit-config.yaml"))
    readme.update(_pre_commit_hooks(textwrap.dedent(_block("yaml", "id: ops-lint-freshness"))))
    assert readme == published
    written = _pre_commit_hooks(render("pre-commit-config.yaml", "ops-docs"))
    assert written == {"ops-lint": published["ops-lint"]}


def _snapshot(base: Path) -> tuple[GitRepo, str]:
    """This checkout as it is on disk, committed to a new repository."""
    repo = copy_working_tree(ROOT, base / "ops-lint")
    # committed on the day of the oldest review: no review predates the doc's first commit
    reviewed = re.findall(
        r"^last_reviewed: *(\d{4}-\d\d-\d\d)",
        "".join(p.read_text(encoding="utf-8") for p in (repo.path / "ops-docs").rglob("*.md")),
        flags=re.M,
    )
    return repo, repo.commit("snapshot", date=min(reviewed, default=dt.date.today().isoformat()))


def _shell(command: str, cwd: Path, path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    full = {**clean, "PATH": f"{path}{os.pathsep}{clean.get('PATH', '')}", **env}
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=full, capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_readme_install_and_snippets_work_as_written(tmp_path: Path) -> None:
    snapshot, sha = _snapshot(tmp_path)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"

    # "localhost": older pips reject a file URL without a host in a "name @ url" requirement
    install = _install_line().replace(PLACEHOLDER, f"file://localhost{snapshot.path}@{sha}")
    installed = _shell(install, tmp_path, bin_dir)
    assert installed.returncode == 0, installed.stderr[-2000:]
    assert shutil.which("ops-lint", path=str(bin_dir)) == str(bin_dir / "ops-lint")

    # GitHub Actions, in this repository (the install step is the one just run)
    for step in _github_steps()[1:]:
        ran = _shell(step, snapshot.path, bin_dir, GITHUB_ACTIONS="true")
        assert ran.returncode == 0, (step, ran.stdout[-2000:], ran.stderr[-2000:])
    assert (snapshot.path / "ops-lint.sarif").is_file()
    assert (snapshot.path / "freshness.md").is_file()
    # GitLab CI
    for command in _gitlab_script()[1:]:
        ran = _shell(command, snapshot.path, bin_dir)
        assert ran.returncode == 0, (command, ran.stdout[-2000:], ran.stderr[-2000:])
    assert (snapshot.path / "gl-code-quality.json").is_file()
    assert (snapshot.path / "ops-lint.xml").is_file()

    # another repository: the bundled pack ships in the wheel
    repo = GitRepo(tmp_path / "other-repo")
    write_tree(
        repo.path,
        {
            "docs/runbooks/dlq.md": "---\ntitle: DLQ\ntype: runbook\nowner: edi-ops\n"
            "last_reviewed: 2026-11-01\nreview_cycle_days: 90\n---\n"
            "# DLQ\n\nThreshold: TBD messages.\n",
            "pyproject.toml": '[tool.ops-lint]\ndocs = ["docs"]\nselect = ["OPS00"]\n',
            ".pre-commit-config.yaml": _block("yaml", "# .pre-commit-config.yaml"),
        },
    )
    repo.git("add", "-A")
    result = _shell("ops-lint check --format json", repo.path, bin_dir)
    assert result.returncode == 1, result.stderr
    assert '"code": "OPS004"' in result.stdout
    where = _shell(
        'python -c "import ops_lint.packs as p; print(p.bundled_rules_dir())"', repo.path, bin_dir
    )
    assert "site-packages/ops_lint/_bundled_rules" in where.stdout, where.stderr
    presets = _shell(
        'python -c "import ops_lint.presets as p; print(p.known())"', repo.path, bin_dir
    )
    assert "tech-docs-site" in presets.stdout, presets.stderr  # the preset files ship too
    listing = _shell("ops-lint rules", repo.path, bin_dir)
    assert listing.returncode == 0 and "OPS005" in listing.stdout

    # the README's pre-commit config, then the one `ops-lint init` writes, as written
    pre_commit = f"{sys.executable} -m pre_commit run --all-files --color never"
    home = str(tmp_path / "pre-commit-home")
    hooked = _shell(pre_commit, repo.path, bin_dir, PRE_COMMIT_HOME=home)
    assert hooked.returncode == 1, hooked.stdout
    assert "docs/runbooks/dlq.md:" in hooked.stdout and "OPS004" in hooked.stdout

    scaffold = GitRepo(tmp_path / "new-docs")
    assert _shell("ops-lint init", scaffold.path, bin_dir).returncode == 0
    scaffold.git("add", "-A")
    hooked = _shell(pre_commit, scaffold.path, bin_dir, PRE_COMMIT_HOME=home)
    assert hooked.returncode == 1, hooked.stdout  # placeholders to fill in: the hook ran
    assert "OPS004 unresolved-placeholder" in hooked.stdout
