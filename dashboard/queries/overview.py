"""The overview page's counts, as plain functions over an engine.

The overview is aggregated in the database (three small GROUP BYs: week × source; scope × tone × flag ×
topic list; review status of flagged items), reading narrow indexes (migration 0003), so its cost does not
grow with article text and its results stay small; pandas only sums them per chart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import String, cast, func, literal, select, type_coerce
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.clock import local_zone
from pipeline.storage.assessments import CURRENT, IS_CURRENT
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article, AssessmentRow, Review


@dataclass(frozen=True)
class OverviewFilter:
    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    scope: str | None = None
    topic: str | None = None


def _week(dialect: str) -> Any:
    """Monday (in the office's time zone) of the publication week, as YYYY-MM-DD text."""
    zone = local_zone()
    if dialect == "sqlite":
        return func.date(Article.published_at, _sqlite_shift(zone), "weekday 0", "-6 days")
    local = func.timezone(zone.key, Article.published_at)
    return func.to_char(func.date_trunc("week", local), "YYYY-MM-DD")


def _sqlite_shift(zone: ZoneInfo) -> str:
    """SQLite's date modifier from UTC to ``zone``: it knows no time zones, so the zone's offset now
    ("+7 hours" for Vietnam, which has no daylight saving time)."""
    offset = datetime.now(zone).utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    return f"{minutes // 60:+d} hours" if minutes % 60 == 0 else f"{minutes:+d} minutes"


@dataclass(frozen=True)
class Overview:
    """Counts per (week, source); per (scope, tone, flagged); per topic; of flagged items per status."""

    weekly: pd.DataFrame  # week, source, n
    states: pd.DataFrame  # scope, tone, flagged, n
    topics: pd.DataFrame  # topic, n
    statuses: pd.DataFrame  # status, n (flagged items by review status)
    undated: int = 0  # items of the source (and labels) filter without a publication time

    @property
    def empty(self) -> bool:
        return self.weekly.empty

    def weeks(self, since: datetime | None = None, until: datetime | None = None) -> list[str]:
        """Every week (its Monday, YYYY-MM-DD) from the first to the last with items, or across the
        filter's period: a week without items is a week with none, not a week that did not exist."""
        dated = sorted(w for w in self.weekly["week"] if w)
        first = _monday(since.astimezone(local_zone()).date()) if since else None
        last = _monday((until - timedelta(microseconds=1)).astimezone(local_zone()).date()) if until else None
        first = first or (date.fromisoformat(dated[0]) if dated else None)
        last = last or (date.fromisoformat(dated[-1]) if dated else None)
        if first is None or last is None:
            return []
        return [(first + timedelta(weeks=i)).isoformat() for i in range((last - first).days // 7 + 1)]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _filtered(query: Any, flt: OverviewFilter, assessed: bool = True) -> Any:
    query = query.select_from(Article)
    if assessed or flt.scope or flt.topic:
        query = query.outerjoin(AssessmentRow, CURRENT)
    if flt.since:
        query = query.where(Article.published_at >= flt.since)
    if flt.until:
        query = query.where(Article.published_at < flt.until)
    if flt.source:
        query = query.where(Article.source_id == flt.source)
    return _label_filters(query, flt)


def _label_filters(query: Any, flt: OverviewFilter) -> Any:
    if flt.scope:
        query = query.where(AssessmentRow.scope == flt.scope)
    if flt.topic:
        # Topics are a JSON list of codes; codes are plain slugs, so the quoted code matches exactly.
        query = query.where(cast(AssessmentRow.topics, String).like(f'%"{flt.topic}"%'))
    return query


def _per_topic(rows: list[tuple[str, str, bool, str, int]]) -> list[tuple[str, int]]:
    per_topic: dict[str, int] = {}
    for *_, codes, count in rows:
        for code in json.loads(codes) if codes else []:
            per_topic[code] = per_topic.get(code, 0) + count
    return sorted(per_topic.items())


def _topics_key(dialect: str) -> Any:
    # SQLite groups by the stored JSON text in index order (no sort); PostgreSQL's json has no equality.
    if dialect == "sqlite":
        return type_coerce(AssessmentRow.topics, String)
    return cast(AssessmentRow.topics, String)


def _label_rows(session: Session, flt: OverviewFilter, dialect: str) -> list[tuple[str, str, bool, str, int]]:
    """Counts per (scope, tone, flagged, topic list) of the filtered articles (unassessed: empty labels)."""
    n = func.count(literal(1))
    keys = (AssessmentRow.scope, AssessmentRow.tone, AssessmentRow.needs_response, _topics_key(dialect))
    unassessed = 0
    if flt.since or flt.until or flt.source:
        query = _filtered(select(*keys, n), flt)
    else:
        # No filter on the articles themselves: count the current assessments alone (a covering index
        # on SQLite) and the articles not yet assessed by difference, instead of joining every article.
        query = _label_filters(select(*keys, n).where(IS_CURRENT), flt)
        if not (flt.scope or flt.topic):
            articles = session.scalar(select(func.count()).select_from(Article)) or 0
            current = session.scalar(select(func.count()).where(IS_CURRENT)) or 0
            unassessed = int(articles) - int(current)
    rows = [
        (scope or "", tone or "", bool(is_flagged), codes, c)
        for scope, tone, is_flagged, codes, c in session.execute(query.group_by(*keys))
    ]
    return rows + ([("", "", False, "", unassessed)] if unassessed > 0 else [])


def overview(engine: Engine, flt: OverviewFilter) -> Overview:
    """Three GROUP BYs over the filtered articles, each one pass over narrow indexes.

    Weeks × sources read only the articles' (published_at, source_id) index unless the filter needs
    the assessment; labels × topic lists read the current assessments (joined with the articles only
    when the filter names a period or an outlet); review statuses are counted over the flagged items
    only (a few percent of the articles).
    """
    n = func.count(literal(1))
    week = _week(engine.dialect.name)
    flagged = _filtered(select(Review.status, n), flt).join(Review, Review.article_id == Article.id)
    flagged = flagged.where(AssessmentRow.needs_response.is_(True)).group_by(Review.status)
    with transaction(engine) as session:
        weekly_query = _filtered(select(week, Article.source_id, n), flt, assessed=False)
        weekly_rows = [
            (w or "", s, c) for w, s, c in session.execute(weekly_query.group_by(week, Article.source_id))
        ]
        label_rows = _label_rows(session, flt, engine.dialect.name)
        status_rows = [(status or "", c) for status, c in session.execute(flagged)]
        undated = _undated(session, flt)
    states = pd.DataFrame([(*r[:3], r[4]) for r in label_rows], columns=["scope", "tone", "flagged", "n"])
    return Overview(
        pd.DataFrame(weekly_rows, columns=["week", "source", "n"]),
        by(states, "scope", "tone", "flagged"),
        pd.DataFrame(_per_topic(label_rows), columns=["topic", "n"]),
        pd.DataFrame(status_rows, columns=["status", "n"]),
        undated,
    )


def _undated(session: Session, flt: OverviewFilter) -> int:
    """Items matching the filter but its period that have no publication time (no week holds them)."""
    query = _filtered(select(func.count(literal(1))), replace(flt, since=None, until=None), assessed=False)
    return int(session.scalar(query.where(Article.published_at.is_(None))) or 0)


def by(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Sum of ``n`` per value of ``columns``."""
    if frame.empty:
        return pd.DataFrame(columns=[*columns, "n"])
    return frame.groupby(list(columns), as_index=False)["n"].sum()


def arrived_since(engine: Engine, since: datetime) -> dict[str, int]:
    """Articles fetched and items flagged since ``since``."""
    with transaction(engine) as session:
        fetched = session.scalar(select(func.count(Article.id)).where(Article.fetched_at > since)) or 0
        flagged = session.scalar(select(func.count(Review.article_id)).where(Review.created_at > since)) or 0
    return {"articles": int(fetched), "flagged": int(flagged)}
