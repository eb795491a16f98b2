"""The page's own UTC offset is stored beside the UTC time (SQLite and PostgreSQL), filled in for an
article stored before it was kept, and shown by the export record beside the office's time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine

from pipeline.storage.articles import upsert_article
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article
from pipeline.storage.views import iter_records
from tests.support.builders import article_record
from tests.support.clock import CRAWL_NOW

# 00:30 on 26 November in Perth (+08:00) is 23:30 on the 25th in Vietnam: a day apart.
PERTH = timezone(timedelta(hours=8))
LATE_IN_PERTH = datetime(2026, 11, 26, 0, 30, tzinfo=PERTH)


@pytest.fixture
def db(backend_engine: Engine) -> Engine:
    return backend_engine


def _export(engine: Engine) -> dict[str, str]:
    with transaction(engine) as session:
        (record,) = list(iter_records(session))
    return {"published": record["published"], "published_page": record["published_page"]}


def test_the_pages_offset_is_stored_and_exported_beside_the_office_time(db: Engine) -> None:
    record = replace(article_record(CRAWL_NOW), published_at=LATE_IN_PERTH)
    with transaction(db) as session:
        assert upsert_article(session, record) == "new"
    with transaction(db) as session:
        article = session.get(Article, record.id)
        assert article is not None
        assert article.published_offset == 480
        assert article.published_at == LATE_IN_PERTH  # the same moment, held in UTC
    assert _export(db) == {
        "published": "2026-11-25T23:30:00+07:00",
        "published_page": "2026-11-26T00:30:00+08:00",
    }


def test_an_article_stored_before_offsets_were_kept_gets_its_own_when_read_again(db: Engine) -> None:
    record = replace(article_record(CRAWL_NOW), published_at=LATE_IN_PERTH)
    with transaction(db) as session:
        upsert_article(session, record)
    with transaction(db) as session:  # as migration 0010 leaves the articles stored before it
        session.execute(update(Article).values(published_offset=None))
    assert _export(db)["published_page"] == ""
    with transaction(db) as session:
        assert upsert_article(session, record) == "unchanged"  # no new revision for it
    assert _export(db)["published_page"] == "2026-11-26T00:30:00+08:00"
    undated = replace(record, published_at=None)
    with transaction(db) as session:
        upsert_article(session, undated)  # a page read again without its date keeps what is known
    assert _export(db)["published_page"] == "2026-11-26T00:30:00+08:00"
