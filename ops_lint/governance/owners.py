"""The owners a document names, each with where it was written and where it was read.

Owners are read from three places: front-matter keys (``owner:``, a string or a list),
the owner column of the runbook inventory (``vocabulary.columns.runbook-inventory.owner``),
and the handover checklist: ``(owner: X)`` notes in its items and the owner cells of a
checklist table. A value may name several owners, separated by ``,``, ``;``, ``/`` or `` and ``;
a value that is one name as a whole (e.g. a team called "Research and Development") is
not split, and an ``@org/team`` handle is one owner. Links keep their label; backticks,
emphasis and quotes around a name are dropped. Blank values, dashes, ``n/a``, ``none``
and template placeholders (``<team>``, ``{{ team }}``) name no owner.

A doc's own owner may also come from outside it (``owner_sources`` in the config:
``CODEOWNERS``, ``OWNERS`` files, a default owner, see ``ops_lint.owner_sources``); the
first source that names one wins, and each such owner says where it was read (``origin``).

Whether an owner is a team, a person or unknown is not decided here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from ops_lint.governance import Position, blank, position
from ops_lint.governance.checklist import Checklist
from ops_lint.governance.inventory import InventoryColumn
from ops_lint.model import Document
from ops_lint.roster import is_placeholder

# Separators are single tokens (the spaces around them are stripped from each part);
# spans are found with str.find, as in ops_lint.normalize.
_SEPARATOR = re.compile(r"[,;/]|\band\b", re.I)
_GROUP_HANDLE = re.compile(r"@[\w.-]++/[\w.-]++")  # @org/team: one owner, not two

OwnerSource = Literal[
    "front-matter", "inventory", "checklist", "codeowners", "owners-files", "default"
]


@dataclass(frozen=True, slots=True)
class OwnerRef:
    text: str  # one owner, as written (a link's label, without quotes or emphasis)
    at: Position  # front-matter: the key's line, column 1
    source: OwnerSource
    key: str = ""  # the front-matter key it was read from ("" for other sources)
    origin: str = ""  # outside the doc: where it was read (".github/CODEOWNERS line 4")
    members: tuple[str, ...] = ()  # an OWNERS file's approvers: the owner is that group


@dataclass(frozen=True, slots=True)
class DocOwners:
    owners: tuple[OwnerRef, ...]  # the doc's own, inventory, checklist; file order in each

    @property
    def declared(self) -> tuple[OwnerRef, ...]:
        """The owners of the doc itself (not those of the runbooks or items it lists)."""
        return tuple(o for o in self.owners if o.source not in ("inventory", "checklist"))

    def __iter__(self) -> Iterator[OwnerRef]:
        return iter(self.owners)

    def __len__(self) -> int:
        return len(self.owners)


def _unlink(text: str) -> str:
    """``[label](target)`` links replaced by their label, as
    ``re.sub(r"\\[([^\\]]*)\\]\\([^)]*\\)", r"\\1", text)`` does, with ``str.find``."""
    if "](" not in text:
        return text
    pieces: list[str] = []
    pos = done = 0
    while (start := text.find("[", pos)) >= 0:
        close = text.find("]", start + 1)
        if close < 0:
            break
        if not text.startswith("(", close + 1):
            pos = close  # every "[" before this "]" closes here too: none is a link
            continue
        end = text.find(")", close + 2)
        if end < 0:
            break  # no ")" after this point: no later "[" makes a link either
        pieces += [text[done:start], text[start + 1 : close]]
        pos = done = end + 1
    pieces.append(text[done:])
    return "".join(pieces)


def _clean(text: str) -> str:
    text = _unlink(text).replace("`", "").replace("*", "")
    return text.strip().strip("\"'_ ").strip()


def split_owners(text: str, is_name: Callable[[str], bool]) -> Iterator[tuple[str, int]]:
    """Each owner named in ``text`` with its offset in ``text``; ``is_name`` tells a
    value that is one name as a whole."""
    whole = _clean(text)
    if not whole or is_name(whole):
        if whole:
            yield whole, max(0, text.find(whole))
        return
    if is_placeholder(whole):
        return  # a template placeholder: no owner to judge yet
    guarded = _GROUP_HANDLE.sub(lambda m: m.group(0).replace("/", "\0"), text)
    start = 0
    bounds = [m.span() for m in _SEPARATOR.finditer(guarded)] + [(len(guarded), len(guarded))]
    for sep_start, sep_end in bounds:
        name = _clean(guarded[start:sep_start].replace("\0", "/"))
        part_start = start
        start = sep_end
        if is_placeholder(name):
            continue
        if name and name.lower() not in ("-", "n/a", "none"):
            # Looked up in its own part only: a search of the whole text per part is
            # quadratic in the number of parts.
            found = text.find(name, part_start, sep_start)
            yield name, found if found >= 0 else part_start


def _scalar(value: object) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _front_matter(
    doc: Document, keys: Sequence[str], is_name: Callable[[str], bool]
) -> Iterator[OwnerRef]:
    for key in keys:
        value = doc.meta.get(key)
        values = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, raw in values:
            text = _scalar(raw)
            if text is None:
                continue
            path = (key,) if index is None else (key, str(index))
            at = position(doc, doc.front_matter.line_of(*path) or 1)
            for name, _ in split_owners(text, is_name):
                yield OwnerRef(name, at, "front-matter", key)


def extract_owners(
    doc: Document,
    front_matter_keys: Sequence[str],
    column: InventoryColumn | None,
    checklist: Checklist,
    is_name: Callable[[str], bool] = lambda _: False,
    sources: Sequence[str] = ("front-matter",),
    elsewhere: Callable[[str], Sequence[OwnerRef]] = lambda _: (),
) -> DocOwners:
    """The owners of ``doc``: its own from the first of ``sources`` that names one
    (``front-matter``: ``front_matter_keys``; others: ``elsewhere(source)``), then the
    inventory owner ``column`` and the owner notes of ``checklist``."""
    owners: list[OwnerRef] = []
    for source in sources:
        if source == "front-matter":
            owners = list(_front_matter(doc, front_matter_keys, is_name))
        else:
            owners = list(elsewhere(source))
        if owners:
            break
    for cell in column.cells if column is not None else ():
        if blank(cell):
            continue
        for name, offset in split_owners(cell.text, is_name):
            at = position(doc, cell.at.line, cell.at.column + offset)
            owners.append(OwnerRef(name, at, "inventory"))
    for item in checklist.items:
        for note in item.owner_notes:
            for name, offset in split_owners(note.text, is_name):
                at = position(doc, note.at.line, note.at.column + offset)
                owners.append(OwnerRef(name, at, "checklist"))
    return DocOwners(tuple(owners))
