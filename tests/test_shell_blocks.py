"""Shell blocks of runbooks: extraction, the variables they use and set, and their syntax."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from ops_lint.document import build
from ops_lint.shell_blocks import KnownNames, declared_inputs, shell_blocks, undeclared
from ops_lint.shell_scan import scan
from ops_lint.shell_syntax import Settings, bash_syntax, check_scripts


def uses(script: str) -> list[str]:
    """The variables ``script`` uses before any assignment of them."""
    assigned: set[str] = set()
    found: list[str] = []
    for event in scan(script):
        if event.kind != "use":
            assigned.add(event.name)
        elif event.name not in assigned and event.name not in found:
            found.append(event.name)
    return found


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("echo '$SINGLE' \"$DOUBLE\" $BARE", ["DOUBLE", "BARE"]),
        ('echo "it\'s $A" \'say "$B"\'', ["A"]),
        ("echo \\$ESCAPED $'it\\'s $ANSI' $AFTER", ["AFTER"]),
        ('echo $(date -d "$WHEN" +%s) `echo $TICK` $( (echo $SUB) )', ["WHEN", "TICK", "SUB"]),
        ("echo ${VAR:-default} ${OTHER:=x} ${PLUS:+y} ${MISSING:?set it}", ["MISSING"]),
        (
            "echo ${VAR:-$FALLBACK} ${NAME#prefix} ${#LEN} ${PAT/a/$REPL}",
            ["FALLBACK", "NAME", "LEN", "PAT", "REPL"],
        ),
        ("i=0; echo $((i + 1)) $((COUNT * 2)); ((n++)); echo $n", ["COUNT"]),
        ("echo $((0x1f + 16#ff + base))", ["base"]),
        ("arr=(a b); echo ${arr[@]} ${#arr[@]} ${arr[$IDX]}", ["IDX"]),
        ("echo $1 $@ $# $? $$ $! $0 ${10}", ["1", "@", "#", "?", "$", "!", "0", "10"]),
        ("X=$X", ["X"]),
        ("export A=1 B=$A; local C; declare -a D=(); readonly E=2; echo $A$B$C$D$E", []),
        ('read -r -p "Ticket? " T; read -a ARR; echo $T ${ARR[0]}', []),
        ("for q in a b; do echo $q; done; for ((k=0; k<3; k++)); do echo $k; done", []),
        ("while getopts 'ab' opt; do echo $opt; done; mapfile -t L < f; echo $L", []),
        ("printf -v OUT '%s' x; echo $OUT; echo $REPLY # and $COMMENTED", ["REPLY"]),
        ("aws ec2 run --tag Name=x; echo $Name", ["Name"]),
        (
            "cat <<EOF\n$IN_HEREDOC\nEOF\ncat <<'EOF'\n$QUOTED\nEOF\necho $AFTER",
            ["IN_HEREDOC", "AFTER"],
        ),
        ('cat <<-"END" | grep x\n\t$NOT\n\tEND\necho ok', []),
        ('cat <<< "$HERE_STRING"', ["HERE_STRING"]),
        ('cmd > "$OUT_FILE" 2>&1; X=1 >log cmd2; echo $X', ["OUT_FILE"]),
        ("diff <(sort $LEFT) <(sort $RIGHT)", ["LEFT", "RIGHT"]),
        ("echo a \\\n  $CONTINUED", ["CONTINUED"]),
    ],
)
def test_variables_used_before_assignment(script: str, expected: list[str]) -> None:
    assert uses(script) == expected


def test_deep_nesting_is_read_as_text_not_recursed() -> None:
    script = "echo " + "$(" * 5000 + "$DEEP" + ")" * 5000
    assert isinstance(scan(script), list)


RUNBOOK = """\
---
type: runbook
inputs:
  ACCT: the account id
  - not a list
---
# Runbook

## Inputs and variables

- `DR_TICKET`: the change ticket
- REGION — the region

| Variable | Meaning |
|---|---|
| `PARTNER` | the partner id |

## Steps

1. `ack-service` health:

   ```bash
   echo "$ACCT $DR_TICKET $REGION $PARTNER"
   ```

   - nested:

     ```sh
     echo $NESTED
     ```

Back at the top level.

```console
$ echo $PROMPTED \\
    $CONTINUED
$OUTPUT is output
```

