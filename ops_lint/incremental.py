"""A ``check`` that reuses each doc's stored results while they still hold.

The files are statted (and read only where their stat data changed, :mod:`ops_lint.stat_memo`),
each doc's stored entry is compared with its content and with the values of the tokens its
results were computed from, and the rules run only on the docs whose entry no longer holds:
a doc that changed, a doc that links to it, a doc that read the docs of its type when one
of them changed... Those docs, and the docs their rules read, are the only ones parsed or
loaded from the parse cache. The report is then assembled from every doc's outcome, fresh
or stored, exactly as a run that checks everything assembles it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ops_lint import engine
from ops_lint.cache import DocumentCache
from ops_lint.cache_codec import Malformed
from ops_lint.config import LoadedConfig
from ops_lint.context import Context
from ops_lint.dependencies import EXISTS, GIT, SET
from ops_lint.dependencies import looked_up as files_looked_up
from ops_lint.doc_results import ResultStore, recalled
from ops_lint.doc_source import DocSource
from ops_lint.engine import Selection
from ops_lint.freshness_history import history_settings
from ops_lint.git.history import PendingHistory
from ops_lint.git.history_memo import HistoryMemo, recalled_history
from ops_lint.loader import Input, load_documents
from ops_lint.model import Document
from ops_lint.packs import Rule
from ops_lint.results import DocOutcome, Evaluation, Report, assemble
from ops_lint.run_memo import code_digest, settings_key
from ops_lint.safe_files import leaves_project

if TYPE_CHECKING:
    from ops_lint.pipeline import RunOptions


def identity(item: Input, dirty: bool = False) -> bytes:
    """What a doc's content is: its content key (marked when it differs from HEAD), or
    why it could not be read."""
    if isinstance(item.data, str):
        return b"!" + item.data.encode("utf-8", "surrogateescape")
    return item.key + b"*" if dirty else item.key


class Tokens:
    """Whether the values recorded for dependency tokens still hold, each judged once."""

    def __init__(self, source: DocSource, root: Path, git: Callable[[], bytes]) -> None:
        self.source = source
        self.root = str(root)
        self.git = git
        self.judged: dict[tuple[str, bytes], bool] = {}

    def hold(self, tokens: list[tuple[str, bytes]]) -> bool:
        judged = self.judged
        for pair in tokens:
            verdict = judged.get(pair)
            if verdict is None:
                verdict = judged[pair] = self._holds(*pair)
            if not verdict:
                return False
        return True

    def _holds(self, token: str, value: bytes) -> bool:
        kind, _, arg = token.partition(":")
        source = self.source
        if kind == "doc":
            return source.identity(arg) == value
        if token == SET:
            return source.set_identity() == value
        if kind == "type":
            return source.type_identity(arg) == value
        if token.startswith(EXISTS):
            found = not leaves_project(arg, self.root) and os.path.exists(arg)
            return (b"1" if found else b"0") == value
        if token == GIT:
            return self.git() == value
        return False  # a token this version does not know: check again


class Incremental:
    """One run over the doc set ``inputs`` (in path order) with the stored results."""

    def __init__(
        self,
        loaded: LoadedConfig,
        inputs: list[Input],
        store: ResultStore,
        cache: DocumentCache,
        jobs: int | None,
        git: bytes,
        dirty: set[str],
    ) -> None:
        self.loaded, self.store, self.cache, self.jobs, self.git = loaded, store, cache, jobs, git
        self.inputs = {item.candidate.abspath: item for item in inputs}
        self.identities = {a: identity(item, a in dirty) for a, item in self.inputs.items()}
        paths = {a: item.candidate.key for a, item in self.inputs.items()}
        types = {
            a: store.types[at]
            for a, at in store.row.items()
            if self.identities.get(a) == store.identities[at]
        }
        self.source = DocSource(list(self.inputs), paths, self.identities, self._load, types)
        self.tokens = Tokens(self.source, loaded.root, lambda: git)
        self.shape_holds: dict[int, bool] = {}

    def _load(self, abspaths: list[str]) -> list[Document]:
        items = [self.inputs[a] for a in abspaths]
        cands = [i.candidate for i in items]
        return load_documents(cands, self.loaded, cache=self.cache, jobs=self.jobs, inputs=items)

    def holds(self, abspath: str) -> bool:
        """Whether the stored results of the doc at ``abspath`` still hold."""
        store = self.store
        at = store.row.get(abspath)
        if at is None or store.identities[at] != self.identities[abspath]:
            return False
        shape = store.doc_shape[at]
        verdict = self.shape_holds.get(shape)
        if verdict is None:
            verdict = self.shape_holds[shape] = self.tokens.hold(store.shape_tokens(shape))
        return verdict

    def run(
        self,
        wanted: list[str],
        rules: list[Rule],
        selection: Selection,
        today: dt.date,
        use_git: bool,
        start: Callable[[list[str]], PendingHistory | None],
    ) -> tuple[Report, PendingHistory | None]:
        """The report of the docs ``wanted``, checking those whose stored results do not
        hold; ``start`` is called with them first (it starts the git history, if any rule
        reads it, and lets rules prefetch)."""
        store, paths = self.store, self.source.paths
        parts: dict[str, DocOutcome | int] = {}  # an outcome, or the row of a plain one
        for abspath in wanted:
            if not self.holds(abspath):
                continue
            at = store.row[abspath]
            with contextlib.suppress(Malformed):  # a damaged entry is checked again
                parts[abspath] = at if store.plain[at] else store.recall(abspath, paths[abspath])
        stale = [a for a in wanted if a not in parts]
        history = None
        if stale:
            history = start(stale)
            ctx = Context(self.source, self.loaded.config, self.loaded.root, today, use_git)
            ctx.cache, ctx.git_identity = self.cache, self.git
            for outcome in engine.evaluate(ctx, rules, selection, stale, history):
                parts[outcome.abspath] = outcome
                doc = self.source.get(outcome.abspath)
                doc_type = doc.doc_type if doc is not None else None
                store.put(outcome, self.identities[outcome.abspath], doc_type)
            self.cache.keep({item.key for item in self.inputs.values() if item.key})
        store.save(list(self.inputs))
        ordered = [parts[a] for a in wanted]
        return self._report(rules, ordered), history

    def _report(self, rules: list[Rule], parts: list[DocOutcome | int]) -> Report:
        store, paths = self.store, self.source.paths
        outcomes = [p for p in parts if not isinstance(p, int)]
        looked_up: dict[str, bool] = {}
        for shape in {store.doc_shape[p] for p in parts if isinstance(p, int)}:
            files_looked_up(store.shape_tokens(shape), looked_up)
        for outcome in outcomes:
            files_looked_up(outcome.frame.tokens.items(), looked_up)

        def evaluations() -> list[Evaluation]:
            out: list[Evaluation] = []
            for part in parts:
                if isinstance(part, int):
                    abspath = store.paths[part]
                    part = recalled(abspath, paths[abspath], store.blobs[part], True)
                out.extend(part.all_evaluations())
            return out

        return assemble(rules, outcomes, len(parts), evaluations, looked_up)


def check_reusing(
    options: RunOptions,
    loaded: LoadedConfig,
    checking: tuple[list[Rule], Selection, dt.date],
    inputs: list[Any],
    scope: set[str] | None,
    cache: DocumentCache,
    start: Callable[[set[str] | None, bool], PendingHistory | None],
    git_state: Callable[[], tuple[bytes, set[str]]] | None,
) -> tuple[Report, PendingHistory | None]:
    """The report, from each doc's stored results where they hold (``git_state``: what
    the history depends on, None if no rule reads it). ``start(docs, read_git)`` lets
    rules prefetch for ``docs`` and starts reading git history if ``read_git``; the
    docs' history comes from the history memo when it holds them all."""
    rules, selection, today = checking
    settings = {
        "as_of": today.isoformat(),
        "select": selection.select,
        "ignore": selection.ignore,
        "use_git": options.use_git,
        "history": git_state is not None,
    }
    docs = [i.candidate.abspath for i in inputs]
    store = ResultStore(loaded.root, settings_key(loaded, rules, settings, docs))
    if not options.memo:  # every doc checked again (--fix: findings with their fixes)
        store.row.clear()
    # the git token's value, and the docs that differ from HEAD (their identity says so:
    # the history reads them as changed now)
    git_token, dirty = git_state() if git_state is not None else (b"", set())

    memo = None if git_state is None else HistoryMemo(loaded.root, _history_key(loaded, git_token))
    readable = {i.candidate.abspath for i in inputs if not isinstance(i.data, str)}

    def starting(stale: list[str]) -> PendingHistory | None:
        found = None
        if memo is not None:
            cfg, wanted = loaded.config, [a for a in stale if a in readable]
            found = recalled_history(memo, loaded.root, cfg.docs, wanted, cfg.max_file_size)
        started = start(set(stale), found is None)
        return found if found is not None else started

    run = Incremental(loaded, inputs, store, cache, options.jobs, git_token, dirty)
    wanted = docs if scope is None else [a for a in docs if a in scope]
    report, history = run.run(wanted, rules, selection, today, options.use_git, starting)
    read = history.read() if history is not None else None
    if memo is not None and read is not None:
        memo.remember(read)
    return report, history


def _history_key(loaded: LoadedConfig, git: bytes) -> bytes:
    """What the committed history of the docs depends on: the repository state and doc
    set (``git``), the history settings and the tool's code."""
    digest = hashlib.blake2b(b"history/1", digest_size=24)
    digest.update(git + code_digest())
    digest.update(repr(history_settings(loaded.config)).encode())
    return digest.digest()
