"""Queries of the review queue and the item page, as plain functions over an engine (no Streamlit).

The queue reads only the columns it shows (never article bodies), so it stays fast on large databases,
and shows each story once: its highest-scored flagged item, with the outlets that carried it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import and_, select
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
    query = (
        select(
            Article.id,
            Article.title,
            Article.source_id,
            Article.published_at,
            Article.story_id,
            AssessmentRow.flag_score,
            AssessmentRow.reasons,
            AssessmentRow.topics,
            Review.status,
            Review.assignee,
            Review.priority,
            Review.deadline,
            Review.version,
        )
        .join(AssessmentRow, CURRENT)
        .join(Review, Review.article_id == Article.id)
        .where(AssessmentRow.needs_response.is_(True))
    )
    if flt.statuses:
        query = query.where(Review.status.in_(flt.statuses))
    if flt.source:
        query = query.where(Article.source_id == flt.source)
    if flt.assignee is not None:
        query = query.where(Review.assignee == flt.assignee)
    if flt.since:
        query = query.where(Article.published_at >= flt.since)
    if flt.until:
        query = query.where(Article.published_at < flt.until)
    return query


def queue(engine: Engine, flt: QueueFilter) -> tuple[pd.DataFrame, int]:
    """Flagged items by score then recency, one row per story; and the number of stories matching."""
    query = _queue_select(flt)
    with transaction(engine) as session:
        rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=[c.key for c in query.selected_columns])
    if flt.topic:
        frame = frame[frame["topics"].map(lambda topics: flt.topic in (topics or []))]
    if frame.empty:
        return pd.DataFrame(columns=list(QUEUE_COLUMNS)), 0
    frame["story"] = frame["story_id"].where(frame["story_id"].notna(), frame["id"])
    frame["when"] = pd.to_datetime(frame["published_at"], utc=True)
    frame = frame.sort_values(
        ["flag_score", "when", "id"], ascending=[False, False, True], na_position="last"
    )
    # The first row of each story is its best-scored item; outlets are gathered only for the rows shown.
    first = frame.drop_duplicates("story")
    shown = first.head(flt.limit).copy()
    members = frame[frame["story"].isin(shown["story"])].groupby("story")["source_id"]
    shown["outlets"] = shown["story"].map(members.agg(lambda s: ", ".join(sorted(set(s)))))
    shown["items"] = shown["story"].map(members.size())
    shown["published"] = shown["published_at"].map(iso_vn)
    shown["deadline"] = shown["deadline"].map(lambda d: iso_vn(d) if isinstance(d, datetime) else "")
    shown = shown.rename(columns={"source_id": "source"})
    return shown[list(QUEUE_COLUMNS)].reset_index(drop=True), len(first)


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
