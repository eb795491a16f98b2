"""``pressmon process``: run the understanding stages over new or changed articles.

Articles are processed in batches, each batch one transaction (assessments, reviews opened by a
flag, ``processed_at``), so a run killed half-way leaves every article either processed or not and
the next run finishes the rest. Story grouping runs last over the processed articles and their
neighbours in time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from pipeline.db import Article, transaction
from pipeline.records import Assessment
from pipeline.relevance import Gazetteer, load_gazetteer
from pipeline.store import save_assessment
from pipeline.stories import StoryCandidate, assign_stories
from pipeline.tagging import ItemText, assess
from pipeline.taxonomy import Taxonomy, load_taxonomy
from pressmon.settings import Settings

log = logging.getLogger(__name__)

BATCH = 200
STORY_WINDOW = timedelta(days=14)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Analyzer:
    """The loaded gazetteer and taxonomy, and the flag threshold."""

    gazetteer: Gazetteer
    taxonomy: Taxonomy
    threshold: float

    @classmethod
    def from_settings(cls, settings: Settings) -> Analyzer:
        """Load the data files named in the settings."""
        return cls(
            load_gazetteer(settings.gazetteer), load_taxonomy(settings.taxonomy), settings.flag_threshold
        )

    def assess(self, item: ItemText) -> Assessment:
        """All labels of one item."""
        return assess(item, self.gazetteer, self.taxonomy, self.threshold)

    @property
    def version(self) -> str:
        """The version string recorded with every assessment."""
        return self.assess(ItemText("", "", "", None)).model_version


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


def _process_batch(engine: Engine, analyzer: Analyzer, ids: list[str]) -> tuple[int, int]:
    relevant = flagged = 0
    with transaction(engine) as session:
        for article in session.scalars(select(Article).where(Article.id.in_(ids))):
            result = analyzer.assess(
                ItemText(article.title, article.summary, article.body, article.published_at)
            )
            save_assessment(session, article, result)
            relevant += result.scope in ("an-lao", "hai-phong")
            flagged += result.needs_response
    return relevant, flagged


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
    engine: Engine, analyzer: Analyzer, everything: bool = False, progress: Progress | None = None
) -> ProcessSummary:
    """Assess every article that is new, changed or assessed by another version (or all of them)."""
    started = time.monotonic()
    ids = _pending_ids(engine, analyzer.version, everything)
    relevant = flagged = 0
    for start in range(0, len(ids), BATCH):
        r, f = _process_batch(engine, analyzer, ids[start : start + BATCH])
        relevant, flagged = relevant + r, flagged + f
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    stories = group_stories(engine, ids)
    return ProcessSummary(len(ids), relevant, flagged, stories, time.monotonic() - started)
