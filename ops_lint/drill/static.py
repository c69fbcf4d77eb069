"""What ``ops-lint drill`` checks before anything runs.

For each runbook, :func:`static_problems` lists (as human-readable lines) what would make
the drill meaningless or unsafe, and the runner runs nothing when there is any:

- the runbook has no drill blocks;
- a drill block uses a variable that no earlier drill block (in running order) sets and
  that is not a drill input (``drill.inputs``), a name the caller knows or one bash and
  the drill environment always set (:data:`SHELL_KNOWN`: ``$?``, ``$1``, ``HOME``,
  ``PATH``, ``RANDOM``…): the OPS707 logic, where only what the drill provides counts;
- a drill block does not parse (``bash -n``) or shellcheck warns about it (when
  installed; SC2154 and SC2034 are left out, as in OPS708);
- a command is neither stubbed by the platform spec nor a base command
  (:data:`BASE_COMMANDS`: bash builtins and local text and file tools), is called by a
  path (``/usr/bin/aws``: the stubs cannot answer it) or by a variable (``$CMD``).

:func:`commands_of` finds the command of each simple command: after pipes, ``&&``,
``||``, ``;``, inside ``$( )``, backticks and ``<( )``, after variable assignments and the
prefixes ``sudo``, ``command``, ``exec``, ``env``, ``time``, ``nohup``, ``timeout``,
``nice`` and ``xargs`` (with their options). Keywords, ``case`` patterns and functions
the block defines are not commands.
"""

from __future__ import annotations

import os
from collections.abc import Container, Iterable
from pathlib import Path

from ops_lint.drill.convention import DrillPlan
from ops_lint.drill.platform import Platform, shown
from ops_lint.model import Document
from ops_lint.shell_blocks import KnownNames, ShellBlock, undeclared
from ops_lint.shell_scan import _ASSIGN, _RESERVED, _Scanner
from ops_lint.shell_syntax import SHELLCHECK_MISSING, Settings, check_scripts

_BUILTINS = """
. : [ [[ alias bg break builtin caller cd command compgen continue declare dirs disown echo
enable eval exec exit export false fg getopts hash help jobs kill let local mapfile popd
printf pushd pwd read readarray readonly return set shift shopt source test times trap
true type typeset ulimit umask unalias unset wait
"""
_TOOLS = """
awk base64 basename cat cmp column comm cp cut date diff dirname du egrep env expr fgrep
fold grep gunzip gzip head id jq join ls md5sum mkdir mktemp mv nl nohup numfmt od paste
printenv readlink realpath rev rm rmdir sed seq sha1sum sha256sum sleep sort split stat
tac tail tee time timeout touch tr truncate uname uniq wc which whoami xargs yes zcat
"""
BASE_COMMANDS = frozenset((_BUILTINS + _TOOLS).split())
KEYWORDS = frozenset(["for", "select", "case", "esac", "in", "function", "]]", "coproc"])
# set by bash itself or by the drill's environment, whatever the caller counts as known
_SHELL_KNOWN = """
0 1 2 3 4 5 6 7 8 9 @ * # ? $ ! - _ HOME PATH LANG PWD OLDPWD IFS PS4 UID EUID PPID RANDOM
SECONDS LINENO PIPESTATUS FUNCNAME REPLY OPTARG OPTIND OPTERR HOSTNAME BASH*
"""
SHELL_KNOWN = tuple(_SHELL_KNOWN.split())
SHELLCHECK_EXCLUDE = ("2154", "2034")  # as OPS708: shell-variables reports unset names

