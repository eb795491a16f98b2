"""process speed: the segmentation cache and stored story signatures

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "segments",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("tokens", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "story_signatures",
        sa.Column("article_id", sa.String(32), primary_key=True),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("method", sa.String(60), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("story_signatures")
    op.drop_table("segments")
