"""Colour on a terminal: whether to use it, and the few styles the text report uses.

``--color auto`` (the default) colours the text report only when it goes to a terminal:
standard output is a TTY, no ``--output FILE`` is given and ``NO_COLOR`` is unset or
empty (https://no-color.org). ``--color always`` colours standard output even through a
pipe (``| less -R``) and whatever ``NO_COLOR`` says, since an option on the command line
is more specific than the environment; ``--color never`` never colours. A report written
with ``--output FILE`` and every machine format (JSON, SARIF, ...) never carry colour.

Styles wrap text that has already gone through ``escape.visible``: a doc cannot bring
escape sequences of its own, only ops-lint's SGR codes reach the terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TextIO

ColorChoice = Literal["auto", "always", "never"]
CHOICES: tuple[ColorChoice, ...] = ("auto", "always", "never")

_RESET = "\x1b[0m"
_SEVERITY = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"


def wanted(
    choice: ColorChoice,
    *,
    to_file: bool,
    stream: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> bool:
    """Whether the text report is coloured: ``choice`` as described in the module docs."""
    if to_file or choice == "never":
        return False
    if choice == "always":
        return True
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", ""):
        return False
    out = sys.stdout if stream is None else stream
    try:
        return out is not None and out.isatty()
    except (AttributeError, ValueError, OSError):
        return False


@dataclass(frozen=True, slots=True)
class Palette:
    """Styles of the text report; the plain palette returns text unchanged."""

    on: bool = False

    def _wrap(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.on and text else text

    def severity(self, name: str) -> str:
        return self._wrap(_SEVERITY.get(name, _BOLD), name)

    def code(self, text: str) -> str:
        return self._wrap(_BOLD, text)

    def path(self, text: str) -> str:
        return self._wrap(_BOLD, text)

    def faint(self, text: str) -> str:
        return self._wrap(_DIM, text)
