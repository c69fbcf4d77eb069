"""``check --changed-from REV``: the findings a change causes, wherever they land.

A change can break governance in files it does not touch: cutting a team in the owners
roster to one member (OPS104 on every doc the team owns), deleting a team (OPS105),
deleting a runbook (OPS005 and OPS303 in the handover that links it). So the run reports

- every finding in the files it is given (the changed files), and
- every finding in the rest of the doc set that REV does not have.

The second part runs the same check on REV's files (written out by
:mod:`ops_lint.git.tree_copy`; the parse cache makes unchanged docs free) and compares the
findings outside the given files by code, path relative to the project root and the
offending content (the message when a finding has none), never by line: a finding that
only moved is not new. Findings and their messages name files relative to the project
root, so REV's copy, wherever it is written, reads as the working tree does: neither run
depends on the working directory. Git history is read once, as it is today, for both
sides: a doc going stale with time is not something a change causes. When REV cannot be
evaluated (no git, no such commit, REV's config or packs do not load), the run says so in
one notice and reports every finding.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import os
from collections import Counter
from typing import NamedTuple

from ops_lint.cache import DocumentCache
from ops_lint.config import CONFIG_NAMES, Config, LoadedConfig
from ops_lint.config import load as load_config
from ops_lint.diagnostic import Diagnostic
from ops_lint.discovery import discover
from ops_lint.engine import Selection, check
from ops_lint.errors import UsageError
from ops_lint.git.command import GitUnavailable
from ops_lint.git.history import PendingHistory
from ops_lint.git.repository import locate
from ops_lint.git.tree_copy import Entry, Snapshot, SnapshotError, resolve_commit
from ops_lint.globs import matches, posix_relpath
from ops_lint.loader import load_documents
from ops_lint.model import Document
from ops_lint.packs import Rule, load_rules
from ops_lint.results import Evaluation, Report
from ops_lint.safe_files import DEFAULT_LIMIT, read_bytes

_PACK_FILES = (".yaml", ".yml", ".json")
Key = tuple[str, str, str]  # code, path relative to the project, offending content


class RunSettings(NamedTuple):
    """What the working tree's run was given, for the run on REV."""

    select: list[str] | None  # from the command line; None: each side's config
    ignore: list[str] | None
    today: dt.date
    use_git: bool
    jobs: int | None
    explicit_config: str | None
    cache: DocumentCache | None
    history: PendingHistory | None  # the working tree's, if it was read


def caused_by_change(
    after: Report, rev: str, loaded: LoadedConfig, targets: set[str], run: RunSettings
) -> Report:
    """``after`` cut down to the findings the change from ``rev`` causes; ``targets`` are
    the absolute paths of the given files."""
    given = {posix_relpath(a, str(loaded.root)) for a in targets}
    try:
        before = _findings_at(rev, loaded, run)
    except (SnapshotError, GitUnavailable, UsageError, OSError) as exc:
        notice = (
            f"--changed-from {rev}: {' '.join(str(exc).split())}; reporting every finding, "
            "not only those the change causes"
        )
        return dataclasses.replace(after, notices=[*after.notices, notice])
    old = Counter(k for k in before if k[1] not in given)
    kept: list[Diagnostic] = []
    for diag in after.diagnostics:
        key = _key(diag)
        if key[1] in given:
            kept.append(diag)
        elif old[key] > 0:
            old[key] -= 1  # there before the change: not caused by it
        else:
            kept.append(diag)
    return _narrowed(after, kept, given)


def _narrowed(after: Report, kept: list[Diagnostic], given: set[str]) -> Report:
    """The report with only ``kept`` findings; evaluations of the ``given`` files and of
    the files with a kept finding (what JUnit and the compliance report show)."""
    marks = {(d.path, d.line, d.column, d.code, d.message) for d in kept}

    def evaluations() -> list[Evaluation]:  # built only if an output reads them
        out = []
        for ev in after.evaluations:
            found = [
                d for d in ev.findings if (d.path, d.line, d.column, d.code, d.message) in marks
            ]
            if ev.path in given or found:
                out.append(dataclasses.replace(ev, findings=found))
        return out

    waived = [(d, why) for d, why in after.waived if d.path in given]
    return dataclasses.replace(
        after, diagnostics=kept, _evaluations=evaluations, waived=waived, notices=after.notices
    )


def _key(diag: Diagnostic) -> Key:
    return diag.code, diag.path, " ".join((diag.snippet or diag.message).split())


