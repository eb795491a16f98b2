"""``pressmon crawl``: the registry's sources crawled under the crawl lock, with progress and a table.

Several crawl servers may share one database: a crawl takes only the sources no other server's crawl
holds a live lease on (``pressmon.locks.leased``) and says which it left out; it marks ``interrupted``
only the rows of runs whose lease lapsed (or of its own installation's dead runs).

Listings and sitemaps are walked back to each source's last good crawl (less a day of overlap), so
that nothing published between two weekly runs is missed; feeds are read whole. A crawl stopped by
SIGTERM or Ctrl-C records its rows ``interrupted`` and prints its table before the lock is let go.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from crawlers.runner import CrawlInterrupted, run_crawl
from pipeline.clock import iso_local, utcnow
from pipeline.registry import Registry, SourceConfig
from pipeline.storage import crawl_leases, crawl_runs
from pipeline.storage.crawl_leases import Holder
from pipeline.storage.engine import transaction
from pipeline.storage.schema import CrawlRun
from pipeline.storage.sources import SourceSwitch, choose_sources, sync_sources
from pressmon.console import console
from pressmon.context import AppContext
from pressmon.jobs.progress import page_counter
from pressmon.locks import CRAWL_LOCK, held, leased, new_holder
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


def sources_in_force(
    app_ctx: AppContext, registry: Registry, only: list[str] | None = None
) -> list[SourceConfig]:
    """The registry's sources a crawl takes: those in force (the file's ``enabled`` unless an administrator
    switched the source on or off in the dashboard), or exactly ``only``, crawled even when switched off
    (an operator named them). Either way one line says which switched-off sources are crawled or left out.
    """
    with transaction(app_ctx.engine()) as session:
        selection = choose_sources(session, registry, only)
    for state in selection.named_off:
        note = f"{state.source_id}: {switched_off_note(state)}; crawled because --source names it."
        console.print(note, markup=False)
    if selection.held_off:
        held = ", ".join(f"{s.source_id} ({switched_off_note(s)})" for s in selection.held_off)
        console.print(f"Not crawled: {held}.", markup=False)
    return selection.sources


def switched_off_note(state: SourceSwitch) -> str:
    """Who switched a source off: an administrator (name, time) or the registry file."""
    if state.admin_enabled is False:
        when = iso_local(state.changed_at)[:16].replace("T", " ")
        return f"switched off by administrator {state.changed_by} on {when}"
    return "switched off in the registry file (enabled: false)"


def crawl(
    app_ctx: AppContext,
    sources: list[SourceConfig],
    since: datetime | None,
    settings_overrides: dict[str, object] | None = None,
    full: bool = False,
    known: frozenset[str] = frozenset(),
) -> CrawlResult:
    """Crawl ``sources`` with a live progress display, then print the run table and errors.

    Listings and sitemaps are walked back to each source's last good crawl (``full``: to their
    ``max_pages``), or to ``since`` when given; feed entries in ``known`` are not fetched again.
    """
    settings = app_ctx.settings
    with held(settings.var_dir, CRAWL_LOCK, "crawl"):
        run_id = uuid.uuid4().hex
        holder = new_holder(settings.var_dir, run_id)
        asked = [s.id for s in sources]
        engine = app_ctx.engine()
        with leased(engine, holder, asked, settings.crawl.lease_seconds) as taken:
            for lease in taken.held_by_others:
                since_when = iso_local(lease.acquired_at)[:16].replace("T", " ")
                console.print(
                    f"{lease.source_id}: being crawled by {lease.owner} (pid {lease.pid}) since "
                    f"{since_when}; left out of this crawl.",
                    markup=False,
                )
            chosen = [s for s in sources if s.id in taken.sources]
            return _crawl_leased(app_ctx, engine, holder, chosen, since, settings_overrides, full, known)


def _crawl_leased(
    app_ctx: AppContext,
    engine: Engine,
    holder: Holder,
    sources: list[SourceConfig],
    since: datetime | None,
    settings_overrides: dict[str, object] | None,
    full: bool,
    known: frozenset[str],
) -> CrawlResult:
    with transaction(engine) as session:
        # Rows of crawls alive on other servers (their lease lives) are theirs to finish.
        alive = crawl_leases.live_runs(session, utcnow(), holder.owner)
        stale = crawl_runs.mark_interrupted(session, alive)
        sync_sources(session, [s.model_dump() for s in sources])
        walk_back = {} if full else walk_back_bounds(session, [s.id for s in sources])
    if stale:
        runs = len({r.run_id for r in stale})
        console.print(f"[yellow]{runs} earlier crawl run(s) stopped before finishing: marked interrupted.[/]")
    settings = app_ctx.settings
    if settings_overrides:
        settings = settings.model_copy(update={"crawl": settings.crawl.model_copy(update=settings_overrides)})
    try:
        with page_counter() as progress:
            tasks = {s.id: progress.add_task(f"crawling {s.id}", total=None) for s in sources}
            run_id = run_crawl(
                settings,
                app_ctx.database_url,
                sources,
                since,
                on_page=lambda sid: progress.advance(tasks[sid]) if sid in tasks else None,
                since_by_source=walk_back,
                known=known,
                run_id=holder.run_id,
            )
    except CrawlInterrupted as stop:
        with transaction(engine) as session:
            # Rows the pipeline had no time to finish (a stop before it opened or at a hard stop).
            crawl_runs.mark_interrupted(session, (), run_id=stop.run_id)
            rows = crawl_runs.run_rows(session, stop.run_id)
        _print_outcome(rows)
        console.print(f"[yellow]Crawl stopped by {stop.signal_name}; the pages stored so far are kept.[/]")
        raise
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
        if r.status == "disallowed":
            console.print(
                f"  the robots.txt of {r.source_id} forbids its feeds, sitemaps and listings to crawlers"
            )
        for line in r.skipped_detail[:20]:
            console.print(f"  skipped {line}", markup=False)
        if len(r.skipped_detail) < r.skipped:
            console.print(f"  … and {r.skipped - len(r.skipped_detail)} more skipped")
