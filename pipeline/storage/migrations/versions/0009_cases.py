"""cases: misinformation cases (vụ việc), their linked items and the rechecks of those items

Revision ID: 0009
Revises: 0008

New tables only; nothing existing is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pipeline.storage.schema

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_TIME = pipeline.storage.schema.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("story_id", sa.String(32), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("owner", sa.String(100), nullable=True),
        sa.Column("response_text", sa.Text(), nullable=False),
        sa.Column("response_url", sa.Text(), nullable=False),
        sa.Column("response_date", sa.Date(), nullable=True),
        sa.Column("responded_at", _TIME, nullable=True),
        sa.Column("opened_at", _TIME, nullable=False),
        sa.Column("opened_by", sa.String(100), nullable=False),
        sa.Column("closed_at", _TIME, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_cases_story_id", "cases", ["story_id"])
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_table(
        "case_items",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("added_at", _TIME, nullable=False),
        sa.Column("added_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_case_items_article_id", "case_items", ["article_id"])
    op.create_table(
        "case_checks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("checked_at", _TIME, nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(300), nullable=False),
    )
    op.create_index("ix_case_checks_case_id", "case_checks", ["case_id"])
    op.create_index("ix_case_checks_article_id", "case_checks", ["article_id"])


def downgrade() -> None:
    op.drop_table("case_checks")
    op.drop_table("case_items")
    op.drop_table("cases")
