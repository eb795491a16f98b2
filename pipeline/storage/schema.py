"""SQLAlchemy 2 models of pressmon's tables (the same schema on SQLite and PostgreSQL).

Datetimes are stored in UTC and always come back timezone-aware. The schema itself is created by the
Alembic migrations in ``pipeline/storage/migrations``; ``pressmon init`` applies them. Which module writes
each table is in ARCHITECTURE.md.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pipeline.clock import utcnow


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC (SQLite keeps no offset of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    homepage: Mapped[str] = mapped_column(String(500), default="")
    confidence: Mapped[str] = mapped_column(String(1))
    # What the registry file says; init and every crawl rewrite it.
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)
    last_crawl_at: Mapped[datetime | None]
    last_status: Mapped[str] = mapped_column(String(20), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # An administrator's switch in the dashboard, which wins over ``enabled`` (None: follow the file);
    # init and crawls never touch these three (pipeline.storage.sources).
    admin_enabled: Mapped[bool | None] = mapped_column(Boolean, default=None)
    admin_changed_by: Mapped[str] = mapped_column(String(100), default="")
    admin_changed_at: Mapped[datetime | None]


class CrawlRun(Base):
    """One row per run and per source."""

    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(String(40), index=True)
    source_id: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    fetched: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    robots_skipped: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="running")
    last_error: Mapped[str] = mapped_column(Text, default="")
    # Pages left out on purpose (404, redirect loop, too large, not an article...) and why.
    skipped: Mapped[int] = mapped_column(default=0)
    skipped_detail: Mapped[list[Any]] = mapped_column(default=list)


class CrawlLease(Base):
    """Which crawl holds a source, until when: several crawl servers on one database take a source only
    when its lease is free or lapsed, and a holder's heartbeat keeps renewing ``expires_at``
    (``pipeline.storage.crawl_leases``)."""

    __tablename__ = "crawl_leases"
    source_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    run_id: Mapped[str] = mapped_column(String(40), index=True)
    # The holder's host and var folder: one crawl at a time holds a var folder's file lock, so a lease
    # of the same owner whose run is not this one belongs to a dead process.
    owner: Mapped[str] = mapped_column(String(500))
    pid: Mapped[int]
    acquired_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class RawPageRow(Base):
    """Evidence: the page exactly as fetched, compressed, addressed by its sha256."""

    __tablename__ = "raw_pages"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    status: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(200), default="")
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    body_gz: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    fetched_at: Mapped[datetime]


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    byline: Mapped[str] = mapped_column(String(300), default="")
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    published_method: Mapped[str] = mapped_column(String(60), default="")
    # The page's own UTC offset in minutes (+420 for +07:00); None: unknown (published_at holds UTC only).
    published_offset: Mapped[int | None]
    fetched_at: Mapped[datetime]
    language: Mapped[str] = mapped_column(String(8), default="vi")
    text_hash: Mapped[str] = mapped_column(String(64))
    extraction_method: Mapped[str] = mapped_column(String(60), default="")
    raw_sha256: Mapped[str | None] = mapped_column(ForeignKey("raw_pages.sha256"))
    feed: Mapped[dict[str, Any]] = mapped_column(default=dict)
    story_id: Mapped[str | None] = mapped_column(String(32), index=True)
    processed_at: Mapped[datetime | None]
    model_version: Mapped[str] = mapped_column(String(60), default="")
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Folded title + summary + body (pipeline.storage.fulltext); deferred: only the search reads it.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="", deferred=True)


class ArticleRevision(Base):
    """The previous text of an article its outlet has edited."""

    __tablename__ = "article_revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    revision: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    raw_sha256: Mapped[str | None] = mapped_column(String(64))
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("article_id", "revision"),)


class AssessmentRow(Base):
    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    model_version: Mapped[str] = mapped_column(String(60))
    text_hash: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(20), index=True)
    places: Mapped[list[Any]] = mapped_column(default=list)
    topics: Mapped[list[Any]] = mapped_column(default=list)
    topic_scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tone: Mapped[str] = mapped_column(String(10))
    needs_response: Mapped[bool] = mapped_column(Boolean, index=True)
    flag_score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("article_id", "model_version", "text_hash"),)


class Review(Base):
    __tablename__ = "reviews"
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    assignee: Mapped[str] = mapped_column(String(100), default="")
    priority: Mapped[int] = mapped_column(default=2)
    note: Mapped[str] = mapped_column(Text, default="")
    response_url: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    __mapper_args__ = {"version_id_col": version}


class AuditLog(Base):
    """Append-only: who changed what, when, from what to what."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(30))
    old: Mapped[dict[str, Any]] = mapped_column(default=dict)
    new: Mapped[dict[str, Any]] = mapped_column(default=dict)


