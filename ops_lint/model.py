"""The document model: what checks read. Plain value objects, built once per file.

Lines are 1-based file lines. ``section`` fields hold the index of the innermost
section (``-1`` before the first heading). Value objects are NamedTuples: cheap to build,
to pack as plain data for the parse cache (``cache_codec``) and to send to worker processes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from ops_lint.frontmatter import FrontMatter
from ops_lint.normalize import normalize_title


class Section(NamedTuple):
    number: int  # position in Document.sections
    level: int
    title: str
    norm: str
    slug: str
    line: int
    end_line: int
    parent: int  # index of the enclosing section, -1 for none


class Cell(NamedTuple):
    text: str
    line: int
    column: int


class Row(NamedTuple):
    line: int
    cells: tuple[Cell, ...]


class Table(NamedTuple):
    line: int
    end_line: int
    section: int
    header: tuple[Cell, ...]
    rows: tuple[Row, ...]

    @property
    def columns(self) -> list[str]:
        return [c.text for c in self.header]


class ListItem(NamedTuple):
    text: str
    line: int
    column: int
    depth: int  # 1 for a top-level item
    checked: bool | None  # None: not a task-list item
    ordered: bool
    section: int


class Link(NamedTuple):
    target: str
    line: int
    column: int
    image: bool = False


class CodeBlock(NamedTuple):
    info: str
    content: str
    line: int
    end_line: int
    section: int


class TextSpan(NamedTuple):
    """Prose the reader sees (not code): for placeholder and wording checks."""

    text: str
    line: int
    column: int
    section: int
    context: str  # heading | paragraph | list item | table cell | html


class Directive(NamedTuple):
    """An ``<!-- ops-lint-... -->`` comment."""

    action: str  # disable-next-line | disable | enable | invalid
    codes: tuple[str, ...]
    reason: str
    until: str | None
    line: int
    raw: str


_T = TypeVar("_T")


def _line_of(value: Any) -> int:
    line: int = value.line
    return line


@dataclass(slots=True)
class Document:
    path: str  # POSIX, relative to the project root: what findings and config globs name
    abspath: str
    size: int = 0
    line_count: int = 0
    read_error: str | None = None  # why the file could not be read as text
    front_matter: FrontMatter = field(default_factory=FrontMatter)
    front_matter_lines: tuple[int, int] | None = None  # first and last line, with fences
    doc_type: str | None = None
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    texts: list[TextSpan] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    notes: list[tuple[int, str]] = field(default_factory=list)  # limits hit while parsing

    @property
    def key(self) -> str:
        """The project-relative path (the same as ``path``)."""
        return self.path

    @key.setter
    def key(self, value: str) -> None:
        self.path = value

    @property
    def meta(self) -> dict[str, object]:
        return self.front_matter.data

    @property
    def title(self) -> str:
        value = self.meta.get("title")
        if isinstance(value, str) and value.strip():
            return value.strip()
        for sec in self.sections:
            if sec.level == 1:
                return sec.title
        return self.path.rsplit("/", 1)[-1]

    def find_sections(self, names: list[str] | tuple[str, ...]) -> list[Section]:
        """Sections whose normalized title equals one of ``names`` (normalized)."""
        wanted = {normalize_title(n) for n in names}
        return [s for s in self.sections if s.norm in wanted]

    # Tables, items, texts and code blocks are stored in line order: a section's share is
    # a slice found by bisection, not a scan of the whole document.
    @staticmethod
    def _slice(values: list[_T], section: Section, after_heading: bool = False) -> list[_T]:
        first = section.line + 1 if after_heading else section.line
        lo = bisect_left(values, first, key=_line_of)
        hi = bisect_right(values, section.end_line, key=_line_of)
        return values[lo:hi]

    def tables_in(self, section: Section) -> list[Table]:
        return self._slice(self.tables, section)

    def items_in(self, section: Section) -> list[ListItem]:
        return self._slice(self.items, section)

    def section_has_content(self, section: Section) -> bool:
        """True if the section holds any prose, list, table or code below its heading."""
        return bool(
            self._slice(self.texts, section, after_heading=True)
            or self._slice(self.code_blocks, section)
        )

    def iter_meta_strings(self) -> Iterator[tuple[tuple[str, ...], str, int]]:
        """Every string value in the front-matter, with its key path and line."""
        stack: list[tuple[tuple[str, ...], object]] = [((), self.meta)]
        while stack:
            path, value = stack.pop()
            if isinstance(value, dict):
                stack.extend(((*path, str(k)), v) for k, v in value.items())
            elif isinstance(value, list):
                stack.extend(((*path, str(i)), v) for i, v in enumerate(value))
            elif isinstance(value, str):
                yield path, value, self.front_matter.line_of(*path) or 1
