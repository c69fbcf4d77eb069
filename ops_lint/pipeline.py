"""The ``check`` and ``freshness`` pipelines, once: options in, result out.

``lint(RunOptions) -> RunResult`` loads the config and packs, discovers and reads the doc
set, starts the git history, re-checks the docs whose stored results no longer hold
(:mod:`ops_lint.incremental`; every doc without the cache), narrows the report to what a
change causes (``--changed-from``) and splits off the baselined findings. It prints
nothing and writes no report: the command line and the pytest plugin render its result,
so both see the same findings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ops_lint import config as config_mod
from ops_lint.cache import DocumentCache
from ops_lint.config import LoadedConfig
from ops_lint.discovery import Candidate, candidate_for, discover
from ops_lint.engine import Selection
from ops_lint.errors import UsageError
from ops_lint.git.history import PendingHistory
from ops_lint.loader import content_scheme, contents, load_documents, read_inputs
from ops_lint.packs import Rule, bundled_rules_dir, load_rules
from ops_lint.results import Report
from ops_lint.stat_memo import StatMemo
from ops_lint.targeting import unselected_notices

BUNDLED = bundled_rules_dir()

if TYPE_CHECKING:
    from ops_lint.context import Context


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What a run is asked to do; the defaults are ``ops-lint check`` with no option."""

    cwd: Path
    paths: tuple[str, ...] = ()  # report findings for these files (or folders) only
    config: str | None = None  # ``--config``: else searched upwards from ``cwd``
    select: tuple[str, ...] | None = None  # replaces the config's when given
    ignore: tuple[str, ...] | None = None
    as_of: dt.date | None = None  # None: today
    use_git: bool = True
    use_cache: bool = True
    jobs: int | None = None
    baseline: str | None = None  # findings recorded there are split off as baselined
    update_baseline: bool = False  # the baseline is being rewritten: keep every finding
    changed_from: str | None = None
    memo: bool = True  # False: every doc checked again (--fix: findings with fixes)
    # (absolute path, content) read in place of those files: an editor's unsaved buffers
    overrides: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True, slots=True)
class RunResult:
    """The report of a run and what rendering it needs. Its findings name files relative
    to the project root; a format shows them as its readers want (``formats.locations``)."""

    report: Report
    loaded: LoadedConfig
    rules: list[Rule]
    selection: Selection
    as_of: dt.date

    @property
    def enabled(self) -> Callable[[str], bool]:
        return self.selection.enabled


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: a warm run makes some 100,000 small objects
    that are never cyclic garbage, and each full collection would walk them all."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_options(options: RunOptions) -> None:
    if options.update_baseline and not options.baseline:
        raise UsageError("--update-baseline needs --baseline FILE")
    if options.changed_from is not None and options.update_baseline:
        raise UsageError("--update-baseline records every finding: drop --changed-from")


def targets_of(
    options: RunOptions, loaded: LoadedConfig, candidates: dict[str, Candidate]
) -> set[str] | None:
    """The absolute paths findings are reported for (None: the whole doc set); a file
    named on the command line that discovery skipped is added to ``candidates``."""
    if not options.paths:
        return None
    changed = options.changed_from is not None
    targets: set[str] = set()
    for path in options.paths:
        folder = os.path.normpath(os.path.join(str(options.cwd), path))
        if os.path.isdir(folder):
            inside = folder.rstrip(os.sep) + os.sep
            targets.update(k for k in candidates if k.startswith(inside))
            continue
        cand = candidate_for(path, loaded, options.cwd)
        if changed and (cand is None or cand.abspath not in candidates):
            continue  # not a doc of the doc set: a roster, config or code change
        if cand is not None:
            candidates.setdefault(cand.abspath, cand)
            targets.add(cand.abspath)
    return targets


def _selection(options: RunOptions, loaded: LoadedConfig) -> Selection:
    cfg = loaded.config
    return Selection(
        options.select if options.select is not None else cfg.select,
        options.ignore if options.ignore is not None else cfg.ignore,
    )


