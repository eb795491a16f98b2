"""The crawl's item pipeline stores pages in batches, on a real SQLite database.

A batch is one transaction; a page whose store fails costs only itself (the batch is retried page
by page); the same article twice in one batch ends as two transactions in a row would have left
it; the counters of ``crawl_runs`` come from what was actually written.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler
from sqlalchemy import event

from crawlers.config import scrapy_values
from crawlers.pipelines import StorePipeline
from crawlers.spiders.registry import RegistrySpider
from pipeline.records import ArticleRecord, RawPage
from pipeline.settings import CrawlSettings
from pipeline.storage import migrate
from pipeline.storage.engine import make_engine
from pipeline.text.urls import article_id

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def _pair(number: int, body: str = "") -> tuple[RawPage, ArticleRecord]:
    url = f"https://tin.example/bai-{number}.html"
    html = f"<html><body><h1>Bài {number}</h1><p>{body or 'Nội dung'} {number}.</p></body></html>"
    page = RawPage(url, url, 200, {"content-type": "text/html"}, html.encode(), NOW, "tin")
    record = ArticleRecord(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source_id="tin",
        title=f"Bài số {number} về Hải Phòng",
        summary="",
        body=f"{body or 'Nội dung'} {number}.",
        byline="",
        published_at=NOW - timedelta(hours=number),
        fetched_at=NOW,
        extraction_method="test",
    )
    return page, record


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "batch.db"
    migrate.upgrade(make_engine(f"sqlite:///{path}"))
    return path


@pytest.fixture
def pipeline(database: Path) -> StorePipeline:
    # The crawl's defaults, as the project's Scrapy settings carry them, and this database.
    settings = {**scrapy_values(CrawlSettings()), "PRESSMON_DATABASE_URL": f"sqlite:///{database}"}
    crawler = get_crawler(RegistrySpider, settings)
    return StorePipeline.from_crawler(crawler)


def _stat(pipeline: StorePipeline, name: str) -> Any:
    assert pipeline.crawler.stats is not None
    return pipeline.crawler.stats.get_value(f"pressmon/tin/{name}", 0)


def _scalar(database: Path, sql: str) -> Any:
    with sqlite3.connect(database) as conn:
        return conn.execute(sql).fetchone()[0]


def test_a_page_that_fails_to_store_costs_only_itself(pipeline: StorePipeline, database: Path) -> None:
    good = [_pair(n) for n in range(5)]
    page, record = _pair(99)
    # A value SQLite's DateTime column refuses: the batch's transaction fails on it.
    bad = (page, replace(record, published_at="hôm qua"))  # type: ignore[arg-type]
    pipeline.pending = [*good[:2], bad, *good[2:]]
    pipeline.flush()
    assert _scalar(database, "SELECT count(*) FROM articles") == 5
    assert _scalar(database, "SELECT count(*) FROM raw_pages") == 5
    assert _scalar(database, "SELECT count(*) FROM articles WHERE url LIKE '%bai-99%'") == 0
    assert (_stat(pipeline, "new"), _stat(pipeline, "failed")) == (5, 1)
    assert "bai-99.html" in _stat(pipeline, "last_error")


def test_one_article_twice_in_a_batch_is_stored_once_with_its_revision(
    pipeline: StorePipeline, database: Path
) -> None:
    first = _pair(1)
    edited = _pair(1, body="Nội dung đã sửa")
    pipeline.pending = [first, _pair(2), edited]
    pipeline.flush()
    assert _scalar(database, "SELECT count(*) FROM articles") == 2
    assert _scalar(database, "SELECT revision FROM articles WHERE url LIKE '%bai-1.html'") == 2
    assert _scalar(database, "SELECT body FROM article_revisions") == "Nội dung 1."
    assert (_stat(pipeline, "new"), _stat(pipeline, "updated")) == (2, 1)


def test_a_second_flush_of_the_same_pages_changes_nothing(pipeline: StorePipeline, database: Path) -> None:
    pairs = [_pair(n) for n in range(3)]
    pipeline.pending = list(pairs)
    pipeline.flush()
    pipeline.pending = list(pairs)
    pipeline.flush()
    assert _scalar(database, "SELECT count(*) FROM articles") == 3
    assert _scalar(database, "SELECT count(*) FROM article_revisions") == 0
    assert (_stat(pipeline, "new"), _stat(pipeline, "unchanged")) == (3, 3)


def test_pages_wait_for_a_full_batch(pipeline: StorePipeline, database: Path) -> None:
    pipeline.batch_size = 3
    for number in range(2):
        pipeline.pending.append(_pair(number))
    pipeline._flush_if_due()  # not a second old yet: nothing written
    assert _scalar(database, "SELECT count(*) FROM articles") == 0
    pipeline.flushed_at -= pipeline.batch_seconds  # a second later, the timer writes what waits
    pipeline._flush_if_due()
    assert _scalar(database, "SELECT count(*) FROM articles") == 2
    assert pipeline.pending == []


def test_a_full_disk_is_logged_in_one_line_without_the_pages_text(
    pipeline: StorePipeline, database: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def full(dbapi_connection: Any, _record: Any) -> None:  # SQLite may not grow the file: a full disk
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    pipeline.engine.dispose()  # new connections, each with the limit
    event.listen(pipeline.engine, "connect", full)
    pipeline.pending = [_pair(n, body="Bí mật của tòa soạn " * 400) for n in range(3)]
    with caplog.at_level(logging.INFO, logger="crawlers.pipelines"):
        pipeline.flush()
    assert _scalar(database, "SELECT count(*) FROM articles") == 0
    assert _stat(pipeline, "failed") == 3 and "is full" in _stat(pipeline, "last_error")
    logged = [r for r in caplog.records if r.name == "crawlers.pipelines"]
    assert len(logged) == 4 and not any(r.exc_info for r in logged)
    assert all("is full" in r.getMessage() and "Bí mật" not in r.getMessage() for r in logged)
