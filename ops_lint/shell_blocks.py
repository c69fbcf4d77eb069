"""The shell blocks of a doc, the variables it declares for them, and the ones it does not.

A shell block is a fenced block whose info string starts with a shell language (``bash``,
``sh``, ``shell``, ``zsh``; ``{.bash}``, ``bash title="x"`` and the drill blocks
``bash drill``, ``bash drill=rollback`` count: the language is the first word) or a console
session (``console``, ``shell-session``): of a console block only the command lines are
kept, those starting with ``$ `` (and the lines they continue with ``\\``), the prompt
blanked and every other line emptied, so a line and column of the script are those of the
block. A block inside a list item was de-indented by Markdown: ``indent`` is the list
item's text column, so a column maps back to the file.

A doc declares the inputs of its steps in front-matter ``inputs:`` (a mapping ``NAME:
description``, or a list of names or of ``{name: …}``) or in a section titled like
Inputs, Variables or Parameters whose list items (or table rows) start with the name.
"""

from __future__ import annotations

import fnmatch
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from ops_lint.model import CodeBlock, Document, ListItem
from ops_lint.shell_scan import scan

SHELLS = ("bash", "sh", "shell", "zsh")
CONSOLES = ("console", "shell-session")
INPUT_TITLES = ("inputs", "input", "variables", "parameters")

_NAME = re.compile(r"[$`{]*+([A-Za-z_][A-Za-z0-9_]*)")


class ShellBlock(NamedTuple):
    number: int  # 1-based, among the doc's shell blocks
    language: str  # the info string's first word, lower case
    fence: int  # the doc line of the opening fence; the script starts on the next
    indent: int  # columns the block was de-indented by (a block in a list item)
    text: str  # the script (of a console block: its command lines only)

    @property
    def label(self) -> str:
        return f"{self.language} block at line {self.fence}"

    def position(self, offset: int) -> tuple[int, int]:
        """The doc line and column of ``offset`` in ``text``."""
        starts = _line_starts(self.text)
        line = bisect_right(starts, offset) - 1
        return self.fence + 1 + line, self.indent + offset - starts[line] + 1

    def line_text(self, offset: int) -> str:
        """The script line holding ``offset``, stripped."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return self.text[start : end if end >= 0 else len(self.text)].strip()


@lru_cache(maxsize=32)
def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def language(info: str) -> str:
    """The language an info string names: ``{.bash}``, ``bash title="x"`` -> ``bash``."""
    words = info.split(None, 1)
    return words[0].strip("{}.").lower() if words else ""


def console_script(text: str) -> str:
    """The command lines of a console session, prompts blanked, other lines emptied."""
    kept: list[str] = []
    continued = False
    for line in text.split("\n"):
        body = line.lstrip()
        if continued:
            kept.append(line)
        elif body.startswith("$ ") or body == "$":
            kept.append(line[: len(line) - len(body)] + "  " + body[2:])
        else:
            kept.append("")
        continued = kept[-1].endswith("\\")
    return "\n".join(kept)


def shell_blocks(
    doc: Document, shells: Iterable[str] = SHELLS, consoles: Iterable[str] = CONSOLES
) -> list[ShellBlock]:
    """The doc's shell and console blocks, in doc order."""
    shells, consoles = set(shells), set(consoles)
    found: list[ShellBlock] = []
    for block in doc.code_blocks:
        lang = language(block.info)
        if lang in shells:
            text = block.content
        elif lang in consoles:
            text = console_script(block.content)
        else:
            continue
        found.append(ShellBlock(len(found) + 1, lang, block.line, _indent(doc, block), text))
    return found


def _indent(doc: Document, block: CodeBlock) -> int:
    """How far Markdown de-indented ``block``: the text column of the list item it is in
    (the last item before it in its section, with no top-level paragraph between)."""
    at = bisect_left(doc.items, block.line, key=lambda i: i.line)
    item: ListItem | None = doc.items[at - 1] if at else None
    if item is None or item.section != block.section:
        return 0
    lo = bisect_left(doc.texts, item.line + 1, key=lambda t: t.line)
    hi = bisect_left(doc.texts, block.line, key=lambda t: t.line)
    if any(t.column == 1 and t.context == "paragraph" for t in doc.texts[lo:hi]):
        return 0
    if item.column > 1:
        return item.column - 1
    return 3 if item.ordered else 2  # an item starting with code: "1. `edictl` …"


def _name(value: object) -> str | None:
    match = _NAME.match(value.strip()) if isinstance(value, str) else None
    return match.group(1) if match else None


def declared_inputs(
    doc: Document, field: str = "inputs", titles: Iterable[str] = INPUT_TITLES
) -> dict[str, int]:
    """The inputs the doc declares (front-matter ``field``, Inputs sections): name -> line."""
    found: dict[str, int] = {}
    value = doc.meta.get(field)
    line = doc.front_matter.line_of(field) or 1
    entries: list[object] = []
    if isinstance(value, dict):
        entries = list(value)
    elif isinstance(value, list):
        for entry in value:
            if isinstance(entry, dict):
                entry = entry.get("name", next(iter(entry), None) if len(entry) == 1 else None)
            entries.append(entry)
    for entry in entries:
        if (name := _name(entry)) is not None:
            found.setdefault(name, line)
    wanted = set(titles)
    for section in doc.sections:
        if not wanted.intersection(section.norm.split()):
            continue
        for item in doc.items_in(section):
            if (name := _name(item.text)) is not None:
                found.setdefault(name, item.line)
        for table in doc.tables_in(section):
            for row in table.rows:
                if row.cells and (name := _name(row.cells[0].text)) is not None:
                    found.setdefault(name, row.line)
    return found


class KnownNames:
    """Names every shell has (``HOME``, ``$1``…): exact names and ``*`` patterns."""

    def __init__(self, names: Iterable[str]) -> None:
        names = list(names)
        self.exact = {n for n in names if n == "*" or "*" not in n}  # "*": the parameter
        self.patterns = [n for n in names if n != "*" and "*" in n]

    def __contains__(self, name: str) -> bool:
        return name in self.exact or any(fnmatch.fnmatchcase(name, p) for p in self.patterns)


class Undeclared(NamedTuple):
    name: str
    block: ShellBlock
    offset: int  # of the first use, in the block's text


def undeclared(
    blocks: Iterable[ShellBlock], declared: Iterable[str], known: KnownNames
) -> Iterator[Undeclared]:
    """The first use of each variable that no earlier text of the blocks assigns (in an
    earlier block or before it in the same one) and that is neither declared nor known."""
    assigned = set(declared)
    reported: set[str] = set()
    for block in blocks:
        for event in scan(block.text):
            if event.kind != "use":
                assigned.add(event.name)
            elif not (event.name in assigned or event.name in reported or event.name in known):
                reported.add(event.name)
                yield Undeclared(event.name, block, event.offset)
