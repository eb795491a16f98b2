"""Collecting: ``init``, ``crawl``, ``import``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.clock import utcnow
from pipeline.collect.importer import import_items, load_items
from pipeline.registry import load_registry
from pipeline.storage.engine import transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.sources import sync_sources
from pressmon.cli.exits import crawl_exit
from pressmon.cli.options import context, date_option
from pressmon.console import console
from pressmon.jobs import crawl as crawl_job


def init(ctx: typer.Context) -> None:
    """Create or upgrade the database to the current schema and load the source registry."""
    app_ctx = context(ctx)
    engine = app_ctx.engine(must_exist=False)
    before, after = upgrade(engine)
    registry = load_registry(app_ctx.settings.sources)
    with transaction(engine) as session:
        count = sync_sources(session, [s.model_dump() for s in registry.sources])
    change = (
        "created" if before is None else ("already current" if before == after else f"upgraded from {before}")
    )
    console.print(
        f"Database {app_ctx.database_url}: schema {after} ({change}); {count} sources in the registry."
    )


def crawl(
    ctx: typer.Context,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source id (repeatable).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Skip feed, sitemap and listing entries published before this date (YYYY-MM-DD)."),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Walk listings to their max_pages, not just back to the last good crawl."
        ),
    ] = False,
) -> None:
    """Crawl the enabled sources of the registry into the database.

    Feeds are read whole; listings and sitemaps are walked back to each source's last good crawl
    (or to --since), so that nothing published between two weekly runs is missed.
    """
    app_ctx = context(ctx)
    registry = load_registry(app_ctx.settings.sources)
    result = crawl_job.crawl(app_ctx, registry.enabled(source), date_option(since, "--since"), full=full)
    raise typer.Exit(crawl_exit(result))


def import_(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="JSONL or CSV of items.")]) -> None:
    """Load items from a JSONL or CSV file as if crawled (all or nothing)."""
    items = load_items(file)
    with transaction(context(ctx).engine()) as session:
        counts = import_items(session, items, utcnow())
    console.print(
        f"{file}: {len(items)} items — {counts['new']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged."
    )


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command()(init)
    app.command()(crawl)
    app.command("import")(import_)
