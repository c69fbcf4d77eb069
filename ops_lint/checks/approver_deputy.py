"""An approval or decision that rests on a title with no named holder and deputy.

"The Privacy Officer approves" only works at 3 a.m. if the roster says who the Privacy
Officer is and who stands in: a title without a holder and a deputy is a single point of
approval. This rule checks both sides:

- every role of the owners roster (top-level ``roles:`` of ``ops-docs/owners.yaml``:
  ``name``, ``aliases``, ``holder``, ``deputies``, ``team``) has a holder and at least one
  deputy, each a roster member (handle, name or e-mail), no deputy being the holder, and
  its ``team``, when given, is a roster team. These findings point at the role's entry
  in the roster and are reported once per run, with the first doc (by path) of the
  ``report_types`` (default ``handover``), or the first doc checked if there is none;
- every approver title a doc uses is a roster role (by name or alias; case, hyphens,
  a leading "the", "of" and a possessive "'s" aside, and a longer title ending in a role
  name, such as "HIPAA Privacy Officer" for "Privacy Officer", matches) or a roster team
  (by id, name or alias: "Incident Commander" as an alias of team ``incident-command``; a
  team is no single point). An approver title is a title (``title_pattern``) in a
  sentence that approves or decides: approve, approval, approved by, signed by, sign off,
  sign-off, co-sign, downgrade, exception granted by, decides, decision. The default
  titles: a capitalised title ending in Officer, Lead, Director, Manager or Commander
  ("Privacy Officer"), Director, Manager, Officer or Head "of" a name ("Director of EDI
  Operations"), one starting with VP ("VP Engineering"), CTO, CISO, CIO, CEO, COO, CFO,
  and a lowercase "<x> lead" ("team lead", "L1 lead", "L2 duty lead").

Prose, list items and table cells are read, not code. Each unknown title is reported once
per doc, where it is first used. Without ``roles:`` in the roster every title that is no
team is reported, and the hint says to add the list; if the roster cannot be loaded,
that is one finding per doc that uses approver titles.

Options:
- ``title_pattern``: the regular expression of an approver title (default above).
- ``report_types``: doc types whose first doc reports the roster's roles (default
  ``["handover"]``).

Fail: "out of hours the L1 lead sends partner notices from approved templates" with no
role "L1 lead" (approver 'L1 lead' is not a roster role: no holder, no deputy); a role
``{name: Privacy Officer, holder: "@ljensen", deputies: []}``.

Pass: "external wording approved by the Privacy Officer" with the role ``{name: Privacy
Officer, holder: "@ljensen", deputies: ["@ivolkova"], team: security-privacy}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from pydantic import Field, field_validator

from ops_lint.checks import CheckOptions, Evidence, Finding, Result
from ops_lint.checks.rotation_size import reporting_doc
from ops_lint.context import Context
from ops_lint.governance.prose import cell_blocks, prose_blocks
from ops_lint.model import Document
from ops_lint.roster import Roster
from ops_lint.roster_roles import Role, person, role_key, same_person
from ops_lint.user_regex import PatternError, UserPattern

KIND = "approver-deputy"

_STOP = (
    "the|a|an|and|or|by|of|to|for|from|with|in|on|at|as|is|are|be|was|will|may|can|must|"
    "should|shall|would|could|who|which|that|then|than|if|when|each|every|any|no|not|its|"
    "their|our|this|these|those|also|only|one|two|new|approval|approved|approves|approve"
)
DEFAULT_TITLE_PATTERN = (
    r"\b(?:S?VP|EVP)\b(?:\s+of)?(?:\s+[A-Z][\w&-]*){1,3}"
    r"|\b(?:CTO|CISO|CIO|CEO|COO|CFO)\b"
    r"|\b(?:Director|Manager|Officer|Head)\s+of(?:\s+[A-Z][\w&-]*){1,3}"
    rf"|(?:\b(?!(?i:{_STOP})\b)[A-Z0-9][\w&/-]*\s+){{1,3}}"
    r"(?:Officer|Director|Manager|Commander|Lead)\b(?:\s+of(?:\s+[A-Z][\w&-]*){1,3})?"
    rf"|(?:\b(?!(?i:{_STOP})\b)[\w/-]+\s+){{1,2}}lead\b"
)
_APPROVAL = re.compile(
    r"\b(?:approv(?:e|es|ed|al|als|ing|er|ers)|signed\s+by|signs?[\s-]+off|sign-off|"
    r"co-?signs?|co-?signed|downgrad(?:e|es|ed|ing)|exceptions?\s+granted\s+by|"
    r"decides?|decision)\b",
    re.IGNORECASE,
)
_APPROVAL_STEMS = ("approv", "sign", "downgrad", "exception", "decid", "decision")
_SENTENCE_END = re.compile(r"[;!?]\s+|\.\s+(?=[A-Z(\[*])")
MAX_TITLES = 200  # per sentence
MAX_LINE = 1 << 62


class Options(CheckOptions):
    title_pattern: str = Field(default=DEFAULT_TITLE_PATTERN, min_length=1)
    report_types: list[str] = Field(default_factory=lambda: ["handover"], min_length=1)

    @field_validator("title_pattern")
    @classmethod
    def _valid(cls, value: str) -> str:
        try:
            _pattern(value)
        except PatternError as exc:
            raise ValueError(f"{exc} (in {value!r:.200})") from None
        return value


def _pattern(source: str) -> UserPattern:
    """The title pattern, bounded: one object per run (``ctx.cached``), so its time budget
    is this run's, not that of every run a long-lived process has made."""
    return UserPattern(source, "approver-deputy.title_pattern")


