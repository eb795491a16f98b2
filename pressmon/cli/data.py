"""The database and what goes in and out of it: ``init``, ``import``, ``export``, ``backup``,
``restore``, ``copy-db``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.clock import utcnow
from pipeline.collect.importer import duplicate_ids, import_items, load_items
from pipeline.collect.outlets import OutletMatcher
from pipeline.errors import PressmonError
from pipeline.registry import load_registry
from pipeline.report.export import write_records
from pipeline.storage.backup import backup, copy_database, describe, restore
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.integrity import check_database
from pipeline.storage.migrate import upgrade
from pipeline.storage.sources import switches, sync_sources
from pipeline.storage.views import iter_records
from pressmon.cli.options import ForceOption, context, date_option
from pressmon.console import console, err_console
from pressmon.logs import log_dir

app = typer.Typer()


@app.command()
def init(ctx: typer.Context) -> None:
    """Create or upgrade the database to the current schema, load the source registry, create var/logs."""
    app_ctx = context(ctx)
    # The crontab's ">> var/logs/cron.log" is opened by the shell before pressmon runs: it must exist.
    logs = log_dir(app_ctx.settings.var_dir)
    logs.mkdir(parents=True, exist_ok=True)
    engine = app_ctx.engine(must_exist=False)
    check_database(engine)
    before, after = upgrade(engine)
    registry = load_registry(app_ctx.settings.sources)
    with transaction(engine) as session:
        count = sync_sources(session, [s.model_dump() for s in registry.sources])
        states = switches(session)
    change = (
        "created" if before is None else ("already current" if before == after else f"upgraded from {before}")
    )
    console.print(
        f"Database {app_ctx.database_url}: schema {after} ({change}); {count} sources in the registry; "
        f"logs in {logs}."
    )
    off = [s.id for s in registry.sources if states[s.id].switched_off_by_admin]
    if off:
        console.print(
            f"{len(off)} source(s) switched off by an administrator in the dashboard, whatever the registry "
            f"says (reset on the Nguồn tin page): {', '.join(off)}."
        )


@app.command("import")
def import_(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="JSONL or CSV of items.")]) -> None:
    """Load items from a JSONL or CSV file as if crawled (all or nothing), each under its registry outlet."""
    app_ctx = context(ctx)
    items = load_items(file)
    for aid, lines in duplicate_ids(items).items():
        err_console.print(
            f"Warning: {file}: lines {', '.join(map(str, lines))} have the same id {aid}, so they are "
            f"stored as one article (each later line updates it, as a re-crawl would).",
            highlight=False,
            soft_wrap=True,
        )
    outlets = OutletMatcher.from_registry(load_registry(app_ctx.settings.sources).sources)
    engine = app_ctx.engine()
    check_database(engine)
    with transaction(engine) as session:
        summary = import_items(session, items, utcnow(), outlets)
    counts = summary.counts
    console.print(
        f"{file}: {len(items)} items — {counts['new']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged."
    )
    if summary.unmatched:
        names = ", ".join(f"{name} ({n})" for name, n in summary.unmatched.most_common())
        console.print(
            f"{len(summary.unmatched)} outlet name(s) matched no registry id, name or domain and were "
            f"stored as given: {names}."
        )


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", help="File to write.")],
    since: Annotated[str | None, typer.Option(help="Published on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Published before this date.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
    force: ForceOption = False,
) -> None:
    """Write articles with their assessment and review status."""
    if fmt not in ("jsonl", "csv"):
        raise PressmonError(f"Unknown format {fmt!r}; use jsonl or csv.")
    engine = context(ctx).engine()
    with transaction(engine) as session:
        records = iter_records(session, date_option(since, "--since"), date_option(until, "--until"))
        count = write_records(records, output, fmt, replace=force)
    console.print(f"Exported {count} articles to {output}.")


@app.command("backup")
def backup_cmd(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", help="Backup file.")],
    force: ForceOption = False,
) -> None:
    """Write a consistent backup (SQLite online backup API, or pg_dump for PostgreSQL)."""
    size = backup(context(ctx).engine(), output, replace=force)
    console.print(f"Backup of {describe(context(ctx).database_url)} written to {output} ({size:,} bytes).")


@app.command("restore")
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
    kept = restore(context(ctx).engine(must_exist=False), source)
    console.print(f"Restored {source} into {describe(context(ctx).database_url)}.")
    if kept is not None:
        console.print(f"The database it replaced is kept as {kept}.")


@app.command("copy-db")
def copy_db(
    ctx: typer.Context, to: Annotated[str, typer.Option("--to", help="URL of an empty target database.")]
) -> None:
    """Copy every row into another database, e.g. from SQLite to PostgreSQL."""
    source = context(ctx).engine()
    counts = copy_database(source, make_engine(to), progress=lambda table, n: console.print(f"{table}: {n}"))
    console.print(f"Copied {sum(counts.values())} rows into {describe(to)}.")
