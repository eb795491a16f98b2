"""Queries of the overview, sources, models and admin pages, as plain functions over an engine.

The overview is aggregated in the database (three small GROUP BYs: week × source; scope × tone × flag ×
review status; topic lists), so its cost does not grow with article text and its results stay small;
pandas only sums them per chart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.engine import Engine

from dashboard.review_queries import CURRENT
from pipeline.db import Article, AssessmentRow, AuditLog, CrawlRun, Review, Source, User, transaction
from pipeline.queries import iso_vn
from pipeline.reviews import pending_label_count

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


@dataclass(frozen=True)
class OverviewFilter:
    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    scope: str | None = None
    topic: str | None = None


def _week(dialect: str) -> Any:
    """Monday (Vietnam time) of the publication week, as YYYY-MM-DD text."""
    if dialect == "sqlite":
        return func.date(Article.published_at, "+7 hours", "weekday 0", "-6 days")
    local = func.timezone("Asia/Ho_Chi_Minh", Article.published_at)
    return func.to_char(func.date_trunc("week", local), "YYYY-MM-DD")


@dataclass(frozen=True)
class Overview:
    """The overview's counts: per (week, source); per (scope, tone, flagged, status); per topic."""

    weekly: pd.DataFrame  # week, source, n
    states: pd.DataFrame  # scope, tone, flagged, status, n
    topics: pd.DataFrame  # topic, n

    @property
    def empty(self) -> bool:
        return self.weekly.empty


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
    if flt.scope:
        query = query.where(AssessmentRow.scope == flt.scope)
    if flt.topic:
        # Topics are a JSON list of codes; codes are plain slugs, so the quoted code matches exactly.
        query = query.where(cast(AssessmentRow.topics, String).like(f'%"{flt.topic}"%'))
    return query


def overview(engine: Engine, flt: OverviewFilter) -> Overview:
    """Three small aggregations over the filtered articles (each a single GROUP BY in the database)."""
    n = func.count(literal(1))
    week = _week(engine.dialect.name)
    topics = cast(AssessmentRow.topics, String)
    states_keys = (AssessmentRow.scope, AssessmentRow.tone, AssessmentRow.needs_response, Review.status)
    with transaction(engine) as session:
        weekly = session.execute(
            _filtered(select(week, Article.source_id, n), flt).group_by(week, Article.source_id)
        )
        weekly_rows = [(w or "", s, c) for w, s, c in weekly]
        states_query = _filtered(select(*states_keys, n), flt).outerjoin(
            Review, Review.article_id == Article.id
        )
        states_rows = [
            (scope or "", tone or "", bool(flagged), status or "", c)
            for scope, tone, flagged, status, c in session.execute(states_query.group_by(*states_keys))
        ]
        topic_rows = session.execute(_filtered(select(topics, n), flt).group_by(topics)).all()
    per_topic: dict[str, int] = {}
    for codes, count in topic_rows:
        for code in json.loads(codes) if codes else []:
            per_topic[code] = per_topic.get(code, 0) + count
    return Overview(
        pd.DataFrame(weekly_rows, columns=["week", "source", "n"]),
        pd.DataFrame(states_rows, columns=["scope", "tone", "flagged", "status", "n"]),
        pd.DataFrame(sorted(per_topic.items()), columns=["topic", "n"]),
    )


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


def sources_table(engine: Engine) -> pd.DataFrame:
    """The registry with last crawl, article counts and the latest run's counts and error per source."""
    with transaction(engine) as session:
        counts = dict(
            session.execute(
                select(Article.source_id, func.count(Article.id)).group_by(Article.source_id)
            ).all()
        )
        latest = (
            select(CrawlRun.source_id, func.max(CrawlRun.id).label("last"))
            .group_by(CrawlRun.source_id)
            .subquery()
        )
        # Named columns only: the latest run's counts, whatever else later schemas add to crawl_runs.
        run_columns = (
            CrawlRun.source_id,
            CrawlRun.fetched,
            CrawlRun.new,
            CrawlRun.failed,
            CrawlRun.last_error,
        )
        runs = {
            r.source_id: r
            for r in session.execute(select(*run_columns).join(latest, CrawlRun.id == latest.c.last))
        }
        rows = []
        for src in session.scalars(select(Source).order_by(Source.id)):
            run = runs.get(src.id)
            rows.append(
                {
                    "id": src.id,
                    "name": src.name,
                    "kind": src.kind,
                    "confidence": src.confidence,
                    "enabled": src.enabled,
                    "last_crawl": iso_vn(src.last_crawl_at),
                    "last_status": src.last_status,
                    "articles": int(counts.get(src.id, 0)),
                    "fetched": run.fetched if run else 0,
                    "new": run.new if run else 0,
                    "failed": run.failed if run else 0,
                    "last_error": run.last_error if run else "",
                }
            )
    return pd.DataFrame(rows)


def model_versions(engine: Engine) -> pd.DataFrame:
    """Current assessments per model version, newest first; the first row is the current model."""
    query = (
        select(AssessmentRow.model_version, func.count(AssessmentRow.id), func.max(AssessmentRow.created_at))
        .where(AssessmentRow.is_current.is_(True))
        .group_by(AssessmentRow.model_version)
        .order_by(func.max(AssessmentRow.created_at).desc())
    )
    with transaction(engine) as session:
        rows = [(v, int(n), iso_vn(at)) for v, n, at in session.execute(query)]
    return pd.DataFrame(rows, columns=["model_version", "articles", "last_used"])


def labels_waiting(engine: Engine, model_version: str) -> int:
    """Analyst corrections made against ``model_version``, waiting for the next training."""
    with transaction(engine) as session:
        return pending_label_count(session, model_version)


def model_cards(directory: Path = MODELS_DIR) -> list[tuple[str, str]]:
    """(file name, text) of the model cards shipped under ``models/`` (JSON or Markdown)."""
    if not directory.is_dir():
        return []
    found = sorted(p for p in directory.rglob("*card*") if p.suffix in (".json", ".md", ".yaml", ".yml"))
    return [(str(p.relative_to(directory)), p.read_text(encoding="utf-8", errors="replace")) for p in found]


def users_table(engine: Engine) -> pd.DataFrame:
    """Accounts without their hashes."""
    with transaction(engine) as session:
        rows = [
            {"name": u.name, "role": u.role, "disabled": u.disabled, "created": iso_vn(u.created_at)}
            for u in session.scalars(select(User).order_by(User.name))
        ]
    return pd.DataFrame(rows, columns=["name", "role", "disabled", "created"])


def audit_table(engine: Engine, object_type: str | None = None, limit: int = 500) -> pd.DataFrame:
    """The newest audit entries, optionally of one object type."""
    query = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)
    if object_type:
        query = query.where(AuditLog.object_type == object_type)
    with transaction(engine) as session:
        rows = [
            {
                "at": iso_vn(e.at),
                "actor": e.actor,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "action": e.action,
                "old": json.dumps(e.old, ensure_ascii=False),
                "new": json.dumps(e.new, ensure_ascii=False),
            }
            for e in session.scalars(query)
        ]
    return pd.DataFrame(rows, columns=["at", "actor", "object_type", "object_id", "action", "old", "new"])