def lint(options: RunOptions) -> RunResult:
    """Run ``check`` as ``options`` ask; raises ``UsageError`` on a usage, config or pack
    error (before any doc is read)."""
    from ops_lint import baseline

    loaded = config_mod.load(options.config, options.cwd, memo=options.use_cache)
    rules = load_rules(loaded)
    _check_options(options)
    accepted: Counter[tuple[str, str, str]] | None = None
    if options.baseline and not options.update_baseline:  # a bad baseline fails first
        accepted = baseline.load(options.baseline)
    stats = StatMemo(loaded.root, content_scheme(loaded)) if options.use_cache else None
    with gc_paused():  # no cyclic garbage: only tens of thousands of small records
        candidates = {c.abspath: c for c in discover(loaded)}  # after the memo's clock
    targets = targets_of(options, loaded, candidates)
    selection = _selection(options, loaded)
    today = options.as_of or dt.date.today()
    cache = DocumentCache(loaded.root) if options.use_cache else None
    ordered = [candidates[k] for k in sorted(candidates)]
    # --changed-from: findings outside the given files count too, so all docs are checked
    scope = None if options.changed_from is not None else targets
    report, history = _run(options, loaded, rules, selection, today, ordered, scope, cache, stats)
    if options.changed_from is not None:
        from ops_lint.changes import RunSettings, caused_by_change

        run = RunSettings(
            list(options.select) if options.select is not None else None,
            list(options.ignore) if options.ignore is not None else None,
            today,
            options.use_git,
            options.jobs,
            options.config,
            cache,
            history,
        )
        report = caused_by_change(report, options.changed_from, loaded, targets or set(), run)
    if accepted is not None:
        report.diagnostics, report.baselined = baseline.split(report.diagnostics, accepted)
    if options.select is None:  # a --select on the command line narrows on purpose
        own = [(r.code, r.name, r.source) for r in rules if Path(r.source).parent != BUNDLED]
        silent = unselected_notices(own, loaded.config.select, loaded.describe())
        report.notices = [*silent, *report.notices]
    return RunResult(report, loaded, rules, selection, today)


def _run(
    options: RunOptions,
    loaded: LoadedConfig,
    rules: list[Rule],
    selection: Selection,
    today: dt.date,
    ordered: list[Candidate],
    scope: set[str] | None,
    cache: DocumentCache | None,
    stats: StatMemo | None = None,
) -> tuple[Report, PendingHistory | None]:
    """The engine's report (each doc's results reused from the last run where they still
    hold), and the git history it started, if any."""
    from ops_lint.engine import check  # looked up at each run (tests count the runs)
    from ops_lint.incremental import check_reusing
    from ops_lint.run_memo import git_view

    needs_history = options.use_git and any(
        r.kind.needs_history and selection.enabled(r.code) for r in rules
    )
    with gc_paused():
        inputs = read_inputs(ordered, loaded, dict(options.overrides), stats)
    readable = [i.candidate.abspath for i in inputs if not isinstance(i.data, str)]

    def start(docs: set[str] | None, read_git: bool = True) -> PendingHistory | None:
        _prefetch(rules, selection, inputs, docs, cache, loaded.config.max_file_size)
        if not (needs_history and read_git):
            return None
        from ops_lint.freshness import start_history

        return start_history(loaded.config, loaded.root, readable)  # git works meanwhile

    if cache is None:
        history = start(scope)
        docs = load_documents(ordered, loaded, jobs=options.jobs, inputs=inputs)
        del inputs  # the files' bytes are not needed once parsed
        report = check(docs, rules, loaded, selection, today, scope, options.use_git, history)
        return report, history
    git = partial(git_view, loaded, inputs, stats) if needs_history else None
    checking = (rules, selection, today)
    with gc_paused():
        report, history = check_reusing(options, loaded, checking, inputs, scope, cache, start, git)
    cache.save()
    if stats is not None:
        stats.save()
    return report, history


def doc_set_context(
    loaded: LoadedConfig, candidates: dict[str, Candidate] | None = None
) -> Context:
    """Every doc of the doc set (``candidates``, else discovered), parsed in path order, in
    a context without git history as of today: what ``inspect`` and ``slo``/``gate`` read."""
    from ops_lint.context import Context

    found = candidates if candidates is not None else {c.abspath: c for c in discover(loaded)}
    docs = load_documents([found[k] for k in sorted(found)], loaded)
    return Context(docs, loaded.config, loaded.root, dt.date.today(), use_git=False)


def _prefetch(
    rules: list[Rule],
    selection: Selection,
    inputs: list[Any],
    scope: set[str] | None,
    cache: DocumentCache | None,
    limit: int,
) -> None:
    """Let the rules that can start work on the raw files (an external linter) do so
    before the files are parsed."""
    texts: list[str] | None = None
    for rule in rules:
        if rule.kind.prefetch is None or not selection.enabled(rule.code):
            continue
        if texts is None:
            texts = []
            for item in inputs:
                if scope is not None and item.candidate.abspath not in scope:
                    continue
                data = contents(item, limit)
                # only files with a fence: the rest have no block to prefetch
                if isinstance(data, bytes) and (b"```" in data or b"~~~" in data):
                    texts.append(data.decode("utf-8", "replace"))
        recall = cache.recall if cache is not None else (lambda key: None)
        rule.kind.prefetch(texts, rule.options, recall)
