"""What the item page shows of one article: text, current assessment, review, story, evidence page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from dashboard.queries.queue import NEWEST
from pipeline.clock import iso_local, iso_page
from pipeline.review.reviews import ReviewState, state_of
from pipeline.storage.articles import load_raw_page
from pipeline.storage.assessments import current_assessment
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article, Review


@dataclass
class ItemDetail:
    """Everything the item page shows about one article."""

    id: str
    title: str
    url: str
    source: str
    byline: str
    published: str
    fetched: str
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
    # The publication time on the page's own clock ('' when its offset is unknown).
    published_page: str = ""


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
            "published": iso_local(r.published_at),
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
            published=iso_local(article.published_at),
            published_page=iso_page(article.published_at, article.published_offset),
            fetched=iso_local(article.fetched_at),
            summary=article.summary,
            body=article.body,
            story_id=article.story_id or "",
            model_version=article.model_version,
            raw_sha256=article.raw_sha256 or "",
            siblings=_siblings(session, article),
        )
        assessment = current_assessment(session, article_id)
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
    """(id, title) of flagged items, newest first (undated ones by fetch time), for the item page's picker."""
    query = (
        select(Article.id, Article.title)
        .join(Review, Review.article_id == Article.id)
        .order_by(NEWEST, Article.id)
        .limit(limit)
    )
    with transaction(engine) as session:
        return [(r.id, r.title) for r in session.execute(query)]


def item_title(engine: Engine, article_id: str) -> str | None:
    """The title of any article (flagged or not), or None when the id is unknown."""
    with transaction(engine) as session:
        return session.scalar(select(Article.title).where(Article.id == article_id))
