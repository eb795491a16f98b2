"""crawl_leases: which crawl holds a source until when; articles.published_offset: the page's own offset

Revision ID: 0010
Revises: 0008

A new table, and a nullable column added to ``articles`` (plain ADD COLUMN on SQLite: no table is
rebuilt). Articles stored before keep ``published_offset`` NULL (unknown): they are shown in the
office's zone as before; the next crawl that re-reads a page fills it in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pipeline.storage.schema

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TIME = pipeline.storage.schema.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "crawl_leases",
        sa.Column("source_id", sa.String(64), primary_key=True),
        sa.Column("run_id", sa.String(40), nullable=False),
        sa.Column("owner", sa.String(500), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("acquired_at", _TIME, nullable=False),
        sa.Column("expires_at", _TIME, nullable=False),
    )
    op.create_index("ix_crawl_leases_run_id", "crawl_leases", ["run_id"])
    op.add_column("articles", sa.Column("published_offset", sa.Integer(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch would rebuild ``articles`` without its full-text triggers.
    op.drop_column("articles", "published_offset")
    op.drop_index("ix_crawl_leases_run_id", table_name="crawl_leases")
    op.drop_table("crawl_leases")
