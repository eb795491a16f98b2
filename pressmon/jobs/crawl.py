"""``pressmon crawl``: the registry's sources crawled under the crawl lock, with progress and a table.

Listings and sitemaps are walked back to each source's last good crawl (less a day of overlap), so
that nothing published between two weekly runs is missed; feeds are read whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crawlers.runner import run_crawl
from pipeline.registry import SourceConfig
from pipeline.storage import crawl_runs
from pipeline.storage.engine import transaction
from pipeline.storage.schema import CrawlRun
from pipeline.storage.sources import sync_sources
from pressmon.console import console
from pressmon.context import AppContext
from pressmon.jobs.progress import page_counter
from pressmon.locks import CRAWL_LOCK, held
from pressmon.tables import crawl_table

# Listings and sitemaps are walked back to this long before the last good crawl: date-only listing
# dates and items published while that crawl ran must not fall between two runs.
WALK_BACK_OVERLAP = timedelta(days=1)


@dataclass(frozen=True)
class CrawlResult:
    run_id: str
    rows: list[CrawlRun]

    @property
    def all_ok(self) -> bool:
        """Whether every source's crawl ended ``ok``."""
        return all(r.status == "ok" for r in self.rows)


def walk_back_bounds(session: Session, source_ids: list[str]) -> dict[str, datetime]:
    """Per source, how far back listings and sitemaps are walked: its last good crawl, less the overlap."""
    starts = crawl_runs.last_good_starts(session, source_ids)
    return {source: started - WALK_BACK_OVERLAP for source, started in starts.items()}


def crawl(
    app_ctx: AppContext,
    sources: list[SourceConfig],
    since: datetime | None,
    settings_overrides: dict[str, object] | None = None,
    full: bool = False,
) -> CrawlResult:
    """Crawl ``sources`` with a live progress display, then print the run table and errors.

    Listings and sitemaps are walked back to each source's last good crawl (``full``: to their
    ``max_pages``), or to ``since`` when given.
    """
    with held(app_ctx.settings.var_dir, CRAWL_LOCK, "crawl"):
        return _crawl_locked(app_ctx, sources, since, settings_overrides, full)


def _crawl_locked(
    app_ctx: AppContext,
    sources: list[SourceConfig],
    since: datetime | None,
    settings_overrides: dict[str, object] | None,
    full: bool,
) -> CrawlResult:
    engine = app_ctx.engine()
    with transaction(engine) as session:
        stale = crawl_runs.mark_interrupted(session)
        sync_sources(session, [s.model_dump() for s in sources])
        walk_back = {} if full else walk_back_bounds(session, [s.id for s in sources])
    if stale:
        runs = len({r.run_id for r in stale})
        console.print(f"[yellow]{runs} earlier crawl run(s) stopped before finishing: marked interrupted.[/]")
    settings = app_ctx.settings
    if settings_overrides:
        settings = settings.model_copy(update={"crawl": settings.crawl.model_copy(update=settings_overrides)})
    with page_counter() as progress:
        tasks = {s.id: progress.add_task(f"crawling {s.id}", total=None) for s in sources}
        run_id = run_crawl(
            settings,
            app_ctx.database_url,
            sources,
            since,
            on_page=lambda sid: progress.advance(tasks[sid]) if sid in tasks else None,
            since_by_source=walk_back,
        )
    with transaction(engine) as session:
        rows = crawl_runs.run_rows(session, run_id)
    _print_outcome(rows)
    return CrawlResult(run_id, rows)


def _print_outcome(rows: list[CrawlRun]) -> None:
    """The run table, then what went wrong per source and the pages left out."""
    console.print(crawl_table(rows))
    for r in rows:
        if r.status != "ok":
            console.print(
                f"[yellow]{r.source_id}[/]: {r.status}" + (f" — {r.last_error}" if r.last_error else "")
            )
        if r.status == "unreachable":
            console.print(f"  no feed, sitemap or listing of {r.source_id} answered: check its addresses")
        for line in r.skipped_detail[:20]:
            console.print(f"  skipped {line}", markup=False)
        if len(r.skipped_detail) < r.skipped:
            console.print(f"  … and {r.skipped - len(r.skipped_detail)} more skipped")
