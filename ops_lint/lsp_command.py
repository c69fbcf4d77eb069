"""``ops-lint server``: its arguments, and the start of the server (imported only then)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_parser(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """The ``server`` subcommand's arguments."""
    server = sub.add_parser(
        "server",
        help="language server for editors (LSP over stdin/stdout)",
        description=(
            "Speak the Language Server Protocol over stdin and stdout: findings of the open "
            "docs as diagnostics, rule docs on hover, suppression quick fixes. Started by "
            "the editor, in the workspace root."
        ),
        parents=[common],
    )
    server.add_argument("--config", metavar="FILE", help="the config (default: searched upwards)")
    server.add_argument(
        "--stdio", action="store_true", help="accepted for editors that pass it (always stdio)"
    )


def run(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.lsp_server import serve

    return serve(args.config)
