"""Read-side views shared by export, the report and summaries.

One function builds the flat record of an article with its current assessment and review status,
so the same item looks the same in every output (the ``export`` contract of the README).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from pipeline.clock import iso_local, iso_page
from pipeline.records import LABEL_FIELDS
from pipeline.storage.assessments import CURRENT
from pipeline.storage.schema import Article, AssessmentRow, Review
from pipeline.taxonomy import RELEVANT_SCOPES

EXPORT_FIELDS = (
    "id",
    "url",
    "source",
    "title",
    "summary",
    "body",
    "byline",
    "published",
    "published_page",
    "fetched",
    "source_id",
    "story_id",
    *LABEL_FIELDS,
    "review_status",
)


def articles_query(
    since: datetime | None = None, until: datetime | None = None
) -> Select[Article, AssessmentRow, Review]:
    """Articles joined with their current assessment and their review, by publication time."""
    query = (
        select(Article, AssessmentRow, Review)
        .outerjoin(AssessmentRow, CURRENT)
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
        "published": iso_local(article.published_at),
        # The same moment on the page's own clock (its day may differ from the office's); '' when unknown.
        "published_page": iso_page(article.published_at, article.published_offset),
        "fetched": iso_local(article.fetched_at),
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
    relevant = case((AssessmentRow.scope.in_(RELEVANT_SCOPES), 1), else_=0)
    flagged = case((AssessmentRow.needs_response.is_(True), 1), else_=0)
    query = (
        select(Article.source_id, func.count(Article.id), func.sum(relevant), func.sum(flagged))
        .outerjoin(AssessmentRow, CURRENT)
        .group_by(Article.source_id)
        .order_by(Article.source_id)
    )
    return [
        {"source": s, "articles": n, "relevant": int(r or 0), "flagged": int(f or 0)}
        for s, n, r, f in session.execute(query)
    ]
