"""The ``pressmon`` command line (contract in DESIGN.md): thin adapters over ``pipeline`` and ``crawlers``.

Expected problems end with one sentence on stderr and a non-zero exit (2 for bad input, 3 when some
sources failed, 75 when another run holds the lock); never a traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from pipeline.db import transaction, utcnow
from pipeline.exporter import write_records
from pipeline.importer import load_items, to_record
from pipeline.migrate import upgrade
from pipeline.process import Analyzer
from pipeline.queries import iter_records
from pipeline.registry import load_registry
from pipeline.report import parse_quarter, quarter_figures, render_markdown
from pipeline.store import sync_sources, upsert_article
from pipeline.tagging import ItemText
from pipeline.users import ROLES, add_user, list_users
from pressmon import jobs
from pressmon.app import AppContext, configure_logging, console, err_console
from pressmon.errors import UserError

app = typer.Typer(
    help="pressmon: media monitoring for the Hải Phòng / An Lão information office.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
users_app = typer.Typer(help="Manage dashboard accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")


def _ctx(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    return obj


def _date_option(value: str | None, name: str) -> datetime | None:
    from pipeline.dates import parse_iso

    if not value:
        return None
    parsed = parse_iso(value)
    if parsed is None:
        raise UserError(f"{name} must be a date like 2026-07-01, got {value!r}.")
    return parsed


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (env PRESSMON_DATABASE_URL).")] = None,
    sources: Annotated[
        Path | None, typer.Option("--sources", help="Source registry (env PRESSMON_SOURCES).")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Settings file (env PRESSMON_CONFIG).")
    ] = None,
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True, help="More log output.")] = 0,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only errors.")] = False,
) -> None:
    """Global options."""
    configure_logging(-1 if quiet else verbose)
    overrides: dict[str, Any] = {"database_url": db, "sources": sources}
    ctx.obj = AppContext({k: v for k, v in overrides.items() if v is not None}, config)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create or upgrade the database to the current schema and load the source registry."""
    app_ctx = _ctx(ctx)
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


@app.command()
def crawl(
    ctx: typer.Context,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source id (repeatable).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Skip feed entries published before this date.")] = None,
) -> None:
    """Crawl the enabled sources of the registry into the database."""
    app_ctx = _ctx(ctx)
    registry = load_registry(app_ctx.settings.sources)
    result = jobs.crawl(app_ctx, registry.enabled(source), _date_option(since, "--since"))
    raise typer.Exit(result.exit_code)


@app.command("import")
def import_(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="JSONL or CSV of items.")]) -> None:
    """Load items from a JSONL or CSV file as if crawled (all or nothing)."""
    items = load_items(file)
    engine = _ctx(ctx).engine()
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    now = utcnow()
    with transaction(engine) as session:
        for loaded in items:
            counts[upsert_article(session, to_record(loaded, now))] += 1
    console.print(
        f"{file}: {len(items)} items — {counts['new']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged."
    )


@app.command()
def process(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Process every article again.")] = False,
) -> None:
    """Run relevance, stories, topics, tone and flagging on new or changed articles."""
    app_ctx = _ctx(ctx)
    summary = jobs.process(app_ctx, app_ctx.engine(), everything=all_)
    console.print(
        f"Processed {summary.processed} articles in {summary.seconds:.1f} s: {summary.relevant} about "
        f"Hải Phòng/An Lão, {summary.flagged} flagged, {summary.stories} multi-item stories."
    )


