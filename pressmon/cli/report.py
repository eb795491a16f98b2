"""``pressmon report``: the quarterly (or yearly) briefing, from the period's frozen snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.clock import utcnow
from pipeline.errors import PressmonError
from pipeline.report.output import ReportResult, choose_format, make_report
from pipeline.report.period import Period, parse_quarter, parse_year
from pipeline.taxonomy import load_taxonomy
from pressmon.cli.options import ForceOption, context
from pressmon.console import console, err_console

app = typer.Typer()


def _period(quarter: str | None, year: str | None) -> Period:
    """Exactly one of ``--quarter`` and ``--year``."""
    if bool(quarter) == bool(year):
        raise PressmonError("Give exactly one of --quarter YYYYQn (e.g. 2026Q3) or --year YYYY (e.g. 2025).")
    return parse_quarter(quarter) if quarter else parse_year(year or "")


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
    force: ForceOption = False,
) -> None:
    """The quarterly (or yearly) press briefing, from the period's frozen snapshot."""
    period = _period(quarter, year)
    chosen = choose_format(fmt, output)
    app_ctx = context(ctx)
    target = output or app_ctx.settings.var_dir / "reports" / f"pressmon-{period.label}.{chosen}"
    taxonomy = load_taxonomy(app_ctx.settings.taxonomy)  # the report needs names, not the models
    with console.status("report") as status:
        result = make_report(
            app_ctx.engine(),
            taxonomy,
            period,
            chosen,
            target,
            utcnow(),
            refresh,
            step=status.update,
            issuer=app_ctx.settings.report,
            replace=force or output is None,  # var/reports/ is pressmon's own: re-rendering replaces
        )
    _print_result(result)


def _print_result(result: ReportResult) -> None:
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
