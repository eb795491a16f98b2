"""Rechecks of the items of followed cases: each item's page fetched again, politely, through the same
Scrapy settings and downloader middlewares as a crawl (robots.txt, delays, the source's domains, the
private-address rule), and what became of it recorded.

A 404 or 410, or a redirect to the outlet's home page (path "/" or the source's ``homepage``), is a
removal: the article row stays as the evidence it is. A page that answers is extracted and stored by
the normal article upsert, so changed text keeps the previous one as a revision ("edited"); the same
text is "unchanged". Anything else (timeouts, 5xx after retries, robots.txt, a redirect off the
source's domains) is "failed" and tried again next time, never taken for a removal.

:class:`RecheckStore` writes, per item and in one transaction, the upserted article, a ``case_checks``
row per case holding the item and the alerts an edit or a removal raises (the outbox), so a crash
keeps all of it or none.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker
from twisted.python.failure import Failure

from pipeline.collect.extract import extract_article
from pipeline.records import FeedMeta, RawPage
from pipeline.registry import SourceConfig
from pipeline.settings import AlertSettings
from pipeline.storage import alerts as alert_store
from pipeline.storage import cases as case_store
from pipeline.storage.articles import save_pages
from pipeline.storage.engine import make_engine
from pipeline.storage.schema import Article
from pipeline.text.urls import canonical_url

log = logging.getLogger(__name__)

REMOVED_STATUSES = (404, 410)
HOME_REDIRECT = "chuyển về trang chủ"


@dataclass(frozen=True)
class RecheckTarget:
    """An item to fetch again: its article, address, source, the cases holding it and its feed facts."""

    article_id: str
    url: str
    source_id: str
    case_ids: tuple[int, ...]
    feed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RecheckResult:
    """What a fetch found: a page to compare (``page``), or a removal or failure (``outcome``)."""

    target: RecheckTarget
    http_status: int | None
    outcome: str = ""  # 'removed' | 'failed' ('' when ``page`` is given)
    detail: str = ""
    page: RawPage | None = None


def _is_home(url: str, source: SourceConfig) -> bool:
    if urlsplit(url).path in ("", "/"):
        return True
    try:
        return bool(source.homepage) and canonical_url(url) == canonical_url(source.homepage)
    except ValueError:
        return False


class RecheckSpider(scrapy.Spider):
    """Fetch each target once; hand what it found to :class:`RecheckStore`."""

    name = "recheck"
    custom_settings = {"ITEM_PIPELINES": {"crawlers.recheck.RecheckStore": 300}}  # noqa: RUF012

    def __init__(
        self,
        targets: list[RecheckTarget] | None = None,
        sources: list[SourceConfig] | None = None,
        alerts: AlertSettings | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.targets = targets or []
        # The downloader middlewares read ``sources`` to keep requests and redirects on their domains.
        self.sources = {s.id: s for s in sources or []}
        self.alerts = alerts
        self.results: dict[str, int] = {}

    async def start(self) -> AsyncIterator[Any]:
        for target in self.targets:
            source = self.sources.get(target.source_id)
            reason = "nguồn không còn trong danh mục" if source is None else source.refusal(target.url)
            if reason is not None:
                yield RecheckResult(target, None, "failed", reason[:300])
                continue
            yield scrapy.Request(
                target.url,
                callback=self.parse_item,
                errback=self.on_error,
                meta={"source_id": target.source_id, "handle_httpstatus_list": list(REMOVED_STATUSES)},
                cb_kwargs={"target": target},
                dont_filter=True,
            )

    def parse_item(self, response: Response, target: RecheckTarget) -> Iterator[RecheckResult]:
        """A removal (404/410, or redirected to the home page), or the page to compare."""
        if response.status in REMOVED_STATUSES:
            yield RecheckResult(target, response.status, "removed", str(response.status))
            return
        if response.meta.get("redirect_urls") and _is_home(response.url, self.sources[target.source_id]):
            yield RecheckResult(target, response.status, "removed", HOME_REDIRECT)
            return
        headers = {
            k.decode("latin-1").lower(): (response.headers.get(k) or b"").decode("latin-1")
            for k in response.headers
        }
        page = RawPage(
            url=target.url,
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=datetime.now(UTC),
            source_id=target.source_id,
            # What the feed said when the item was first stored: extraction then sees the same inputs,
            # so only a change of the page itself reads as an edit.
            feed=FeedMeta(**{k: v for k, v in target.feed.items() if k in FeedMeta.__dataclass_fields__}),
            timezone=self.sources[target.source_id].assumed_zone(),
        )
        yield RecheckResult(target, response.status, page=page)

    def on_error(self, failure: Failure) -> Iterator[RecheckResult]:
        """A fetch that failed (network, 5xx, robots.txt, refused redirect): tried again next time."""
        request = failure.request  # type: ignore[attr-defined]
        target: RecheckTarget = request.cb_kwargs["target"]
        status = getattr(getattr(failure.value, "response", None), "status", None)
        message = failure.getErrorMessage() or repr(failure.value)
        if failure.check(IgnoreRequest) and message.startswith("Forbidden by robots.txt"):
            message = "robots.txt không cho phép"
        yield RecheckResult(target, status, "failed", message[:300])


class RecheckStore:
    """Store each result: the page through the article upsert, a check per case, alerts for changes."""

    def __init__(self, crawler: Crawler, database_url: str) -> None:
        self.crawler = crawler
        self.engine = make_engine(database_url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecheckStore:
        url = crawler.settings.get("PRESSMON_DATABASE_URL")
        if not url:
            raise NotConfigured("PRESSMON_DATABASE_URL is not set")
        return cls(crawler, url)

    def close_spider(self) -> None:
        self.engine.dispose()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, RecheckResult):
            return item
        spider = self.crawler.spider
        assert isinstance(spider, RecheckSpider)
        target, outcome, detail = item.target, item.outcome, item.detail
        now = datetime.now(UTC)
        with self.sessions.begin() as session:
            if item.page is not None:
                record = extract_article(item.page)
                if record is None:
                    outcome, detail = "failed", "trang không còn nội dung bài viết"
                else:
                    # The page may now name another canonical address: it is still this item.
                    record = replace(record, id=target.article_id)
                    before = session.scalar(select(Article.text_hash).where(Article.id == record.id))
                    save_pages(session, [(item.page, record)])
                    after = session.scalar(select(Article.text_hash).where(Article.id == record.id))
                    # A new date alone is stored too, but only changed text is an edit of the claim.
                    outcome = "edited" if after != before else "unchanged"
            checks = [
                {"case_id": case_id, "article_id": target.article_id, "checked_at": now}
                | {"outcome": outcome, "http_status": item.http_status, "detail": detail}
                for case_id in target.case_ids
            ]
            revision = case_store.record_checks(session, checks).get(target.article_id)
            if outcome in ("edited", "removed") and spider.alerts is not None:
                changes = [
                    alert_store.CaseChange(c, target.article_id, outcome, revision, detail)
                    for c in target.case_ids
                ]
                alert_store.queue_case_alerts(session, changes, now, spider.alerts)
        spider.results[outcome] = spider.results.get(outcome, 0) + 1
        log.info("recheck %s: %s %s", target.url, outcome, detail)
        return item
