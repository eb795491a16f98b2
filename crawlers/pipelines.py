"""Item pipeline: extract each fetched page and store it with its evidence, a batch a transaction.

Reads ``PRESSMON_DATABASE_URL`` and ``PRESSMON_RUN_ID`` from the Scrapy settings. With
``PRESSMON_EXTRACT_WORKERS`` > 0, extraction runs in that many worker processes while this process
keeps fetching and storing (storing stays here: SQLite has one writer). At the start it
records a ``crawl_runs`` row per source (status ``running``, so a crash stays visible); at the end
it fills in the counters from the crawler stats and the final status.

Extracted pages wait in memory and are written together, page and article in one transaction,
every ``PRESSMON_STORE_BATCH`` pages, every ``PRESSMON_STORE_BATCH_SECONDS`` and at the end: a
commit per page cost as much as the extraction itself. A crash loses at most the waiting pages,
never half of one, and the next run fetches them again (the killed run never ends ``ok``, so the
walk back does not stop at it). A batch that fails to store is retried page by page, so one bad
page costs only itself.

A crawl stopped by a signal (``crawlers.runner`` sets ``STOPPED_BY`` in the stats) ends every
source's row ``interrupted``, with what it counted: at the close as usual, or, when the stop cannot
wait for the pages still on their way, at the ``CRAWL_STOPPING`` signal the runner sends just before
it stops the reactor; a source whose every feed, sitemap and listing robots.txt forbids ends
``disallowed``, not ``unreachable``: its addresses are right, the outlet says no.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector
from sqlalchemy.orm import sessionmaker
from twisted.internet.task import LoopingCall

from pipeline.clock import DEFAULT_ZONE, set_local_zone, utcnow
from pipeline.collect.extract import extract_article
from pipeline.records import ArticleRecord, RawPage
from pipeline.storage import crawl_runs
from pipeline.storage.articles import UpsertResult, save_pages
from pipeline.storage.engine import database_failure, make_engine, transaction

log = logging.getLogger(__name__)

# Pages waiting for their batch hold their bodies: write early rather than hold large pages.
BATCH_MAX_BYTES = 16_000_000
# The stats key naming the signal that stopped the crawl (set by crawlers.runner).
STOPPED_BY = "pressmon/stopped_by"
# Sent by crawlers.runner when a stopped crawl ends without closing: store what waits, finish the rows.
CRAWL_STOPPING = object()
DISALLOWED = "disallowed"
DISALLOWED_NOTE = "robots.txt disallows every feed, sitemap and listing of this source"


class StorePipeline:
    """Turn :class:`RawPage` items into stored articles."""

    def __init__(self, crawler: Crawler, database_url: str, run_id: str) -> None:
        self.crawler = crawler
        self.engine = make_engine(database_url)
        # One factory for the whole run: pipeline.storage.engine.transaction builds one per call, which costs
        # a third of a millisecond a page in SQLAlchemy event set-up.
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.run_id = run_id
        workers = crawler.settings.getint("PRESSMON_EXTRACT_WORKERS")
        zone = crawler.settings.get("PRESSMON_TIMEZONE") or DEFAULT_ZONE
        # spawn, not fork: forking a process that runs a reactor and holds SQLite handles is unsafe.
        # The workers read dates without an offset in the office's zone, as this process does.
        self.pool = (
            ProcessPoolExecutor(
                workers, mp_context=get_context("spawn"), initializer=set_local_zone, initargs=(zone,)
            )
            if workers > 0
            else None
        )
        self.batch_size = max(1, crawler.settings.getint("PRESSMON_STORE_BATCH"))
        self.batch_seconds = crawler.settings.getfloat("PRESSMON_STORE_BATCH_SECONDS")
        self.pending: list[tuple[RawPage, ArticleRecord]] = []
        self.pending_bytes = 0
        self.flushed_at = time.monotonic()
        # Writes what waits when pages come slowly (a polite crawl): nothing sits unwritten for long.
        self.timer = LoopingCall(self._flush_if_due)
        self.opened = self.finished = False
        crawler.signals.connect(self._finish, signal=CRAWL_STOPPING)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        url = crawler.settings.get("PRESSMON_DATABASE_URL")
        if not url:
            raise NotConfigured("PRESSMON_DATABASE_URL is not set")
        return cls(crawler, url, crawler.settings.get("PRESSMON_RUN_ID") or uuid.uuid4().hex)

    def _source_ids(self) -> list[str]:
        spider = self.crawler.spider
        return sorted(getattr(spider, "sources", {}))

    def open_spider(self) -> None:
        with transaction(self.engine) as session:
            crawl_runs.start_run(session, self.run_id, self._source_ids(), utcnow())
        self.opened = True
        self.timer.start(max(self.batch_seconds, 0.05), now=False)

    async def _extract(self, item: RawPage) -> ArticleRecord | None:
        if self.pool is None:
            return extract_article(item)
        return await asyncio.wrap_future(self.pool.submit(extract_article, item))

    def _skip(self, item: RawPage, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        prefix = f"pressmon/{item.source_id}/"
        stats.inc_value(prefix + "skipped")
        detail = stats.get_value(prefix + "skipped_detail") or []
        if len(detail) < 50:
            stats.set_value(prefix + "skipped_detail", [*detail, f"{item.final_url}: {reason}"])

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, RawPage):
            return item
        stats = self.crawler.stats
        assert stats is not None
        try:
            record = await self._extract(item)
        except Exception as exc:  # a page that breaks the extractor must not stop the crawl
            log.exception("extraction failed on %s", item.final_url)
            stats.inc_value(f"pressmon/{item.source_id}/failed")
            stats.set_value(f"pressmon/{item.source_id}/last_error", f"{item.final_url}: {exc!r}"[:500])
            raise DropItem(f"extraction failed on {item.final_url}") from exc
        if record is None:  # a section page, an HTML-less body: left out, and said so
            self._skip(item, "no article text")
            raise DropItem(f"no article in {item.final_url}")
        self.pending.append((item, record))
        self.pending_bytes += len(item.body)
        if len(self.pending) >= self.batch_size or self.pending_bytes >= BATCH_MAX_BYTES:
            self.flush()
        return item

    def _flush_if_due(self) -> None:
        if self.pending and time.monotonic() - self.flushed_at >= self.batch_seconds:
            self.flush()

    def flush(self) -> None:
        """Store the waiting pages in one transaction (page by page if that fails) and count them."""
        batch, self.pending, self.pending_bytes = self.pending, [], 0
        self.flushed_at = time.monotonic()
        if not batch:
            return
        try:
            with self.sessions.begin() as session:
                results: list[UpsertResult | None] = list(save_pages(session, batch))
        except Exception as exc:  # one bad page must not cost the batch: find it by storing them one by one
            # A full disk or read-only file in one line: the traceback would carry the pages' text.
            reason = database_failure(exc)
            log.warning(
                "storing %d pages together failed%s; storing them one by one",
                len(batch),
                f" ({reason})" if reason else "",
                exc_info=reason is None,
            )
            results = [self._store_one(page, record) for page, record in batch]
        stats = self.crawler.stats
        assert stats is not None
        for (page, _), result in zip(batch, results, strict=True):
            if result is not None:
                stats.inc_value(f"pressmon/{page.source_id}/{result}")

    def _store_one(self, page: RawPage, record: ArticleRecord) -> UpsertResult | None:
        try:
            with self.sessions.begin() as session:
                return save_pages(session, [(page, record)])[0]
        except Exception as exc:
            reason = database_failure(exc)
            log.error(
                "storing %s failed%s",
                page.final_url,
                f": {reason}" if reason else "",
                exc_info=reason is None,
            )
            stats = self.crawler.stats
            assert stats is not None
            stats.inc_value(f"pressmon/{page.source_id}/failed")
            said = reason or repr(exc)
            stats.set_value(f"pressmon/{page.source_id}/last_error", f"{page.final_url}: {said}"[:500])
            return None

    def _status(self, counts: dict[str, Any]) -> str:
        reached = counts["feeds_ok"] + counts["sitemaps_ok"] + counts["listings_ok"]
        if not reached:
            return DISALLOWED if counts["robots_skipped"] and not counts["failed"] else "unreachable"
        return "partial" if counts["failed"] else "ok"

    def close_spider(self) -> None:
        self._finish()

    def _finish(self) -> None:
        """Store the waiting pages and finish the run's rows, once (at the close, or at a hard stop)."""
        if self.finished or not self.opened:
            return
        self.finished = True
        if self.timer.running:
            self.timer.stop()
        self.flush()
        if self.pool is not None:  # nothing is queued at a close; at a hard stop, no page is awaited
            self.pool.shutdown(cancel_futures=True)
        stats = self.crawler.stats
        assert stats is not None
        outcomes = {source_id: self._outcome(stats, source_id) for source_id in self._source_ids()}
        with transaction(self.engine) as session:
            crawl_runs.finish_run(session, self.run_id, outcomes, utcnow())

    def _outcome(self, stats: StatsCollector, source_id: str) -> crawl_runs.RunOutcome:
        """What the crawler stats counted for a source, and the status that makes."""
        prefix = f"pressmon/{source_id}/"
        counts = {
            k: int(stats.get_value(prefix + k, 0))
            for k in (*crawl_runs.COUNTERS, "feeds_ok", "sitemaps_ok", "listings_ok")
        }
        status, last_error = self._status(counts), str(stats.get_value(prefix + "last_error", ""))
        if stopped_by := stats.get_value(STOPPED_BY):
            status = crawl_runs.INTERRUPTED
            last_error = f"stopped by {stopped_by} before it finished; the pages it stored are kept"
        elif status == DISALLOWED:
            last_error = DISALLOWED_NOTE
        return crawl_runs.RunOutcome(
            status=status,
            counts=counts,
            last_error=last_error,
            skipped_detail=list(stats.get_value(prefix + "skipped_detail") or []),
        )
