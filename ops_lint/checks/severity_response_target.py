"""Severity levels whose response time is slower than policy, or not a duration.

The severity policy sets the slowest acceptable response per level; a handover matrix that
promises less (or something no one can measure, like "ASAP") misleads both on-call and
partners. The targets live once, in the vocabulary: ``vocabulary.severity.levels``, each
level's ``response`` (default S0 ``15 min``, S1 ``1 hour``, S2 ``4 hours``, S3 ``1
business day``, S4 ``backlog``; a level without ``response`` is not checked; a target that
does not parse is a configuration error). A P1-P5 or named (Critical/Major/Minor) scheme
is one vocabulary entry, targets included.

For each level of the severity matrix (found as for ``severity-levels``) with a target,
the response value must hold a duration no slower than the target. The first duration
written anywhere in the value is read: ``Start work & respond: 20 min``, ``within 60
min``, ``≤ 15 minutes``; ``Ack 5 min / mitigate 1 h`` reads 5 minutes (the first
duration wins, so write the acknowledgement first). ``<br>`` is a space. Empty values
are left to ``severity-complete``; a matrix without a response column too.

Vocabulary keys read: those of ``severity-levels``,
``vocabulary.columns.severity-matrix.response`` and ``vocabulary.severity.levels``
(``response``). Options: none.

Fail: ``| S1 — High | ... | 2 hours | ...`` ("S1 response time '2 hours' is slower than
the 1 hour policy"), or ``| S2 | ... | ASAP | ...`` (not a duration).

Pass: ``| S1 — High | ... | within 1h (24/7) | ...``, ``| S3 — Low | ... | next business
day | ...``, ``| S4 | ... | Backlog | ...``.

"""

from __future__ import annotations

from collections.abc import Iterator

from ops_lint import durations
from ops_lint.checks import Evidence, Finding, Result
from ops_lint.checks._severity_table import MatrixOptions, matrix_for, no_matrix_note, where
from ops_lint.context import Context
from ops_lint.governance import Value, blank
from ops_lint.governance.severity import SeverityMissing
from ops_lint.model import Document

# `ops-lint rules CODE` prints this docstring: it carries the full duration grammar.
__doc__ = (__doc__ or "") + durations.RESPONSE_TIME_DOC

KIND = "severity-response-target"


class Options(MatrixOptions):
    pass


def _judge(level: str, value: Value, target: str, ctx: Context) -> Finding | str:
    """A finding for a response value against ``target``, or what was checked."""
    limit = ctx.vocabulary.response_time(target)
    got = ctx.vocabulary.find_response_time(value.text)
    if got is None:
        return Finding(
            value.at.line,
            value.at.column,
            f"{level} response time '{value.text}' is not a duration (policy: {target})",
            f"write the response time as {durations.GRAMMAR}; "
            f"see `ops-lint rules {ctx.rule_ref(KIND)}`",
            value.text,
        )
    if limit is not None and durations.slower(got, limit):
        return Finding(
            value.at.line,
            value.at.column,
            f"{level} response time '{value.text}' is slower than the {target} policy",
            f"commit to {target} or faster for {level}, or change its response in the "
            "config (key vocabulary.severity.levels) if the policy itself changed",
            value.text,
        )
    return f"{level} {got} (policy {target})"


def check(doc: Document, options: Options, ctx: Context) -> Iterator[Result]:
    matrix = matrix_for(doc, ctx)
    if isinstance(matrix, SeverityMissing):
        yield Evidence(1, no_matrix_note(ctx, matrix))
        return
    if "response" not in matrix.columns:
        complete = ctx.rule_ref("severity-complete")
        yield Evidence(matrix.at.line, f"{where(matrix)} has no response column ({complete})")
        return
    targets = ctx.vocabulary.targets()
    checked: list[str] = []
    clean = True
    for row in matrix.rows:
        target = targets.get(row.level)
        value = row.get("response")
        if target is None or value is None or blank(value):
            continue
        judged = _judge(row.level, value, target, ctx)
        if isinstance(judged, Finding):
            clean = False
            yield judged
        else:
            checked.append(judged)
    if clean:
        note = ", ".join(checked) or "no level with both a target and a response time"
        yield Evidence(matrix.at.line, f"{where(matrix)}: response times within policy: {note}")
