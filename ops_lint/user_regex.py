"""Regular expressions written by the repository (config, rule packs, JSON Schemas).

Python's ``re`` can backtrack for years on a pattern such as ``(a+)+$`` or ``(a|a)*$``.
A pattern that came from the repository is compiled with the ``regex`` module, which
matches the ``re`` dialect and can stop a match after a time limit, and is run on a
bounded prefix of the text. A pattern that times out once is switched off for the rest
of the run and says so: the run stays bounded however many texts it is tried on.
"""

from __future__ import annotations

import time
from typing import Any

import regex

TIMEOUT = 0.25  # seconds, per match: a sane pattern needs microseconds
BUDGET = 2.0  # seconds, all matches of one pattern in one run together
MAX_TEXT = 100_000  # characters of the text a pattern is tried on
MAX_PATTERN = 2_000  # characters of the pattern itself


class PatternError(ValueError):
    """The pattern does not compile; ``str()`` is one line, safe to print."""


class UserPattern:
    """A compiled, bounded pattern from the repository. Falsy results after a timeout."""

    __slots__ = ("compiled", "failure", "source", "spent", "where")

    def __init__(self, source: str, where: str = "", flags: int = 0) -> None:
        self.source = source
        self.where = where  # e.g. "freshness.ignore_messages[0]": named in the notice
        self.failure: str | None = None
        self.spent = 0.0  # seconds used by this pattern so far
        if len(source) > MAX_PATTERN:
            raise PatternError(f"pattern longer than {MAX_PATTERN} characters")
        try:
            self.compiled: Any = regex.compile(source, flags | regex.VERSION0)
        except (regex.error, ValueError, OverflowError, RecursionError) as exc:
            raise PatternError(f"invalid regular expression: {exc}") from None

    def _run(self, method: str, text: str) -> Any:
        if self.failure is not None:
            return None
        where = f" ({self.where})" if self.where else ""
        start = time.perf_counter()
        try:
            return getattr(self.compiled, method)(text[:MAX_TEXT], timeout=TIMEOUT)
        except TimeoutError:
            self.failure = (
                f"pattern {self.source[:80]!r}{where} took longer than {TIMEOUT} s on one "
                "text and was switched off for this run; simplify it (a repeated group "
                "whose branches overlap, such as (a|a)*, backtracks exponentially)"
            )
            return None
        finally:
            self.spent += time.perf_counter() - start
            if self.spent > BUDGET and self.failure is None:
                # slow on every text rather than on one: bounded all the same
                self.failure = (
                    f"pattern {self.source[:80]!r}{where} used more than {BUDGET} s in this "
                    "run and was switched off; simplify it"
                )

    def search(self, text: str) -> Any:
        """A match object or None (None too once the pattern has been switched off)."""
        return self._run("search", text)

    def match(self, text: str) -> Any:
        return self._run("match", text)

    def fullmatch(self, text: str) -> Any:
        return self._run("fullmatch", text)


def compile_pattern(source: str, where: str = "", flags: int = 0) -> UserPattern:
    return UserPattern(source, where, flags)
