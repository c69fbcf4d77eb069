"""Drills: a runbook rehearsed offline, exactly as written, against a simulated platform.

- :mod:`ops_lint.drill.convention`: which blocks of a runbook are drill blocks, their
  phases and expectations, and the front-matter ``drill:`` mapping (a :class:`DrillPlan`).
- :mod:`ops_lint.drill.platform`: the simulated platform, canned answers per command.
- :mod:`ops_lint.drill.static`: what is checked before anything runs.
- :mod:`ops_lint.drill_stub`: the program behind every stubbed command during a drill.
"""

from __future__ import annotations


class DrillError(Exception):
    """A clear, one-line problem with a drill (a bad platform spec, a bad expectation);
    ``str()`` is the reason, safe to print."""
