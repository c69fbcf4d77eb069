"""An activity of the RACI table without exactly one Accountable role.

Accountability that is shared is accountability nobody holds: each activity needs one
role that answers for the outcome, signs off and breaks ties. A row with no ``A`` has no
owner; a row with two ``A`` has two owners who will each assume the other decided.

The RACI table is found as for ``raci-roles``, in either orientation (activities as
rows, or roles as rows: a transposed table's activities are its columns); a cell may hold
several letters (``A/R``). A role named twice counts once. Without a RACI table this
rule reports nothing (``raci-roles`` does); with two candidate tables it checks nothing
and says why.

Vocabulary keys read: ``vocabulary.sections.raci``, ``vocabulary.columns.raci.role``,
``vocabulary.columns.raci.activity``.
Options: none.

Fail:

    | Activity           | L2 Support | Partner Management | Platform Engineering |
    |--------------------|------------|--------------------|----------------------|
    | Partner onboarding | A          | A/R                | C                    |
    | Capacity planning  | C          | I                  | R                    |

Pass:

    | Partner onboarding | C          | A/R                | C                    |
    | Capacity planning  | C          | I                  | A/R                  |
"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._raci_table import RaciOptions, skipped, where
from ops_lint.context import Context
from ops_lint.diagnostic import listing
from ops_lint.governance.raci import RaciMissing
from ops_lint.model import Document

KIND = "raci-accountable"


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
        holders = [role for role, letters in row.letters.items() if "A" in letters]
        if len(holders) == 1:
            continue
        clean = False
        if holders:
            found = f"{len(holders)} Accountable ({listing(holders)})"
            hint = "keep 'A' for the one role that answers for the outcome; make the others R or C"
        else:
            found = "no Accountable (A)"
            hint = "mark exactly one role 'A' for this activity: the role that answers for it"
        yield Finding(
            row.at.line,
            row.at.column,
            f"activity '{row.name}' has {found}; exactly one required",
            hint,
            " | ".join(row.cells),
        )
    if clean:
        yield Evidence(
            raci.at.line,
            f"{where(raci)}: each of {len(raci.activities)} activities has exactly one Accountable",
        )
