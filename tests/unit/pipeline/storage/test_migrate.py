"""pipeline.storage.migrate: a new database reaches the newest schema revision."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from pipeline.storage import migrate


def test_migration_reaches_head(engine: Engine) -> None:
    assert migrate.current_revision(engine) == migrate.head_revision() != ""
