"""Check kinds: the Python behind the rules of a pack.

A check kind is a module in this package with:

- ``KIND``: the name a pack's ``check:`` refers to;
- ``Options``: a pydantic model of its options (unknown options are rejected at load);
- ``check(doc, options, ctx)``: a generator of ``Finding`` (something is wrong) and
  ``Evidence`` (what was looked at when nothing is wrong);
- a module docstring: the user documentation printed by ``ops-lint rules CODE``.

Checks never decide severity and never print: the engine stamps code, rule name and
severity and applies suppressions. Checks read the document model only; cross-file
data comes from ``Context`` (built once per run).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from ops_lint.context import Context
from ops_lint.diagnostic import Fix
from ops_lint.model import Document


class Finding(NamedTuple):
    line: int
    column: int
    message: str
    hint: str = ""
    snippet: str = ""
    # A finding for another file of the doc set (e.g. an inventory row that a runbook
    # lacks); None means the document being checked.
    path: str | None = None
    # How to resolve it (``ops-lint check --fix``): text edits, safe or not.
    fix: Fix | None = None


class Evidence(NamedTuple):
    """Where a check looked, recorded when a rule passes (for the compliance report)."""

    line: int
    note: str


Result = Finding | Evidence
CheckFunction = Callable[[Document, Any, Context], Iterator[Result]]
PrepareFunction = Callable[[list[Document], Any, Context], None]
PrefetchFunction = Callable[[list[str], Any, Callable[[bytes], Any]], None]


class CheckOptions(BaseModel):
    """Base of every check's options: unknown keys are an error, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class CheckKind(NamedTuple):
    name: str
    options: type[CheckOptions]
    run: CheckFunction
    doc: str
    needs_history: bool = False  # reads git history (started early, in the background)
    module: str = ""  # the module that implements it, e.g. ops_lint.checks.broken_links
    source: str = ""  # its file
    # Called once per run before any doc is checked, with the docs the rule will check:
    # starts slow work (an external tool) in the background while other rules run.
    prepare: PrepareFunction | None = None
    # Called with the raw text of the run's files before they are parsed (and the memo's
    # recall): starts what needs no parsed model, e.g. an external linter.
    prefetch: PrefetchFunction | None = None


_registry: dict[str, CheckKind] | None = None


def _from_module(module: ModuleType) -> CheckKind:
    return CheckKind(
        module.KIND,
        module.Options,
        module.check,
        (module.__doc__ or "").strip(),
        bool(getattr(module, "NEEDS_HISTORY", False)),
        module.__name__,
        getattr(module, "__file__", None) or "",
        getattr(module, "prepare", None),
        getattr(module, "prefetch", None),
    )


def registry() -> dict[str, CheckKind]:
    """Every check kind, built-in and from ``ops_lint.checks`` entry points."""
    global _registry
    if _registry is None:
        found: dict[str, CheckKind] = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if info.name.startswith("_"):
                continue
            kind = _from_module(importlib.import_module(f"{__name__}.{info.name}"))
            found[kind.name] = kind
        _registry = found
    return _registry


def plugin_kind(name: str) -> CheckKind | None:
    """A check kind from a third-party package (entry point group ``ops_lint.checks``)."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="ops_lint.checks"):
        if entry.name == name:
            kind = _from_module(entry.load())
            registry()[name] = kind
            return kind
    return None
