"""``python -m ops_lint``: the command line, importing nothing from the working directory.

``python -m`` puts the working directory first on ``sys.path``. When ops-lint runs on a
checkout under review that directory belongs to the pull request, and a committed
``yaml.py`` or ``jsonschema/`` would be imported in place of the real library. Those
entries go before anything else is imported. (A committed ``ops_lint/`` is found by
``python -m`` itself, before this file runs: in CI, call the ``ops-lint`` script.)
"""

from __future__ import annotations

import os
import sys


def drop_working_directory(path: list[str]) -> None:
    """Remove the entries of ``path`` that are relative or name the working directory."""
    try:
        here = os.path.realpath(os.getcwd())
    except OSError:  # the working directory was removed: only relative entries follow it
        here = None
    path[:] = [p for p in path if os.path.isabs(p) and os.path.realpath(p) != here]


if __name__ == "__main__":
    drop_working_directory(sys.path)
    from ops_lint.cli import main

    raise SystemExit(main())
