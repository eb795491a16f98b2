"""sources: an administrator's on/off switch that wins over the registry file's ``enabled``

Revision ID: 0005
Revises: 0004

``enabled`` stays the registry file's value (``pressmon init`` and crawls rewrite it);
``admin_enabled`` is the dashboard's switch (NULL: follow the file), with who set it and when.
Columns are only added (plain ADD COLUMN on SQLite: no table is rebuilt, ``articles`` is not touched).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pipeline.storage.schema

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("admin_enabled", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column("admin_changed_by", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("admin_changed_at", pipeline.storage.schema.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("admin_changed_at")
        batch_op.drop_column("admin_changed_by")
        batch_op.drop_column("admin_enabled")
