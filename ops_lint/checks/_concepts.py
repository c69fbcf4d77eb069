"""How findings say that a concept was not found, or found twice.

A rule that cannot find what it checks says what it looked for, what it found nearby and
which vocabulary key names it (``ops_lint.governance.locate.Search``).
"""

from __future__ import annotations

from ops_lint.diagnostic import listing
from ops_lint.governance.locate import Search


def looked_for(search: Search) -> str:
    """``a section titled 'A', 'B' or 'C'`` (the first few titles)."""
    titles = [f"'{n}'" for n in search.names]
    return "a section titled " + listing(titles, limit=4)


def not_found(search: Search, what: str) -> str:
    """One sentence: no ``what``, what was looked for, and the nearest heading."""
    text = f"no {what}: looked for {looked_for(search)}"
    if search.nearby is not None:
        text += f"; nearest heading: '{search.nearby.title}' (line {search.nearby.line})"
    return text


def name_it_hint(search: Search) -> str:
    """How to point the rule at the section the doc has."""
    example = search.nearby.title if search.nearby is not None else "Your Title"
    return (
        f"add the section, or name yours in the config: vocabulary: sections: "
        f"{search.concept}: ['{example}'] (key {search.key})"
    )


def ambiguous(search: Search, what: str) -> str:
    """Two or more sections name the concept equally well: which ones."""
    places = [f"'{s.title}' (line {s.line})" for s in search.sections]
    return f"{len(places)} sections could hold the {what}: {listing(places)}; none was guessed"
