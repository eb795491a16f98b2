"""Running pressmon: ``weekly`` and ``poll`` (the cron jobs), ``recheck``, ``dashboard``, ``demo``."""

from __future__ import annotations

from typing import Annotated

import typer

from pressmon.cli.exits import crawl_exit
from pressmon.cli.options import context
from pressmon.jobs.dashboard import dashboard as run_dashboard
from pressmon.jobs.demo import demo as run_demo
from pressmon.jobs.poll import poll as run_poll
from pressmon.jobs.recheck import recheck as run_recheck
from pressmon.jobs.weekly import weekly as run_weekly

app = typer.Typer()


@app.command()
def weekly(ctx: typer.Context) -> None:
    """The cron job: crawl every enabled source, process what is new, write a summary."""
    raise typer.Exit(crawl_exit(run_weekly(context(ctx)).all_ok))


@app.command()
def poll(ctx: typer.Context) -> None:
    """The frequent cron job: read the due sources' feeds, process what is new, send alerts."""
    raise typer.Exit(crawl_exit(run_poll(context(ctx)).all_ok))


@app.command()
def recheck(ctx: typer.Context) -> None:
    """Fetch the items of open and responded cases again: record edits and removals, send alerts."""
    summary = run_recheck(context(ctx))
    raise typer.Exit(crawl_exit(not summary.outcomes.get("failed")))


@app.command()
def dashboard(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Start the Streamlit dashboard."""
    raise typer.Exit(run_dashboard(context(ctx), port, address))


@app.command()
def demo(
    ctx: typer.Context,
    # A fixed default port keeps the demo's article URLs, and so their ids, the same from run to run.
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port of the demo site on 127.0.0.1 (0: any free).")
    ] = 8765,
) -> None:
    """Serve the demo site on localhost, crawl it into the demo database, process, summarise."""
    raise typer.Exit(crawl_exit(run_demo(context(ctx), port).all_ok))
