"""Alembic environment: runs migrations on the connection or URL pressmon hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from pipeline.storage.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Apply migrations on the given connection (pressmon) or the configured URL (alembic CLI)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
