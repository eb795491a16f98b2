"""``pressmon crawl``: the sources in force crawled into the database."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.registry import load_registry
from pressmon.cli.exits import crawl_exit
from pressmon.cli.options import context, date_option
from pressmon.jobs import crawl as crawl_job

app = typer.Typer()


@app.command()
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
    chosen = crawl_job.sources_in_force(app_ctx, registry, source)
    result = crawl_job.crawl(app_ctx, chosen, date_option(since, "--since"), full=full)
    raise typer.Exit(crawl_exit(result.all_ok))
