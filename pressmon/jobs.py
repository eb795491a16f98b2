"""Multi-step jobs behind the command line: crawl, process, weekly, demo, dashboard.

Each shows progress with rich and ends with a summary table; exit codes: 0 all well,
3 some sources failed while the rest landed, 75 another weekly run holds the lock.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from logging.handlers import RotatingFileHandler
from pathlib import Path

from filelock import FileLock, Timeout
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from crawlers.runner import run_crawl
from pipeline.crawl_runs import mark_interrupted
from pipeline.db import CrawlRun, transaction
from pipeline.migrate import upgrade
from pipeline.process import Analyzer, ProcessSummary, process_articles
from pipeline.queries import counts_by_source, last_crawl_runs
from pipeline.records import Assessment
from pipeline.registry import SourceConfig, load_registry
from pipeline.store import sync_sources
from pipeline.tagging import ItemText
from pressmon.app import AppContext, console
from pressmon.demo_site import DEMO_REGISTRY, serve_demo_site
from pressmon.errors import LockedError
from pressmon.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_SOURCES_FAILED = 3


@dataclass(frozen=True)
class CrawlResult:
    run_id: str
    rows: list[CrawlRun]

    @property
    def exit_code(self) -> int:
        return EXIT_OK if all(r.status == "ok" for r in self.rows) else EXIT_SOURCES_FAILED


# Listings and sitemaps are walked back to this long before the last good crawl: date-only listing
# dates and items published while that crawl ran must not fall between two runs.
WALK_BACK_OVERLAP = timedelta(days=1)


def crawl_table(rows: list[CrawlRun]) -> Table:
    """Per-source figures of one crawl run, with its duration and last error."""
    table = Table(title="Crawl run")
    headers = ("source", "status", "pages", "new", "upd", "same", "fail", "skip", "robots", "s", "last error")
    for header in headers:
        table.add_column(header, justify="left" if header in ("source", "status", "last error") else "right")
    for r in rows:
        seconds = (r.finished_at - r.started_at).total_seconds() if r.finished_at else 0.0
        style = {"ok": "green", "partial": "yellow"}.get(r.status, "red")
        counts = (r.fetched, r.new, r.updated, r.unchanged, r.failed, r.skipped, r.robots_skipped)
        table.add_row(
            r.source_id,
            f"[{style}]{r.status}[/]",
            *(str(v) for v in counts),
            f"{seconds:.1f}",
            (r.last_error[:80] + "…") if len(r.last_error) > 80 else r.last_error,
        )
    return table


def last_good_crawls(session: Session, source_ids: list[str]) -> dict[str, datetime]:
    """Per source, when its last crawl with status ``ok`` started, less the overlap."""
    rows = session.execute(
        select(CrawlRun.source_id, func.max(CrawlRun.started_at))
        .where(CrawlRun.status == "ok", CrawlRun.source_id.in_(source_ids))
        .group_by(CrawlRun.source_id)
    )
    found: dict[str, datetime] = {}
    for source_id, started in rows:
        if started is not None:  # max() over the UTCDateTime column comes back as text on SQLite
            when = started if isinstance(started, datetime) else datetime.fromisoformat(str(started))
            found[source_id] = (when if when.tzinfo else when.replace(tzinfo=UTC)) - WALK_BACK_OVERLAP
    return found


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
    with _held(app_ctx, "crawl.lock", "crawl"):
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
        stale = mark_interrupted(session)
        sync_sources(session, [s.model_dump() for s in sources])
        walk_back = {} if full else last_good_crawls(session, [s.id for s in sources])
    if stale:
        runs = len({r.run_id for r in stale})
        console.print(f"[yellow]{runs} earlier crawl run(s) stopped before finishing: marked interrupted.[/]")
    settings = app_ctx.settings
    if settings_overrides:
        settings = settings.model_copy(update={"crawl": settings.crawl.model_copy(update=settings_overrides)})
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} pages"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
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
        rows = last_crawl_runs(session, run_id)
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
    return CrawlResult(run_id, rows)


def process(
    app_ctx: AppContext, engine: Engine, everything: bool = False, workers: int = 1, model: Path | None = None
) -> ProcessSummary:
    """Process pending articles with a progress bar (the NLP in ``workers`` processes)."""
    analyzer = Analyzer.from_settings(app_ctx.settings, model)
    with _bar("processing") as progress:
        task = progress.add_task("process", total=None)
        return process_articles(
            engine,
            analyzer,
            everything,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
            workers=workers,
        )


TAG_CHUNK = 200


def _bar(label: str) -> Progress:
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, console=console, transient=True)


def tag(app_ctx: AppContext, items: list[ItemText], model: Path | None = None) -> list[Assessment]:
    """Assess ``items`` without the database, with a progress bar over chunks of 200."""
    analyzer = Analyzer.from_settings(app_ctx.settings, model)
    results: list[Assessment] = []
    with _bar("tagging") as progress:
        task = progress.add_task("tag", total=len(items))
        for start in range(0, len(items), TAG_CHUNK):
            results.extend(analyzer.assess_many(items[start : start + TAG_CHUNK]))
            progress.update(task, completed=len(results))
    return results


def summary_table(engine: Engine) -> Table:
    """Articles, relevant and flagged items per source."""
    table = Table(title="Articles in the database")
    for header in ("source", "articles", "about HP/An Lão", "flagged"):
        table.add_column(header, justify="left" if header == "source" else "right")
    with transaction(engine) as session:
        rows = counts_by_source(session)
    for row in rows:
        table.add_row(row["source"], str(row["articles"]), str(row["relevant"]), str(row["flagged"]))
    table.add_row(
        "[bold]total", *(f"[bold]{sum(r[k] for r in rows)}" for k in ("articles", "relevant", "flagged"))
    )
    return table


def _log_to_file(app_ctx: AppContext) -> None:
    folder = app_ctx.settings.var_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(folder / "weekly.log", maxBytes=5_000_000, backupCount=10, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level, logging.INFO))


def weekly(app_ctx: AppContext) -> int:
    """Crawl, process and summarise under a lock; the exit code says what failed."""
    with _held(app_ctx, "weekly.lock", "weekly run"):
        _log_to_file(app_ctx)
        registry = load_registry(app_ctx.settings.sources)
        result = crawl(app_ctx, registry.enabled(), since=None)
        engine = app_ctx.engine()
        summary = process(app_ctx, engine)
        log.info("weekly run %s: %d processed, %d flagged", result.run_id, summary.processed, summary.flagged)
        console.print(
            f"Processed {summary.processed} articles: {summary.relevant} about Hải Phòng/An Lão, "
            f"{summary.flagged} flagged."
        )
        console.print(summary_table(engine))
        return result.exit_code


@contextmanager
def _held(app_ctx: AppContext, name: str, what: str) -> Iterator[None]:
    """Hold the lock file ``name`` in the var folder, or refuse with exit 75 when another
    pressmon process holds it (the same process may take it again: weekly calls crawl)."""
    app_ctx.settings.var_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(app_ctx.settings.var_dir / name))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        message = f"Another pressmon {what} holds {lock.lock_file}; not starting a second one."
        raise LockedError(message) from exc
    try:
        yield
    finally:
        lock.release()


def demo(app_ctx: AppContext, port: int) -> int:
    """Serve the demo site, crawl it into the demo database, process and print the summary."""
    if "database_url" not in app_ctx.overrides and not os.environ.get("PRESSMON_DATABASE_URL"):
        app_ctx.overrides["database_url"] = f"sqlite:///{app_ctx.settings.var_dir / 'demo.db'}"
        app_ctx._settings = None
    engine = app_ctx.engine(must_exist=False)
    upgrade(engine)
    with serve_demo_site(port) as base_url:
        console.print(f"Demo site serving at {base_url}")
        registry = load_registry(DEMO_REGISTRY, base_url=base_url)
        result = crawl(
            app_ctx,
            registry.enabled(),
            since=None,
            settings_overrides={"allow_private_addresses": True, "download_delay": 0.0},
        )
    summary = process(app_ctx, engine)
    console.print(f"Processed {summary.processed} new articles in {summary.seconds:.1f} s.")
    console.print(summary_table(engine))
    console.print(
        f"Open the dashboard on this database with:\n  {self_command()} --db {app_ctx.database_url} dashboard"
    )
    return result.exit_code


def self_command() -> str:
    """How this pressmon was started, so printed commands work without an activated venv."""
    script = Path(sys.argv[0])
    return str(script) if script.name == "pressmon" else f"{sys.executable} -m pressmon"


def dashboard(app_ctx: AppContext, port: int, address: str) -> int:
    """Run ``streamlit run dashboard/streamlit_app.py`` on the configured database."""
    app_ctx.engine()  # fail early, with a clear message, when the database is missing
    env = {**os.environ, "PRESSMON_DATABASE_URL": app_ctx.database_url}
    script = PROJECT_ROOT / "dashboard" / "streamlit_app.py"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # No "Deploy" button or developer menu (English, and of no use to an analyst).
        "--client.toolbarMode",
        "minimal",
    ]
    console.print(f"Dashboard on http://{address}:{port} (Ctrl+C to stop)")
    return subprocess.call(command, env=env)
