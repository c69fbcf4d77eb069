"""Automatic escalation chains of a document, and escalation timers written as prose.

A **chain** is written ``tier (N min) → tier (N min) → tier (N min)`` (arrow ``→`` or
``->``): at least two consecutive tiers, each followed by a parenthesised duration that
is all the parentheses hold (``(5 min)``, ``(10 minutes)``, ``(1 h)``; the one duration
grammar of ``ops_lint.durations``). Each N is the acknowledgement timeout of its tier:
the next tier is paged when it runs out, and the chain is exhausted after their sum.
Tiers before or after the timed run (``Alert → PagerDuty → ...``) are not part of it.
Parentheses that hold more than a duration (``(S0 after 30 min)``) end the run. A chain
names the levels it serves when the text before its first tier names a severity level
(``S1: L2 primary (5 min) → ...``, ``S0/S1 declared → ...``), or when it stands in a
table row that starts with a level.

A **prose timer** is a sentence that escalates with stated delays: ``escalate to the
secondary after 5 min and to the team lead after a further 10 min``, or ``must be
acknowledged within 5 min or they escalate to the secondary, then after 10 more min to
the team lead``. Each step is ``to X after N`` or ``after N ... to X``; ``a further``,
``another`` or ``more`` make N count from the step before. Its total is when the last
tier is paged (its own timeout is not stated).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from ops_lint import durations
from ops_lint.governance.prose import Block, sentences

_ARROW = re.compile(r"\s*+(?:→|->|⟶|⇒)\s*+")
_TAIL = re.compile(r"\(([^()]{1,40})\)\s*+[.,;:]?+\s*+$")
_LEAD = re.compile(r"[^.:;!?]*+$")
_UNITS = {"second": 1 / 60, "minute": 1.0, "hour": 60.0}


class Tier(NamedTuple):
    name: str
    minutes: float  # its timeout (chain) or when it is paged (prose)
    written: str  # the duration as written
    offset: int  # where the tier's name starts in the block's text


class Chain(NamedTuple):
    block: Block
    tiers: tuple[Tier, ...]
    levels: tuple[str, ...]  # levels the chain names, if any
    prose: bool  # read from prose: a tier's minutes are when it is paged

    @property
    def total(self) -> float:
        """Chain: the sum of the timeouts; prose: when the last tier is paged."""
        return self.tiers[-1].minutes if self.prose else sum(t.minutes for t in self.tiers)

    def reached(self) -> list[tuple[Tier, float]]:
        """Each tier with the minute it is paged (a chain's first tier at 0)."""
        if self.prose:
            return [(t, t.minutes) for t in self.tiers]
        at, out = 0.0, []
        for tier in self.tiers:
            out.append((tier, at))
            at += tier.minutes
        return out

    def shown(self) -> str:
        if self.prose:
            return ", ".join(f"{t.name} after {minutes(t.minutes)}" for t in self.tiers)
        return " → ".join(f"{t.name} ({t.written})" for t in self.tiers)


def minutes(value: float) -> str:
    return f"{value:g} min"


def duration_minutes(text: str) -> float | None:
    """``5 min``, ``10 minutes``, ``1 h``: the whole text as seconds, minutes or hours."""
    plain = " ".join(text.replace("`", " ").replace("*", " ").split())
    found = durations.read(plain)
    if found is None or found.end != len(plain) or found.unit not in _UNITS:
        return None
    return found.amount * _UNITS[found.unit]


def _segments(text: str) -> list[tuple[int, str]]:
    """The arrow-separated parts of ``text`` with their offsets."""
    parts, start = [], 0
    for arrow in _ARROW.finditer(text):
        parts.append((start, text[start : arrow.start()]))
        start = arrow.end()
    parts.append((start, text[start:]))
    return parts


def _timed(offset: int, segment: str, first: bool, last: bool) -> Tier | None:
    tail = _TAIL.search(segment) if not last else None
    if last:  # text may go on after the last tier: read its first parentheses
        paren = segment.find("(")
        close = segment.find(")", paren + 1)
        if paren < 0 or close < 0:
            return None
        tail = _TAIL.search(segment[: close + 1])
    if tail is None:
        return None
    value = duration_minutes(tail.group(1))
    if value is None:
        return None
    name = segment[: tail.start()].rstrip()
    if first:  # the last clause before the chain: "Escalation: L2 primary" -> L2 primary
        lead = _LEAD.search(name)
        cut = lead.start() if lead is not None else 0
        name = name[cut:]
        offset += cut
    stripped = name.lstrip(" *_`")
    return Tier(
        stripped.strip(" *_`") or "?",
        value,
        tail.group(1).strip(),
        offset + len(name) - len(stripped),
    )


def read_chains(block: Block, level_names: Sequence[tuple[str, tuple[str, ...]]]) -> list[Chain]:
    """The chains of ``block`` (see the module docs)."""
    segments = _segments(block.text)
    if len(segments) < 2:
        return []
    chains: list[Chain] = []
    run: list[Tier] = []
    prefix_end = 0

    def close() -> None:
        if len(run) >= 2:
            prefix = block.text[:prefix_end]
            if block.context == "table cell" and block.row:
                prefix = block.row[0] + " " + prefix
            chains.append(Chain(block, tuple(run), levels_named(prefix, level_names), False))
        run.clear()

    for index, (offset, segment) in enumerate(segments):
        last = index == len(segments) - 1
        tier = _timed(offset, segment, index == 0 or not run, last)
        if tier is None:
            close()
            continue
        if not run:
            prefix_end = tier.offset
        run.append(tier)
    close()
    return chains


def levels_named(text: str, level_names: Sequence[tuple[str, tuple[str, ...]]]) -> tuple[str, ...]:
    """The levels whose spelling ``text`` holds as a word (``S0/S1 declared`` -> S0, S1)."""
    plain = " ".join(text.replace("*", " ").replace("`", " ").lower().split())
    return tuple(
        level for level, pattern in _level_patterns(tuple(level_names)) if pattern.search(plain)
    )


@lru_cache(maxsize=16)
def _level_patterns(
    level_names: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One compiled pattern per level: any of its spellings, as a word."""
    return tuple(
        (level, re.compile(rf"(?<![a-z0-9])(?:{'|'.join(map(re.escape, spellings))})(?![a-z0-9])"))
        for level, spellings in level_names
        if spellings
    )


_DUR = r"(\d++(?:\.\d++)?+(?:\s++more)?+\s*+[a-z]++)"
_GAP = (
    r"(?:\s++(?:without|with\s++no)\s++[a-z-]++)?+"
    r"(?:,?+\s++(?:it|they|the\s++page)\s++(?:escalates?+|goes|moves))?+"
)
_FURTHER = r"((?:a\s++further|another|an\s++additional)\s++)?+"
_STEP_TO_AFTER = re.compile(
    rf"\bto\s++(?:the\s++)?([^,.;()]{{1,40}}?)\s++after\s++{_FURTHER}{_DUR}(\s++more)?+", re.I
)
_STEP_AFTER_TO = re.compile(
    rf"\bafter\s++{_FURTHER}{_DUR}(\s++more)?+{_GAP}\s++to\s++(?:the\s++)?"
    r"([^,.;()]{1,40}?)(?=\s*+(?:[,.;]|\band\b|\bthen\b|$))",
    re.I,
)
_ACK_FIRST = re.compile(
    rf"\backnowledged\s++within\s++{_DUR}\s++or\s++(?:they\s++|it\s++)?escalates?+\s++"
    r"(?:automatically\s++)?to\s++(?:the\s++)?([^,.;()]{1,40}?)(?=\s*+(?:[,.;]|\band\b|\bthen\b|$))",
    re.I,
)
_ESCALATE = re.compile(r"escalat", re.I)


def _steps(sentence: str) -> list[tuple[int, str, str, bool]]:
    """(offset, tier, duration, counts from the step before) of each step, in order."""
    steps: list[tuple[int, str, str, bool]] = []
    for match in _ACK_FIRST.finditer(sentence):
        steps.append((match.start(2), match.group(2), match.group(1), False))
    for match in _STEP_TO_AFTER.finditer(sentence):
        relative = bool(match.group(2) or match.group(4))
        steps.append((match.start(1), match.group(1), match.group(3), relative))
    taken = {step[0] for step in steps}
    for match in _STEP_AFTER_TO.finditer(sentence):
        if match.start(4) not in taken:
            relative = bool(match.group(1) or match.group(3))
            steps.append((match.start(4), match.group(4), match.group(2), relative))
    return sorted(steps)


def read_prose_timers(
    block: Block, level_names: Sequence[tuple[str, tuple[str, ...]]]
) -> list[Chain]:
    """The prose timers of ``block`` with two or more steps (see the module docs)."""
    if not _ESCALATE.search(block.text):
        return []
    found: list[Chain] = []
    for start, sentence in sentences(block):
        if not _ESCALATE.search(sentence):
            continue
        tiers: list[Tier] = []
        at = 0.0
        for offset, name, written, relative in _steps(sentence):
            relative = relative or " more" in written
            written = written.replace(" more", "")
            value = duration_minutes(written)
            if value is None:
                tiers = []
                break
            at = at + value if relative else value
            tiers.append(Tier(name.strip(), at, written, start + offset))
        if len(tiers) >= 2:
            found.append(Chain(block, tuple(tiers), levels_named(sentence, level_names), True))
    return found
