"""The same schema and behaviour on SQLite and PostgreSQL: migrations, storage, processing, the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from models.analyzer import Analyzer
from pipeline.records import ArticleRecord
from pipeline.settings import load_settings
from pipeline.storage.articles import upsert_article
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import current_revision, head_revision, upgrade
from pipeline.storage.schema import Article, AssessmentRow, AuditLog, Review
from pipeline.storage.views import iter_records
from pipeline.understand.process import process_articles
from tests.support.cli import CliRun
from tests.support.paths import FIXTURES

WHEN = datetime(2026, 9, 2, 8, 0, tzinfo=UTC)


def _record(
    body: str = "Người dân xã An Hưng, Hải Phòng bức xúc, khiếu nại vì chậm bồi thường.",
) -> ArticleRecord:
    return ArticleRecord(
        id="a" * 32,
        url="https://baohaiphong.vn/x-1.html",
        canonical_url="https://baohaiphong.vn/x-1.html",
        source_id="baohaiphong",
        title="Người dân An Lão bức xúc vì chậm bồi thường",
        summary="",
        body=body,
        byline="Minh Anh",
        published_at=WHEN,
        fetched_at=WHEN,
        extraction_method="test",
    )


def test_migrations_reach_head(backend_url: str) -> None:
    engine = make_engine(backend_url)
    assert upgrade(engine) == (None, head_revision())
    assert current_revision(engine) == head_revision()
    assert upgrade(engine)[0] == head_revision()


def test_upsert_is_idempotent_and_keeps_revisions(backend_url: str) -> None:
    engine = make_engine(backend_url)
    upgrade(engine)
    results = []
    for record in (_record(), _record(), _record(body="Nội dung đã được tòa soạn sửa lại.")):
        with transaction(engine) as session:
            results.append(upsert_article(session, record))
    assert results == ["new", "unchanged", "updated"]
    with transaction(engine) as session:
        article = session.get(Article, "a" * 32)
        assert article is not None and article.revision == 2
        assert article.published_at == WHEN and article.published_at.tzinfo is not None


def test_processing_flags_once_and_exports_the_same_records(backend_url: str) -> None:
    engine = make_engine(backend_url)
    upgrade(engine)
    with transaction(engine) as session:
        upsert_article(session, _record())
    analyzer = Analyzer.from_settings(load_settings(environ={}))
    assert process_articles(engine, analyzer).flagged == 1
    assert process_articles(engine, analyzer, everything=True).processed == 1
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Review)) == 1
        assert session.scalar(select(func.count()).select_from(AuditLog)) == 1
        assert session.scalar(select(func.count()).where(AssessmentRow.is_current.is_(True))) == 1
        record = next(iter_records(session))
    assert record["published"] == "2026-09-02T15:00:00+07:00"
    assert record["review_status"] == "new" and record["needs_response"]


def test_a_stale_review_update_is_refused(backend_url: str) -> None:
    engine = make_engine(backend_url)
    upgrade(engine)
    with transaction(engine) as session:
        upsert_article(session, _record())
        session.flush()
        session.add(Review(article_id="a" * 32, status="new"))
    with transaction(engine) as first:
        mine = first.get(Review, "a" * 32)
        assert mine is not None
        with transaction(engine) as second:
            theirs = second.get(Review, "a" * 32)
            assert theirs is not None
            theirs.status = "in-review"
        mine.status = "dismissed"
        with pytest.raises(StaleDataError):
            first.flush()
        first.rollback()
    with transaction(engine) as session:
        review = session.get(Review, "a" * 32)
        assert review is not None and (review.status, review.version) == ("in-review", 2)


def test_cli_contract_on_each_backend(cli: CliRun, backend_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    for args in (
        ("init",),
        ("import", str(FIXTURES / "items.jsonl")),
        ("process",),
        ("export", "--output", str(out)),
    ):
        result = cli("--db", backend_url, *args)
        assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6
    assert sum(r["needs_response"] for r in records) >= 1
    assert {r["scope"] for r in records} >= {"an-lao", "hai-phong", "other"}
