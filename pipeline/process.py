"""``pressmon process``: run the understanding stages over new or changed articles.

Articles are processed in batches, each batch one transaction (assessments, reviews opened by a
flag, ``processed_at``), so a run killed half-way leaves every article either processed or not and
the next run finishes the rest. Story grouping runs last over the processed articles and their
neighbours in time.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from models.artefact import check_location, default_model
from models.inference import ModelAssessor
from pipeline.db import Article, transaction
from pipeline.records import Assessment
from pipeline.relevance import Gazetteer, load_gazetteer
from pipeline.store import save_assessment
from pipeline.stories import StoryCandidate, assign_stories
from pipeline.tagging import ItemText, assess, rules_version
from pipeline.taxonomy import Taxonomy, load_taxonomy
from pressmon.settings import Settings

log = logging.getLogger(__name__)

BATCH = 200
STORY_WINDOW = timedelta(days=14)
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


def _texts(engine: Engine, ids: list[str]) -> tuple[list[str], list[str], list[ItemText]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Article.id,
                Article.text_hash,
                Article.title,
                Article.summary,
                Article.body,
                Article.published_at,
            ).where(Article.id.in_(ids))
        ).all()
    return [r[0] for r in rows], [r[1] for r in rows], [ItemText(r[2], r[3], r[4], r[5]) for r in rows]


def _save_batch(
    engine: Engine, ids: list[str], hashes: list[str], results: list[Assessment]
) -> tuple[int, int]:
    """Store a batch's assessments in one transaction; an article whose text changed since it was
    read is left for the next run."""
    relevant = flagged = 0
    with transaction(engine) as session:
        articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
        for aid, text_hash, result in zip(ids, hashes, results, strict=True):
            article = articles.get(aid)
            if article is None or article.text_hash != text_hash:
                continue
            save_assessment(session, article, result)
            relevant += result.scope in ("an-lao", "hai-phong")
            flagged += result.needs_response
    return relevant, flagged


_worker_analyzer: Analyzer | None = None


def _worker_init(factory: Callable[[], Analyzer]) -> None:
    global _worker_analyzer
    _worker_analyzer = factory()


def _worker_assess(items: list[ItemText]) -> list[Assessment]:
    assert _worker_analyzer is not None, "worker used before its initialiser ran"
    return _worker_analyzer.assess_many(items)


def _assessed_batches(
    engine: Engine,
    analyzer: Analyzer,
    batches: list[list[str]],
    workers: int,
    factory: Callable[[], Analyzer] | None,
) -> Iterator[tuple[list[str], list[str], list[Assessment]]]:
    """Each batch read and assessed, in order; with ``workers`` > 1 the NLP runs in processes."""
    if workers <= 1 or factory is None or len(batches) < 2:
        for ids in batches:
            aids, hashes, items = _texts(engine, ids)
            yield aids, hashes, analyzer.assess_many(items)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init, initargs=(factory,)) as pool:
        read = [_texts(engine, ids) for ids in batches]
        futures = [pool.submit(_worker_assess, items) for _, _, items in read]
        for (aids, hashes, _), future in zip(read, futures, strict=True):
            yield aids, hashes, future.result()


def group_stories(engine: Engine, ids: list[str]) -> int:
    """Assign story ids to ``ids`` and their neighbours in time; returns the number of multi-item stories."""
    if not ids:
        return 0
    with transaction(engine) as session:
        touched = list(session.scalars(select(Article).where(Article.id.in_(ids))))
        dates = [a.published_at for a in touched if a.published_at]
        query = select(Article).where(Article.story_id.is_not(None))
        if dates:
            query = query.where(
                Article.published_at.between(min(dates) - STORY_WINDOW, max(dates) + STORY_WINDOW)
            )
        pool = {a.id: a for a in [*touched, *session.scalars(query)]}
        stories = assign_stories(
            [
                StoryCandidate(a.id, a.title, a.body or a.summary, a.published_at, a.story_id)
                for a in pool.values()
            ]
        )
        for aid, story in stories.items():
            if pool[aid].story_id != story:
                pool[aid].story_id = story
    sizes: dict[str, int] = {}
    for story in stories.values():
        sizes[story] = sizes.get(story, 0) + 1
    return sum(1 for n in sizes.values() if n > 1)


def process_articles(
    engine: Engine,
    analyzer: Analyzer,
    everything: bool = False,
    progress: Progress | None = None,
    workers: int = 1,
    factory: Callable[[], Analyzer] | None = None,
) -> ProcessSummary:
    """Assess every article that is new, changed or assessed by another version (or all of them).

    With ``workers`` > 1 and a picklable ``factory`` that loads the same analyser, the assessing
    runs in that many processes; the main process writes every batch in its own transaction.
    """
    started = time.monotonic()
    ids = _pending_ids(engine, analyzer.version, everything)
    batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
    relevant = flagged = done = 0
    for aids, hashes, results in _assessed_batches(engine, analyzer, batches, workers, factory):
        r, f = _save_batch(engine, aids, hashes, results)
        relevant, flagged, done = relevant + r, flagged + f, done + len(aids)
        if progress:
            progress(done, len(ids))
    stories = group_stories(engine, ids)
    return ProcessSummary(len(ids), relevant, flagged, stories, time.monotonic() - started)
