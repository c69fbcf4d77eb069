"""Run the rules over the doc set: stamp code and severity, apply selection and suppressions.

A finding names its file relative to the project root, from the start: nothing here depends
on the working directory, so a report is the same wherever the run was started (each
output format shows the paths as its readers want them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from ops_lint import suppressions
from ops_lint.cache import DocumentCache
from ops_lint.checks import Evidence, Finding
from ops_lint.checks.suppression import KIND as SUPPRESSION
from ops_lint.checks.suppression import Options as SuppressionOptions
from ops_lint.config import LoadedConfig
from ops_lint.context import Context
from ops_lint.dependencies import Frame
from ops_lint.diagnostic import Diagnostic, clip
from ops_lint.doc_source import DocSource
from ops_lint.errors import InternalError
from ops_lint.fixes import resolve_fix
from ops_lint.git.history import PendingHistory
from ops_lint.globs import matches
from ops_lint.model import Document
from ops_lint.packs import Rule
from ops_lint.results import DocOutcome, Evaluation, Report, assemble
from ops_lint.shared_strings import share


class Selection:
    """``select`` / ``ignore`` by code prefix; the longest matching prefix wins, ties ignore."""

    def __init__(self, select: Iterable[str], ignore: Iterable[str]) -> None:
        self.select = tuple(s.upper() for s in select)
        self.ignore = tuple(s.upper() for s in ignore)

    @staticmethod
    def _longest(code: str, prefixes: tuple[str, ...]) -> int:
        return max((len(p) for p in prefixes if code.startswith(p)), default=-1)

    def enabled(self, code: str) -> bool:
        chosen = self._longest(code, self.select)
        return chosen >= 0 and chosen > self._longest(code, self.ignore)


def _file_ignored(doc: Document, code: str, per_file: dict[str, list[str]]) -> bool:
    return any(
        matches(doc.path, [glob]) and any(code.startswith(c.upper()) for c in codes)
        for glob, codes in per_file.items()
    )


def _any_startswith(codes: frozenset[str], prefix: str) -> bool:
    return any(code.startswith(prefix) for code in codes)


def _stamp(rule: Rule, finding: Finding, doc: Document, ctx: Context) -> Diagnostic:
    """The diagnostic of a finding. Every finding passes here: its texts are clipped here,
    once (before a pack's message template can repeat a long one)."""
    message = clip(finding.message)
    if rule.message:
        message = clip(rule.message.replace("{message}", message))
    # another file: a doc of the doc set or a side file (an alert-rule file)
    return Diagnostic(
        path=ctx.project_path(finding.path) if finding.path else doc.path,
        line=max(1, finding.line),
        column=max(1, finding.column),
        code=rule.code,
        rule=rule.name,
        severity=rule.severity,
        message=message,
        hint=clip(rule.hint or finding.hint),
        snippet=clip(finding.snippet),
        fix=resolve_fix(finding.fix, doc, ctx),
    )


def _run_rule(rule: Rule, doc: Document, ctx: Context) -> tuple[list[Diagnostic], list[Evidence]]:
    found: list[Diagnostic] = []
    evidence: list[Evidence] = []
    for result in rule.kind.run(doc, rule.options, ctx):
        if isinstance(result, Finding):
            found.append(_stamp(rule, result, doc, ctx))
        else:
            # notes repeat from doc to doc ("section Rollback present"): one string each
            evidence.append(result._replace(note=share(clip(result.note))))
    return found, evidence


class _DocRun:
    """The rule results of one doc, gathered before its suppressions are applied, and
    what they were computed from."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.codes: set[str] = set()
        self.found: list[Diagnostic] = []
        self.evaluations: dict[str, Evaluation] = {}
        self.frame = Frame()


def _run_rules(run: _DocRun, rules: list[Rule], ctx: Context) -> None:
    """Run the rules of ``rules`` that apply to the doc of ``run``; add their results."""
    doc, cfg = run.doc, ctx.config
    said = len(ctx.notices)
    ctx.deps.push(run.frame)
    try:
        for rule in rules:
            if not rule.applies(doc) or _file_ignored(doc, rule.code, cfg.per_file_ignores):
                continue
            if doc.read_error is not None and rule.kind.name != "unreadable-file":
                continue
            try:
                diags, evidence = _run_rule(rule, doc, ctx)
            except Exception as exc:  # a bug in a check: name the file and the rule
                raise InternalError(f"{doc.path} ({rule.code})", exc) from exc
            run.codes.add(rule.code)
            run.evaluations[rule.code] = Evaluation(rule.code, doc.path, evidence=tuple(evidence))
            run.found.extend(diags)
    finally:
        ctx.deps.pop()
    run.frame.merge(Frame(notices=ctx.notices[said:]))


def _finish_doc(run: _DocRun, by_problem: dict[str | None, Rule], ctx: Context) -> DocOutcome:
    """Apply the doc's suppressions to its findings: the doc's outcome."""
    doc, cfg, evaluations = run.doc, ctx.config, run.evaluations
    enabled = partial(_any_startswith, frozenset(run.codes))
    outcome = suppressions.apply(doc.directives, run.found, ctx.today, doc.line_count, enabled)
    for problem, line, message, hint, snippet in outcome.problems:
        meta = by_problem.get(problem)
        if meta is None or _file_ignored(doc, meta.code, cfg.per_file_ignores):
            continue
        outcome.kept.append(_stamp(meta, Finding(line, 1, message, hint, snippet), doc, ctx))
    kept: dict[str, list[Diagnostic]] = {}
    for diag in outcome.kept:
        kept.setdefault(diag.code, []).append(diag)
    for code, found in kept.items():
        if code not in evaluations:
            evaluations[code] = Evaluation(code, doc.path)
        evaluations[code].findings = found
    for diag, _directive in outcome.waived:
        evaluations[diag.code].waived += 1
    frame = run.frame
    return DocOutcome(doc.abspath, outcome.kept, outcome.waived, list(evaluations.values()), frame)


def evaluate(
    ctx: Context,
    rules: list[Rule],
    selection: Selection,
    targets: list[str] | None = None,
    history: PendingHistory | None = None,
) -> list[DocOutcome]:
    """Run every enabled rule on the docs ``targets`` (absolute paths; all if None), in
    the doc set of ``ctx``: each doc's outcome, in path order."""
    ctx.history_future = history
    active = [r for r in rules if selection.enabled(r.code)]
    for rule in active:
        ctx.kind_codes.setdefault(rule.kind.name, []).append(rule.code)
    # Suppression problems are reported with the pack's rule for each (``packs`` makes sure
    # there is at most one per problem), whatever code the pack gave it.
    by_problem: dict[str | None, Rule] = {
        r.options.problem: r
        for r in active
        if r.kind.name == SUPPRESSION and isinstance(r.options, SuppressionOptions)
    }
    source = ctx.source
    picked = source.load(source.order if targets is None else targets)
    ctx.picked = picked
    runs = [_DocRun(doc) for doc in picked]
    # A rule with slow work of its own (an external tool) starts it now and runs after
    # every other rule of every doc, so that the work overlaps theirs.
    late = [r for r in active if r.kind.prepare is not None]
    for rule in late:
        mine = [run for run in runs if rule.applies(run.doc)]
        if mine and rule.kind.prepare is not None:
            said = len(ctx.notices)
            rule.kind.prepare([run.doc for run in mine], rule.options, ctx)
            for run in mine:  # each doc it ran on shows what it said
                run.frame.merge(Frame(notices=ctx.notices[said:]))
    early = [r for r in active if r.kind.prepare is None]
    for run in runs:
        _run_rules(run, early, ctx)
    outcomes = []
    for run in runs:
        _run_rules(run, late, ctx)
        outcomes.append(_finish_doc(run, by_problem, ctx))
    return outcomes


def check(
    docs: list[Document] | DocSource,
    rules: list[Rule],
    loaded: LoadedConfig,
    selection: Selection,
    today: dt.date,
    targets: set[str] | None = None,
    use_git: bool = True,
    history: PendingHistory | None = None,
    cache: DocumentCache | None = None,
) -> Report:
    """Run every enabled rule on every target doc (all docs if ``targets`` is None)."""
    ctx = Context(docs, loaded.config, loaded.root, today, use_git)
    ctx.cache = cache
    order = ctx.source.order
    picked = None if targets is None else [a for a in order if a in targets]
    return assemble(rules, evaluate(ctx, rules, selection, picked, history))
