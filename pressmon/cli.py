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

from pipeline.backup import backup, copy_database, describe, restore
from pipeline.db import make_engine, transaction, utcnow
from pipeline.exporter import write_records
from pipeline.importer import load_items, to_record
from pipeline.migrate import upgrade
from pipeline.process import Analyzer
from pipeline.queries import iter_records
from pipeline.registry import load_registry
from pipeline.store import sync_sources, upsert_article
from pipeline.tagging import ItemText
from pipeline.taxonomy import load_taxonomy
from pipeline.users import ROLES, add_user, list_users, set_disabled, set_password, set_role
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

ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model", help="A .skops model under models/ or <var_dir>/models (default: the current one)."
    ),
]


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
    app_ctx = _ctx(ctx)
    registry = load_registry(app_ctx.settings.sources)
    result = jobs.crawl(app_ctx, registry.enabled(source), _date_option(since, "--since"), full=full)
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
    workers: Annotated[int, typer.Option("--workers", min=1, max=32, help="NLP worker processes.")] = 1,
    model: ModelOption = None,
) -> None:
    """Run relevance, stories, topics, tone and flagging on new or changed articles."""
    app_ctx = _ctx(ctx)
    summary = jobs.process(app_ctx, app_ctx.engine(), everything=all_, workers=workers, model=model)
    console.print(
        f"Processed {summary.processed} articles in {summary.seconds:.1f} s: {summary.relevant} about "
        f"Hải Phòng/An Lão, {summary.flagged} flagged, {summary.stories} multi-item stories."
    )


@app.command()
def tag(
    ctx: typer.Context,
    input_: Annotated[Path, typer.Option("--input", help="JSONL of items.")],
    output: Annotated[Path, typer.Option("--output", help="JSONL of labels, one per input line.")],
    model: ModelOption = None,
) -> None:
    """Label items without touching the database."""
    items = load_items(input_)
    texts = [ItemText(x.item.title, x.item.summary, x.item.body, x.published) for x in items]
    results = jobs.tag(_ctx(ctx), texts, model)
    records = [
        {"id": loaded.item.id or to_record(loaded, utcnow()).id, **result.label_dict()}
        for loaded, result in zip(items, results, strict=True)
    ]
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
    quarter: Annotated[str | None, typer.Option(help="Quarter as YYYYQn, e.g. 2026Q3.")] = None,
    year: Annotated[str | None, typer.Option(help="A whole year as YYYY, e.g. 2025.")] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="docx, md, csv or xlsx (default: from --output, else docx)."),
    ] = None,
    output: Annotated[Path | None, typer.Option(help="File to write (default: var/reports/).")] = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Rebuild the frozen snapshot and say what changed.")
    ] = False,
) -> None:
    """The quarterly (or yearly) press briefing, from the period's frozen snapshot."""
    from pipeline.report import parse_period
    from pipeline.report_output import choose_format, make_report

    period = parse_period(quarter, year)
    chosen = choose_format(fmt, output)
    app_ctx = _ctx(ctx)
    target = output or app_ctx.settings.var_dir / "reports" / f"pressmon-{period.label}.{chosen}"
    taxonomy = load_taxonomy(app_ctx.settings.taxonomy)  # the report needs names, not the models
    with console.status("report") as status:
        result = make_report(
            app_ctx.engine(), taxonomy, period, chosen, target, utcnow(), refresh, step=status.update
        )
    _print_report_result(result)


def _print_report_result(result: Any) -> None:
    label, snap = result.period.label, result.snapshot
    frozen = f"{snap.frozen_at:%Y-%m-%d %H:%M} UTC"
    if result.status == "empty":
        err_console.print(f"No articles published in {label}; the report says so.")
    elif result.status == "created":
        console.print(f"Froze a snapshot of {label} ({len(snap.items)} items) at {frozen}.")
    elif result.status == "reused":
        same = {True: "; identical to the first file", False: "; differs from the first file", None: ""}
        console.print(
            f"Rendered from the snapshot frozen at {frozen}{same[result.reproduced]} (--refresh rebuilds it)."
        )
    else:
        console.print(
            f"Refreshed the snapshot of {label}: " + ("; ".join(result.changes) or "nothing changed.")
        )
    if result.status != "empty" and snap.frozen_at < result.period.end:
        if utcnow() < result.period.end:
            console.print(f"{label} is not over yet: the figures stop at {frozen}.")
        else:
            console.print(f"The snapshot of {label} was frozen before it ended; --refresh counts all of it.")
    files = ", ".join(str(f) for f in result.files)
    console.print(f"Report {label}: {len(snap.items)} items → {files}")


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


def _decision_labels(app_ctx: AppContext) -> list[Any]:
    """Analysts' decisions as labels, when the database exists (training works without one)."""
    from models.decisions import decision_labels

    try:
        engine = app_ctx.engine()
    except UserError as exc:
        err_console.print(f"No analysts' decisions used: {exc}")
        return []
    return decision_labels(engine)


def _evaluate_cv(app_ctx: AppContext, data: Path) -> None:
    from models.baseline import compare
    from models.dataset import read_jsonl
    from models.train import prepare
    from pipeline.evaluation import render_comparison

    analyzer = Analyzer.from_settings(app_ctx.settings, rules_only=True)
    items = read_jsonl(data)
    with console.status("cross-validating") as status:
        status.update(f"segmenting {len(items)} items")
        prep = prepare(items, analyzer.gazetteer, analyzer.taxonomy)
        columns = compare(prep, progress=lambda message: status.update(message))
    console.print("Grouped cross-validation (each held-out day unseen in training):")
    console.print(render_comparison(columns), highlight=False)


