"""A doc's history from its events: review-only verdicts, then its last change, its
last attestation and its editors.

The reader (:mod:`ops_lint.git.history_reader`) keeps each doc's events along the line of
its content, newest first; :func:`judge` asks git for the blobs that decide whether the
newest ones only bump a review date, in rounds (a doc stays open only while its newest
events are attestations), and :func:`resolve` reads the events with those verdicts.
"""

from __future__ import annotations

from ops_lint.git.blobs import Blobs, review_only
from ops_lint.git.history_model import DocHistory
from ops_lint.git.history_reader import Event, LogReader


def _unjudged(
    reader: LogReader, doc: str, verdicts: dict[tuple[str, str], bool], cursor: dict[str, int]
) -> Event | None:
    """The doc's next event whose review-only verdict ``resolve`` needs, if any.

    ``cursor`` remembers how far each doc has been read, so every event is looked at a
    bounded number of times however many review-only commits a doc has.
    """
    events = reader.line(doc)
    while cursor[doc] < len(events):
        event = events[cursor[doc]]
        if event.status == "R100" or reader.ignored(event.commit):
            cursor[doc] += 1
            continue
        if not event.status.startswith(("M", "R")):
            return None  # an add (or other) event is the last change: no blob needed
        verdict = verdicts.get((event.old_blob, event.new_blob))
        if verdict is None:
            return event
        if not verdict:
            return None  # a substantive edit: the last change is found
        cursor[doc] += 1
    return None


def judge(
    reader: LogReader, blobs: Blobs, docs: list[str], verdicts: dict[tuple[str, str], bool]
) -> None:
    """Review-only verdicts into ``verdicts``, keyed by (old blob, new blob), for every
    event ``resolve`` reads of ``docs``.

    Rounds: each asks, in one batch, for the next undecided event of every doc still
    open; a doc stays open only while its newest events are review attestations.
    """
    fields = reader.settings.review_fields
    cursor = dict.fromkeys(docs, 0)
    pending = docs
    while pending:
        wanted: dict[tuple[str, str], None] = {}
        still: list[str] = []
        for doc in pending:
            event = _unjudged(reader, doc, verdicts, cursor)
            if event is not None:
                wanted[(event.old_blob, event.new_blob)] = None
                still.append(doc)
        keys = list(wanted)
        for key, (old, new) in zip(keys, blobs.pairs(keys), strict=True):
            verdicts[key] = review_only(old, new, fields)
        pending = still


def resolve(reader: LogReader, verdicts: dict[tuple[str, str], bool], doc: str) -> DocHistory:
    """Turn a doc's newest-first events into its last change, attestation and editors."""
    result = DocHistory(path=doc, created=reader.created.get(doc))
    result.truncated = doc in reader.truncated or (
        bool(reader.boundaries) and doc not in reader.created
    )
    for event in reader.line(doc):
        if event.status == "R100" or reader.ignored(event.commit):
            continue
        if (
            result.last_change is None
            and event.status.startswith(("M", "R"))
            and verdicts[(event.old_blob, event.new_blob)]
        ):
            if result.last_attestation is None:
                result.last_attestation = event.commit
            continue
        if result.last_change is None:
            result.last_change = event.commit
        result.edits.append(event.commit)
    return result
