"""The parse floor: what parsing every doc costs with nothing else, in one fresh process.

A linter of Markdown docs cannot be cheaper than reading and parsing them once, so each
floor is a small script run as ``python -c SCRIPT FILE_LIST`` (imports included, as a
linter run pays them), over the same files the linter checks:

Front-matter that is not valid YAML is parsed and its error dropped, as a linter reports it.

- ``markdown-it-py``: the reference parser in the configuration ops-lint uses (CommonMark,
  GFM tables, strikethrough, front-matter plugin), plus the PyYAML safe loader (the C one
  when available) on each front-matter block;
- ``markdown-it-pyrs``: the Rust port of markdown-it, same extensions, source maps on,
  plus the same YAML load; measured only when the package is importable;
- ``ops-lint model``: ``ops_lint.document.from_bytes`` on every file, the whole document
  model ops-lint's rules read, built by whichever parser the package chooses at that moment.

Each script prints the number of files it parsed, so a floor over the wrong files shows.
The scripts run with ``python -I`` in the corpus: isolated mode keeps the working directory
off ``sys.path``, so a ``yaml.py`` or ``ops_lint/`` in a repository is never imported.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

MARKDOWN_IT_PY = r"""
import sys
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
md = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(front_matter_plugin)
count = 0
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    tokens = md.parse(open(path, "rb").read().decode("utf-8-sig", "replace"))
    if tokens and tokens[0].type == "front_matter":
        try:
            yaml.load(tokens[0].content, Loader=Loader)
        except yaml.YAMLError:
            pass
    count += 1
print(count)
"""

MARKDOWN_IT_PYRS = r"""
import sys
import yaml
from markdown_it_pyrs import MarkdownIt

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
md = MarkdownIt("commonmark").enable("table").enable("strikethrough").enable("front_matter")
count = 0
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    root = md.tree(open(path, "rb").read().decode("utf-8-sig", "replace"))
    first = root.children[0] if root.children else None
    if first is not None and first.name == "front_matter":
        try:
            yaml.load(first.meta["content"], Loader=Loader)
        except yaml.YAMLError:
            pass
    count += 1
print(count)
"""

OPS_LINT_MODEL = r"""
import os
import sys
from ops_lint.document import from_bytes

LIMIT = 5_000_000  # the default max-file-size
count = 0
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(path, "rb") as handle:
        data = handle.read(LIMIT + 1)
    from_bytes(path, os.path.abspath(path), data, LIMIT)
    count += 1
print(count)
"""


class Floor(NamedTuple):
    name: str
    script: str
    needs: str  # the module that must be importable


FLOORS = (
    Floor("markdown-it-py", MARKDOWN_IT_PY, "markdown_it"),
    Floor("markdown-it-pyrs", MARKDOWN_IT_PYRS, "markdown_it_pyrs"),
    Floor("ops-lint model", OPS_LINT_MODEL, "ops_lint.document"),
)

ONE_FILE_PARSE = r"""
import os
import statistics
import sys
import time
from ops_lint.document import from_bytes

LIMIT = 5_000_000
path = sys.argv[1]
with open(path, "rb") as handle:
    data = handle.read(LIMIT + 1)
from_bytes(path, os.path.abspath(path), data, LIMIT)  # warm-up: lazy imports, caches
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    from_bytes(path, os.path.abspath(path), data, LIMIT)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def available(python: str, module: str) -> bool:
    """Whether ``python`` can import ``module``."""
    done = subprocess.run(
        [python, "-I", "-c", f"import {module}"], capture_output=True, stdin=subprocess.DEVNULL
    )
    return done.returncode == 0


def write_file_list(paths: Sequence[str], target: Path) -> Path:
    target.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return target


def one_file_parse(python: str, root: Path, path: str, repeat: int = 9) -> float:
    """Seconds ops-lint's own parse of one doc takes in-process (median, after a warm-up)."""
    done = subprocess.run(
        [python, "-I", "-c", ONE_FILE_PARSE, path, str(repeat)],
        cwd=root,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=True,
    )
    return float(done.stdout.strip())
