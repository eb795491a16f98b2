"""Operating an installation: ``weekly``, ``dashboard``, ``demo``, ``backup``, ``restore``, ``copy-db``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.errors import PressmonError
from pipeline.storage.backup import backup, copy_database, describe, restore
from pipeline.storage.engine import make_engine
from pressmon.cli.exits import crawl_exit
from pressmon.cli.options import context
from pressmon.console import console
from pressmon.jobs.dashboard import dashboard as run_dashboard
from pressmon.jobs.demo import demo as run_demo
from pressmon.jobs.weekly import weekly as run_weekly


def weekly(ctx: typer.Context) -> None:
    """The cron job: crawl every enabled source, process what is new, write a summary."""
    raise typer.Exit(crawl_exit(run_weekly(context(ctx))))


def dashboard(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Start the Streamlit dashboard."""
    raise typer.Exit(run_dashboard(context(ctx), port, address))


def demo(
    ctx: typer.Context,
    # A fixed default port keeps the demo's article URLs, and so their ids, the same from run to run.
    port: Annotated[int, typer.Option(help="Port of the demo site on 127.0.0.1 (0: any free).")] = 8765,
) -> None:
    """Serve the demo site on localhost, crawl it into the demo database, process, summarise."""
    raise typer.Exit(crawl_exit(run_demo(context(ctx), port)))


def backup_cmd(
    ctx: typer.Context, output: Annotated[Path, typer.Option("--output", help="Backup file.")]
) -> None:
    """Write a consistent backup (SQLite online backup API, or pg_dump for PostgreSQL)."""
    size = backup(context(ctx).engine(), output)
    console.print(f"Backup of {describe(context(ctx).database_url)} written to {output} ({size:,} bytes).")


def restore_cmd(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A file written by pressmon backup.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Confirm that the database's content is replaced.")
    ] = False,
) -> None:
    """Replace the database's content with a backup."""
    if not yes:
        raise PressmonError(
            "restore replaces everything in the database; run it again with --yes to confirm."
        )
    restore(context(ctx).engine(must_exist=False), source)
    console.print(f"Restored {source} into {describe(context(ctx).database_url)}.")


def copy_db(
    ctx: typer.Context, to: Annotated[str, typer.Option("--to", help="URL of an empty target database.")]
) -> None:
    """Copy every row into another database, e.g. from SQLite to PostgreSQL."""
    source = context(ctx).engine()
    counts = copy_database(source, make_engine(to), progress=lambda table, n: console.print(f"{table}: {n}"))
    console.print(f"Copied {sum(counts.values())} rows into {describe(to)}.")


def register_jobs(app: typer.Typer) -> None:
    """Add the cron job, the dashboard and the demo to ``app``."""
    app.command()(weekly)
    app.command()(dashboard)
    app.command()(demo)


def register_storage(app: typer.Typer) -> None:
    """Add backup, restore and copy-db to ``app``."""
    app.command("backup")(backup_cmd)
    app.command("restore")(restore_cmd)
    app.command("copy-db")(copy_db)
