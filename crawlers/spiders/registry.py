"""The registry spider: feeds, sitemaps and paginated listings of every enabled source.

One generic spider driven by ``data/sources.yaml``; no per-outlet spider files. Feeds are parsed
with feedparser (tolerant of the malformed feeds Vietnamese outlets serve), sitemaps with Scrapy's
sitemap reader, listings by CSS selectors from the registry. Every article page becomes a
:class:`pipeline.records.RawPage` item; the item pipeline extracts and stores it.

Per-source counters go to the crawler stats as ``pressmon/<source>/<counter>``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from pipeline.dates import parse_iso, parse_rfc822
from pipeline.records import FeedMeta, RawPage
from pipeline.registry import Listing, SourceConfig, load_registry
from pipeline.urls import canonical_url, domain_allowed

log = logging.getLogger(__name__)

# Feeds go first so that their metadata is known before the same articles are reached through listings.
FEED_PRIORITY = 10


class RegistrySpider(scrapy.Spider):
    """Crawl the given sources; ``since`` skips feed and sitemap entries older than it."""

    name = "registry"

    def __init__(
        self,
        sources: list[SourceConfig] | None = None,
        since: datetime | None = None,
        registry: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if sources is None and registry:  # `scrapy crawl registry -a registry=data/sources.yaml`
            sources = load_registry(Path(registry)).enabled()
        self.sources = {s.id: s for s in sources or []}
        self.since = since
        # Feed metadata by canonical URL: an article found by a listing first still gets its feed's fields.
        self.feed_meta: dict[str, FeedMeta] = {}

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources.values():
            for request in self._source_requests(source):
                yield request

    def _source_requests(self, source: SourceConfig) -> Iterator[scrapy.Request]:
        meta = {"source_id": source.id}
        for url in source.feeds:
            yield scrapy.Request(
                url,
                callback=self.parse_feed,
                errback=self.on_error,
                meta=meta,
                cb_kwargs={"source_id": source.id},
                dont_filter=True,
                priority=FEED_PRIORITY,
            )
        for url in source.sitemaps:
            yield scrapy.Request(
                url,
                callback=self.parse_sitemap,
                errback=self.on_error,
                meta=meta,
                cb_kwargs={"source_id": source.id},
                dont_filter=True,
            )
        for listing in source.listings:
            yield scrapy.Request(
                listing.url,
                callback=self.parse_listing,
                errback=self.on_error,
                meta=meta,
                cb_kwargs={"source_id": source.id, "listing": listing, "page": 1},
            )

    def _count(self, source_id: str, counter: str, value: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"pressmon/{source_id}/{counter}", value)

    def _article_request(self, url: str, source_id: str, feed: FeedMeta) -> scrapy.Request | None:
        try:
            canonical = canonical_url(url)
        except ValueError:
            self._count(source_id, "bad_links")
            return None
        if not domain_allowed(canonical, self.sources[source_id].allowed_domains()):
            self._count(source_id, "offsite_links")
            return None
        return scrapy.Request(
            canonical,
            callback=self.parse_article,
            errback=self.on_error,
            meta={"source_id": source_id},
            cb_kwargs={"source_id": source_id, "feed": feed},
        )

    def _too_old(self, published: datetime | None) -> bool:
        return bool(self.since and published and published < self.since)

    def parse_feed(self, response: Response, source_id: str) -> Iterator[scrapy.Request]:
        """Article requests for the entries of an RSS/Atom feed."""
        parsed = feedparser.parse(response.body, response_headers={"content-location": response.url})
        self._count(source_id, "feeds_ok")
        limit = self.crawler.settings.getint("PRESSMON_MAX_FEED_ITEMS", 200)
        for entry in parsed.entries[:limit]:
            published = entry.get("published") or entry.get("updated") or ""
            if self._too_old(parse_rfc822(published) or parse_iso(published)):
                continue
            feed = FeedMeta(
                title=entry.get("title", ""),
                summary=entry.get("summary", ""),
                published=published,
                author=entry.get("author", ""),
                feed_url=response.url,
            )
            request = self._article_request(entry.get("link", "").strip(), source_id, feed)
            if request is not None:
                self.feed_meta[request.url] = feed
                yield request

    def parse_sitemap(self, response: Response, source_id: str) -> Iterator[scrapy.Request]:
        """Follow a sitemap index, or request the articles of a URL set."""
        sitemap = Sitemap(response.body)
        self._count(source_id, "sitemaps_ok")
        for entry in sitemap:
            loc = entry.get("loc", "").strip()
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(
                    loc,
                    callback=self.parse_sitemap,
                    errback=self.on_error,
                    meta={"source_id": source_id},
                    cb_kwargs={"source_id": source_id},
                )
            elif not self._too_old(parse_iso(entry.get("lastmod", ""))):
                request = self._article_request(loc, source_id, FeedMeta(feed_url=response.url))
                if request is not None:
                    yield request

    def parse_listing(
        self, response: Response, source_id: str, listing: Listing, page: int
    ) -> Iterator[scrapy.Request]:
        """Article requests from a section page, then its next page up to ``max_pages``."""
        self._count(source_id, "listings_ok")
        for href in response.css(listing.articles).getall():
            request = self._article_request(
                response.urljoin(href), source_id, FeedMeta(feed_url=response.url)
            )
            if request is not None:
                yield request
        next_href = response.css(listing.next).get() if listing.next else None
        if next_href and page < listing.max_pages:
            yield response.follow(
                next_href,
                callback=self.parse_listing,
                errback=self.on_error,
                meta={"source_id": source_id},
                cb_kwargs={"source_id": source_id, "listing": listing, "page": page + 1},
            )

    def parse_article(self, response: Response, source_id: str, feed: FeedMeta) -> Iterator[RawPage]:
        """The fetched page as evidence and input of extraction."""
        self._count(source_id, "fetched")
        headers = {
            k.decode("latin-1").lower(): (response.headers.get(k) or b"").decode("latin-1")
            for k in response.headers
        }
        first_url = (response.meta.get("redirect_urls") or [response.url])[0]
        feed = self.feed_meta.get(first_url, feed)
        yield RawPage(
            url=first_url,
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=datetime.now(UTC),
            source_id=source_id,
            feed=feed,
        )

    def on_error(self, failure: Failure) -> None:
        """Count a failed request against its source and remember the last error."""
        request = failure.request  # type: ignore[attr-defined]
        source_id = request.meta.get("source_id", "?")
        message = failure.getErrorMessage() or repr(failure.value)
        if failure.check(IgnoreRequest) and "robots.txt" in message:
            self._count(source_id, "robots_skipped")
            return
        self._count(source_id, "failed")
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(f"pressmon/{source_id}/last_error", f"{request.url}: {message}"[:500])
        log.warning("%s failed: %s", request.url, message)
