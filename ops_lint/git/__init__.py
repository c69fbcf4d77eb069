"""Everything ops-lint asks of git, in one place.

The repository may come from a pull request, so git is never run by name or with the
repository's own configuration in charge: :mod:`.command` builds every invocation (the
git executable found outside the project, options that turn off hooks, filters, textconv,
fsmonitor and protocols). GitPython serves repository discovery and config reading
(:mod:`.repository`), pinned to that same executable.

- :mod:`.command`: the safe invocation of git, and the state a run is keyed on;
- :mod:`.repository`: the repository of a project, its top and its config;
- :mod:`.log`: reading ``git log --raw -z`` records; :mod:`.blobs`: blob contents
  (``git cat-file``);
- :mod:`.history_model`, :mod:`.history_reader`, :mod:`.doc_history`, :mod:`.history`:
  each doc's history in one pass over the log (renames followed, sweeps set aside),
  started in the background;
- :mod:`.worktree`: which docs have uncommitted changes; :mod:`.uncommitted_memo`: those
  verdicts remembered between runs, judged again only for docs whose stat data changed;
- :mod:`.as_of`: the repository as it was on a date (freshness as of a past quarter);
- :mod:`.tree_copy`: a commit's version of the files a check reads (``--changed-from``).
"""
