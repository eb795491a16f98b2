"""Queries behind the dashboard pages, as plain functions over an engine (tested without Streamlit)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from pipeline.db import Article, AssessmentRow, transaction
from pipeline.normalise import fold
from pipeline.queries import articles_query, flat_record

LIST_COLUMNS = (
    "published",
    "source",
    "title",
    "scope",
    "topics",
    "tone",
    "needs_response",
    "flag_score",
    "url",
)


@dataclass(frozen=True)
class ArticleFilter:
    scope: str | None = None
    source: str | None = None
    flagged_only: bool = False
    text: str = ""
    limit: int = 500


def list_sources(engine: Engine) -> list[str]:
    """Source ids that have articles."""
    with transaction(engine) as session:
        return list(session.scalars(select(Article.source_id).distinct().order_by(Article.source_id)))


def list_articles(engine: Engine, flt: ArticleFilter) -> tuple[pd.DataFrame, int]:
    """Newest articles matching ``flt`` (title search ignores diacritics), and how many match in all."""
    query = articles_query().order_by(None).order_by(Article.published_at.desc().nulls_last(), Article.id)
    if flt.source:
        query = query.where(Article.source_id == flt.source)
    if flt.scope:
        query = query.where(AssessmentRow.scope == flt.scope)
    if flt.flagged_only:
        query = query.where(AssessmentRow.needs_response.is_(True))
    needle = fold(flt.text.strip())
    rows = []
    with transaction(engine) as session:
        for article, assessment, review in session.execute(query):
            record = flat_record(article, assessment, review)
            # Folded title search runs here; a folded search column comes with the search page.
            if needle and needle not in fold(record["title"]):
                continue
            rows.append({k: record[k] for k in LIST_COLUMNS})
    frame = pd.DataFrame(rows[: flt.limit], columns=list(LIST_COLUMNS))
    return frame, len(rows)
