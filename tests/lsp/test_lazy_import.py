"""The command line imports the LSP library only when ``ops-lint server`` runs."""

from __future__ import annotations

import subprocess
import sys


def test_other_commands_do_not_import_the_lsp_library() -> None:
    code = (
        "import sys\n"
        "from ops_lint.cli_args import build_parser\n"
        "build_parser().parse_args(['server'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