```text
$NOT_SHELL
```
"""


def test_blocks_inputs_and_positions() -> None:
    text = RUNBOOK.replace("  - not a list\n", "")
    doc = build("r.md", "/x/r.md", text, 20)
    blocks = shell_blocks(doc)
    assert [(b.language, b.fence, b.indent) for b in blocks] == [
        ("bash", 21, 3),
        ("sh", 27, 5),
        ("console", 33, 0),
    ]
    assert blocks[2].text == "  echo $PROMPTED \\\n    $CONTINUED\n\n"
    inputs = declared_inputs(doc)
    assert sorted(inputs) == ["ACCT", "DR_TICKET", "PARTNER", "REGION"]
    misses = list(undeclared(blocks, inputs, KnownNames(["HOME"])))
    assert [m.name for m in misses] == ["NESTED", "PROMPTED", "CONTINUED"]
    lines = text.split("\n")
    for miss in misses:
        line, column = miss.block.position(miss.offset)
        assert lines[line - 1][column - 1 :].startswith("$" + miss.name)


def test_front_matter_inputs_as_a_list() -> None:
    text = "---\ntype: runbook\ninputs: [ACCT, {name: TICKET}, {REGION: where}, '$PARTNER']\n---\n"
    doc = build("r.md", "/x/r.md", text, 20)
    assert sorted(declared_inputs(doc)) == ["ACCT", "PARTNER", "REGION", "TICKET"]


def test_known_names_take_patterns_and_the_star_parameter() -> None:
    known = KnownNames(["*", "BASH_*", "HOME"])
    assert "*" in known and "BASH_SOURCE" in known and "HOME" in known
    assert "ACCT" not in known


BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")
needs_shellcheck = pytest.mark.skipif(
    shutil.which("shellcheck") is None,
    reason="shellcheck is not installed (apt-get install shellcheck)",
)


@needs_bash
def test_bash_n_parses_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    scripts = [f"touch {marker}\n", "echo )\n", f"touch {marker}; if true; then\n  echo\n"]
    assert BASH is not None
    found = bash_syntax(BASH, scripts, 2)
    assert not isinstance(found, str)
    assert found[0] is None
    assert found[1] is not None and "unexpected token" in found[1].message
    assert found[2] is not None and found[2].offset == 1 and found[2].column == 3
    assert not marker.exists()


@needs_bash
def test_block_text_never_reaches_a_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    real = subprocess.run

    def spy(argv: list[str], **kwargs: Any) -> Any:
        calls.append({"argv": argv, **kwargs})
        return real(argv, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    secret = "echo SECRET_BLOCK_TEXT )"
    settings = Settings(True, "warning", ("2154",), 2)
    outcome = check_scripts([secret], settings, (lambda key: None, lambda key, value: None))
    assert outcome.problems[secret][0].source == "bash -n"
    assert calls
    for call in calls:
        assert not any("SECRET" in arg for arg in call["argv"])
        assert call.get("shell") is not True
        assert call["env"] == {"PATH": os.defpath, "LC_ALL": "C"}
        assert call["timeout"] > 0


@needs_bash
def test_results_are_remembered_per_block_text() -> None:
    store: dict[bytes, Any] = {}
    settings = Settings(False, "warning", (), 2)
    memory = (store.get, store.__setitem__)
    first = check_scripts(["echo ok\n", "echo )\n"], settings, memory)
    assert len(store) == 2
    second = check_scripts(["echo )\n"], settings, (store.get, lambda key, value: None))
    assert second.problems["echo )\n"] == first.problems["echo )\n"]


def test_without_bash_nothing_is_checked_and_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    settings = Settings(True, "warning", (), 2)
    outcome = check_scripts(["echo )"], settings, (lambda key: None, lambda key, value: None))
    assert outcome.problems == {}
    assert outcome.notes == ["bash is not on the PATH: shell syntax was not checked"]


@needs_bash
@needs_shellcheck
def test_shellcheck_findings_map_to_their_block(
    tmp_path: Path, ops_lint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    runbook = tmp_path / "ops-docs/runbooks/rollback.md"
    runbook.parent.mkdir(parents=True)
    runbook.write_text(
        "---\ntype: runbook\n---\n# Rollback\n\n1. Clean up:\n\n   ```bash\n"
        "   echo start\n   rm -rf $BUILD_DIR/*\n   echo $UNSET_IS_OPS707s\n   ```\n",
        encoding="utf-8",
    )
    (tmp_path / ".ops-lint.yaml").write_text("docs: [ops-docs]\nselect: [OPS708]\n")
    run = ops_lint(tmp_path, "check", "--format", "json", "--as-of", "2026-11-27")
    found = [(d["line"], d["column"], d["message"]) for d in run.json()["diagnostics"]]
    assert len(found) == 1, found
    line, column, message = found[0]
    assert (line, column) == (10, 11)
    assert message.startswith("shellcheck SC2115: ")
    assert list(scratch.iterdir()) == []  # the blocks' files are gone
