"""The models: ``train`` and ``evaluate``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from models.analyzer import Analyzer
from models.artefact import DEFAULT_MODEL, card_path, check_location, load_representation, save_representation
from models.training.baseline import compare
from models.training.dataset import Labelled, read_jsonl
from models.training.decisions import decision_labels
from models.training.evaluation import evaluate_file, render_comparison, render_metrics
from models.training.temporal import (
    card_evaluation,
    comparison_columns,
    render_columns,
    temporal_evaluation,
)
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
    temporal: Annotated[
        bool,
        typer.Option(
            "--temporal/--no-temporal",
            help="Also train on the older items and score the newest, beside the baseline (card: temporal).",
        ),
    ] = False,
    representation: Annotated[
        Path | None,
        typer.Option("--representation", help="An unlabelled representation (build-representation) to read."),
    ] = None,
) -> None:
    """Train the understanding models on labelled files and analysts' decisions; write model and card."""
    app_ctx = context(ctx)
    settings = app_ctx.settings
    target = output or settings.var_dir / "models" / "default.skops"
    check_location(target, settings.var_dir)
    check_target(target, replace=True)  # retraining replaces the model, but never through a link or a FIFO
    rep = None
    if representation is not None:
        check_location(representation, settings.var_dir)
        rep = load_representation(representation)
    previous = _card_of(target)
    extra = _decision_labels(app_ctx) if db_labels else []
    analyzer = Analyzer.from_settings(settings, rules_only=True)
    with console.status("training") as status:

        def progress(message: str) -> None:
            status.update(message)

        card = run_training(
            list(data or []),
            extra,
            analyzer.gazetteer,
            analyzer.taxonomy,
            target,
            cv,
            progress=progress,
            evaluate=(lambda prep: card_evaluation(prep, previous, progress)) if temporal else None,
            representation=rep,
        )
    console.print(f"Wrote {target} ({card['size_bytes'] / 1e6:.1f} MB) and its card {card_path(target)}.")
    metrics = card["cross_validation"].get("metrics")
    if metrics:
        console.print("Grouped cross-validation (held-out days):\n" + render_metrics(metrics))
    if "temporal" in card:
        columns = {f"temporal {k}": v for k, v in card["temporal"].items() if v}
        console.print("Trained on the older items, scored on the newest:", highlight=False)
        console.print(render_columns(columns), highlight=False)


def _card_of(model: Path) -> dict[str, Any] | None:
    """The card of the model a training run replaces, when there is one."""
    path = card_path(model if model.is_file() else DEFAULT_MODEL)
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def _evaluate_cv(app_ctx: AppContext, data: list[Path], temporal: bool) -> None:
    analyzer = Analyzer.from_settings(app_ctx.settings, rules_only=True)
    items = [x for path in data for x in read_jsonl(path)]
    with console.status("cross-validating") as status:
        status.update(f"segmenting {len(items)} items")
        prep = prepare(items, analyzer.gazetteer, analyzer.taxonomy)
        columns = compare(prep, progress=lambda message: status.update(message))
        held = temporal_evaluation(prep, lambda message: status.update(message)) if temporal else None
    if held is None:
        console.print("Grouped cross-validation (each held-out day unseen in training):")
        console.print(render_comparison(columns), highlight=False)
        return
    split, chosen = held["split"], held["chosen_on_inner_folds"]
    lines = (
        f"Temporal evaluation: trained on {split['train_items']} older items (+{split['train_short_views']} "
        f"short views), scored on the newest {split['test_items']} ({split['test_by_kind']['feed']} feed "
        f"items, {split['test_by_kind']['full']} full articles).",
        f"Chosen on inner folds of the training part: rule weight {chosen['rule_flag_weight']}, flag "
        f"threshold {chosen['needs_threshold']}. Beside it, grouped cross-validation on every item (cv):",
    )
    for line in lines:
        console.print(line, highlight=False, soft_wrap=True)
    console.print(render_columns(comparison_columns(held, columns)), highlight=False)


@app.command()
def evaluate(
    ctx: typer.Context,
    data: Annotated[list[Path], typer.Option("--data", help="Labelled JSONL (repeatable).")],
    model: ModelOption = None,
    rules: Annotated[bool, typer.Option("--rules", help="Evaluate the keyword rules alone.")] = False,
    cv: Annotated[
        bool, typer.Option("--cv", help="Grouped cross-validation on the file, beside the baseline.")
    ] = False,
    temporal: Annotated[
        bool,
        typer.Option(
            "--temporal",
            help="Train on the older items, score the newest (undated: a fixed hash split), beside "
            "--cv and the baseline.",
        ),
    ] = False,
) -> None:
    """Print how well the current labelling agrees with labelled files (or, with --cv, how well
    models trained on the other days do on each held-out day, beside the baseline; with
    --temporal, also how models trained on the older items do on the newest)."""
    if cv or temporal:
        _evaluate_cv(context(ctx), data, temporal)
        return
    analyzer = Analyzer.from_settings(context(ctx).settings, model, rules_only=rules)
    console.print(f"labelling: {analyzer.version}")
    for path in data:
        metrics = evaluate_file(analyzer, path)
        console.print(f"{path}:\n" + render_metrics(metrics) if len(data) > 1 else render_metrics(metrics))


@app.command("build-representation")
def build_representation_command(
    ctx: typer.Context,
    corpus: Annotated[
        Path, typer.Option("--corpus", help="Gzipped JSONL of unlabelled articles (title, summary, body).")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", help="Where to write it (default <var_dir>/models).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=100, help="Read the first N articles.")] = 20_000,
) -> None:
    """Fit the unlabelled representation (LSA of syllable TF-IDF) that `train --representation` reads."""
    from models.training.representation import build_representation

    settings = context(ctx).settings
    target = output or settings.var_dir / "models" / "representation.skops"
    check_location(target, settings.var_dir)
    with console.status(f"fitting on up to {limit} articles of {corpus}"):
        rep = build_representation(corpus, limit)
    save_representation(rep, target)
    info = rep["info"]
    console.print(
        f"Wrote {target} ({target.stat().st_size / 1e6:.1f} MB): {info['articles']} articles, "
        f"explained variance {info['explained_variance']:.3f}, {info['fit_seconds']} s."
    )
