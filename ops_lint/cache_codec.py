"""Data-only encoding of what ``.ops_lint_cache/`` holds: parsed documents and stored results.

The cache folder sits in the checkout, so its bytes may come from a pull request. Nothing
in it is ever unpickled: values are packed with msgpack as plain arrays and maps, and
rebuilt explicitly on load, checking every shape and type on the way. Anything that does
not fit raises :class:`Malformed` and the entry is discarded; a decoder never returns an
object of the wrong shape and never raises anything else.

Value objects are NamedTuples, which msgpack packs as arrays in C; on load each row is
checked with one comparison of its field types, so a warm run stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import msgpack  # type: ignore[import-untyped]

from ops_lint.frontmatter import MAX_DEPTH, FrontMatter, FrontMatterError
from ops_lint.model import (
    Cell,
    CodeBlock,
    Directive,
    Document,
    Link,
    ListItem,
    Row,
    Section,
    Table,
    TextSpan,
)

# What ``DocumentCache.remember`` stores: schema problems (key path, message, hint, snippet).
Problems = list[tuple[list[str], str, str, str]]

_T = TypeVar("_T")
_NONE = type(None)


class Malformed(ValueError):
    """A cache value that is not what ops-lint writes: discard it."""


def pack(value: Any) -> bytes | None:
    """msgpack bytes, or None for a value msgpack cannot hold (e.g. an int over 64 bits)."""
    try:
        packed: bytes = msgpack.packb(value, use_bin_type=True)
        return packed
    except (TypeError, ValueError, OverflowError):  # incl. UnicodeEncodeError (surrogates)
        return None


def unpack(data: bytes) -> Any:
    """Plain values from ``data``. msgpack bounds every declared length by the input size
    and nesting by its own stack, so a hostile header cannot make it allocate much."""
    try:
        return msgpack.unpackb(data, raw=False, strict_map_key=True, use_list=True)
    except (ValueError, TypeError, msgpack.UnpackException) as exc:
        raise Malformed(f"not a cache value: {type(exc).__name__}") from None


def list_of(value: Any) -> list[Any]:
    if type(value) is not list:
        raise Malformed("expected an array")
    return value


def rows(value: Any, make: Callable[[Any], _T], *shapes: tuple[type, ...]) -> list[_T]:
    """Rows whose field types are exactly one of ``shapes`` (bool is not int)."""
    allowed = set(shapes)
    out = []
    for row in list_of(value):
        if type(row) is not list or tuple(map(type, row)) not in allowed:
            raise Malformed("a row of the wrong shape")
        out.append(make(row))
    return out


def strings(value: Any) -> list[str]:
    items = list_of(value)
    if any(type(v) is not str for v in items):
        raise Malformed("expected strings")
    return items


def json_like(value: Any, depth: int = 0) -> Any:
    """``value`` if it is front-matter data: maps with string keys, arrays, scalars."""
    kind = type(value)
    if kind in (str, int, float, bool, _NONE):
        return value
    if depth > MAX_DEPTH + 2:
        raise Malformed("nested too deeply")
    if kind is list:
        for item in value:
            json_like(item, depth + 1)
        return value
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise Malformed("a map key that is not a string")
            json_like(item, depth + 1)
        return value
    raise Malformed(f"unexpected {kind.__name__}")


# -- documents ----------------------------------------------------------------------
_SECTION = (int, int, str, str, str, int, int, int)
_CELL = (str, int, int)
_ITEM = (str, int, int, int, bool, bool, int)
_LINK = (str, int, int, bool)
_CODE = (str, str, int, int, int)
_TEXT = (str, int, int, int, str)
_DIRECTIVES = ((str, list, str, str, int, str), (str, list, str, _NONE, int, str))


def encode_document(doc: Document) -> bytes | None:
    """The parse result of ``doc``. Path, abspath and key belong to the file, not to its
    content: the caller sets them on every hit (two files may share one entry)."""
    fm = doc.front_matter
    error = fm.error
    return pack(
        (
            doc.size,
            doc.line_count,
            doc.read_error,
            fm.data,
            list(fm.lines.items()),
            None if error is None else (error.message, error.line, error.column),
            doc.front_matter_lines,
            doc.doc_type,
            doc.sections,
            doc.tables,
            doc.items,
            doc.links,
            doc.code_blocks,
            doc.texts,
            doc.directives,
            sorted(doc.anchors),
            doc.notes,
        )
    )


def _cells(value: Any) -> tuple[Cell, ...]:
    return tuple(rows(value, Cell._make, _CELL))


def _table(row: list[Any]) -> Table:
    line, end_line, section, header, body = row
    made = rows(body, lambda r: Row(r[0], _cells(r[1])), (int, list))
    return Table(line, end_line, section, _cells(header), tuple(made))


def _directive(row: list[Any]) -> Directive:
    action, codes, reason, until, line, raw = row
    return Directive(action, tuple(strings(codes)), reason, until, line, raw)


def directive(value: Any) -> Directive:
    """One ``Directive`` packed as an array (a waived finding's, in the stored results)."""
    return rows([value], _directive, *_DIRECTIVES)[0]


def _front_matter(data: Any, lines: Any, error: Any) -> FrontMatter:
    if type(data) is not dict:
        raise Malformed("front-matter data is not a map")
    keyed = rows(lines, lambda r: (tuple(strings(r[0])), r[1]), (list, int))
    problem = None
    if error is not None:
        problem = rows([error], lambda r: FrontMatterError(*r), (str, int, int))[0]
    return FrontMatter(data=json_like(data), lines=dict(keyed), error=problem)


def _pair(row: list[Any]) -> Any:
    return (row[0], row[1])


def _check_sections(sections: list[Section]) -> None:
    for index, sec in enumerate(sections):
        if sec.number != index or not -1 <= sec.parent < index:
            raise Malformed("a section out of order")


def decode_document(data: bytes, path: str = "", abspath: str = "") -> Document:
    """The Document encoded in ``data``, rebuilt field by field; :class:`Malformed` if not."""
    fields = list_of(unpack(data))
    if len(fields) != 17:
        raise Malformed("a document of the wrong shape")
    (size, line_count, read_error, fm_data, fm_lines, fm_error, fm_span, doc_type) = fields[:8]
    if not (type(size) is int and type(line_count) is int):
        raise Malformed("a document of the wrong shape")
    if type(read_error) not in (str, _NONE) or type(doc_type) not in (str, _NONE):
        raise Malformed("a document of the wrong shape")
    span = None if fm_span is None else rows([fm_span], _pair, (int, int))[0]
    sections = rows(fields[8], Section._make, _SECTION)
    _check_sections(sections)
    return Document(
        path=path,
        abspath=abspath,
        size=size,
        line_count=line_count,
        read_error=read_error,
        front_matter=_front_matter(fm_data, fm_lines, fm_error),
        front_matter_lines=span,
        doc_type=doc_type,
        sections=sections,
        tables=rows(fields[9], _table, (int, int, int, list, list)),
        items=rows(fields[10], ListItem._make, _ITEM, (*_ITEM[:4], _NONE, *_ITEM[5:])),
        links=rows(fields[11], Link._make, _LINK),
        code_blocks=rows(fields[12], CodeBlock._make, _CODE),
        texts=rows(fields[13], TextSpan._make, _TEXT),
        directives=rows(fields[14], _directive, *_DIRECTIVES),
        anchors=set(strings(fields[15])),
        notes=rows(fields[16], _pair, (int, str)),
    )


# -- stored results -----------------------------------------------------------------
def encode_problems(value: Problems) -> bytes | None:
    return pack(value)


def decode_problems(data: bytes) -> Problems:
    return rows(unpack(data), lambda r: (strings(r[0]), r[1], r[2], r[3]), (list, str, str, str))
