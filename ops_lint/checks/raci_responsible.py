"""An activity of the RACI table without a Responsible role.

Someone has to do the work: an activity where no role holds ``R`` is an activity that
nobody performs, however many roles are consulted or informed about it. ``A/R`` (the
accountable role also does the work) counts as Responsible.

The RACI table is found as for ``raci-roles``, in either orientation. Without a RACI
table this rule reports nothing (``raci-roles`` does); with two candidate tables it
checks nothing and says why.

Vocabulary keys read: ``vocabulary.sections.raci``, ``vocabulary.columns.raci.role``,
``vocabulary.columns.raci.activity``.
Options: none.

Fail:

    | Activity             | L1 Support | L2 Support | Incident Commander |
    |----------------------|------------|------------|--------------------|
    | Customer comms (S0)  | I          | C          | A                  |

Pass:

    | Customer comms (S0)  | I          | R          | A                  |
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._raci_table import RaciOptions, skipped, where
from ops_lint.context import Context
from ops_lint.diagnostic import listing
from ops_lint.governance.raci import RaciMissing
from ops_lint.model import Document

KIND = "raci-responsible"


class Options(RaciOptions):
    pass


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    raci = ctx.raci(doc)
    if isinstance(raci, RaciMissing):
        note = skipped(raci)
        if note is not None:
            yield Evidence(raci.at.line, note)
        return
    clean = True
    for row in raci.activities:
        if any("R" in letters for letters in row.letters.values()):
            continue
        clean = False
        held = listing(
            [f"{role} {'/'.join(sorted(letters))}" for role, letters in row.letters.items()]
        )
        yield Finding(
            row.at.line,
            row.at.column,
            f"activity '{row.name}' has no Responsible (R)"
            + (f" (only {held})" if held else "")
            + "; at least one required",
            "mark 'R' for the role(s) that do the work (or 'A/R' if the accountable role does)",
            " | ".join(row.cells),
        )
    if clean:
        yield Evidence(
            raci.at.line,
            f"{where(raci)}: each of {len(raci.activities)} activities has a Responsible",
        )
