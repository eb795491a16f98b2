"""``pressmon process`` and ``pressmon tag``: the assessor run over the database, or over a file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from models.analyzer import Analyzer
from pipeline.collect.importer import LoadedItem, item_id
from pipeline.records import Assessment
from pipeline.report.export import write_records
from pipeline.understand.process import ProcessSummary, process_articles
from pressmon.context import AppContext
from pressmon.jobs.alerts import send_alerts
from pressmon.jobs.progress import bar

TAG_CHUNK = 200


def process(
    app_ctx: AppContext, engine: Engine, everything: bool = False, workers: int = 1, model: Path | None = None
) -> ProcessSummary:
    """Process pending articles with a progress bar (the NLP in ``workers`` processes), then send the
    alerts they raised."""
    analyzer = Analyzer.from_settings(app_ctx.settings, model)
    with bar("processing") as progress:
        task = progress.add_task("process", total=None)
        summary = process_articles(
            engine,
            analyzer,
            everything,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
            workers=workers,
            alerts=app_ctx.settings.alerts,
        )
    send_alerts(app_ctx, engine)
    return summary


def tag(
    app_ctx: AppContext,
    items: list[LoadedItem],
    output: Path,
    model: Path | None = None,
    replace: bool = False,
) -> int:
    """Label ``items`` without the database into ``output`` (one JSON line per item, in order), with a
    progress bar over chunks of 200; returns how many were written."""
    analyzer = Analyzer.from_settings(app_ctx.settings, model)
    texts = [loaded.text() for loaded in items]
    results: list[Assessment] = []
    with bar("tagging") as progress:
        task = progress.add_task("tag", total=len(texts))
        for start in range(0, len(texts), TAG_CHUNK):
            results.extend(analyzer.assess_many(texts[start : start + TAG_CHUNK]))
            progress.update(task, completed=len(results))
    records = (
        {"id": item_id(loaded), **result.label_dict()} for loaded, result in zip(items, results, strict=True)
    )
    return write_records(records, output, "jsonl", replace)
