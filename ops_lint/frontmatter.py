"""Safe, bounded loading of YAML front-matter, keeping the line of every key.

YAML is loaded with a safe loader only: tags such as ``!!python/object`` are an error,
never code. Timestamps are *not* resolved, so ``2026-02-30`` stays a string and the
schema check can report it as a date that does not exist instead of crashing.
Aliases are allowed but the composed node graph is walked with a node budget, so an
alias bomb ("billion laughs") is reported instead of expanded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is several times faster; PyYAML wheels ship it.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - pure-Python PyYAML build
    _BaseLoader = yaml.SafeLoader

MAX_NODES = 100_000
MAX_DEPTH = 64

KeyPath = tuple[str, ...]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader without implicit timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class FrontMatterError:
    message: str
    line: int  # 1-based line in the file
    column: int = 1


@dataclass(slots=True)
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[KeyPath, int] = field(default_factory=dict)
    error: FrontMatterError | None = None

    def line_of(self, *path: str | int) -> int | None:
        """Line of the deepest known key along ``path``."""
        keys = tuple(str(p) for p in path)
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return None


def _walk_lines(root: yaml.Node, first_line: int) -> dict[KeyPath, int]:
    """Map every key path to its 1-based file line, within the node budget."""
    lines: dict[KeyPath, int] = {}
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    visited = 0
    while stack:
        node, path = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            raise YAMLTooLarge(f"expands to more than {MAX_NODES} nodes (alias bomb?)")
        if len(path) > MAX_DEPTH:
            raise YAMLTooLarge(f"is nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                sub = (*path, key)
                lines.setdefault(sub, first_line + key_node.start_mark.line)
                stack.append((value_node, sub))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                sub = (*path, str(index))
                lines.setdefault(sub, first_line + item.start_mark.line)
                stack.append((item, sub))
    return lines


class YAMLTooLarge(yaml.YAMLError):
    """YAML whose node graph exceeds the budget: reported, never expanded."""


def _jsonable(value: Any, depth: int = 0) -> Any:
    """Turn explicit YAML types (sets, binary, timestamps) into JSON-like values."""
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return [_jsonable(v, depth + 1) for v in items]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def load(text: str, first_line: int) -> FrontMatter:
    """Parse front-matter ``text`` whose first line is line ``first_line`` of the file."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return FrontMatter()
        if not isinstance(node, yaml.MappingNode):
            return FrontMatter(
                error=FrontMatterError(
                    "front-matter is not a mapping of keys to values",
                    first_line + node.start_mark.line,
                    node.start_mark.column + 1,
                )
            )
        lines = _walk_lines(node, first_line)
        data = loader.construct_document(node)
    except YAMLTooLarge as exc:
        return FrontMatter(error=FrontMatterError(f"front-matter {exc}", first_line))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        column = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        return FrontMatter(error=FrontMatterError(f"YAML error: {problem}", line, column))
    except yaml.YAMLError as exc:
        return FrontMatter(error=FrontMatterError(f"YAML error: {exc}", first_line))
    except RecursionError:
        return FrontMatter(
            error=FrontMatterError("front-matter is nested too deeply to load", first_line)
        )
    finally:
        loader.dispose()
    return FrontMatter(data=_jsonable(data), lines=lines)


def safe_load(text: str) -> Any:
    """Load a YAML file (config, pack, roster) with the safe loader, C-accelerated, and
    the node and depth budget of front-matter: an alias bomb is a ``YAMLTooLarge`` error
    (a ``yaml.YAMLError``), never expanded."""
    return safe_load_nodes(text)[0]


def safe_load_nodes(text: str) -> tuple[Any, yaml.Node | None]:
    """``safe_load``, and the composed node graph: its marks say where each value is."""
    loader = _BaseLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _walk_lines(node, 1)  # the budget of front-matter, before anything is built
        return loader.construct_document(node), node
    except RecursionError:
        raise YAMLTooLarge("is nested too deeply to load") from None
    finally:
        loader.dispose()


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A one-line reason for ``exc`` with its line, never the file's text: the file may
    be one the user must not see printed (e.g. a path that leads out of the project)."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        return f"{where}{exc.problem or exc.context or 'invalid YAML'}"
    return str(exc)
