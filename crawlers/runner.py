"""Run the registry spider in this process with pressmon's settings.

The Twisted reactor can start once per process, so a process runs one crawl; the CLI is such a
process. ``on_page`` is called for every stored page (for progress display).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings

from crawlers.config import scrapy_values
from crawlers.spiders.registry import RegistrySpider
from pipeline.records import RawPage
from pipeline.registry import SourceConfig
from pipeline.settings import Settings

log = logging.getLogger(__name__)


def scrapy_settings(settings: Settings, database_url: str, run_id: str) -> ScrapySettings:
    """The project's Scrapy settings with the values pressmon's settings control."""
    result = ScrapySettings()
    result.setmodule("crawlers.settings", priority="project")
    run = {
        "PRESSMON_DATABASE_URL": database_url,
        "PRESSMON_RUN_ID": run_id,
        "PRESSMON_TIMEZONE": settings.timezone,
        "LOG_LEVEL": "WARNING",
        "LOG_INSTALL_ROOT_HANDLER": False,
    }
    result.setdict({**scrapy_values(settings.crawl), **run}, priority="cmdline")
    return result


def run_crawl(
    settings: Settings,
    database_url: str,
    sources: list[SourceConfig],
    since: datetime | None = None,
    on_page: Callable[[str], None] | None = None,
    since_by_source: dict[str, datetime] | None = None,
) -> str:
    """Crawl ``sources`` into the database; returns the run id of the ``crawl_runs`` rows.

    ``since_by_source`` bounds the walk back through listings and sitemaps per source.
    """
    run_id = uuid.uuid4().hex
    options = scrapy_settings(settings, database_url, run_id)
    process = CrawlerProcess(options)
    # Scrapy sets its own loggers to DEBUG whatever LOG_LEVEL says when it installs no root handler
    # (pressmon logs through its own); records of every request and item would still be built.
    logging.getLogger("scrapy").setLevel(options.get("LOG_LEVEL"))
    crawler = process.create_crawler(RegistrySpider)
    if on_page is not None:

        def _scraped(item: object) -> None:
            if isinstance(item, RawPage):
                on_page(item.source_id)

        crawler.signals.connect(_scraped, signal=signals.item_scraped, weak=False)
    process.crawl(crawler, sources=sources, since=since, since_by_source=since_by_source)
    process.start()
    return run_id
