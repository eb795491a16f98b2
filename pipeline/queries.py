"""Read-side queries shared by export, the report and the dashboard.

One function builds the flat record of an article with its current assessment and review status,
so the same item looks the same in every output (the ``export`` contract of DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from pipeline.dates import VN_TZ
from pipeline.db import Article, AssessmentRow, CrawlRun, Review

EXPORT_FIELDS = (
    "id",
    "url",
    "source",
    "title",
    "summary",
    "body",
    "byline",
    "published",
    "fetched",
    "source_id",
    "story_id",
    "scope",
    "places",
    "topics",
    "tone",
    "needs_response",
    "flag_score",
    "reasons",
    "review_status",
)


def iso_vn(value: datetime | None) -> str:
    """ISO-8601 in Vietnam time with its +07:00 offset ('' for None)."""
    return value.astimezone(VN_TZ).isoformat() if value else ""


def articles_query(
    since: datetime | None = None, until: datetime | None = None
) -> Select[Article, AssessmentRow, Review]:
    """Articles joined with their current assessment and their review, by publication time."""
    query = (
        select(Article, AssessmentRow, Review)
        .outerjoin(
            AssessmentRow, and_(AssessmentRow.article_id == Article.id, AssessmentRow.is_current.is_(True))
        )
        .outerjoin(Review, Review.article_id == Article.id)
        .order_by(Article.published_at.asc().nulls_last(), Article.id)  # same order on every backend
    )
    if since is not None:
        query = query.where(Article.published_at >= since)
    if until is not None:
        query = query.where(Article.published_at < until)
    return query


def flat_record(article: Article, assessment: AssessmentRow | None, review: Review | None) -> dict[str, Any]:
    """The export record of one article."""
    return {
        "id": article.id,
        "url": article.url,
        "source": article.source_id,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "byline": article.byline,
        "published": iso_vn(article.published_at),
        "fetched": iso_vn(article.fetched_at),
        "source_id": article.source_id,
        "story_id": article.story_id or "",
        "scope": assessment.scope if assessment else "",
        "places": sorted({p["name"] for p in assessment.places}) if assessment else [],
        "topics": list(assessment.topics) if assessment else [],
        "tone": assessment.tone if assessment else "",
        "needs_response": bool(assessment.needs_response) if assessment else False,
        "flag_score": assessment.flag_score if assessment else 0.0,
        "reasons": list(assessment.reasons) if assessment else [],
        "review_status": review.status if review else "",
    }


def iter_records(
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Iterator[dict[str, Any]]:
    """Flat records of the articles published in [since, until), streamed in publication order."""
    for article, assessment, review in session.execute(
        articles_query(since, until).execution_options(yield_per=500)
    ):
        yield flat_record(article, assessment, review)


def counts_by_source(session: Session) -> list[dict[str, Any]]:
    """Per source: articles, relevant (an-lao or hai-phong) and flagged, for summaries."""
    relevant = case((AssessmentRow.scope.in_(("an-lao", "hai-phong")), 1), else_=0)
    flagged = case((AssessmentRow.needs_response.is_(True), 1), else_=0)
    query = (
        select(Article.source_id, func.count(Article.id), func.sum(relevant), func.sum(flagged))
        .outerjoin(
            AssessmentRow, and_(AssessmentRow.article_id == Article.id, AssessmentRow.is_current.is_(True))
        )
        .group_by(Article.source_id)
        .order_by(Article.source_id)
    )
    return [
        {"source": s, "articles": n, "relevant": int(r or 0), "flagged": int(f or 0)}
        for s, n, r, f in session.execute(query)
    ]


def last_crawl_runs(session: Session, run_id: str) -> list[CrawlRun]:
    """The per-source rows of one crawl run."""
    return list(
        session.scalars(select(CrawlRun).where(CrawlRun.run_id == run_id).order_by(CrawlRun.source_id))
    )
