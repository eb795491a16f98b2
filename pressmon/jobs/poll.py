"""``pressmon poll``: the frequent cron job. Read the feeds of every source in force that is due (no
listing or sitemap walk), store and process what is new, send the alerts it raises. Articles already
stored are not fetched again (the weekly crawl re-reads them and catches their edits).

Its crawl takes the crawl lock, so a poll that starts while the weekly crawl (or another poll's
crawl) runs exits at once (75); the next poll catches up. It goes through the same ``crawl`` as the
weekly job, so on several servers sharing a database it leaves out the sources another server's
crawl holds (and exits 75 when that is every due source). A source is due when its last good crawl or
poll started at least its ``poll_minutes`` (registry) or ``[crawl] poll_minutes`` ago. The items of
open and responded cases are rechecked (``pressmon recheck``) at most every ``[crawl] recheck_minutes``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.clock import utcnow
from pipeline.errors import AlreadyRunning
from pipeline.registry import SourceConfig, load_registry
from pipeline.storage import crawl_runs
from pipeline.storage.articles import recent_urls
from pipeline.storage.engine import transaction
from pressmon.console import console
from pressmon.context import AppContext
from pressmon.jobs.alerts import send_alerts
from pressmon.jobs.crawl import CrawlResult, crawl, sources_in_force
from pressmon.jobs.process import process
from pressmon.jobs.recheck import RecheckSummary, recheck
from pressmon.logs import log_to_file

log = logging.getLogger(__name__)

# A poll looks for what is new: articles stored this recently are not fetched again from the feeds
# (a feed holds days, not months, of items); the weekly crawl re-reads them and catches edits.
KNOWN_FOR = timedelta(days=30)


@dataclass(frozen=True)
class PollResult:
    crawl: CrawlResult | None
    polled: list[str]
    not_due: list[str]

    @property
    def all_ok(self) -> bool:
        return self.crawl is None or self.crawl.all_ok


def due_sources(
    sources: list[SourceConfig], last: dict[str, datetime], default_minutes: int, now: datetime
) -> tuple[list[SourceConfig], list[str]]:
    """The sources with feeds whose interval has passed since their last good crawl, as feed-only
    copies; and the ids of those not due yet."""
    due, waiting = [], []
    for source in sources:
        if not source.feeds:
            continue
        minutes = source.poll_minutes if source.poll_minutes is not None else default_minutes
        previous = last.get(source.id)
        if previous is not None and now - previous < timedelta(minutes=minutes):
            waiting.append(source.id)
            continue
        due.append(source.model_copy(update={"sitemaps": [], "listings": []}))
    return due, waiting


def poll(app_ctx: AppContext) -> PollResult:
    """Poll the due sources' feeds, process what is new and send alerts."""
    settings = app_ctx.settings
    log_to_file(settings.var_dir / "logs" / "poll.log")
    registry = load_registry(settings.sources)
    sources = sources_in_force(app_ctx, registry)
    engine = app_ctx.engine()
    now = utcnow()
    with transaction(engine) as session:
        last = crawl_runs.last_good_starts(session, [s.id for s in sources])
    due, waiting = due_sources(sources, last, settings.crawl.poll_minutes, now)
    if waiting:
        console.print(f"Not due yet: {', '.join(waiting)}.", markup=False)
    result = None
    if due:
        with transaction(engine) as session:  # articles a feed still lists are not fetched again
            known = recent_urls(session, [s.id for s in due], now - KNOWN_FOR)
        result = crawl(app_ctx, due, since=None, known=known)
    # The items of followed cases, when due: before processing, which also assesses their edits.
    try:
        rechecked = recheck(app_ctx, due_only=True, in_child=result is not None)
    except AlreadyRunning:  # the weekly crawl started meanwhile: the next poll rechecks
        log.info("recheck skipped: the crawl lock is held")
        rechecked = RecheckSummary(False)
    if (result and any(row.new or row.updated for row in result.rows)) or rechecked.outcomes.get("edited"):
        summary = process(app_ctx, engine)  # sends the alerts it raised
        console.print(f"Processed {summary.processed} new or changed articles, {summary.flagged} flagged.")
    else:
        send_alerts(app_ctx, engine)
    if result is None:
        return PollResult(None, [], waiting)
    log.info("poll %s: %d sources polled, %d not due", result.run_id, len(due), len(waiting))
    return PollResult(result, [s.id for s in due], waiting)
