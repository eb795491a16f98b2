"""What every command shares: the global options, the context they build, and option parsers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.errors import PressmonError
from pipeline.text.dates import parse_iso
from pressmon.context import AppContext
from pressmon.logs import configure_logging

ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model", help="A .skops model under models/ or <var_dir>/models (default: the current one)."
    ),
]

# Every command that takes --output: an existing file is replaced only with --force (pipeline.files).
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the --output file if it exists (keeping its mode).")
]


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


def context(ctx: typer.Context) -> AppContext:
    """The context the global options built, its settings read (so the office's time zone applies to
    whatever the command parses next, dates given on the command line included)."""
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    _ = obj.settings  # read now, for its effect: the settings loaded and the zone set, once
    return obj


def date_option(value: str | None, name: str) -> datetime | None:
    """An ISO date given to option ``name`` (Vietnam time when it has no offset), or None."""
    if not value:
        return None
    parsed = parse_iso(value)
    if parsed is None:
        raise PressmonError(f"{name} must be a date like 2026-07-01, got {value!r}.")
    return parsed
