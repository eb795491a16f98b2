"""Backups round-trip on both backends, and an installation moves from SQLite to PostgreSQL intact."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine

from models.analyzer import Analyzer
from pipeline.collect.importer import load_items, to_record
from pipeline.errors import PressmonError
from pipeline.settings import load_settings
from pipeline.storage.articles import upsert_article
from pipeline.storage.backup import backup, copy_database, restore
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import Article, AssessmentRow, AuditLog, Review
from pipeline.storage.views import iter_records
from pipeline.understand.process import process_articles
from tests.support.paths import FIXTURES
from tests.support.pgcluster import fresh_database

TABLES = (Article, AssessmentRow, Review, AuditLog)


def _populate(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with transaction(engine) as session:
        for loaded in load_items(FIXTURES / "items.jsonl"):
            upsert_article(session, to_record(loaded, now))
    process_articles(engine, Analyzer.from_settings(load_settings(environ={})))
    return engine


def _counts(engine: Engine) -> dict[str, int]:
    with transaction(engine) as session:
        return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES}


def _records(engine: Engine) -> list[dict]:
    with transaction(engine) as session:
        return [{k: v for k, v in r.items() if k != "fetched"} for r in iter_records(session)]


def test_backup_then_restore_brings_everything_back(backend_url: str, tmp_path: Path) -> None:
    engine = _populate(backend_url)
    before, records = _counts(engine), _records(engine)
    assert before["articles"] == 6 and before["reviews"] >= 1
    target = tmp_path / "backup.bin"
    assert backup(engine, target) > 0
    with transaction(engine) as session:
        for table in (AuditLog, Review, AssessmentRow, Article):
            session.execute(delete(table))
    assert _counts(engine)["articles"] == 0
    restore(engine, target)
    engine.dispose()
    assert _counts(engine) == before
    assert _records(engine) == records


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    engine = _populate(f"sqlite:///{tmp_path / 'db.sqlite'}")
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"")
    with pytest.raises(PressmonError, match="not a pressmon SQLite backup"):
        restore(engine, bogus)
    assert _counts(engine)["articles"] == 6


def test_sqlite_installation_moves_to_postgresql(pg_admin_url: str, tmp_path: Path) -> None:
    source = _populate(f"sqlite:///{tmp_path / 'office.db'}")
    with fresh_database(pg_admin_url) as target_url:
        target = make_engine(target_url)
        counts = copy_database(source, target)
        assert counts["articles"] == 6
        assert _counts(target) == _counts(source)
        assert _records(target) == _records(source)
        with transaction(target) as session:  # sequences continue after the copied ids
            session.add(AuditLog(actor="test", object_type="x", object_id="1", action="after-copy"))
        with pytest.raises(PressmonError, match="not empty"):
            copy_database(source, target)
        target.dispose()
