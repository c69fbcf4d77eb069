"""The SLI queries of a document: fenced ``yaml sli`` blocks.

A block whose info string is ``yaml sli`` (the words ``yaml`` and ``sli``, in that order)
holds a YAML list; each entry gives one SLO's queries::

    - slo: Platform availability            # the SLO table row's name
      id: availability                      # metric-safe id (lowercase letters, digits, _)
      alert: SloAvailability                # alert prefix: <alert>BurnPage / <alert>BurnTicket
      errors: sum(rate(edi_availability_bad_minutes_total[{{window}}]))
      total: sum(rate(edi_availability_minutes_total[{{window}}]))

``{{window}}`` stands for a Prometheus duration (``5m``, ``1h``, ``30d``). Entries are kept
with their line; an entry or block that does not read is a problem (what, where, how to
fix), never dropped silently. SLO names are matched tolerantly (case, spacing,
punctuation: :func:`name_key`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ops_lint.frontmatter import safe_load_nodes, yaml_problem
from ops_lint.model import Document

FIELDS = ("slo", "id", "alert", "errors", "total")
WINDOW = "{{window}}"
_ID = re.compile(r"[a-z][a-z0-9_]*+")
_ALERT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*+")


@dataclass(frozen=True, slots=True)
class SliEntry:
    slo: str
    id: str
    alert: str
    errors: str
    total: str
    line: int  # the entry's first line in the doc


@dataclass(frozen=True, slots=True)
class SliBlocks:
    entries: tuple[SliEntry, ...]
    problems: tuple[str, ...]  # ``path:line: what`` for what does not read
    blocks: int  # how many ``yaml sli`` blocks the doc has


def is_sli_block(info: str) -> bool:
    """``yaml sli``, ``yaml  sli title=x`` -> True; ``yaml`` -> False."""
    words = info.lower().split()
    return len(words) >= 2 and words[0] == "yaml" and words[1] == "sli"


def name_key(name: str) -> str:
    """An SLO name for matching: lower case, letters and digits only."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _entry(item: object, line: int, where: str) -> SliEntry | str:
    if not isinstance(item, dict):
        return f"{where}: an entry is not a mapping of {', '.join(FIELDS)}"
    values = {k: item.get(k) for k in FIELDS}
    missing = [k for k, v in values.items() if not isinstance(v, str) or not v.strip()]
    if missing:
        return f"{where}: entry lacks {', '.join(missing)} (every entry sets {', '.join(FIELDS)})"
    text = {k: str(v).strip() for k, v in values.items()}
    if not _ID.fullmatch(text["id"]):
        return f"{where}: id {text['id']!r} is not metric-safe (lowercase letters, digits, _)"
    if not _ALERT.fullmatch(text["alert"]):
        return f"{where}: alert prefix {text['alert']!r} is not an identifier"
    for key in ("errors", "total"):
        if WINDOW not in text[key]:
            return f"{where}: the {key} query has no {WINDOW} (the window is filled in per use)"
    return SliEntry(text["slo"], text["id"], text["alert"], text["errors"], text["total"], line)


def _read_block(doc: Document, content: str, first: int) -> tuple[list[SliEntry], list[str]]:
    where = f"{doc.path}:{first - 1}"
    try:
        data, node = safe_load_nodes(content)
    except yaml.YAMLError as exc:
        return [], [f"{where}: the yaml sli block does not parse: {yaml_problem(exc)}"]
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        return [], [f"{where}: the yaml sli block is not a list of entries ({', '.join(FIELDS)})"]
    entries: list[SliEntry] = []
    problems: list[str] = []
    for item, item_node in zip(data, node.value, strict=True):
        line = first + item_node.start_mark.line
        found = _entry(item, line, f"{doc.path}:{line}")
        if isinstance(found, str):
            problems.append(found)
        else:
            entries.append(found)
    return entries, problems


def extract_sli_queries(doc: Document) -> SliBlocks:
    """Every ``yaml sli`` entry of ``doc`` (see the module docs)."""
    entries: list[SliEntry] = []
    problems: list[str] = []
    blocks = [b for b in doc.code_blocks if is_sli_block(b.info)]
    for block in blocks:
        found, bad = _read_block(doc, block.content, block.line + 1)
        entries += found
        problems += bad
    seen: dict[str, SliEntry] = {}
    kept: list[SliEntry] = []
    for entry in entries:
        for key, value in (("slo", name_key(entry.slo)), ("id", entry.id)):
            other = seen.get(f"{key}:{value}")
            if other is not None:
                problems.append(
                    f"{doc.path}:{entry.line}: {key} {getattr(entry, key)!r} is also given at "
                    f"line {other.line}; each SLO has one entry with its own id"
                )
                break
        else:
            seen[f"slo:{name_key(entry.slo)}"] = seen[f"id:{entry.id}"] = entry
            kept.append(entry)
    return SliBlocks(tuple(kept), tuple(problems), len(blocks))
