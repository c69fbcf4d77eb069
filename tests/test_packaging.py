"""The wheel carries the bundled pack: install it elsewhere and lint a fresh repo."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from tests.conftest import ROOT, write_tree


def _run(*cmd: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_wheel_installs_and_lints_another_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = _run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, ROOT)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = dist.glob("ops_lint-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    installed = _run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel)
    assert installed.returncode == 0, installed.stderr[-2000:]

    repo = tmp_path / "other-repo"
    write_tree(
        repo,
        {
            "docs/runbooks/dlq.md": "---\ntitle: DLQ\ntype: runbook\nowner: edi-ops\n"
            "last_reviewed: 2026-11-01\nreview_cycle_days: 90\n---\n"
            "# DLQ\n\nThreshold: <number> messages.\n",
            "pyproject.toml": '[tool.ops-lint]\ndocs = ["docs"]\nselect = ["OPS00"]\n',
        },
    )
    _run("git", "init", "-q", cwd=repo)
    result = _run(bin_dir / "ops-lint", "check", "--format", "json", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert '"code": "OPS004"' in result.stdout
    assert (
        "ops_lint/_bundled_rules"
        in _run(
            bin_dir / "python",
            "-c",
            "import ops_lint.packs as p; print(p.bundled_rules_dir())",
            cwd=repo,
        ).stdout
    )
    listing = _run(bin_dir / "ops-lint", "rules", cwd=repo)
    assert listing.returncode == 0 and "OPS005" in listing.stdout
