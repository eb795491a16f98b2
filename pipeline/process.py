"""``pressmon process``: run the understanding stages over new or changed articles.

Articles are processed in batches, each batch one transaction (assessments, reviews opened by a
flag, ``processed_at``), so a run killed half-way leaves every article either processed or not and
the next run finishes the rest. Story grouping runs last over the processed articles and their
neighbours in time (:mod:`pipeline.story_store`). The assessing itself, here or in worker processes,
is in :mod:`pipeline.process_batches`; segmentations and story signatures it computes are stored with
each batch, so re-assessing an unchanged article with a new model version re-segments nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from models.artefact import check_location, default_model
from models.inference import ModelAssessor
from pipeline import segment_store
from pipeline.db import Article, transaction
from pipeline.process_batches import Assessed, assessed_batches
from pipeline.records import Assessment
from pipeline.relevance import Gazetteer, load_gazetteer
from pipeline.store import save_assessment
from pipeline.story_store import group_stories, save_signatures
from pipeline.tagging import ItemText, assess, rules_version
from pipeline.taxonomy import Taxonomy, load_taxonomy
from pressmon.settings import Settings

log = logging.getLogger(__name__)

BATCH = 200
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
    relevant = flagged = 0
    signatures: dict[str, tuple[str, bytes]] = {}
    # No autoflush: each article's rows would otherwise be flushed one by one before the next
    # article's queries; they concern other articles, so one flush at commit writes the same rows.
    with transaction(engine) as session, session.no_autoflush:
        articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(batch.ids)))}
        for aid, text_hash, result, sig in zip(
            batch.ids, batch.hashes, batch.results, batch.signatures, strict=True
        ):
            article = articles.get(aid)
            if article is None or article.text_hash != text_hash:
                continue
            save_assessment(session, article, result)
            signatures[aid] = (text_hash, sig)
            relevant += result.scope in ("an-lao", "hai-phong")
            flagged += result.needs_response
        segment_store.save(session, batch.segments)
        save_signatures(session, signatures)
    return relevant, flagged


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
    batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
    relevant = flagged = done = 0
    for batch in assessed_batches(engine, analyzer, batches, workers):
        r, f = _save_batch(engine, batch)
        relevant, flagged, done = relevant + r, flagged + f, done + len(batch.ids)
        if progress:
            progress(done, len(ids))
    stories = group_stories(engine, ids)
    return ProcessSummary(len(ids), relevant, flagged, stories, time.monotonic() - started)
