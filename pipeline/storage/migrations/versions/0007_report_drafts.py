"""report_drafts: the analyst's highlights and edited sections of a report before it is frozen

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pipeline.storage.schema

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_drafts",
        sa.Column("period", sa.String(10), primary_key=True),
        sa.Column("draft", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("updated_at", pipeline.storage.schema.UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("report_drafts")
