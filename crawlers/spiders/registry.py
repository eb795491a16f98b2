"""The registry spider: feeds, sitemaps and paginated listings of every enabled source.

One generic spider driven by ``data/sources.yaml``; no per-outlet spider files. Feeds are parsed
with feedparser (tolerant of the malformed feeds Vietnamese outlets serve), sitemaps with Scrapy's
sitemap reader, listings by CSS selectors from the registry. Every article page becomes a
:class:`pipeline.records.RawPage` item; the item pipeline extracts and stores it.

Per-source counters go to the crawler stats as ``pressmon/<source>/<counter>``.

Every request is made by :meth:`RegistrySpider._request`, which refuses an address that is not http(s)
or not on the source's domains (:meth:`pipeline.registry.SourceConfig.refusal`; redirects are checked
by :class:`crawlers.middlewares.SourceScopeMiddleware`): a sitemap index naming ``file://...`` or
another host is never read, and the refusal is listed among the run's skips.

Article addresses from sitemaps wait in a backlog and become requests a few at a time (one more
for each article page answered, a batch more whenever the crawl falls idle): a sitemap of 10,000
entries would otherwise sit in Scrapy's scheduler as 10,000 request objects, memory growing with
the size of the sitemap.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawlers.walk import UnreadableSitemap, listing_items, looks_like_html, read_sitemap, skip_reason
from pipeline.records import FeedMeta, RawPage
from pipeline.registry import Listing, SourceConfig, load_registry
from pipeline.text.dates import parse_feed_date, parse_iso, parse_vietnamese_date
from pipeline.text.urls import canonical_url

log = logging.getLogger(__name__)

# Feeds go first so that their metadata is known before the same articles are reached through listings.
FEED_PRIORITY = 10
# Sitemap entries turned into requests at once (and again whenever the crawl falls idle).
BACKLOG_BATCH = 64


class RegistrySpider(scrapy.Spider):
    """Crawl the given sources.

    ``since`` (``--since``) skips feed, sitemap and listing entries older than it for every source;
    ``since_by_source`` (the last successful crawl of each source) bounds only the walk back through
    sitemaps and listings, since feeds are short and re-reading them catches edits. ``known`` (a poll's
    canonical URLs already stored) are not requested again from feeds: a poll looks for what is new.
    """

    name = "registry"

    def __init__(
        self,
        sources: list[SourceConfig] | None = None,
        since: datetime | None = None,
        registry: str = "",
        since_by_source: dict[str, datetime] | None = None,
        known: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.known = known
        if sources is None and registry:  # `scrapy crawl registry -a registry=data/sources.yaml`
            sources = load_registry(Path(registry)).enabled()
        self.sources = {s.id: s for s in sources or []}
        self.since = since
        self.since_by_source = since_by_source or {}
        self.listing_pages_seen: set[str] = set()
        # Article links listings showed in this run: a numbered page that shows none beyond them is
        # past the end (outlets serve the last page, or page 1, for any number beyond it).
        self.listed: set[str] = set()
        # Article requests taken from sitemaps per source: an archive sitemap without dates must
        # not turn a weekly run into a crawl of the whole archive.
        self.sitemap_items: dict[str, int] = {}
        # Feed metadata by canonical URL: an article found by a listing first still gets its feed's fields.
        self.feed_meta: dict[str, FeedMeta] = {}
        # Sitemap entries (address, source id) not yet requested.
        self.backlog: deque[tuple[str, str]] = deque()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> RegistrySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._refill_when_idle, signal=signals.spider_idle)
        return spider

    def _from_backlog(self, count: int) -> Iterator[scrapy.Request]:
        """Up to ``count`` requests for waiting sitemap entries (bad or offsite ones are counted)."""
        while count > 0 and self.backlog:
            url, source_id = self.backlog.popleft()
            if (request := self._article_request(url, source_id, FeedMeta())) is not None:
                count -= 1
                yield request

    def _refill_when_idle(self) -> None:
        engine = self.crawler.engine
        assert engine is not None
        scheduled = 0
        for request in self._from_backlog(BACKLOG_BATCH):
            engine.crawl(request)
            scheduled += 1
        if scheduled:
            raise DontCloseSpider

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources.values():
            try:
                requests = [r for r in self._source_requests(source) if r is not None]
            except Exception as exc:  # Scrapy would stop every later source: this one fails alone
                log.exception("the start requests of %s could not be made", source.id)
                self._fail(source.id, f"source {source.id}", f"its start requests could not be made: {exc!r}")
                continue
            for request in requests:
                yield request

    def _source_requests(self, source: SourceConfig) -> Iterator[scrapy.Request | None]:
        # Feeds and sitemaps are read on every run, even when a listing led to the same address.
        # A registry address refused here (the loader checks them too) is a failure of the source.
        for url in source.feeds:
            yield self._request(
                url, source.id, self.parse_feed, dont_filter=True, priority=FEED_PRIORITY, registry=True
            )
        for url in source.sitemaps:
            yield self._request(url, source.id, self.parse_sitemap, dont_filter=True, registry=True)
        for listing in source.listings:
            yield self._request(
                listing.url, source.id, self.parse_listing, registry=True, listing=listing, page=1
            )

    def _request(
        self,
        url: str,
        source_id: str,
        callback: Callable[..., Any],
        dont_filter: bool = False,
        priority: int = 0,
        registry: bool = False,
        **cb_kwargs: Any,
    ) -> scrapy.Request | None:
        """A request on behalf of ``source_id``: its failures are counted against the source, its
        callback receives ``source_id`` and ``cb_kwargs``. None when the address is out of the
        source's bounds: skipped with the reason (failed, for a ``registry`` address)."""
        reason = self.sources[source_id].refusal(url)
        if reason is not None:
            (self._fail if registry else self._skip)(source_id, url, reason)
            return None
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={"source_id": source_id},
            cb_kwargs={"source_id": source_id, **cb_kwargs},
            dont_filter=dont_filter,
            priority=priority,
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
        # Links to other sites are common on pages and feeds: counted, not listed as skips.
        if self.sources[source_id].refusal(canonical) is not None:
            self._count(source_id, "offsite_links")
            return None
        return self._request(canonical, source_id, self.parse_article, feed=feed)

    def _too_old(self, published: datetime | None, source_id: str = "") -> bool:
        """Older than ``--since``, or (with ``source_id``, when walking back) than the last crawl."""
        limit = self.since or (self.since_by_source.get(source_id) if source_id else None)
        return bool(limit and published and published < limit)

    def _skip(self, source_id: str, url: str, reason: str) -> None:
        """Count a page left out on purpose and keep the first ones with their reason."""
        self._count(source_id, "skipped")
        stats = self.crawler.stats
        assert stats is not None
        detail = stats.get_value(f"pressmon/{source_id}/skipped_detail") or []
        if len(detail) < 50:
            stats.set_value(f"pressmon/{source_id}/skipped_detail", [*detail, f"{url}: {reason}"])
        log.info("skipped %s: %s", url, reason)

    def _fail(self, source_id: str, url: str, message: str) -> None:
        self._count(source_id, "failed")
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(f"pressmon/{source_id}/last_error", f"{url}: {message}"[:500])
        log.warning("%s failed: %s", url, message)

    def parse_feed(self, response: Response, source_id: str) -> Iterator[scrapy.Request]:
        """Article requests for the entries of an RSS/Atom feed (malformed ones included)."""
        parsed = feedparser.parse(response.body, response_headers={"content-location": response.url})
        if not parsed.entries:
            self._fail(source_id, response.url, f"not a feed ({parsed.get('bozo_exception', 'no entries')})")
            return
        if parsed.bozo:
            log.info("malformed feed %s read anyway: %s", response.url, parsed.get("bozo_exception"))
        self._count(source_id, "feeds_ok")
        limit = self.crawler.settings.getint("PRESSMON_MAX_FEED_ITEMS")
        for entry in parsed.entries[:limit]:
            published = entry.get("published") or entry.get("updated") or ""
            if self._too_old(parse_feed_date(published)):
                continue
            feed = FeedMeta(
                title=entry.get("title", "").strip(),
                summary=entry.get("summary", "").strip(),
                published=published,
                author=entry.get("author", ""),
                feed_url=response.url,
            )
            request = self._article_request(entry.get("link", "").strip(), source_id, feed)
            if request is not None and request.url in self.known:
                self._count(source_id, "known")
                continue
            if request is not None:
                self.feed_meta[request.url] = feed
                yield request

    def parse_sitemap(self, response: Response, source_id: str) -> Iterator[scrapy.Request]:
        """Follow a sitemap index, or request the articles of a URL set newer than the last crawl."""
        try:
            kind, entries = read_sitemap(response.body, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        except UnreadableSitemap as exc:  # a gzip bomb: unpacked only up to the page limit
            self._skip(source_id, response.url, str(exc))
            return
        except ValueError:  # some outlets (Tuổi Trẻ) publish their "sitemaps" as RSS
            yield from self.parse_feed(response, source_id)
            return
        self._count(source_id, "sitemaps_ok")
        limit = self.crawler.settings.getint("PRESSMON_MAX_SITEMAP_ITEMS")
        for entry in entries:
            if self._too_old(parse_iso(entry.date_text), source_id):
                continue
            if kind == "urlset" and self.sitemap_items.get(source_id, 0) >= limit:
                self._skip(source_id, response.url, f"more than {limit} sitemap entries; the rest left")
                break
            if kind == "sitemapindex":
                if (child := self._request(entry.loc, source_id, self.parse_sitemap)) is not None:
                    yield child
            else:
                self.sitemap_items[source_id] = self.sitemap_items.get(source_id, 0) + 1
                self.backlog.append((entry.loc, source_id))
        yield from self._from_backlog(BACKLOG_BATCH)

    def parse_listing(
        self, response: Response, source_id: str, listing: Listing, page: int
    ) -> Iterator[scrapy.Request]:
        """Article requests from a section page; then its next page (its "next" link, or the listing's
        page template), until items are old enough or a numbered page lists nothing new."""
        if not isinstance(response, TextResponse):
            self._fail(source_id, response.url, "listing page is not text")
            return
        self._count(source_id, "listings_ok")
        self.listing_pages_seen.add(canonical_url(response.url))
        requests, all_old, fresh = self._listed_articles(response, source_id, listing)
        yield from requests
        if page >= listing.max_pages or all_old:
            return
        if listing.pages:  # numbered pages: on while a page shows links not listed before
            if fresh:
                yield from self._numbered_listing_page(source_id, listing, page + 1)
            return
        next_href = response.css(listing.next).get() if listing.next else None
        if next_href:
            yield from self._next_listing_page(response, next_href, source_id, listing, page)

    def _listed_articles(
        self, response: TextResponse, source_id: str, listing: Listing
    ) -> tuple[list[scrapy.Request], bool, int]:
        """Requests for the page's items newer than the bound, whether all its dated items are older,
        and how many of its links no listing showed before in this run."""
        now, dated, old, fresh, requests = datetime.now(UTC), 0, 0, 0, []
        for item in listing_items(response.selector, listing.articles):
            url = response.urljoin(item.href)
            fresh += url not in self.listed
            self.listed.add(url)
            shown = parse_vietnamese_date(item.date_text, now) if item.date_text else None
            dated += shown is not None
            if self._too_old(shown, source_id):
                old += 1
            elif (request := self._article_request(url, source_id, FeedMeta())) is not None:
                requests.append(request)
        return requests, bool(dated) and old == dated, fresh

    def _numbered_listing_page(self, source_id: str, listing: Listing, page: int) -> Iterator[scrapy.Request]:
        request = self._request(
            listing.page_url(page), source_id, self.parse_listing, listing=listing, page=page
        )
        if request is not None:
            yield request

    def _next_listing_page(
        self, response: TextResponse, next_href: str, source_id: str, listing: Listing, page: int
    ) -> Iterator[scrapy.Request]:
        try:
            next_url = canonical_url(response.urljoin(next_href))
        except ValueError:
            self._skip(source_id, response.url, f"listing 'next' link {next_href!r} is not a page address")
            return
        if next_url in self.listing_pages_seen:
            self._skip(source_id, next_url, f"listing 'next' of {response.url} loops back")
            return
        request = self._request(next_url, source_id, self.parse_listing, listing=listing, page=page + 1)
        if request is not None:
            yield request

    def parse_article(
        self, response: Response, source_id: str, feed: FeedMeta
    ) -> Iterator[RawPage | scrapy.Request]:
        """The fetched page as evidence and input of extraction; then the next waiting sitemap entry."""
        yield from self._page_item(response, source_id, feed)
        yield from self._from_backlog(1)

    def _page_item(self, response: Response, source_id: str, feed: FeedMeta) -> Iterator[RawPage]:
        self._count(source_id, "fetched")
        headers = {
            k.decode("latin-1").lower(): (response.headers.get(k) or b"").decode("latin-1")
            for k in response.headers
        }
        content_type = headers.get("content-type", "text/html").split(";")[0].strip().lower()
        # Counted as fetched even when skipped below: the request reached the outlet.
        if not ("html" in content_type or content_type.startswith("text/")) or not looks_like_html(
            response.body, headers.get("content-type", "")
        ):
            self._skip(source_id, response.url, f"not HTML ({content_type or 'no content type'})")
            return
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
            timezone=self.sources[source_id].assumed_zone(),
        )

    def on_error(self, failure: Failure) -> None:
        """Count a request left out (robots.txt, 4xx, loops, size) or failed, with its URL."""
        request = failure.request  # type: ignore[attr-defined]
        source_id = request.meta.get("source_id", "?")
        message = failure.getErrorMessage() or repr(failure.value)
        if failure.check(IgnoreRequest) and message.startswith("Forbidden by robots.txt"):
            self._count(source_id, "robots_skipped")
            return
        first_url = (request.meta.get("redirect_urls") or [request.url])[0]  # the link as found
        reason = skip_reason(failure)
        if reason is not None:
            self._skip(source_id, first_url, reason)
        else:
            self._fail(source_id, first_url, message)
