"""alerts: subscriptions, one alert per (event, user), and the outbox of deliveries

Revision ID: 0008
Revises: 0007

New tables only; nothing existing is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pipeline.storage.schema

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TIME = pipeline.storage.schema.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alert_subscriptions",
        sa.Column("username", sa.String(100), sa.ForeignKey("users.name"), primary_key=True),
        sa.Column("email", sa.String(300), nullable=False),
        sa.Column("webhook_url", sa.Text(), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("min_score", sa.Float(), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.Column("quiet_start", sa.String(5), nullable=False),
        sa.Column("quiet_end", sa.String(5), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_key", sa.String(200), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("article_id", sa.String(32), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("read_at", _TIME, nullable=True),
        sa.UniqueConstraint("event_key", "username", name="uq_alerts_event_user"),
    )
    op.create_index("ix_alerts_username", "alerts", ["username"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.Integer(), sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.Column("due_at", _TIME, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_until", _TIME, nullable=True),
        sa.Column("sent_at", _TIME, nullable=True),
        sa.Column("failed_at", _TIME, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.UniqueConstraint("alert_id", "channel", name="uq_alert_deliveries_alert_channel"),
    )
    op.create_index("ix_alert_deliveries_alert_id", "alert_deliveries", ["alert_id"])
    op.create_index("ix_alert_deliveries_due_at", "alert_deliveries", ["due_at"])
    op.create_index("ix_alert_deliveries_sent_at", "alert_deliveries", ["sent_at"])


def downgrade() -> None:
    op.drop_table("alert_deliveries")
    op.drop_table("alerts")
    op.drop_table("alert_subscriptions")
