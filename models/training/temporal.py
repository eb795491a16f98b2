"""The evaluation that cannot be tuned on: train on the older items, score the newest.

Dated items are split by publication time (the newest ``TEST_SHARE`` are held out); undated ones
(the 2016-2019 corpus) by a fixed hash of their id, so the split never changes between runs. Every
choice the recipe makes from data (the rules' flag weight, the flag threshold, its logistic
scale) is made by :func:`models.training.train.train_bundle` on inner grouped folds of the
training part alone; the held-out slice is scored once. The TF-IDF baseline is trained on the same
training part (full items only, no short views) and scored on the same slice, in the same run.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from models import engine
from models.inference import to_assessment
from models.training.baseline import baseline_assessments, baseline_metrics
from models.training.evaluation import compute_metrics
from models.training.train import (
    Prepared,
    Progress,
    gold_dict,
    grouped_folds,
    subset,
    train_bundle,
    with_views,
)
from pipeline.records import Assessment

log = logging.getLogger(__name__)

TEST_SHARE = 0.2
# The undated items whose id hashes to bucket 0 of 5 are held out (a fifth, as for dated ones).
HASH_BUCKETS = 5
KINDS = ("feed", "full")
# The figures the model card keeps under "temporal" (the Models page reads these names).
HEADLINE = (
    "relevance_f1",
    "an_lao_f1",
    "topics_micro_f1",
    "tone_accuracy",
    "flag_precision",
    "flag_recall",
    "flag_ap",
)


def _held_out_by_hash(item_id: str) -> bool:
    return hashlib.sha256(item_id.encode()).digest()[0] % HASH_BUCKETS == 0


def temporal_split(prep: Prepared, share: float = TEST_SHARE) -> tuple[np.ndarray, np.ndarray]:
    """Training rows (with the short views of their items) and held-out rows: the newest ``share``
    of the dated items of each source kind, and the undated items of one fixed hash bucket."""
    full = [i for i, x in enumerate(prep.items) if x.view == "full"]
    newest: set[int] = set()
    # Per source kind, so that each feed's newest items are scored (one general feed's last day
    # would otherwise fill the slice with items about elsewhere).
    for kind in sorted({prep.items[i].source_kind for i in full}):
        dated = sorted(
            (i for i in full if prep.items[i].source_kind == kind and prep.items[i].item.published),
            key=lambda i: (_utc(prep.items[i].item.published), prep.items[i].id),
        )
        newest.update(dated[len(dated) - round(share * len(dated)) :])
    undated = {
        i for i in full if prep.items[i].item.published is None and _held_out_by_hash(prep.items[i].id)
    }
    # Partial labels (analysts' decisions) are never scored: they only ever train.
    test = sorted(i for i in newest | undated if _complete_labels(prep, i))
    train = np.array(sorted(set(full) - set(test)), dtype=int)
    return with_views(prep, train), np.array(test, dtype=int)


def _utc(when: datetime | None) -> datetime:
    assert when is not None  # only dated items are sorted by it
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def _complete_labels(prep: Prepared, i: int) -> bool:
    g = prep.items[i].gold
    return None not in (g.scope, g.topics, g.tone, g.needs_response)


def headline(metrics: dict[str, Any]) -> dict[str, float]:
    """The card's short names of the figures in a :func:`compute_metrics` record."""
    return {
        "relevance_f1": round(float(metrics["relevant"]["f1"]), 4),
        "an_lao_f1": round(float(metrics["an_lao"]["f1"]), 4),
        "topics_micro_f1": round(float(metrics["topics_micro_f1"]), 4),
        "tone_accuracy": round(float(metrics["tone_accuracy"]), 4),
        "flag_precision": round(float(metrics["needs_response"]["precision"]), 4),
        "flag_recall": round(float(metrics["needs_response"]["recall"]), 4),
        "flag_ap": round(float(metrics["needs_response_average_precision"]), 4),
    }


