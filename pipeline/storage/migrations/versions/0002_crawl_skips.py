"""crawl_runs: what a run skipped (count and the first URLs with their reason)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("skipped", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("skipped_detail", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.drop_column("skipped_detail")
        batch_op.drop_column("skipped")
