"""What a run imports, pinned by module name rather than by time (a timed test would fail
on a busy machine and pass on a fast one).

- Building the command line (``--version``, ``--help``, a usage error) imports no command
  implementation: no config models, no pydantic, no YAML, no Markdown parser.
- The pre-commit path, ``check --no-git FILE`` with a warm cache, takes the config and
  rules from the settings memo: it imports neither ``jsonschema`` (packs were validated
  when the memo was written) nor GitPython, nor ``tomllib`` or ``importlib.metadata``, and
  builds no pydantic validator.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import BUILT_VALIDATORS

GOLDEN = Path(__file__).resolve().parent / "golden" / "small"

_REPORT = BUILT_VALIDATORS + (
    "import json, sys\n"
    "print('MODULES', json.dumps({'rc': rc, 'modules': sorted(sys.modules), 'built': built}))\n"
)


def _modules(cwd: Path, args: list[str], report_models: bool = True) -> dict[str, object]:
    """Run ``main(args)`` in a fresh interpreter; what it had imported at the end."""
    code = (
        "import sys\n"
        "from ops_lint.cli import main\n"
        "try:\n"
        f"    rc = main({args!r})\n"
        "except SystemExit as exc:\n"
        "    rc = exc.code\n"
    )
    if report_models:
        code += _REPORT
    else:
        code += "import json\n"
        code += "print('MODULES', json.dumps({'rc': rc, 'modules': sorted(sys.modules)}))\n"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )
    line = [x for x in proc.stdout.splitlines() if x.startswith("MODULES ")]
    assert line, proc.stderr
    result: dict[str, object] = json.loads(line[-1].removeprefix("MODULES "))
    return result


def test_building_the_command_line_imports_no_command(tmp_path: Path) -> None:
    for args in (["--version"], ["check", "--help"], ["check", "--no-such-option"]):
        found = _modules(tmp_path, args, report_models=False)
        modules = set(found["modules"])  # type: ignore[call-overload]
        assert found["rc"] in (0, 2)
        heavy = {"pydantic", "yaml", "markdown_it", "jsonschema", "ops_lint.config"}
        heavy |= {"ops_lint.pipeline", "ops_lint.review", "ops_lint.packs", "git"}
        assert not modules & heavy, (args, sorted(modules & heavy))


def test_the_pre_commit_path_imports_no_schema_validator_and_no_gitpython(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    shutil.copytree(GOLDEN, project, ignore=shutil.ignore_patterns(".ops_lint_cache"))
    (project / ".git").mkdir()
    args = ["check", "--no-git", "--as-of", "2026-11-27", "ops-docs/runbooks/dlq.md"]
    cold = _modules(project, args)
    assert "jsonschema" in cold["modules"]  # type: ignore[operator]
    assert cold["built"]  # the cold run validated the config and the packs
    warm = _modules(project, args)
    assert warm["rc"] == cold["rc"]
    modules = set(warm["modules"])  # type: ignore[call-overload]
    absent = {"jsonschema", "referencing", "git", "tomllib", "importlib.metadata"}
    assert not modules & absent, sorted(modules & absent)
    assert warm["built"] == []