def _by_kind(prep: Prepared, rows: Sequence[int], assessed: Sequence[Assessment]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in KINDS:
        mine = [k for k, i in enumerate(rows) if prep.items[i].kind == kind]
        if mine:
            gold = [gold_dict(prep.items[rows[k]]) for k in mine]
            out[kind] = compute_metrics(gold, [assessed[k] for k in mine])
    return out


def _scored(prep: Prepared, rows: Sequence[int], assessed: Sequence[Assessment]) -> dict[str, Any]:
    gold = [gold_dict(prep.items[i]) for i in rows]
    return {"all": compute_metrics(gold, list(assessed)), **_by_kind(prep, rows, assessed)}


def model_assessments(bundle: dict[str, Any], prep: Prepared, rows: Sequence[int]) -> list[Assessment]:
    """What ``bundle`` says about the items ``rows``, as ``pressmon`` would store it."""
    preds = engine.predict(bundle, [prep.features[i] for i in rows], [prep.evidence[i].scope for i in rows])
    return [to_assessment("temporal", prep.evidence[i], p) for i, p in zip(rows, preds, strict=True)]


def temporal_evaluation(prep: Prepared, progress: Progress | None = None) -> dict[str, Any]:
    """The recipe and the baseline trained on the older part, scored on the newest slice: metrics
    over the slice and by kind (feed items, full articles), plus the split's sizes."""
    train, test = temporal_split(prep)
    inner = subset(prep, train.tolist())
    bundle, record = train_bundle(inner, cross_validate=True, progress=progress)
    if progress:
        progress("temporal: scoring the newest slice")
    rows = test.tolist()
    full_train = np.array([i for i in train if prep.items[i].view == "full"], dtype=int)
    baseline = baseline_assessments(prep, full_train, test)
    return {
        "split": {
            "rule": f"newest {TEST_SHARE:.0%} of the dated items of each source kind by publication "
            "time; undated items "
            f"whose id hashes (SHA-256, first byte mod {HASH_BUCKETS}) to 0",
            "train_items": len(full_train),
            "train_short_views": int(len(train) - len(full_train)),
            "test_items": len(rows),
            "test_by_kind": {k: sum(prep.items[i].kind == k for i in rows) for k in KINDS},
            "newest_training_item": _newest(prep, full_train.tolist()),
        },
        "chosen_on_inner_folds": {
            "rule_flag_weight": record.get("rule_flag_weight"),
            "needs_threshold": bundle["meta"]["needs_threshold"],
        },
        "model": _scored(prep, rows, model_assessments(bundle, prep, rows)),
        "baseline": _scored(prep, rows, baseline),
    }


def _newest(prep: Prepared, rows: Sequence[int]) -> str | None:
    dated = [when for i in rows if (when := prep.items[i].item.published) is not None]
    return max(dated, key=_utc).isoformat() if dated else None


def comparison_columns(
    temporal: dict[str, Any], cv: dict[str, dict[str, Any]] | None = None
) -> dict[str, dict[str, float]]:
    """Headline figures side by side: temporal model and baseline (all, then by kind), then the
    grouped cross-validation's when given."""
    columns: dict[str, dict[str, float]] = {}
    for part in ("all", *KINDS):
        label = "" if part == "all" else f" {part}"
        for who in ("model", "baseline"):
            if part in temporal[who]:
                columns[f"temporal{label} {who}"] = headline(temporal[who][part])
    for who, metrics in (cv or {}).items():
        columns[f"cv {'model' if who == 'pressmon' else who}"] = headline(metrics)
    return columns


def render_columns(columns: dict[str, dict[str, float]]) -> str:
    """One line per headline metric, one column per labeller (names over two lines when long)."""
    width = max(len(m) for m in HEADLINE) + 2
    heads = [name.split(" ", 1) for name in columns]
    lines = [
        " " * width + "".join(f"{h[0]:>16}" for h in heads),
        " " * width + "".join(f"{(h[1] if len(h) > 1 else ''):>16}" for h in heads),
    ]
    for metric in HEADLINE:
        lines.append(f"{metric:<{width}}" + "".join(f"{c[metric]:>16.3f}" for c in columns.values()))
    return "\n".join(lines)


def card_evaluation(
    prep: Prepared, previous: dict[str, Any] | None, progress: Progress | None = None
) -> dict[str, Any]:
    """The model card's evaluation entries: ``temporal`` (headline figures of the recipe, the
    baseline and, when its card had them, the model this one replaces), the temporal evaluation in
    full, and the baseline's grouped cross-validation."""
    held = temporal_evaluation(prep, progress)
    if progress:
        progress("baseline: grouped cross-validation")
    replaced = (previous or {}).get("temporal", {}).get("model")
    return {
        "temporal": {
            "model": headline(held["model"]["all"]),
            "baseline": headline(held["baseline"]["all"]),
            "previous_model": replaced,
        },
        "temporal_evaluation": held,
        "cross_validation_baseline": baseline_metrics(prep, grouped_folds(prep)),
    }
