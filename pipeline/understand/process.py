"""``pressmon process``: run the understanding stages over new or changed articles.

Articles are processed in batches, each batch one transaction (assessments, reviews opened by a
flag, ``processed_at``), so a run killed half-way leaves every article either processed or not and
the next run finishes the rest. Story grouping runs last over the processed articles and their
neighbours in time (:mod:`pipeline.understand.story_grouping`). The assessing itself, here or in
worker processes, is in :mod:`pipeline.understand.workers`; segmentations and story signatures it
computes are stored with each batch, so re-assessing an unchanged article with a new model version
re-segments nothing. The assessor (the trained models, or the rules) is handed in
(:class:`pipeline.understand.assessor.Assessor`).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from pipeline.clock import utcnow
from pipeline.settings import AlertSettings
from pipeline.storage import alerts as alert_store
from pipeline.storage import cases as case_store
from pipeline.storage import segments as segment_store
from pipeline.storage.articles import ungrouped_ids
from pipeline.storage.assessments import save_assessments
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article
from pipeline.taxonomy import RELEVANT_SCOPES
from pipeline.understand.assessor import Assessor
from pipeline.understand.story_grouping import group_stories, save_signatures
from pipeline.understand.workers import GC_THRESHOLD, Assessed, assessed_batches

BATCH = 200

# With workers, batches are smaller (down to this) so that a few hundred articles still make enough
# of them for every worker to be busy to the end; each is still one transaction.
MIN_WORKER_BATCH = 20

BATCHES_PER_WORKER = 12

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ProcessSummary:
    processed: int
    relevant: int
    flagged: int
    stories: int
    seconds: float


def _pending_ids(engine: Engine, version: str, everything: bool) -> list[str]:
    query = select(Article.id).order_by(Article.published_at, Article.id)
    if not everything:
        query = query.where(or_(Article.processed_at.is_(None), Article.model_version != version))
    with engine.connect() as conn:
        return list(conn.scalars(query))


def _save_batch(engine: Engine, batch: Assessed, alerts: AlertSettings | None) -> tuple[int, int]:
    """Store a batch's assessments, new segmentations, story signatures and the alerts its flags raise
    in one transaction; an article whose text changed since it was read is left for the next run."""
    signatures: dict[str, tuple[str, bytes]] = {}
    entries = []
    with transaction(engine) as session:
        query = select(Article.id, Article.text_hash).where(Article.id.in_(batch.ids))
        stored: dict[str, str] = {aid: digest for aid, digest in session.execute(query)}
        for aid, text_hash, result, sig in zip(
            batch.ids, batch.hashes, batch.results, batch.signatures, strict=True
        ):
            if stored.get(aid) == text_hash:
                entries.append((aid, text_hash, result))
                signatures[aid] = (text_hash, sig)
        save_assessments(session, entries)
        segment_store.save(session, batch.segments)
        save_signatures(session, signatures)
        if alerts is not None:
            flagged = [(aid, result) for aid, _, result in entries if result.needs_response]
            alert_store.queue_flag_alerts(session, flagged, utcnow(), alerts)
    relevant = sum(1 for _, _, r in entries if r.scope in RELEVANT_SCOPES)
    return relevant, sum(1 for _, _, r in entries if r.needs_response)


def _batch_size(pending: int, workers: int) -> int:
    if workers <= 1:
        return BATCH
    return min(BATCH, max(MIN_WORKER_BATCH, -(-pending // (workers * BATCHES_PER_WORKER))))


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Fewer and cheaper garbage collections while assessing (restored after). The loaded models
    are some 200,000 objects that every full collection would scan again, and assessing allocates
    containers by the million, triggering a young collection every 700: together ~3 % of the run.
    Frozen, the models are skipped; a higher threshold makes young collections rare."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def process_articles(
    engine: Engine,
    assessor: Assessor,
    everything: bool = False,
    progress: Progress | None = None,
    workers: int = 1,
    alerts: AlertSettings | None = None,
) -> ProcessSummary:
    """Assess every article that is new, changed or assessed by another version (or all of them).

    With ``workers`` > 1 the assessing runs in that many processes (each given this assessor);
    the main process reads and writes every batch, each in its own transaction. With ``alerts``,
    new flagged items and spreading stories queue alerts for their subscribers (sent afterwards).
    """
    started = time.monotonic()
    ids = _pending_ids(engine, assessor.version, everything)
    size = _batch_size(len(ids), workers)
    batches = [ids[start : start + size] for start in range(0, len(ids), size)]
    relevant = flagged = done = 0
    with fewer_collections():
        for batch in assessed_batches(engine, assessor, batches, workers):
            r, f = _save_batch(engine, batch, alerts)
            relevant, flagged, done = relevant + r, flagged + f, done + len(batch.ids)
            if progress:
                progress(done, len(ids))
    # Also every article a killed run assessed but never grouped (its batches were committed, its
    # grouping at the end never ran): without this they would stay out of every story for good.
    with transaction(engine) as session:
        ungrouped = ungrouped_ids(session)
    grouped = list(dict.fromkeys([*ids, *ungrouped]))
    stories = group_stories(engine, grouped)
    with transaction(engine) as session:  # new items of a followed case's story join the case
        case_store.link_story_items(session, grouped, utcnow())
    if alerts is not None and ids:
        with transaction(engine) as session:
            alert_store.queue_spread_alerts(session, ids, utcnow(), alerts)
    return ProcessSummary(len(ids), relevant, flagged, stories, time.monotonic() - started)
