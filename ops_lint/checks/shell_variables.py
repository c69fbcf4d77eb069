"""Shell steps that use a variable the runbook never sets or declares.

An on-call engineer copies a runbook's shell blocks into a terminal. A variable the
runbook never mentions (``$ACCT`` in a queue URL) expands to nothing and the command
quietly does the wrong thing. Each shell block of a runbook (info string ``bash``, ``sh``,
``shell``, ``zsh``; of a ``console`` block only the command lines, those starting with
``$ ``) may use a variable only when it is:

- assigned earlier in the runbook, in an earlier block or before the use in the same one:
  ``VAR=…``, ``export VAR=…``, ``local``/``declare``/``readonly VAR``, ``read [-r] VAR``,
  ``for VAR in``, ``getopts``, ``mapfile``, ``printf -v VAR``, ``${VAR:=x}``;
- used with a default (``${VAR:-default}``, ``${VAR:+x}``), which also declares it;
- declared as an input of the runbook: front-matter ``inputs:`` (a mapping ``NAME:
  description`` or a list of names), or a section titled Inputs, Variables or Parameters
  whose list items (or table rows) start with `` `NAME` ``;
- a well-known environment variable or shell parameter (option ``known``).

Single-quoted text, comments and quoted heredocs (``<<'EOF'``) are not read; double
quotes, ``$(…)``, backticks, unquoted heredocs and ``$((…))`` are. One finding per
variable, at its first use. A runbook without shell blocks passes with that as evidence.

Options:
- ``known``: names that need no declaration; ``*`` matches any text (default: ``HOME``,
  ``PATH``, ``USER``, ``PWD``, ``SHELL``, ``TMPDIR``, ``LANG``, ``AWS_PROFILE``,
  ``AWS_REGION``, ``AWS_DEFAULT_REGION``, ``KUBECONFIG``, the positional and special
  parameters ``0``–``9 @ * # ? $ ! - _``, ``RANDOM``, ``SECONDS``, ``LINENO``,
  ``PIPESTATUS``, ``REPLY``, ``OPTARG``, ``OPTIND``, ``BASH_*`` and a few more).
- ``extra_known``: names added to ``known`` (default none).
- ``shells``: shell languages (default ``bash``, ``sh``, ``shell``, ``zsh``).
- ``consoles``: console-session languages (default ``console``, ``shell-session``).
- ``inputs_field``: the front-matter key of the inputs (default ``inputs``).
- ``input_titles``: words of the inputs sections' titles (default ``inputs``,
  ``input``, ``variables``, ``parameters``).

Fail:

    ```bash
    aws sqs get-queue-attributes --queue-url https://sqs.us-east-1.amazonaws.com/$ACCT/edi-ack
    ```

("variable $ACCT is used in the bash block at line 12 but never assigned or declared").

Pass: the same block after ``inputs: {ACCT: "the production AWS account id"}`` in the
front-matter, or after a step ``ACCT=$(aws sts get-caller-identity --query Account
--output text)``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.context import Context
from ops_lint.model import Document
from ops_lint.shell_blocks import (
    CONSOLES,
    INPUT_TITLES,
    SHELLS,
    KnownNames,
    declared_inputs,
    shell_blocks,
    undeclared,
)

KIND = "shell-variables"

_KNOWN = """
HOME PATH USER LOGNAME PWD OLDPWD SHELL TMPDIR LANG LC_ALL TERM EDITOR HOSTNAME UID EUID PPID
IFS PS1 PS4 AWS_PROFILE AWS_REGION AWS_DEFAULT_REGION KUBECONFIG
0 1 2 3 4 5 6 7 8 9 @ * # ? $ ! - _
RANDOM SECONDS LINENO PIPESTATUS FUNCNAME REPLY OPTARG OPTIND OPTERR BASH_*
"""
KNOWN = tuple(_KNOWN.split())


class Options(CheckOptions):
    known: tuple[str, ...] = KNOWN
    extra_known: tuple[str, ...] = ()
    shells: tuple[str, ...] = SHELLS
    consoles: tuple[str, ...] = CONSOLES
    inputs_field: str = Field(default="inputs", min_length=1)
    input_titles: tuple[str, ...] = INPUT_TITLES


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    blocks = shell_blocks(doc, options.shells, options.consoles)
    if not blocks:
        languages = ", ".join((*options.shells, *options.consoles))
        yield Evidence(1, f"no shell blocks ({languages}): no variables to check")
        return
    inputs = declared_inputs(doc, options.inputs_field, options.input_titles)
    known = ctx.cached(
        f"{KIND}:known:{options.known}:{options.extra_known}",
        lambda: KnownNames((*options.known, *options.extra_known)),
    )
    found = False
    for miss in undeclared(blocks, inputs, known):
        found = True
        line, column = miss.block.position(miss.offset)
        yield Finding(
            line,
            column,
            f"variable ${miss.name} is used in the {miss.block.label} but never assigned "
            "before it in the runbook or declared as an input",
            f"assign it in an earlier step ({miss.name}=…), declare it in the front-matter "
            f"('{options.inputs_field}: {{{miss.name}: what it is and where to find it}}') "
            f"or in an Inputs section item starting with `{miss.name}`; a variable every "
            "shell has goes in the rule's 'extra_known' option",
            miss.block.line_text(miss.offset)[:120],
        )
    if not found:
        names = ", ".join(sorted(inputs)) or "none"
        yield Evidence(
            blocks[0].fence,
            f"{len(blocks)} shell block(s): every variable assigned, declared or known "
            f"(inputs: {names})",
        )
