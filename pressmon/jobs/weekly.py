"""``pressmon weekly``: the cron job. Crawl every source in force, process what is new, summarise."""

from __future__ import annotations

import logging

from pipeline.registry import load_registry
from pipeline.storage.engine import transaction
from pipeline.storage.views import counts_by_source
from pressmon.console import console
from pressmon.context import AppContext
from pressmon.jobs.crawl import CrawlResult, crawl, sources_in_force
from pressmon.jobs.process import process
from pressmon.locks import WEEKLY_LOCK, held
from pressmon.logs import log_dir, log_to_file
from pressmon.tables import summary_table

log = logging.getLogger(__name__)


def weekly(app_ctx: AppContext) -> CrawlResult:
    """Crawl, process and summarise under the weekly lock, logging to ``<var_dir>/logs/weekly.log``."""
    with held(app_ctx.settings.var_dir, WEEKLY_LOCK, "weekly run"):
        log_to_file(log_dir(app_ctx.settings.var_dir) / "weekly.log")
        registry = load_registry(app_ctx.settings.sources)
        result = crawl(app_ctx, sources_in_force(app_ctx, registry), since=None)
        engine = app_ctx.engine()
        summary = process(app_ctx, engine)
        log.info("weekly run %s: %d processed, %d flagged", result.run_id, summary.processed, summary.flagged)
        console.print(
            f"Processed {summary.processed} articles: {summary.relevant} about Hải Phòng/An Lão, "
            f"{summary.flagged} flagged."
        )
        with transaction(engine) as session:
            console.print(summary_table(counts_by_source(session)))
        return result
