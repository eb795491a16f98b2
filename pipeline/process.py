"""``pressmon process``: run the understanding stages over new or changed articles.

Articles are processed in batches, each batch one transaction (assessments, reviews opened by a
flag, ``processed_at``), so a run killed half-way leaves every article either processed or not and
the next run finishes the rest. Story grouping runs last over the processed articles and their
neighbours in time (:mod:`pipeline.story_store`). The assessing itself, here or in worker processes,
is in :mod:`pipeline.process_batches`; segmentations and story signatures it computes are stored with
each batch, so re-assessing an unchanged article with a new model version re-segments nothing.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from models.inference import ModelAssessor
from pipeline import segment_store
from pipeline.db import Article, transaction
from pipeline.process_batches import GC_THRESHOLD, Assessed, assessed_batches
from pipeline.records import Assessment
from pipeline.relevance import Gazetteer, load_gazetteer
from pipeline.store import save_assessments
from pipeline.story_store import group_stories, save_signatures
from pipeline.tagging import ItemText, assess, rules_version
from pipeline.taxonomy import Taxonomy, load_taxonomy
from pressmon.settings import Settings

log = logging.getLogger(__name__)

BATCH = 200
# With workers, batches are smaller (down to this) so that a few hundred articles still make enough
# of them for every worker to be busy to the end; each is still one transaction.
MIN_WORKER_BATCH = 20
BATCHES_PER_WORKER = 12
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Analyzer:
    """The loaded gazetteer, taxonomy and trained models, and the flag threshold.

    Without a model (``model`` is ``None``) the keyword rules of :mod:`pipeline.tagging` label.
    """

    gazetteer: Gazetteer
    taxonomy: Taxonomy
    threshold: float
    model: ModelAssessor | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings, model: Path | None = None, rules_only: bool = False
    ) -> Analyzer:
        """Load the data files named in the settings and the model (the default one unless given)."""
        # Imported here: skops takes seconds to import, and the worker processes of `process
        # --workers`, which import this module, receive the model loaded and never need it.
        from models.artefact import check_location, default_model

        gaz, tax = load_gazetteer(settings.gazetteer), load_taxonomy(settings.taxonomy)
        if rules_only:
            return cls(gaz, tax, settings.flag_threshold)
        path = model or default_model(settings.var_dir)
        check_location(path, settings.var_dir)
        if model is None and not path.is_file():
            log.warning("no trained model at %s; labelling with the keyword rules", path)
            return cls(gaz, tax, settings.flag_threshold)
        return cls(gaz, tax, settings.flag_threshold, ModelAssessor.load(path, gaz, tax))

    def assess(self, item: ItemText) -> Assessment:
        """All labels of one item."""
        return self.assess_many([item])[0]

    def assess_many(self, items: Sequence[ItemText]) -> list[Assessment]:
        """All labels of several items (the models vectorise them together)."""
        if self.model is not None:
            return self.model.assess_many(items)
        return [assess(item, self.gazetteer, self.taxonomy, self.threshold) for item in items]

    @property
    def version(self) -> str:
        """The version string recorded with every assessment."""
        if self.model is not None:
            return self.model.version
        return rules_version(self.gazetteer, self.taxonomy)


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


def _save_batch(engine: Engine, batch: Assessed) -> tuple[int, int]:
    """Store a batch's assessments, new segmentations and story signatures in one transaction; an
    article whose text changed since it was read is left for the next run."""
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
    relevant = sum(1 for _, _, r in entries if r.scope in ("an-lao", "hai-phong"))
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
    analyzer: Analyzer,
    everything: bool = False,
    progress: Progress | None = None,
    workers: int = 1,
) -> ProcessSummary:
    """Assess every article that is new, changed or assessed by another version (or all of them).

    With ``workers`` > 1 the assessing runs in that many processes (each given this analyser);
    the main process reads and writes every batch, each in its own transaction.
    """
    started = time.monotonic()
    ids = _pending_ids(engine, analyzer.version, everything)
    size = _batch_size(len(ids), workers)
    batches = [ids[start : start + size] for start in range(0, len(ids), size)]
    relevant = flagged = done = 0
    with fewer_collections():
        for batch in assessed_batches(engine, analyzer, batches, workers):
            r, f = _save_batch(engine, batch)
            relevant, flagged, done = relevant + r, flagged + f, done + len(batch.ids)
            if progress:
                progress(done, len(ids))
    stories = group_stories(engine, ids)
    return ProcessSummary(len(ids), relevant, flagged, stories, time.monotonic() - started)
