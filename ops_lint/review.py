"""Record a review in a doc's front-matter: set a field's value in the YAML text itself.

Only the value of the field changes (or, when the doc lacks it, one line per missing key
is added: at the end of the front-matter, or at the end of the nested mapping that
should hold it); every other byte of the file stays as it was: comments, quoting, key
order, line endings (LF, CRLF or CR), a byte-order mark, the other keys and the body. A
value that was quoted stays quoted the same way. The front-matter is found by the full
parser's rule and the value by the position of its YAML node, so ``last_update.date``
(a dotted field name) edits ``date:`` under ``last_update:``.

A file is refused (:class:`Refused`, nothing written) when it is binary or not UTF-8, has
no front-matter or one that does not parse or is no mapping, or when the field is a
mapping, a list or a block scalar (``|``, ``>``), or is missing from a mapping written
inline (``{...}``: a value already there is edited in place). The edited front-matter
is parsed again and must hold exactly the old data with the new values: anything else
(an anchored value an alias repeats, say) is refused too.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ops_lint import frontmatter
from ops_lint.document_light import front_matter_only

BOM = "\ufeff"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class Refused(Exception):
    """A file ``review`` will not rewrite; ``str()`` says why (never the file's text)."""


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their endings (CRLF, CR and LF, as the parser splits)."""
    return _LINE.findall(text)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _bare(line: str) -> str:
    return line.rstrip("\r\n")


def _plain_ok(value: str) -> bool:
    """Whether ``value`` reads back as the same string when written unquoted."""
    loaded = frontmatter.load(f"k: {value}\n", 1)
    return loaded.error is None and loaded.data == {"k": value}


def scalar_text(value: str, style: str | None = None) -> str:
    """``value`` as YAML: in the old value's quoting (``'``, ``"``), else plain if that
    reads back the same, else double-quoted."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or not _plain_ok(value):
        return json.dumps(value, ensure_ascii=False)
    return value


class _Front:
    """A doc's front-matter: where it is in ``lines``, its data and its node graph."""

    def __init__(self, lines: list[str]) -> None:
        text = "".join(lines)
        doc = front_matter_only("", "", text)
        if doc.front_matter_lines is None:
            raise Refused("no front-matter (a '---' block at the top) to record the review in")
        error = doc.front_matter.error
        if error is not None:
            raise Refused(f"front-matter line {error.line}: {error.message}; not rewritten")
        self.first, end = doc.front_matter_lines  # first content line, after the closer
        self.closer = end - 1
        self.data: dict[str, Any] = doc.front_matter.data
        content = "".join(_bare(line) + "\n" for line in lines[self.first : self.closer])
        try:
            self.root: yaml.Node | None = yaml.compose(content, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:  # pragma: no cover - load() parsed the same text
            raise Refused("front-matter does not parse; not rewritten") from None


def _child(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    """The value node of ``key`` (the last one, as the loader keeps)."""
    found = None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            found = value_node
    return found


def _last_line(node: yaml.Node) -> int:
    """The last content line of ``node`` (0-based, in the front-matter)."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1])
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def _replace(lines: list[str], front: _Front, node: yaml.ScalarNode, value: str) -> list[str]:
    """``lines`` with the text of scalar ``node`` replaced by ``value``."""
    if node.style in ("|", ">"):
        raise Refused("the field is a block scalar ('|' or '>'); not rewritten")
    start, end = node.start_mark, node.end_mark
    first, last = front.first + start.line, front.first + end.line
    text = scalar_text(value, node.style)
    if start.index == end.index:  # an empty value: ``last_reviewed:``
        text = " " + text
    head, tail = _bare(lines[first])[: start.column], lines[last][end.column :]
    return [*lines[:first], head + text + tail, *lines[last + 1 :]]


def _insert(
    lines: list[str], front: _Front, parent: yaml.Node | None, keys: list[str], value: str
) -> list[str]:
    """``lines`` with ``keys`` (nested, the last holding ``value``) added to ``parent``."""
    if parent is not None and not isinstance(parent, yaml.MappingNode):
        raise Refused("the field's parent is not a mapping; not rewritten")
    if parent is not None and parent.flow_style:
        raise Refused("the field's mapping is written inline ({...}); not rewritten")
    eol = _ending(lines[0]) or "\n"
    indent = parent.value[0][0].start_mark.column if parent is not None and parent.value else 0
    if parent is None or parent is front.root:
        at = front.closer
    else:
        at = front.first + _last_line(parent) + 1
    added = []
    for depth, key in enumerate(keys):
        pad = " " * (indent + 2 * depth)
        tail = f" {scalar_text(value)}" if depth == len(keys) - 1 else ""
        added.append(f"{pad}{scalar_text(key)}:{tail}{eol}")
    return [*lines[:at], *added, *lines[at:]]


def _path(data: dict[str, Any], name: str) -> list[str]:
    """The keys of field ``name``: a top-level key that holds the dot is read first."""
    return [name] if name in data else name.split(".")


def _set(lines: list[str], name: str, value: str) -> list[str]:
    """``lines`` with field ``name`` set to ``value`` (unchanged when it already is)."""
    front = _Front(lines)
    keys = _path(front.data, name)
    node = front.root
    for index, key in enumerate(keys):
        if not isinstance(node, yaml.MappingNode):
            where = ".".join(keys[:index]) or "the front-matter"
            if node is not None:
                raise Refused(f"'{where}' is not a mapping; not rewritten")
            return _insert(lines, front, node, keys[index:], value)
        child = _child(node, key)
        if child is None:
            return _insert(lines, front, node, keys[index:], value)
        node = child
    if not isinstance(node, yaml.ScalarNode):
        raise Refused(f"'{name}' holds a mapping or a list, not a value; not rewritten")
    if node.value == value and node.tag != "tag:yaml.org,2002:null":
        return lines
    return _replace(lines, front, node, value)


def _expected(data: dict[str, Any], values: list[tuple[str, str]]) -> dict[str, Any]:
    want = copy.deepcopy(data)
    for name, value in values:
        keys = _path(data, name)
        place = want
        for key in keys[:-1]:
            place = place.setdefault(key, {})
        place[keys[-1]] = value
    return want


def record(data: bytes, values: list[tuple[str, str]]) -> bytes:
    """``data`` (a doc file) with each (field, value) of ``values`` set; raises Refused."""
    if b"\0" in data:
        raise Refused("a binary file (it holds NUL bytes); not rewritten")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(f"not UTF-8 text (byte {exc.start}); not rewritten") from None
    bom = BOM if text.startswith(BOM) else ""
    lines = _lines(text[len(bom) :])
    before = _Front(lines).data
    for name, value in values:
        lines = _set(lines, name, value)
    try:
        after: Any = _Front(lines).data
    except Refused:
        after = None
    if after != _expected(before, values):
        raise Refused("the edited front-matter would not read back as meant; not rewritten")
    return (bom + "".join(lines)).encode("utf-8")


def write_file(path: Path, data: bytes) -> None:
    """Replace the file ``path`` (its real file, not a symlink) by ``data`` atomically,
    keeping its permission bits."""
    real = Path(os.path.realpath(path))
    handle, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(tmp, real.stat().st_mode & 0o7777)
        os.replace(tmp, real)
    except BaseException:
        os.unlink(tmp)
        raise