@app.command()
def tag(
    ctx: typer.Context,
    input_: Annotated[Path, typer.Option("--input", help="JSONL of items.")],
    output: Annotated[Path, typer.Option("--output", help="JSONL of labels, one per input line.")],
) -> None:
    """Label items without touching the database."""
    analyzer = Analyzer.from_settings(_ctx(ctx).settings)
    items = load_items(input_)
    records = []
    for loaded in items:
        item = loaded.item
        result = analyzer.assess(ItemText(item.title, item.summary, item.body, loaded.published))
        records.append({"id": item.id or to_record(loaded, utcnow()).id, **result.label_dict()})
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    console.print(f"Tagged {len(records)} items into {output}.")


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", help="File to write.")],
    since: Annotated[str | None, typer.Option(help="Published on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Published before this date.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
) -> None:
    """Write articles with their assessment and review status."""
    if fmt not in ("jsonl", "csv"):
        raise UserError(f"Unknown format {fmt!r}; use jsonl or csv.")
    engine = _ctx(ctx).engine()
    with transaction(engine) as session:
        records = iter_records(session, _date_option(since, "--since"), _date_option(until, "--until"))
        count = write_records(records, output, fmt)
    console.print(f"Exported {count} articles to {output}.")


@app.command()
def report(
    ctx: typer.Context,
    quarter: Annotated[str, typer.Option(help="Quarter as YYYYQn, e.g. 2026Q3.")],
    fmt: Annotated[str, typer.Option("--format", help="md or csv.")] = "md",
    output: Annotated[Path | None, typer.Option(help="File to write (default: var/reports/).")] = None,
) -> None:
    """The quarterly press summary."""
    if fmt not in ("md", "csv"):
        raise UserError(f"Unknown format {fmt!r}; this version writes md or csv.")
    period = parse_quarter(quarter)
    app_ctx = _ctx(ctx)
    target = output or app_ctx.settings.var_dir / "reports" / f"pressmon-{period.label}.{fmt}"
    with transaction(app_ctx.engine()) as session:
        figures = quarter_figures(session, period)
    if fmt == "csv":
        write_records(figures.items, target, "csv")
    else:
        text = render_markdown(figures, Analyzer.from_settings(app_ctx.settings).taxonomy, utcnow())
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if not figures.items:
        err_console.print(f"No articles published in {period.label}; the report says so.")
    console.print(f"Report {period.label}: {len(figures.items)} items → {target}")


@app.command()
def weekly(ctx: typer.Context) -> None:
    """The cron job: crawl every enabled source, process what is new, write a summary."""
    raise typer.Exit(jobs.weekly(_ctx(ctx)))


@app.command()
def dashboard(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Start the Streamlit dashboard."""
    raise typer.Exit(jobs.dashboard(_ctx(ctx), port, address))


@app.command()
def demo(
    ctx: typer.Context,
    # A fixed default port keeps the demo's article URLs, and so their ids, the same from run to run.
    port: Annotated[int, typer.Option(help="Port of the demo site on 127.0.0.1 (0: any free).")] = 8765,
) -> None:
    """Serve the demo site on localhost, crawl it into the demo database, process, summarise."""
    raise typer.Exit(jobs.demo(_ctx(ctx), port))


@app.command()
def evaluate(
    ctx: typer.Context, data: Annotated[Path, typer.Option("--data", help="Labelled JSONL.")]
) -> None:
    """Print how well the current labelling agrees with a labelled file."""
    from pipeline.evaluation import evaluate_file, render_metrics

    metrics = evaluate_file(Analyzer.from_settings(_ctx(ctx).settings), data)
    console.print(render_metrics(metrics))


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: str,
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
) -> None:
    """Create a dashboard account."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with transaction(_ctx(ctx).engine()) as session:
        add_user(session, name, role, password, actor="cli")
    console.print(f"User {name} created with role {role}.")


@users_app.command("list")
def users_list(ctx: typer.Context) -> None:
    """List dashboard accounts."""
    table = Table("name", "role", "state", title="Dashboard accounts")
    with transaction(_ctx(ctx).engine()) as session:
        for user in list_users(session):
            table.add_row(user.name, user.role, "disabled" if user.disabled else "active")
    console.print(table)


def main() -> None:
    """Console entry point: run the app, turning expected errors into one line and an exit code."""
    try:
        app()
    except UserError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("Interrupted.")
        sys.exit(130)