class User(Base):
    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportRow(Base):
    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(10), unique=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    files: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportDraftRow(Base):
    """The analyst's edits of a period's report before it is frozen (``pipeline.report.drafts``): pinned
    and dropped highlights, the edited "Nhận xét, đánh giá" and "Đề xuất, kiến nghị"; copied into the
    snapshot when it is frozen."""

    __tablename__ = "report_drafts"
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    draft: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SegmentRow(Base):
    """A cached word segmentation (``pipeline.storage.segments``): key of the text, zlib of the result."""

    __tablename__ = "segments"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    tokens: Mapped[bytes] = mapped_column(LargeBinary)


class StorySignatureRow(Base):
    """An article's stored MinHash (``pipeline.storage.stories``), valid for its text hash and method.
    A cache, like ``segments``: no foreign key, so it never stands in the way of removing articles."""

    __tablename__ = "story_signatures"
    article_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(60))
    minhash: Mapped[bytes] = mapped_column(LargeBinary)


class AlertSubscription(Base):
    """What a dashboard user wants to be told, and where (``pipeline.storage.alerts``)."""

    __tablename__ = "alert_subscriptions"
    username: Mapped[str] = mapped_column(ForeignKey("users.name"), primary_key=True)
    email: Mapped[str] = mapped_column(String(300), default="")
    webhook_url: Mapped[str] = mapped_column(Text, default="")
    # Empty lists: both relevant scopes, every topic.
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    topics: Mapped[list[Any]] = mapped_column(default=list)
    min_score: Mapped[float] = mapped_column(Float, default=0.0)
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    # Local "HH:MM" bounds of the quiet hours (both empty: none); immediate alerts wait until the end.
    quiet_start: Mapped[str] = mapped_column(String(5), default="")
    quiet_end: Mapped[str] = mapped_column(String(5), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AlertRow(Base):
    """One event told to one user: at most one row per (event, user), whatever runs or servers see it."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("event_key", "username", name="uq_alerts_event_user"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_key: Mapped[str] = mapped_column(String(200))
    username: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    article_id: Mapped[str | None] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(default=None)


class AlertDelivery(Base):
    """The outbox: an alert to send on one channel, written with the alert, marked sent once."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("alert_id", "channel", name="uq_alert_deliveries_alert_channel"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    due_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # A sender holds a delivery until this time; another sender (or server) takes it only after.
    claimed_until: Mapped[datetime | None] = mapped_column(default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    failed_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")


class Case(Base):
    """A misinformation case (vụ việc): a claim followed from its first appearance to the official
    response and to the outlets' corrections or removals (``pipeline.storage.cases``)."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    claim: Mapped[str] = mapped_column(Text, default="")
    story_id: Mapped[str | None] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    owner: Mapped[str | None] = mapped_column(String(100))
    response_text: Mapped[str] = mapped_column(Text, default="")
    response_url: Mapped[str] = mapped_column(Text, default="")
    response_date: Mapped[date | None] = mapped_column(Date)
    # When the response was recorded here (first set): its time of day when it is on ``response_date``.
    responded_at: Mapped[datetime | None]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by: Mapped[str] = mapped_column(String(100))
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    __mapper_args__ = {"version_id_col": version}


class CaseItem(Base):
    """An article linked to a case; ``added_by`` is "auto" when story grouping added it."""

    __tablename__ = "case_items"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by: Mapped[str] = mapped_column(String(100))


class CaseCheck(Base):
    """One recheck of a case's item: unchanged, edited (``revision`` after it), removed or failed."""

    __tablename__ = "case_checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(10))
    http_status: Mapped[int | None]
    revision: Mapped[int | None]
    detail: Mapped[str] = mapped_column(String(300), default="")


Index("ix_assessments_current", AssessmentRow.article_id, AssessmentRow.is_current)
