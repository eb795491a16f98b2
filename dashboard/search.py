"""Full-text search that ignores diacritics and tone-mark placement, and its CSV/XLSX export.

The comparison is folded on both sides (``pipeline.normalise.fold``: lower case, no diacritics, đ → d),
so "hai phong", "Hải Phòng" and "Hải Phòng" written with combining marks all match; every word of
the query must occur. Rows are streamed from the database with only the searched columns.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Row, select
from sqlalchemy.engine import Engine

from dashboard.review_queries import CURRENT
from pipeline.db import Article, AssessmentRow, Review, transaction
from pipeline.normalise import fold
from pipeline.queries import iso_vn

RESULT_COLUMNS = (
    "published",
    "source",
    "title",
    "scope",
    "topics",
    "tone",
    "flag_score",
    "status",
    "url",
    "id",
)


@dataclass(frozen=True)
class SearchFilter:
    text: str
    source: str | None = None
    scope: str | None = None
    flagged_only: bool = False
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 1000


def matches(terms: list[str], *fields: str) -> bool:
    """Whether every folded term occurs in the folded ``fields``."""
    hay = fold(" ".join(fields))
    return all(term in hay for term in terms)


def query_terms(text: str) -> list[str]:
    """The folded words of a query ("Hải  Phòng" → ["hai", "phong"])."""
    return fold(text).split()


def search(engine: Engine, flt: SearchFilter) -> tuple[pd.DataFrame, int]:
    """Articles whose title, summary or body contain every word of the query; newest first."""
    terms = query_terms(flt.text)
    query = (
        select(
            Article.id, Article.title, Article.summary, Article.body, Article.source_id, Article.url,
            Article.published_at, AssessmentRow.scope, AssessmentRow.topics, AssessmentRow.tone,
            AssessmentRow.flag_score, Review.status,
        )
        .outerjoin(AssessmentRow, CURRENT)
        .outerjoin(Review, Review.article_id == Article.id)
        .order_by(Article.published_at.desc().nulls_last(), Article.id)
    )  # fmt: skip
    if flt.source:
        query = query.where(Article.source_id == flt.source)
    if flt.scope:
        query = query.where(AssessmentRow.scope == flt.scope)
    if flt.flagged_only:
        query = query.where(AssessmentRow.needs_response.is_(True))
    if flt.since:
        query = query.where(Article.published_at >= flt.since)
    if flt.until:
        query = query.where(Article.published_at < flt.until)
    rows: list[dict[str, object]] = []
    total = 0
    with transaction(engine) as session:
        for r in session.execute(query.execution_options(yield_per=1000)):
            if terms and not matches(terms, r.title, r.summary, r.body):
                continue
            total += 1
            if len(rows) < flt.limit:
                rows.append(_result(r))
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS)), total


def _result(r: Row[Any]) -> dict[str, object]:
    return {
        "published": iso_vn(r.published_at),
        "source": r.source_id,
        "title": r.title,
        "scope": r.scope or "",
        "topics": ", ".join(r.topics or []),
        "tone": r.tone or "",
        "flag_score": r.flag_score if r.flag_score is not None else 0.0,
        "status": r.status or "",
        "url": r.url,
        "id": r.id,
    }


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark, so spreadsheet programs read the Vietnamese text correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "pressmon") -> bytes:
    """An XLSX workbook (openpyxl) of ``frame``."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet)
    return buffer.getvalue()