# prefix -> its options that take an argument (the command follows the prefix)
_PREFIXES: dict[str, frozenset[str]] = {
    "sudo": frozenset(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"]),
    "command": frozenset(),
    "builtin": frozenset(),
    "exec": frozenset(["-a"]),
    "env": frozenset(["-u", "-C", "-S"]),
    "time": frozenset(),
    "nohup": frozenset(),
    "nice": frozenset(["-n"]),
    "timeout": frozenset(["-s", "-k"]),
    "xargs": frozenset(["-n", "-I", "-P", "-L", "-d", "-E", "-s", "-a"]),
}


def _unquoted(word: str) -> str:
    return word.replace('"', "").replace("'", "").lstrip("\\")


def _command_word(texts: list[str]) -> int | None:
    """The index of the word of ``texts`` (a simple command's words) that names what runs."""
    k = 0
    while k < len(texts) and (texts[k] in _RESERVED or _ASSIGN.match(texts[k])):
        k += 1
    while k < len(texts) and (prefix := _unquoted(texts[k])) in _PREFIXES:
        if prefix == "command" and any(t in ("-v", "-V") for t in texts[k + 1 : k + 2]):
            return None  # `command -v psql` asks whether it exists; nothing runs
        start, k = k, k + 1
        while k < len(texts) and (texts[k].startswith("-") or _ASSIGN.match(texts[k])):
            k += 2 if texts[k] in _PREFIXES[prefix] else 1
        if prefix == "timeout" and k < len(texts):
            k += 1  # the duration
        if k >= len(texts):
            return start  # the prefix alone: `env`, `xargs` (echo)
    return k if k < len(texts) else None


class _Commands(_Scanner):
    """The scanner of :mod:`ops_lint.shell_scan`, recording each simple command's name."""

    def __init__(self, text: str) -> None:
        super().__init__(text, 0, 0)
        self.found: list[tuple[int, str]] = []  # offset, command
        self.functions: set[str] = set()
        self.patterns = False  # reading `case` patterns (up to their `)`)

    def command(self, words: list[tuple[int, int]]) -> None:
        super().command(words)
        s, end = self.s, self.i
        targets = {k + 1 for k, (a, _) in enumerate(words) if a < 0}
        spans = [(a, b) for k, (a, b) in enumerate(words) if a >= 0 and k not in targets]
        texts = [s[a:b] for a, b in spans]
        after = s[end : end + 2]
        if texts and texts[0] == "esac":
            self.patterns = False
        elif self.patterns and texts:
            self.patterns = after[:1] != ")"
            return
        if texts and texts[0] == "case":
            self.patterns = True
        if after in (";;", ";&"):
            self.patterns = True
        if len(texts) > 1 and texts[0] == "function":  # `function up { helm …; }`
            self.functions.add(texts[1].removesuffix("()"))
            texts, spans = texts[2:], spans[2:]
        at = _command_word(texts)
        if at is None or texts[at] in KEYWORDS or texts[at].startswith("(("):
            return
        if s[spans[at][1] :].lstrip(" \t").startswith("()"):
            self.functions.add(texts[at])
            return
        self.found.append((spans[at][0], _unquoted(texts[at])))


def _scan_commands(script: str) -> _Commands:
    (scanner := _Commands(script)).code("")
    scanner.found.sort()
    return scanner


def commands_of(script: str) -> list[tuple[int, str]]:
    """(0-based line, command name) of each simple command of ``script``, in text order;
    not the functions the script defines (nor their calls)."""
    scanner = _scan_commands(script)
    return [
        (script.count("\n", 0, at), name)
        for at, name in scanner.found
        if name not in scanner.functions
    ]


def _root(doc: Document) -> str:
    rel = Path(doc.path)
    return str(Path(doc.abspath).parents[len(rel.parts) - 1]) if rel.parts else doc.abspath


def _variables(plan: DrillPlan, known: KnownNames) -> list[str]:
    """Variables a drill block uses that nothing of the drill sets (OPS707's scan)."""
    blocks = [ShellBlock(n, "bash", b.line - 1, 0, b.text) for n, b in enumerate(plan.blocks, 1)]
    return [
        f"line {miss.block.position(miss.offset)[0]}: variable ${miss.name} is used but no "
        "earlier drill block sets it and it is not in drill.inputs"
        for miss in undeclared(blocks, plan.inputs, known)
    ]


def _syntax(plan: DrillPlan) -> list[str]:
    settings = Settings(True, "warning", SHELLCHECK_EXCLUDE, 5.0)
    outcome = check_scripts([b.text for b in plan.blocks], settings, (lambda _: None, _forget))
    problems = [n for n in outcome.notes if n != SHELLCHECK_MISSING]
    for block in plan.blocks:
        for problem in outcome.problems.get(block.text, ()):
            problems.append(
                f"line {block.line + problem.offset}: {problem.source}: {problem.message}"
            )
    return problems


def _forget(key: bytes, value: object) -> None:
    """The memory of a drill's syntax check: nothing is remembered."""


def _command_problem(name: str, stubbed: Container[str], where: str) -> str | None:
    if name.startswith("$"):
        return f"the command `{name}` is a variable: a drill runs named commands only"
    if "/" in name:
        return f"`{name}` is called by its path: the stubs answer a command called by name"
    if name not in stubbed and name not in BASE_COMMANDS:
        return f"`{name}` has no stub {where} and is not a base command"
    return None


def _commands(plan: DrillPlan, platform: Platform | None, root: str) -> list[str]:
    stubbed = platform.commands if platform else {}
    specs = ", ".join(shown(p, root) for p in platform.paths) if platform else ""
    where = f"in {specs}" if specs else "(no platform spec)"
    problems: list[str] = []
    reported: set[str] = set()
    for block in plan.blocks:
        scanner = _scan_commands(block.text)
        for at, name in scanner.found:
            if name in reported or name in scanner.functions:
                continue
            problem = _command_problem(name, stubbed, where)
            if problem is not None:
                line = block.line + block.text.count("\n", 0, at)
                problems.append(f"line {line}: {problem}")
                reported.add(name)
    return problems


def static_problems(
    plan: DrillPlan, doc: Document, platform: Platform | None, ctx_known: Iterable[str]
) -> list[str]:
    """Why the drill of ``doc`` must not run (empty: it may)."""
    if not plan.blocks:
        return [
            f"{plan.path}: no drill blocks: mark the shell blocks to rehearse as "
            "```bash drill (or drill=verify, drill=rollback)"
        ]
    root = _root(doc) if doc.path else os.path.dirname(plan.abspath)
    return [
        *_variables(plan, KnownNames((*SHELL_KNOWN, *ctx_known))),
        *_syntax(plan),
        *_commands(plan, platform, root),
    ]
