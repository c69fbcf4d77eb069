"""shellcheck started on the raw files before parsing: the scanner cuts the same blocks
as the document model, the rule adopts the prefetch only when it covers every block, and
nothing is left running or on disk."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ops_lint import shell_prefetch
from ops_lint.document import from_bytes
from ops_lint.shell_blocks import CONSOLES, shell_blocks
from ops_lint.shell_prefetch import adopt, launch, raw_blocks, results
from ops_lint.shell_syntax import Settings
from tests.conftest import ROOT

SHELLS = ("bash", "sh", "shell")
SETTINGS = Settings(True, "warning", ("2154", "2034"), 10.0)
needs_shellcheck = pytest.mark.skipif(
    shutil.which("shellcheck") is None, reason="shellcheck is not installed"
)

DOC = """\
# Steps

1. List the queue:

   ```bash drill
   aws sqs list-queues --queue-name-prefix "$PREFIX"
   ```

~~~sh
echo tilde
~~~

```console
$ kubectl get pods \\
    -n edi-core
NAME   READY
```

- nested:
    ```shell
    echo deeper
    ```
"""


def _model(text: str) -> list[str]:
    doc = from_bytes("d.md", "/x/d.md", text.encode(), 1_000_000)
    return [b.text for b in shell_blocks(doc, SHELLS, CONSOLES)]


def test_the_scanner_cuts_the_blocks_the_model_reads() -> None:
    assert raw_blocks(DOC, SHELLS, CONSOLES) == _model(DOC)


def test_the_scanner_agrees_with_the_model_on_the_bundled_docs() -> None:
    for path in sorted((ROOT / "ops-docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        model = _model(text)
        assert set(model) <= set(raw_blocks(text, SHELLS, CONSOLES)), path


@needs_shellcheck
def test_an_adopted_prefetch_gives_shellcheck_verdicts_and_cleans_up() -> None:
    scripts = ["echo $(ls)\n", "echo ok\n"]
    launch("k", scripts, SETTINGS)
    folder = Path(shell_prefetch._pending[0].run.folder.name)
    launched = adopt("k", scripts[:1])
    assert launched is not None and shell_prefetch._pending == []
    verdicts = results(launched)
    assert not isinstance(verdicts, str)
    assert [p.source for p in verdicts["echo $(ls)\n"]] == ["shellcheck SC2046"]
    assert verdicts["echo ok\n"] == []
    assert not folder.exists()


@needs_shellcheck
def test_a_prefetch_that_misses_a_block_is_dropped() -> None:
    launch("k", ["echo ok\n"], SETTINGS)
    launched = shell_prefetch._pending[0]
    assert adopt("k", ["echo ok\n", "echo other\n"]) is None
    assert shell_prefetch._pending == []
    assert all(proc.poll() is not None for proc, _ in launched.run.procs)
    assert not Path(launched.run.folder.name).exists()


@needs_shellcheck
def test_a_check_run_leaves_no_prefetch_behind(tmp_path: Path, ops_lint: Any) -> None:
    docs = tmp_path / "ops-docs" / "runbooks"
    docs.mkdir(parents=True)
    runbook = "---\ntype: runbook\n---\n# R\n\n```bash\necho $(ls)\n```\n"
    (docs / "r.md").write_text(runbook, encoding="utf-8")
    result = ops_lint(tmp_path, "check", "--format", "json", "--select", "OPS708")
    codes = [(d["code"], d["message"][:22]) for d in result.json()["diagnostics"]]
    assert codes == [("OPS708", "shellcheck SC2046: Quo")]
    assert shell_prefetch._pending == []
