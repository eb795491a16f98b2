"""Scrapy settings of the pressmon project: how its components are wired, and the crawl's defaults.

The tunable values (user agent, delays, concurrency, timeouts, retries, sizes, robots.txt, batches)
are not written here: they come from :class:`pipeline.settings.CrawlSettings`, the one owner of every
default, through :func:`crawlers.config.scrapy_values`. ``pressmon crawl`` overrides them with the
installation's settings (``crawlers.runner``); ``scrapy crawl registry`` runs with the defaults.
"""

from crawlers.config import scrapy_values
from pipeline.settings import CrawlSettings

BOT_NAME = "pressmon"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

globals().update(scrapy_values(CrawlSettings()))

RETRY_ENABLED = True
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

# One article page gives one item, extracted at once and stored in batches (crawlers.pipelines):
# Scrapy's default of 100 parallel item workers per response only adds scheduling.
CONCURRENT_ITEMS = 1

COOKIES_ENABLED = False
# The check reads each callback's source with inspect for (nearly) every response, since it caches
# by bound method; our callbacks are generators that return nothing.
WARN_ON_GENERATOR_RETURN_VALUE = False
TELNETCONSOLE_ENABLED = False
# Refuses names that resolve to private, loopback or link-local addresses (crawlers.resolver).
TWISTED_DNS_RESOLVER = "crawlers.resolver.PublicAddressResolver"

# Off: what costs time on every page and does nothing here. The offsite filter reads the spider's
# allowed_domains, which the registry spider leaves unset (it checks each source's own domains);
# depth is unlimited; no HTTP auth is configured; DownloaderStats serialises every request to
# count its bytes. (RefererMiddleware stays: the redirect middlewares warn on every run without it.)
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
    # First: a redirect off the source's domains is dropped before anything (robots.txt included)
    # is asked of the other host.
    "crawlers.middlewares.SourceScopeMiddleware": 40,
    "crawlers.middlewares.PrivateAddressMiddleware": 50,
    # Above RedirectMiddleware (600): responses pass it first on their way back.
    "crawlers.middlewares.RedirectTargetMiddleware": 650,
    # Above RetryMiddleware (550): it sees a 503's Retry-After before the retry request is made.
    "crawlers.middlewares.RetryBackoffMiddleware": 560,
}
# Only http(s): the spider and SourceScopeMiddleware refuse other schemes; without these handlers a
# request that got past them still could not read this machine's files (file:// ignores the host).
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}
ITEM_PIPELINES = {
    "crawlers.pipelines.StorePipeline": 300,
}

# Set by crawlers.runner for each run: where pages are stored, the run's id, the office's time zone.
PRESSMON_DATABASE_URL = ""
PRESSMON_RUN_ID = ""
PRESSMON_TIMEZONE = ""

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
