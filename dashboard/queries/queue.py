"""The review queue as a plain function over an engine (no Streamlit).

The queue reads only the columns it shows (never article bodies), so it stays fast on large databases,
and shows each story once: its highest-scored flagged item, with the outlets that carried it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Row, String, cast, func, select
from sqlalchemy.engine import Engine

from pipeline.clock import iso_local
from pipeline.storage.assessments import CURRENT
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article, AssessmentRow, Review
from pipeline.taxonomy import OPEN_STATUSES

QUEUE_COLUMNS = (
    "id",
    "title",
    "source",
    "outlets",
    "items",
    "published",
    "fetched",
    "flag_score",
    "reasons",
    "topics",
    "status",
    "assignee",
    "priority",
    "deadline",
    "version",
)


# Newest first by publication time, an undated item by its fetch time.
NEWEST = func.coalesce(Article.published_at, Article.fetched_at).desc()


@dataclass(frozen=True)
class QueueFilter:
    statuses: tuple[str, ...] = OPEN_STATUSES
    topic: str | None = None
    source: str | None = None
    assignee: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 300
    by_deadline: bool = False  # "Của tôi": the nearest deadline first (none last), then the score


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
    # An undated item takes its place by its fetch time (the page marks it undated) rather than the end.
    order: list[Any] = [AssessmentRow.flag_score.desc(), NEWEST, Article.id]
    if flt.by_deadline:
        order.insert(0, Review.deadline.asc().nulls_last())
    return query.order_by(*order)


def _details(session: Any, ids: list[str]) -> dict[str, Row[Any]]:
    query = (
        select(
            Article.id, Article.title, Article.published_at, Article.fetched_at, AssessmentRow.reasons,
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
                "outlets": "; ".join(sorted(outlets[r.story])), "items": items[r.story],
                "published": iso_local(d.published_at), "fetched": iso_local(d.fetched_at),
                "flag_score": r.flag_score, "reasons": d.reasons,
                "topics": d.topics, "status": d.status, "assignee": d.assignee, "priority": d.priority,
                "deadline": iso_local(d.deadline) if isinstance(d.deadline, datetime) else "",
                "version": d.version,
            }
        )  # fmt: skip
    return pd.DataFrame(records, columns=list(QUEUE_COLUMNS)), len(best)
