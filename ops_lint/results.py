"""What a check run produces: each doc's outcome, and the report assembled from them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ops_lint.checks import Evidence
from ops_lint.dependencies import Frame
from ops_lint.dependencies import looked_up as looked_up_in
from ops_lint.diagnostic import Diagnostic
from ops_lint.model import Directive
from ops_lint.packs import Rule


@dataclass(slots=True)
class Evaluation:
    """One rule on one doc: what the compliance report and JUnit output are made of."""

    code: str
    path: str  # relative to the project root, like a finding's
    # most evaluations have neither: they share the empty tuple (some 260,000 evaluations
    # at 10,000 docs would otherwise hold two empty lists each)
    findings: Sequence[Diagnostic] = ()
    waived: int = 0
    evidence: Sequence[Evidence] = ()


@dataclass(slots=True)
class Report:
    """A run's results. Its evaluations (one per rule per doc) are read only by some
    outputs (JUnit, the compliance report, the pytest plugin): a report assembled from stored
    results builds them on first use (``_evaluations`` holds how), never otherwise."""

    rules: list[Rule]
    files: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    waived: list[tuple[Diagnostic, Directive]] = field(default_factory=list)
    _evaluations: list[Evaluation] | Callable[[], list[Evaluation]] = field(
        default_factory=list, repr=False
    )
    notices: list[str] = field(default_factory=list)
    baselined: list[Diagnostic] = field(default_factory=list)  # accepted by --baseline
    looked_up: dict[str, bool] = field(default_factory=dict)  # files checked for existence

    @property
    def evaluations(self) -> list[Evaluation]:
        if callable(self._evaluations):
            self._evaluations = self._evaluations()
        return self._evaluations

    @evaluations.setter
    def evaluations(self, value: list[Evaluation] | Callable[[], list[Evaluation]]) -> None:
        self._evaluations = value


@dataclass(slots=True)
class DocOutcome:
    """One doc's results: its findings (kept and waived), one evaluation per rule that
    ran on it (or how to decode them, for an outcome recalled from the store) and what
    they were computed from (:mod:`ops_lint.dependencies`)."""

    abspath: str
    kept: list[Diagnostic]
    waived: list[tuple[Diagnostic, Directive]]
    evaluations: list[Evaluation] | Callable[[], list[Evaluation]]
    frame: Frame

    def all_evaluations(self) -> list[Evaluation]:
        if callable(self.evaluations):
            self.evaluations = self.evaluations()
        return self.evaluations


def assemble(
    rules: list[Rule],
    outcomes: list[DocOutcome],
    files: int | None = None,
    evaluations: Callable[[], list[Evaluation]] | None = None,
    looked_up: dict[str, bool] | None = None,
) -> Report:
    """The report of the docs of ``outcomes`` (in path order). A run that recalls the
    outcomes of docs without findings gives their count in ``files``, the evaluations of
    all docs in order and the files looked up."""
    report = Report(rules=rules, files=len(outcomes) if files is None else files)
    notices: dict[str, None] = {}
    found: dict[str, bool] = {}
    for outcome in outcomes:
        report.diagnostics.extend(outcome.kept)
        report.waived.extend(outcome.waived)
        notices.update(dict.fromkeys(outcome.frame.notices))
        looked_up_in(outcome.frame.tokens.items(), found)
    report.diagnostics.sort()
    report.notices = list(notices)
    report.looked_up = found if looked_up is None else looked_up
    if evaluations is not None:
        report.evaluations = evaluations
    elif any(callable(o.evaluations) for o in outcomes):
        report.evaluations = lambda: [e for o in outcomes for e in o.all_evaluations()]
    else:
        report.evaluations = [e for o in outcomes for e in o.all_evaluations()]
    return report
