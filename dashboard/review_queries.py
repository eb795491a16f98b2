"""Queries of the review queue and the item page, as plain functions over an engine (no Streamlit).

The queue reads only the columns it shows (never article bodies), so it stays fast on large databases,
and shows each story once: its highest-scored flagged item, with the outlets that carried it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Row, String, and_, cast, func, select
from sqlalchemy.engine import Engine

from pipeline.db import Article, AssessmentRow, Review, transaction
from pipeline.queries import iso_vn
from pipeline.reviews import OPEN_STATUSES, ReviewState, state_of
from pipeline.store import load_raw_page

# Join condition of an article with its current assessment.
CURRENT = and_(AssessmentRow.article_id == Article.id, AssessmentRow.is_current.is_(True))
QUEUE_COLUMNS = (
    "id",
    "title",
    "source",
    "outlets",
    "items",
    "published",
    "flag_score",
    "reasons",
    "topics",
    "status",
    "assignee",
    "priority",
    "deadline",
    "version",
)


@dataclass(frozen=True)
class QueueFilter:
    statuses: tuple[str, ...] = OPEN_STATUSES
    topic: str | None = None
    source: str | None = None
    assignee: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 300


def _queue_select(flt: QueueFilter) -> Any:
    """The open flagged items matching ``flt``: the few columns the ranking needs (covering indexes)."""
    query = (
        select(
            Article.id,
            func.coalesce(Article.story_id, Article.id).label("story"),
            Article.source_id,
            AssessmentRow.flag_score,
        )
        .join(AssessmentRow, CURRENT)
        .join(Review, Review.article_id == Article.id)
        .where(AssessmentRow.needs_response.is_(True))
    )
    if flt.statuses:
        query = query.where(Review.status.in_(flt.statuses))
    if flt.topic:
        # Topics are a JSON list of slugs, so the quoted code matches exactly one element.
        query = query.where(cast(AssessmentRow.topics, String).like(f'%"{flt.topic}"%'))
    if flt.source:
        query = query.where(Article.source_id == flt.source)
    if flt.assignee is not None:
        query = query.where(Review.assignee == flt.assignee)
    if flt.since:
        query = query.where(Article.published_at >= flt.since)
    if flt.until:
        query = query.where(Article.published_at < flt.until)
    # Highest score, then the newest, then the id; sorted by the database, so no dates reach Python here.
    return query.order_by(
        AssessmentRow.flag_score.desc(), Article.published_at.desc().nulls_last(), Article.id
    )


def _details(session: Any, ids: list[str]) -> dict[str, Row[Any]]:
    query = (
        select(
            Article.id, Article.title, Article.published_at, AssessmentRow.reasons,
            AssessmentRow.topics, Review.status, Review.assignee, Review.priority, Review.deadline,
            Review.version,
        )
        .join(AssessmentRow, CURRENT)
        .join(Review, Review.article_id == Article.id)
        .where(Article.id.in_(ids))
    )  # fmt: skip
    return {r.id: r for r in session.execute(query)}


def queue(engine: Engine, flt: QueueFilter) -> tuple[pd.DataFrame, int]:
    """Flagged items by score then recency, one row per story; and the number of stories matching.

    Ranking reads four narrow columns of the flagged items (from covering indexes); titles, reasons
    and review fields are read only for the rows shown.
    """
    with transaction(engine) as session:
        rows = session.execute(_queue_select(flt)).all()
        best: dict[str, Row[Any]] = {}
        outlets: dict[str, set[str]] = {}
        items: dict[str, int] = {}
        for row in rows:
            best.setdefault(row.story, row)
            outlets.setdefault(row.story, set()).add(row.source_id)
            items[row.story] = items.get(row.story, 0) + 1
        shown = list(best.values())[: flt.limit]
        details = _details(session, [r.id for r in shown]) if shown else {}
    if not shown:
        return pd.DataFrame(columns=list(QUEUE_COLUMNS)), 0
    records = []
    for r in shown:
        d = details[r.id]
        records.append(
            {
                "id": r.id, "title": d.title, "source": r.source_id,
                "outlets": ", ".join(sorted(outlets[r.story])), "items": items[r.story],
                "published": iso_vn(d.published_at), "flag_score": r.flag_score, "reasons": d.reasons,
                "topics": d.topics, "status": d.status, "assignee": d.assignee, "priority": d.priority,
                "deadline": iso_vn(d.deadline) if isinstance(d.deadline, datetime) else "",
                "version": d.version,
            }
        )  # fmt: skip
    return pd.DataFrame(records, columns=list(QUEUE_COLUMNS)), len(best)


@dataclass
class ItemDetail:
    """Everything the item page shows about one article."""

    id: str
    title: str
    url: str
    source: str
    byline: str
    published: str
    summary: str
    body: str
    story_id: str
    model_version: str
    scope: str = ""
    places: list[dict[str, Any]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    tone: str = ""
    flag_score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)
    review: ReviewState | None = None
    siblings: list[dict[str, str]] = field(default_factory=list)
    raw_sha256: str = ""


def _siblings(session: Any, article: Article) -> list[dict[str, str]]:
    if not article.story_id:
        return []
    query = (
        select(Article.id, Article.title, Article.source_id, Article.published_at, Article.url)
        .where(Article.story_id == article.story_id, Article.id != article.id)
        .order_by(Article.published_at)
    )
    return [
        {
            "id": r.id,
            "title": r.title,
            "source": r.source_id,
            "published": iso_vn(r.published_at),
            "url": r.url,
        }
        for r in session.execute(query)
    ]


def item_detail(engine: Engine, article_id: str) -> ItemDetail | None:
    """The article with its current assessment, review and story siblings; None when unknown."""
    with transaction(engine) as session:
        article = session.get(Article, article_id)
        if article is None:
            return None
        detail = ItemDetail(
            id=article.id,
            title=article.title,
            url=article.url,
            source=article.source_id,
            byline=article.byline,
            published=iso_vn(article.published_at),
            summary=article.summary,
            body=article.body,
            story_id=article.story_id or "",
            model_version=article.model_version,
            raw_sha256=article.raw_sha256 or "",
            siblings=_siblings(session, article),
        )
        assessment = session.scalar(
            select(AssessmentRow).where(
                AssessmentRow.article_id == article_id, AssessmentRow.is_current.is_(True)
            )
        )
        if assessment is not None:
            detail.scope, detail.places, detail.topics = (
                assessment.scope,
                assessment.places,
                assessment.topics,
            )
            detail.tone, detail.flag_score = assessment.tone, assessment.flag_score
            detail.reasons, detail.evidence = assessment.reasons, assessment.evidence
            detail.model_version = assessment.model_version
        review = session.get(Review, article_id)
        detail.review = state_of(review) if review else None
        return detail


def raw_page_text(engine: Engine, sha256: str, limit: int = 200_000) -> str | None:
    """The saved evidence page decoded as text (for display as text only), or None when absent."""
    with transaction(engine) as session:
        data = load_raw_page(session, sha256)
    return None if data is None else data[:limit].decode("utf-8", errors="replace")


def flagged_choices(engine: Engine, limit: int = 500) -> list[tuple[str, str]]:
    """(id, title) of flagged items, newest first, for the item page's picker."""
    query = (
        select(Article.id, Article.title)
        .join(Review, Review.article_id == Article.id)
        .order_by(Article.published_at.desc().nulls_last(), Article.id)
        .limit(limit)
    )
    with transaction(engine) as session:
        return [(r.id, r.title) for r in session.execute(query)]
