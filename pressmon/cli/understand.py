"""Understanding: ``process`` (the database) and ``tag`` (a file, without the database)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.collect.importer import load_items
from pipeline.files import check_target
from pressmon.cli.options import ForceOption, ModelOption, context
from pressmon.console import console
from pressmon.jobs import process as process_job

app = typer.Typer()


@app.command()
def process(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Process every article again.")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, max=32, help="NLP worker processes.")] = 1,
    model: ModelOption = None,
) -> None:
    """Run relevance, stories, topics, tone and flagging on new or changed articles."""
    app_ctx = context(ctx)
    summary = process_job.process(app_ctx, app_ctx.engine(), everything=all_, workers=workers, model=model)
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
    force: ForceOption = False,
) -> None:
    """Label items without touching the database."""
    check_target(output, replace=force)  # before the models load, not after minutes of tagging
    count = process_job.tag(context(ctx), load_items(input_), output, model, replace=force)
    console.print(f"Tagged {count} items into {output}.")
