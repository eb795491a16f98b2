"""Run the registry spider in this process with pressmon's settings.

The Twisted reactor can start once per process, so a process runs one crawl; the CLI is such a
process. ``on_page`` is called for every stored page (for progress display).

SIGTERM or Ctrl-C stops the crawl: the pages already on their way get ``STOP_GRACE_SECONDS`` to
arrive and be stored; then the crawl stops whatever is still pending (a slow or stalled outlet would
otherwise hold it, and the crawl lock, until its timeout), the waiting pages stored and the run's
rows finished ``interrupted`` either way, and :func:`run_crawl` raises :class:`CrawlInterrupted`. A
second signal stops it at once.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from types import FrameType
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings as ScrapySettings
from scrapy.utils.defer import deferred_from_coro

from crawlers.config import scrapy_values
from crawlers.pipelines import CRAWL_STOPPING, STOPPED_BY
from crawlers.recheck import RecheckSpider, RecheckTarget
from crawlers.spiders.registry import RegistrySpider
from pipeline.records import RawPage
from pipeline.registry import SourceConfig
from pipeline.settings import AlertSettings, Settings

log = logging.getLogger(__name__)

# After a stop signal, how long pages on their way may take to arrive and be stored.
STOP_GRACE_SECONDS = 3.0
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class CrawlInterrupted(KeyboardInterrupt):
    """A signal stopped the crawl of run ``run_id``; what it stored is kept, its rows say interrupted."""

    def __init__(self, run_id: str, signal_name: str) -> None:
        super().__init__(f"crawl stopped by {signal_name}")
        self.run_id = run_id
        self.signal_name = signal_name


class _SignalStop:
    """The crawl's SIGTERM/SIGINT handler: a graceful stop, then a hard one after the grace time."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.signal_name = ""

    def __call__(self, signum: int, _frame: FrameType | None) -> None:
        # Nothing else is safe inside a signal handler: the reactor runs the stop in its own turn.
        _reactor().callFromThread(self._stop, signal.Signals(signum).name)

    def _stop(self, name: str) -> None:
        if self.signal_name:  # a second signal: stop now
            self._hard_stop()
            return
        self.signal_name = name
        log.warning("%s received: stopping the crawl (at most %.0f s)", name, STOP_GRACE_SECONDS)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(STOPPED_BY, name)
        deferred_from_coro(self.crawler.stop_async())
        _reactor().callLater(STOP_GRACE_SECONDS, self._hard_stop)

    def _hard_stop(self) -> None:
        """Stop without waiting for the pages on their way (the pipeline first stores what it has)."""
        self.crawler.signals.send_catch_log(CRAWL_STOPPING)
        with contextlib.suppress(RuntimeError):  # already stopped: the graceful stop finished first
            _reactor().stop()


def _reactor() -> Any:
    """The running reactor; imported late, since importing it installs one and Scrapy chooses which."""
    from twisted.internet import reactor

    return reactor


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
    known: frozenset[str] = frozenset(),
    run_id: str | None = None,
) -> str:
    """Crawl ``sources`` into the database; returns the run id of the ``crawl_runs`` rows.

    ``since_by_source`` bounds the walk back through listings and sitemaps per source; feed entries
    whose canonical URL is in ``known`` are not requested (a poll). Raises
    :class:`CrawlInterrupted` when SIGTERM or SIGINT stopped the crawl. ``run_id`` names the run (the
    one its source leases were taken for); a new one when not given.
    """
    run_id = run_id or uuid.uuid4().hex
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
    process.crawl(crawler, sources=sources, since=since, since_by_source=since_by_source, known=known)
    stop = _SignalStop(crawler)
    # Handlers can only be set from the main thread (the CLI's); elsewhere Python's stay.
    in_main = threading.current_thread() is threading.main_thread()
    previous = {s: signal.signal(s, stop) for s in _STOP_SIGNALS} if in_main else {}
    try:
        process.start(install_signal_handlers=False)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if stop.signal_name:
        raise CrawlInterrupted(run_id, stop.signal_name)
    return run_id


def run_recheck(
    settings: Settings,
    database_url: str,
    targets: list[RecheckTarget],
    sources: list[SourceConfig],
    alerts: AlertSettings | None,
) -> None:
    """Fetch the ``targets`` (items of followed cases) again with the crawl's settings and middlewares;
    the results are stored as they come (``crawlers.recheck``). One per process, like a crawl."""
    options = scrapy_settings(settings, database_url, uuid.uuid4().hex)
    process = CrawlerProcess(options)
    logging.getLogger("scrapy").setLevel(options.get("LOG_LEVEL"))
    process.crawl(process.create_crawler(RecheckSpider), targets=targets, sources=sources, alerts=alerts)
    process.start(install_signal_handlers=True)