@app.command()
def train(
    ctx: typer.Context,
    data: Annotated[list[Path] | None, typer.Option("--data", help="Labelled JSONL (repeatable).")] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Where to write the .skops model (default <var_dir>/models)."),
    ] = None,
    db_labels: Annotated[
        bool, typer.Option("--db-labels/--no-db-labels", help="Use analysts' decisions from the database.")
    ] = True,
    cv: Annotated[bool, typer.Option("--cv/--no-cv", help="Cross-validate grouped by date first.")] = True,
) -> None:
    """Train the understanding models on labelled files and analysts' decisions; write model and card."""
    from models.artefact import card_path, check_location
    from models.train import run_training

    app_ctx = _ctx(ctx)
    settings = app_ctx.settings
    target = output or settings.var_dir / "models" / "default.skops"
    check_location(target, settings.var_dir)
    extra = _decision_labels(app_ctx) if db_labels else []
    analyzer = Analyzer.from_settings(settings, rules_only=True)
    with console.status("training") as status:
        card = run_training(
            list(data or []),
            extra,
            analyzer.gazetteer,
            analyzer.taxonomy,
            target,
            cv,
            progress=lambda message: status.update(message),
        )
    console.print(f"Wrote {target} ({card['size_bytes'] / 1e6:.1f} MB) and its card {card_path(target)}.")
    metrics = card["cross_validation"].get("metrics")
    if metrics:
        from pipeline.evaluation import render_metrics

        console.print("Grouped cross-validation (held-out days):\n" + render_metrics(metrics))


@app.command()
def evaluate(
    ctx: typer.Context,
    data: Annotated[Path, typer.Option("--data", help="Labelled JSONL.")],
    model: ModelOption = None,
    rules: Annotated[bool, typer.Option("--rules", help="Evaluate the keyword rules alone.")] = False,
    cv: Annotated[
        bool, typer.Option("--cv", help="Grouped cross-validation on the file, beside the baseline.")
    ] = False,
) -> None:
    """Print how well the current labelling agrees with a labelled file (or, with --cv, how well
    models trained on the other days of the file do on each held-out day, beside the baseline)."""
    from pipeline.evaluation import evaluate_file, render_metrics

    if cv:
        _evaluate_cv(_ctx(ctx), data)
        return
    analyzer = Analyzer.from_settings(_ctx(ctx).settings, model, rules_only=rules)
    metrics = evaluate_file(analyzer, data)
    console.print(f"labelling: {analyzer.version}\n" + render_metrics(metrics))


@app.command("backup")
def backup_cmd(
    ctx: typer.Context, output: Annotated[Path, typer.Option("--output", help="Backup file.")]
) -> None:
    """Write a consistent backup (SQLite online backup API, or pg_dump for PostgreSQL)."""
    size = backup(_ctx(ctx).engine(), output)
    console.print(f"Backup of {describe(_ctx(ctx).database_url)} written to {output} ({size:,} bytes).")


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
        raise UserError("restore replaces everything in the database; run it again with --yes to confirm.")
    restore(_ctx(ctx).engine(must_exist=False), source)
    console.print(f"Restored {source} into {describe(_ctx(ctx).database_url)}.")


@app.command("copy-db")
def copy_db(
    ctx: typer.Context, to: Annotated[str, typer.Option("--to", help="URL of an empty target database.")]
) -> None:
    """Copy every row into another database, e.g. from SQLite to PostgreSQL."""
    source = _ctx(ctx).engine()
    counts = copy_database(source, make_engine(to), progress=lambda table, n: console.print(f"{table}: {n}"))
    console.print(f"Copied {sum(counts.values())} rows into {describe(to)}.")


def _read_password(from_stdin: bool) -> str:
    """The new password: one line of stdin (for scripts) or a hidden, confirmed prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


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
    password = _read_password(password_stdin)
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


@users_app.command("set-role")
def users_set_role(
    ctx: typer.Context, name: str, role: Annotated[str, typer.Argument(help=f"One of {', '.join(ROLES)}.")]
) -> None:
    """Change the role of a dashboard account."""
    with transaction(_ctx(ctx).engine()) as session:
        set_role(session, name, role, actor="cli")
    console.print(f"User {name} now has role {role}.")


@users_app.command("disable")
def users_disable(
    ctx: typer.Context,
    name: str,
    enable: Annotated[bool, typer.Option("--enable", help="Re-enable the account instead.")] = False,
) -> None:
    """Disable a dashboard account (it can no longer sign in; open sessions end at their next click)."""
    with transaction(_ctx(ctx).engine()) as session:
        set_disabled(session, name, not enable, actor="cli")
    console.print(f"User {name} {'enabled' if enable else 'disabled'}.")


@users_app.command("passwd")
def users_passwd(
    ctx: typer.Context,
    name: str,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
) -> None:
    """Set a new password for a dashboard account."""
    password = _read_password(password_stdin)
    with transaction(_ctx(ctx).engine()) as session:
        set_password(session, name, password, actor="cli")
    console.print(f"Password of {name} changed.")


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