def _findings_at(rev: str, loaded: LoadedConfig, run: RunSettings) -> list[Key]:
    loc = locate(loaded.root)
    commit = resolve_commit(loc, rev)
    with Snapshot(loc, commit, loaded.root) as snap, contextlib.redirect_stderr(io.StringIO()):
        # REV's own warnings (an unused exclude pattern...) are not this run's
        before = _config_at(snap, loaded, run.explicit_config, rev)
        cfg = before.config
        snap.write(_side_files(snap, before), cap=DEFAULT_LIMIT)
        docs = [e for e in snap.entries(cfg.docs) if _is_doc(e.path, cfg.include, cfg.exclude)]
        snap.write(docs, cap=cfg.max_file_size)
        try:
            rules = load_rules(before)
        except UsageError as exc:
            raise SnapshotError(f"the rule packs at {rev} do not load: {exc}") from None
        report = _run(before, rules, run, loaded)
        if snap.placeholders(p for p, ok in report.looked_up.items() if not ok):
            report = _run(before, rules, run, loaded)  # linked files REV has
        return [_key(d) for d in report.diagnostics]


def _run(before: LoadedConfig, rules: list[Rule], run: RunSettings, loaded: LoadedConfig) -> Report:
    cfg = before.config
    selection = Selection(
        run.select if run.select is not None else cfg.select,
        run.ignore if run.ignore is not None else cfg.ignore,
    )
    docs = load_documents(discover(before), before, cache=run.cache, jobs=run.jobs)
    history = None
    if run.use_git and any(r.kind.needs_history and selection.enabled(r.code) for r in rules):
        history = _history_for(docs, run, loaded)
    report = check(docs, rules, before, selection, run.today, None, run.use_git, history, run.cache)
    if run.cache is not None:
        run.cache.save()  # REV's docs are parsed again on the next commit: keep them
    return report


def _history_for(docs: list[Document], run: RunSettings, loaded: LoadedConfig) -> PendingHistory:
    """The working tree's history, keyed by REV's copies of the same docs."""
    from ops_lint.freshness_history import start_history

    pending = run.history
    if pending is None:
        paths = [os.path.join(loaded.root, d.path) for d in docs]
        pending = start_history(loaded.config, loaded.root, [p for p in paths if os.path.isfile(p)])
    history = pending.result()
    by_key = {posix_relpath(p, str(loaded.root)): h for p, h in history.docs.items()}
    docs_history = {d.abspath: by_key[d.path] for d in docs if d.path in by_key}
    return PendingHistory(dataclasses.replace(history, docs=docs_history))


def _config_at(
    snap: Snapshot, loaded: LoadedConfig, explicit: str | None, rev: str
) -> LoadedConfig:
    """REV's config: the same file as today's at REV (the first config file REV has when
    today has none); a ``--config`` file git does not track is used as it is."""
    names = [loaded.source.name] if loaded.source is not None else [*CONFIG_NAMES, "pyproject.toml"]
    for name in names:
        found = [e for e in snap.entries([name]) if e.path == name]
        if found and found[0].mode not in ("100644", "100755"):
            raise SnapshotError(f"the config {name} at {rev} is not a regular file")
        if found:
            snap.write(found, cap=2_000_000)
        elif explicit is not None and loaded.source is not None:
            snap.write_bytes(name, read_bytes(loaded.source, None, 2_000_000))
        else:
            continue
        try:
            return load_config(str(snap.root / name), snap.root)
        except UsageError as exc:
            if loaded.source is None and "no [tool.ops-lint] table" in str(exc):
                continue  # REV's pyproject.toml is not an ops-lint config
            raise SnapshotError(f"the config at {rev} does not load: {exc}") from None
    return LoadedConfig(Config(), snap.root, None)


def _side_files(snap: Snapshot, before: LoadedConfig) -> list[Entry]:
    """The roster, and each project pack with its folder's YAML and JSON (a pack file's
    schemas sit next to it; a pack folder holds its own)."""
    cfg = before.config
    owners = os.path.normpath(cfg.owners).replace(os.sep, "/")
    found = {e.path: e for e in snap.entries([owners]) if e.path == owners}
    for spec in cfg.packs:
        if spec == "builtin":
            continue
        spec = os.path.normpath(spec).replace(os.sep, "/")
        listed = snap.entries([spec])
        if any(e.path == spec for e in listed):  # a file: its folder too
            listed += snap.entries([os.path.dirname(spec) or "."])
        found.update((e.path, e) for e in listed if e.path.endswith(_PACK_FILES) or e.path == spec)
    return list(found.values())


def _is_doc(path: str, include: list[str], exclude: list[str]) -> bool:
    return matches(path, include) and not matches(path, exclude)
