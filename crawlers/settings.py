"""Scrapy settings of the pressmon project.

These are the polite defaults; ``crawlers.runner`` overrides the ones pressmon's own settings
control (user agent and contact, delays, concurrency, timeouts, retries, page size, robots.txt)
and passes the database URL as ``PRESSMON_DATABASE_URL``.
"""

BOT_NAME = "pressmon"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

USER_AGENT = "pressmon/0.1 (media monitoring for the Hai Phong information office)"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5_000_000
DOWNLOAD_WARNSIZE = 2_000_000
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

# One article page gives one item, extracted at once and stored in batches (crawlers.pipelines):
# Scrapy's default of 100 parallel item workers per response only adds scheduling.
CONCURRENT_ITEMS = 1

COOKIES_ENABLED = False
# The check reads each callback's source with inspect for (nearly) every response, since it caches
# by bound method; our callbacks are generators that return nothing.
WARN_ON_GENERATOR_RETURN_VALUE = False
TELNETCONSOLE_ENABLED = False
REDIRECT_MAX_TIMES = 5
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
    "crawlers.middlewares.PrivateAddressMiddleware": 50,
    # Above RedirectMiddleware (600): responses pass it first on their way back.
    "crawlers.middlewares.RedirectLoopMiddleware": 650,
    # Above RetryMiddleware (550): it sees a 503's Retry-After before the retry request is made.
    "crawlers.middlewares.RetryBackoffMiddleware": 560,
}
ITEM_PIPELINES = {
    "crawlers.pipelines.StorePipeline": 300,
}

# Set by crawlers.runner from pressmon's settings; read by StorePipeline and the middleware.
PRESSMON_DATABASE_URL = ""
PRESSMON_ALLOW_PRIVATE = False
PRESSMON_MAX_FEED_ITEMS = 200
# Per source and run: sitemap entries (newer than the last crawl, or undated) turned into requests.
PRESSMON_MAX_SITEMAP_ITEMS = 1000
PRESSMON_RUN_ID = ""
# Seconds before the first retry of a 5xx or timeout; doubles with each further retry.
PRESSMON_RETRY_BACKOFF = 1.0
# Worker processes for extraction (0: in this process). bench/crawl.py measures both.
PRESSMON_EXTRACT_WORKERS = 0
# Extracted pages stored per transaction, and the longest a page waits for its batch (seconds).
PRESSMON_STORE_BATCH = 50
PRESSMON_STORE_BATCH_SECONDS = 1.0

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
