"""pipeline.storage.articles on a temporary SQLite database migrated to the newest schema: articles
upserted with their revisions, and raw pages stored once per content."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.records import ArticleRecord, RawPage
from pipeline.storage.articles import load_raw_page, save_raw_page, upsert_article
from pipeline.storage.schema import Article, ArticleRevision, RawPageRow
from tests.support.builders import article_record, stored_article

HTML = "<html><body><h1>Hải Phòng khởi công cầu mới</h1><p>Nội dung.</p></body></html>".encode()


@pytest.fixture
def record(frozen_now: datetime) -> ArticleRecord:
    return article_record(frozen_now)


@pytest.fixture
def page(frozen_now: datetime) -> RawPage:
    url = "https://tinnhanh.example/hai-phong-khoi-cong-cau-1.html"
    return RawPage(url, url, 200, {"content-type": "text/html; charset=utf-8"}, HTML, frozen_now, "tinnhanh")


def test_upsert_new_article(session: Session, record: ArticleRecord) -> None:
    assert upsert_article(session, record) == "new"
    session.commit()
    article = session.get(Article, record.id)
    assert article is not None
    assert (article.title, article.revision) == (record.title, 1)


def test_published_time_comes_back_timezone_aware(engine: Engine, record: ArticleRecord) -> None:
    with Session(engine) as first:
        upsert_article(first, record)
        first.commit()
    with Session(engine) as second:
        article = second.get(Article, record.id)
        assert article is not None and article.published_at is not None
        assert article.published_at.tzinfo is not None
        assert article.published_at == record.published_at


def test_upsert_same_article_again_is_unchanged(engine: Engine, record: ArticleRecord) -> None:
    with Session(engine) as first:
        upsert_article(first, record)
        first.commit()
    with Session(engine) as second:
        assert upsert_article(second, record) == "unchanged"


def test_upsert_changed_body_is_updated(session: Session, record: ArticleRecord) -> None:
    stored_article(session, record)
    assert upsert_article(session, replace(record, body="Nội dung đã được tòa soạn sửa.")) == "updated"
    session.commit()
    article = session.get(Article, record.id)
    assert article is not None
    assert (article.body, article.revision) == ("Nội dung đã được tòa soạn sửa.", 2)


def test_update_keeps_the_old_text_as_a_revision(session: Session, record: ArticleRecord) -> None:
    stored_article(session, record)
    upsert_article(session, replace(record, body="Nội dung đã được tòa soạn sửa."))
    session.commit()
    revisions = session.scalars(select(ArticleRevision).where(ArticleRevision.article_id == record.id)).all()
    assert [(r.revision, r.title, r.body) for r in revisions] == [(1, record.title, record.body)]


def test_raw_page_is_stored_gzipped_once_per_sha256(session: Session, page: RawPage) -> None:
    first = save_raw_page(session, page)
    session.commit()
    second = save_raw_page(session, replace(page, url=page.url + "?utm_source=x"))
    session.commit()
    assert first == second == hashlib.sha256(HTML).hexdigest()
    assert session.scalar(select(func.count()).select_from(RawPageRow)) == 1
    row = session.get(RawPageRow, first)
    assert row is not None and gzip.decompress(row.body_gz) == HTML and row.size == len(HTML)


def test_load_raw_page_returns_the_exact_bytes(engine: Engine, page: RawPage) -> None:
    with Session(engine) as first:
        digest = save_raw_page(first, page)
        first.commit()
    with Session(engine) as second:
        assert load_raw_page(second, digest) == HTML


def test_load_unknown_raw_page_is_none(session: Session) -> None:
    assert load_raw_page(session, "0" * 64) is None


def test_article_refers_to_its_raw_page(session: Session, record: ArticleRecord, page: RawPage) -> None:
    digest = save_raw_page(session, page)
    upsert_article(session, record, raw_sha256=digest)
    session.commit()
    article = session.get(Article, record.id)
    assert article is not None and article.raw_sha256 == digest
