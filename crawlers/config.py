"""pressmon's crawl settings (:class:`pipeline.settings.CrawlSettings`, one owner of every default) as
the Scrapy settings that carry them to the spider, middlewares and item pipeline."""

from __future__ import annotations

from typing import Any

from pipeline.settings import CrawlSettings


def scrapy_values(crawl: CrawlSettings) -> dict[str, Any]:
    """The Scrapy settings ``crawl`` stands for (Scrapy's own names, and ``PRESSMON_*`` for ours)."""
    agent = crawl.user_agent + (f" contact: {crawl.contact}" if crawl.contact else "")
    return {
        "USER_AGENT": agent,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "CONCURRENT_REQUESTS": crawl.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_per_domain,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 0.01),
        "AUTOTHROTTLE_MAX_DELAY": crawl.autothrottle_max_delay,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": crawl.autothrottle_target_concurrency,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "RETRY_TIMES": crawl.retries,
        "REDIRECT_MAX_TIMES": crawl.redirect_max_times,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        # Scrapy warns from this size on; half the limit says a page is getting close to it.
        "DOWNLOAD_WARNSIZE": crawl.max_page_bytes // 2,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "PRESSMON_ALLOW_PRIVATE": crawl.allow_private_addresses,
        "PRESSMON_MAX_FEED_ITEMS": crawl.max_feed_items,
        "PRESSMON_MAX_SITEMAP_ITEMS": crawl.max_sitemap_items,
        "PRESSMON_RETRY_BACKOFF": crawl.retry_backoff,
        "PRESSMON_EXTRACT_WORKERS": crawl.extract_workers,
        "PRESSMON_STORE_BATCH": crawl.store_batch,
        "PRESSMON_STORE_BATCH_SECONDS": crawl.store_batch_seconds,
    }