class Title(NamedTuple):
    text: str
    line: int
    column: int


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    roster = ctx.roster
    if reporting_doc(ctx, options.report_types, doc, KIND) is doc and roster.error is None:
        yield from _roles(roster, ctx)
    source = options.title_pattern
    pattern = ctx.cached(f"{KIND}:title-pattern:{source!r}", lambda: _pattern(source))
    titles = list(approver_titles(doc, pattern))
    if pattern.failure is not None:  # never a silent pass
        yield Finding(1, 1, pattern.failure, "fix the pattern in the pack or the config")
        return
    if roster.error is not None:
        if titles:
            first = titles[0]
            yield Finding(
                first.line,
                first.column,
                f"{roster.error}; cannot check {len(titles)} approver title(s) against its roles",
                f"create {roster.path} with teams and roles, or set `owners:` in the config",
                first.text,
            )
        return
    known = ctx.cached(f"{KIND}:known-titles", lambda: _known_keys(roster))
    seen: set[str] = set()
    unknown = 0
    for title in titles:
        key = role_key(title.text)
        if key in seen or _matches(title.text, known):
            continue
        seen.add(key)
        unknown += 1
        yield Finding(
            title.line,
            title.column,
            f"approver '{title.text}' is not a roster role: no holder, no deputy",
            _hint(title.text, roster),
            title.text,
        )
    if not unknown:
        names = sorted({t.text for t in titles})
        shown = ", ".join(names[:8]) or "none used"
        yield Evidence(1, f"{len(titles)} approver title(s), each a roster role or team: {shown}")


def _hint(title: str, roster: Roster) -> str:
    if not roster.roles.declared:
        return (
            f"add a top-level 'roles:' list to {roster.path} with '{title}' (name, aliases, "
            "holder, deputies, team), or name a role or team the roster defines"
        )
    return (
        f"name a role of {roster.path} (or one of its aliases), or add '{title}' there "
        "with its holder and at least one deputy"
    )


def _known_keys(roster: Roster) -> set[str]:
    keys = {role_key(k) for team in roster.teams for k in team.keys()}  # noqa: SIM118
    keys.update(k for role in roster.roles.roles for k in role.keys())  # noqa: SIM118
    keys.discard("")
    return keys


def _matches(title: str, known: set[str]) -> bool:
    """The title, or a tail of at least two of its words, is a known role or team."""
    words = role_key(title).split()
    return any(" ".join(words[i:]) in known for i in range(max(1, len(words) - 1)))


def approver_titles(doc: Document, pattern: UserPattern) -> Iterator[Title]:
    """Each title ``pattern`` finds in a sentence of ``doc`` that approves or decides."""
    for text, where in _blocks(doc):
        lowered = text.lower()  # most blocks approve nothing: a substring test first
        if not any(stem in lowered for stem in _APPROVAL_STEMS) or not _APPROVAL.search(text):
            continue
        start = 0
        for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
            sentence = text[start:end]
            if _APPROVAL.search(sentence):
                for offset, found in _finditer(pattern, sentence):
                    line, column = where(start + offset)
                    yield Title(" ".join(found.split()), line, column)
            start = end


def _finditer(pattern: UserPattern, text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for _ in range(MAX_TITLES):
        match = pattern.search(text[pos:]) if pos <= len(text) else None
        if match is None or not match.group(0).strip():
            return
        yield pos + match.start(), match.group(0)
        pos += max(match.end(), 1)


def _blocks(doc: Document) -> Iterator[tuple[str, Callable[[int], tuple[int, int]]]]:
    """Paragraphs and list items joined across lines, and table cells, in document order."""
    cells = cell_blocks(doc, _APPROVAL)
    blocks = sorted((*prose_blocks(doc), *cells), key=lambda b: b.places[0])
    for block in blocks:
        yield block.text, block.place


def _roles(roster: Roster, ctx: Context) -> Iterator[Result]:
    """Findings about the roster's roles, at their entries in the roster file."""
    path = str(ctx.root / ctx.config.owners)
    roles = roster.roles
    for line, why in roles.problems:
        yield Finding(
            line, 1, f"roster {why}", "give each role a name, holder and deputies", why, path
        )
    team_keys = {k for team in roster.teams for k in team.keys()}  # noqa: SIM118
    clean = not roles.problems
    for role in roles.roles:
        for message, hint in _role_problems(role, roster, team_keys):
            clean = False
            yield Finding(
                role.line, role.column, f"role '{role.name}' {message}", hint, role.name, path
            )
    if roles.declared and clean:
        yield Evidence(1, f"{len(roles.roles)} roster role(s), each with a deputy")
    if not roles.declared:
        yield Evidence(1, f"{roster.path} declares no 'roles:' (holders and deputies)")


def _role_problems(role: Role, roster: Roster, team_keys: set[str]) -> Iterator[tuple[str, str]]:
    holder = person(roster, role.holder) if role.holder else None
    if not role.holder:
        yield "has no holder", f"set holder: to the roster member who holds '{role.name}'"
    elif holder is None:
        yield (
            f"holder '{role.holder}' is no member of the roster",
            "name the holder by a handle, name or e-mail of a roster team member",
        )
    deputies = [(d, person(roster, d)) for d in role.deputies]
    if not deputies:
        yield (
            "has no deputy: a single point of approval",
            "add deputies: with at least one other roster member who can decide in their place",
        )
    for deputy, hit in deputies:
        if hit is None:
            yield (
                f"deputy '{deputy}' is no member of the roster",
                "name each deputy by a handle, name or e-mail of a roster team member",
            )
        elif holder is not None and same_person(hit[1], holder[1]):
            yield (
                f"deputy '{deputy}' is the holder: no one stands in",
                "name another roster member as deputy",
            )
    if role.team and role.team.strip().lower() not in team_keys:
        yield (
            f"team '{role.team}' is no team of the roster",
            f"set team: to a team id of {roster.path}",
        )
