"""The alerts page: a user's unread alerts as rows to show, and their subscription as the form's values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from dashboard import texts
from pipeline.storage import alerts as store
from pipeline.storage.engine import transaction
from pipeline.storage.schema import AlertRow, AlertSubscription
from pipeline.text.vi_format import vi_datetime, vi_number


@dataclass(frozen=True)
class AlertLine:
    """One unread alert as the page lists it."""

    alert_id: int
    article_id: str | None
    when: str
    kind: str
    title: str
    outlet: str
    score: str


def unread_count(engine: Engine, username: str) -> int:
    """How many of ``username``'s alerts the dashboard has not shown yet (the badge)."""
    with engine.connect() as conn:
        query = select(func.count()).where(AlertRow.username == username, AlertRow.read_at.is_(None))
        return int(conn.scalar(query) or 0)


def unread_lines(engine: Engine, username: str) -> list[AlertLine]:
    """``username``'s unread alerts, newest first, in Vietnamese."""
    with transaction(engine) as session:
        rows = store.unread(session, username)
        return [
            AlertLine(
                row.id,
                row.article_id,
                vi_datetime(row.created_at),
                texts.ALERT_KINDS.get(row.kind, row.kind),
                str(row.payload.get("title", "")),
                str(row.payload.get("outlet", "")),
                vi_number(float(row.payload.get("score", 0.0)), 2),
            )
            for row in rows
        ]


def subscription_values(engine: Engine, username: str) -> dict[str, Any]:
    """The form's starting values: ``username``'s subscription, or an empty one."""
    with transaction(engine) as session:
        row = session.get(AlertSubscription, username)
        if row is None:
            return {"email": "", "webhook_url": "", "scopes": [], "topics": [], "min_score": 0.0}
        quiet = f"{row.quiet_start}-{row.quiet_end}" if row.quiet_start else ""
        return {
            "email": row.email,
            "webhook_url": row.webhook_url,
            "scopes": list(row.scopes),
            "topics": list(row.topics),
            "min_score": row.min_score,
            "digest": row.digest,
            "quiet": quiet,
            "enabled": row.enabled,
        }
