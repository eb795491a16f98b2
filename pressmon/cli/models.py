"""The models: ``train`` and ``evaluate``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from models.analyzer import Analyzer
from models.artefact import card_path, check_location
from models.training.baseline import compare
from models.training.dataset import Labelled, read_jsonl
from models.training.decisions import decision_labels
from models.training.evaluation import evaluate_file, render_comparison, render_metrics
from models.training.train import prepare, run_training
from pipeline.errors import PressmonError
from pipeline.files import check_target
from pressmon.cli.options import ModelOption, context
from pressmon.console import console, err_console
from pressmon.context import AppContext

app = typer.Typer()


def _decision_labels(app_ctx: AppContext) -> list[Labelled]:
    """Analysts' decisions as labels, when the database exists (training works without one)."""
    try:
        engine = app_ctx.engine()
    except PressmonError as exc:
        err_console.print(f"No analysts' decisions used: {exc}")
        return []
    return decision_labels(engine)


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
    app_ctx = context(ctx)
    settings = app_ctx.settings
    target = output or settings.var_dir / "models" / "default.skops"
    check_location(target, settings.var_dir)
    check_target(target, replace=True)  # retraining replaces the model, but never through a link or a FIFO
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
        console.print("Grouped cross-validation (held-out days):\n" + render_metrics(metrics))


def _evaluate_cv(app_ctx: AppContext, data: Path) -> None:
    analyzer = Analyzer.from_settings(app_ctx.settings, rules_only=True)
    items = read_jsonl(data)
    with console.status("cross-validating") as status:
        status.update(f"segmenting {len(items)} items")
        prep = prepare(items, analyzer.gazetteer, analyzer.taxonomy)
        columns = compare(prep, progress=lambda message: status.update(message))
    console.print("Grouped cross-validation (each held-out day unseen in training):")
    console.print(render_comparison(columns), highlight=False)


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
    if cv:
        _evaluate_cv(context(ctx), data)
        return
    analyzer = Analyzer.from_settings(context(ctx).settings, model, rules_only=rules)
    metrics = evaluate_file(analyzer, data)
    console.print(f"labelling: {analyzer.version}\n" + render_metrics(metrics))
