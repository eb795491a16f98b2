"""Search and browse the collected articles, ignoring diacritics and tone-mark placement; CSV/XLSX export.

The query is folded like the stored ``articles.search_text`` (``pipeline.storage.fulltext``), so "hai phong",
"Hải Phòng" and "hoà"/"hòa" meet, and answered by the database's full-text index (SQLite FTS5,
PostgreSQL ``tsvector``): every word must begin a word of the title, summary or body; a quoted phrase
must occur as written. An empty query lists the newest articles matching the filters (the former
"Bài viết" page). Only the shown columns are read, never article bodies.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Row, Select, Subquery, func, select
from sqlalchemy.engine import Engine

from pipeline.clock import iso_local
from pipeline.storage.assessments import CURRENT
from pipeline.storage.engine import transaction
from pipeline.storage.fulltext import match_clause, query_groups, ranked_matches
from pipeline.storage.schema import Article, AssessmentRow, Review
from pipeline.text.cells import inert_cell
from pipeline.understand.gazetteer import Gazetteer

COUNT_CAP = 10_000
RESULT_COLUMNS = (
    "published",
    "source",
    "title",
    "scope",
    "topics",
    "tone",
    "needs_response",
    "flag_score",
    "status",
    "url",
    "id",
)


@dataclass(frozen=True)
class SearchFilter:
    text: str = ""
    source: str | None = None
    scope: str | None = None
    flagged_only: bool = False
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 1000
    newest_first: bool = False  # the "Mới nhất" switch; otherwise the most relevant first


def list_sources(engine: Engine) -> list[str]:
    """Source ids that have articles (read from the source index, not the articles)."""
    with transaction(engine) as session:
        return list(session.scalars(select(Article.source_id).distinct().order_by(Article.source_id)))


def place_phrases(gazetteer: Gazetteer) -> frozenset[tuple[str, ...]]:
    """The folded names of places of two or more syllables, searched as phrases ("an lao")."""
    return frozenset(name for name in gazetteer.folded if len(name) > 1)


def _where(query: Select[Any], flt: SearchFilter) -> Select[Any]:
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
    return query


def search(
    engine: Engine, flt: SearchFilter, places: Collection[tuple[str, ...]] = ()
) -> tuple[pd.DataFrame, int]:
    """The ``flt.limit`` best articles matching the query and the filters, and how many match in all
    (counted up to ``COUNT_CAP + 1``: a larger total means "more than ``COUNT_CAP``").

    Best: the words next to each other as typed first, then the index's relevance, then the newest
    (only the newest with ``flt.newest_first`` or an empty query). Unquoted words forming one of
    ``places`` (``place_phrases``) must occur together, as a phrase.
    """
    groups = query_groups(flt.text, places)
    filtered = select(Article.id).select_from(Article)
    if flt.scope or flt.flagged_only:
        filtered = filtered.join(AssessmentRow, CURRENT)
    filtered = _where(filtered, flt)
    matching = filtered.where(match_clause(engine.dialect.name, groups)) if groups else filtered
    by_date = flt.newest_first or not groups
    # The best matches are chosen from the articles alone; only those few are joined with their
    # labels (a common word matches most articles, and joining them all before sorting is the cost).
    # Counting and the newest-first order use the plain match; only the relevance order scores.
    picked = matching.add_columns(Article.published_at)
    order = _newest(Article.published_at, Article.id)
    if not by_date:
        ranked = ranked_matches(engine.dialect.name, groups)
        picked = filtered.add_columns(Article.published_at, ranked.c.adjacent, ranked.c.score)
        picked = picked.join(ranked, ranked.c.id == Article.id)
        order = [ranked.c.adjacent.desc(), ranked.c.score.desc(), *order]
    top = picked.order_by(*order).limit(flt.limit).subquery()
    rows_query = (
        select(
            Article.id, Article.title, Article.source_id, Article.url, Article.published_at,
            AssessmentRow.scope, AssessmentRow.topics, AssessmentRow.tone, AssessmentRow.needs_response,
            AssessmentRow.flag_score, Review.status,
        )
        .select_from(top)
        .join(Article, Article.id == top.c.id)
        .outerjoin(AssessmentRow, CURRENT)
        .outerjoin(Review, Review.article_id == Article.id)
        .order_by(*_same_order(top, by_date))
    )  # fmt: skip
    # Counting stops past COUNT_CAP: "more than 10,000" is as useful as the exact figure, and cheaper.
    capped = matching.limit(COUNT_CAP + 1).subquery()
    with transaction(engine) as session:
        total = int(session.scalar(select(func.count()).select_from(capped)) or 0)
        rows = [_result(r) for r in session.execute(rows_query)] if total else []
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS)), total


def _newest(published: Any, article_id: Any) -> list[Any]:
    return [published.desc().nulls_last(), article_id]


def _same_order(top: Subquery, by_date: bool) -> list[Any]:
    """The order of ``top`` again, on its columns (a subquery's rows come unordered)."""
    newest = _newest(top.c.published_at, top.c.id)
    return newest if by_date else [top.c.adjacent.desc(), top.c.score.desc(), *newest]


def _result(r: Row[Any]) -> dict[str, object]:
    return {
        "published": iso_local(r.published_at),
        "source": r.source_id,
        "title": r.title,
        "scope": r.scope or "",
        "topics": ", ".join(r.topics or []),
        "tone": r.tone or "",
        "needs_response": bool(r.needs_response),
        "flag_score": r.flag_score if r.flag_score is not None else 0.0,
        "status": r.status or "",
        "url": r.url,
        "id": r.id,
    }


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark, so spreadsheet programs read the Vietnamese text correctly;
    no cell a spreadsheet would take for a formula."""
    return frame.map(inert_cell).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "pressmon") -> bytes:
    """An XLSX workbook (openpyxl) of ``frame``, no cell a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.map(inert_cell).to_excel(writer, index=False, sheet_name=sheet)
    return buffer.getvalue()
