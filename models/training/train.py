"""``pressmon train``: fit the bundle on labelled files and analysts' decisions, cross-validate it
grouped by date, choose the flag threshold from held-out scores, and write the artefact and card.
"""

from __future__ import annotations

import logging
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import GroupKFold

from models import engine
from models.artefact import save_bundle
from models.features import ItemFeatures, item_features, signal_names
from models.inference import to_assessment
from models.training.dataset import Labelled, file_sha256, read_jsonl, short_view
from models.training.evaluation import compute_metrics
from pipeline.errors import TooFewLabels
from pipeline.records import Assessment
from pipeline.taxonomy import Taxonomy
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.rules import RuleEvidence, rule_evidence

log = logging.getLogger(__name__)

FOLDS = 5
GROUPING = "publication day (dated items, their own +07:00 offset); five id buckets (undated corpus items)"
# The flag is raised where held-out recall reaches this share: a missed item that needs an answer costs the
# office more than an analyst's look at a false alarm. Chosen by the temporal evaluation (issue 13), each
# rule's threshold taken from inner folds only; on the newest slice (flag P / R): "most recall at held-out
# precision >= 0.70" 0.861 / 0.525, recall >= 0.85 0.685 / 0.847, recall >= 0.90 0.621 / 0.915 — and at
# 0.90 a record-tourism item is flagged (tests/unit/models/test_inference.py).
TARGET_RECALL = 0.85
# Weights of the keyword rules' flag score beside the flag model's decision value, tried on held-out scores.
RULE_WEIGHTS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Prepared:
    """Labelled items with their rule evidence and model inputs, computed once."""

    items: list[Labelled]
    evidence: list[RuleEvidence]
    features: list[ItemFeatures]
    topic_codes: tuple[str, ...]
    # The unlabelled representation the models also read (models.training.representation), if any.
    representation: dict[str, Any] | None = None


def prepare(
    items: Sequence[Labelled],
    gaz: Gazetteer,
    tax: Taxonomy,
    short_views: bool = True,
    representation: dict[str, Any] | None = None,
) -> Prepared:
    """Rule evidence and features of every item (segmentation happens here), plus, with
    ``short_views``, each full article's title and summary as a training-only item of its own;
    the models trained from it also read ``representation`` when given."""
    codes = tuple(tax.topics)
    views = [v for v in map(short_view, items) if v is not None] if short_views else []
    every = [*items, *views]
    evs = [rule_evidence(x.item, gaz, tax) for x in every]
    # A short view naming no Hải Phòng place is "other" by the gazetteer's last word whatever the
    # scope model says: its scope label would only teach the model noise.
    kept = [
        replace(x, gold=replace(x.gold, scope=None)) if x.view == "short" and ev.scope == "other" else x
        for x, ev in zip(every, evs, strict=True)
    ]
    return Prepared(kept, evs, [item_features(ev, codes) for ev in evs], codes, representation)


def subset(prep: Prepared, rows: Sequence[int]) -> Prepared:
    """The items ``rows`` of ``prep`` (their features already computed)."""
    return Prepared(
        [prep.items[i] for i in rows],
        [prep.evidence[i] for i in rows],
        [prep.features[i] for i in rows],
        prep.topic_codes,
        prep.representation,
    )


def _complete(x: Labelled) -> bool:
    g = x.gold
    return None not in (g.scope, g.topics, g.tone, g.needs_response)


def gold_dict(x: Labelled) -> dict[str, Any]:
    """The gold labels in the shape :func:`compute_metrics` reads."""
    g = x.gold
    return {
        "scope": g.scope,
        "topics": list(g.topics or ()),
        "tone": g.tone,
        "needs_response": g.needs_response,
    }


def with_views(prep: Prepared, train: np.ndarray) -> np.ndarray:
    """``train`` plus the short views of the items in it (a view trains only beside its article)."""
    ids = {prep.items[i].id for i in train}
    views = [i for i, x in enumerate(prep.items) if x.view == "short" and x.id.removesuffix("#short") in ids]
    return np.concatenate([train, np.array(views, dtype=int)])


def grouped_folds(prep: Prepared, folds: int = FOLDS) -> list[tuple[np.ndarray, np.ndarray]]:
    """GroupKFold splits over the complete items; partial (analyst) labels only ever train, and
    short views train beside their article."""
    complete = np.array([i for i, x in enumerate(prep.items) if x.view == "full" and _complete(x)])
    partial = np.array(
        [i for i, x in enumerate(prep.items) if x.view == "full" and not _complete(x)], dtype=int
    )
    groups = [prep.items[i].group for i in complete]
    splits = GroupKFold(n_splits=min(folds, len(set(groups)))).split(complete, groups=groups)
    return [(with_views(prep, np.concatenate([complete[tr], partial])), complete[te]) for tr, te in splits]


def out_of_fold(
    prep: Prepared, folds: list[tuple[np.ndarray, np.ndarray]], progress: Progress | None = None
) -> dict[int, engine.Prediction]:
    """Predictions for every held-out item, each from a bundle that never saw its group."""
    preds: dict[int, engine.Prediction] = {}
    for number, (train, test) in enumerate(folds, start=1):
        if progress:
            progress(f"cross-validation fold {number}/{len(folds)}")
        bundle = engine.fit(
            [prep.features[i] for i in train],
            [prep.items[i].gold for i in train],
            prep.topic_codes,
            prep.representation,
        )
        tested = engine.predict(
            bundle, [prep.features[i] for i in test], [prep.evidence[i].scope for i in test]
        )
        preds.update(zip(test.tolist(), tested, strict=True))
    return preds


def recall_threshold(gold: Sequence[bool], scores: Sequence[float], recall: float = TARGET_RECALL) -> float:
    """The highest score threshold whose held-out recall reaches ``recall``."""
    positives = sorted((s for g, s in zip(gold, scores, strict=True) if g), reverse=True)
    if not positives:
        return engine.NEEDS_THRESHOLD
    keep = max(1, int(np.ceil(recall * len(positives))))
    return float(positives[keep - 1] - 1e-6)


def operating_points(gold: Sequence[bool], scores: Sequence[float]) -> list[dict[str, float]]:
    """Held-out precision and recall at every distinct threshold, highest first."""
    pairs = sorted(zip(scores, gold, strict=True), key=lambda p: -p[0])
    total = sum(gold)
    points, hits = [], 0
    for rank, (score, positive) in enumerate(pairs, start=1):
        hits += positive
        if rank == len(pairs) or pairs[rank][0] < score:
            points.append(
                {"threshold": float(score), "precision": hits / rank, "recall": hits / max(total, 1)}
            )
    return points


def flag_threshold(gold: Sequence[bool], scores: Sequence[float]) -> float:
    """Where the flag is raised: the highest threshold whose held-out recall reaches ``TARGET_RECALL``."""
    return recall_threshold(gold, scores, TARGET_RECALL)


def _summary_points(gold: Sequence[bool], raw: Sequence[float], scale: list[float]) -> list[dict[str, float]]:
    points = operating_points(gold, raw)
    out = []
    for target in (0.7, 0.8, 0.85, 0.9, 0.95):
        reached = [p for p in points if p["recall"] >= target]
        if reached:
            shown = engine.flag_probability({"flag_scale": scale}, reached[0]["threshold"])
            out.append({k: round(v, 3) for k, v in {**reached[0], "threshold": shown}.items()})
    return out


def _rethreshold(pred: engine.Prediction, threshold: float) -> engine.Prediction:
    needs = pred.flag_raw >= threshold
    reasons = pred.reasons or [max(pred.reason_scores, key=lambda r: pred.reason_scores[r])]
    return engine.Prediction(
        **{**pred.__dict__, "needs_response": needs, "reasons": reasons if needs else []}
    )


def cv_metrics(
    prep: Prepared, preds: dict[int, engine.Prediction], thresholds: float | dict[int, float]
) -> dict[str, Any]:
    """Metrics of the held-out predictions at the flag threshold (one for all, or one per item as
    :func:`cross_fitted_flags` gives)."""
    order = sorted(preds)
    per_item = thresholds if isinstance(thresholds, dict) else dict.fromkeys(order, thresholds)
    assessed: list[Assessment] = [
        to_assessment("cv", prep.evidence[i], _rethreshold(preds[i], per_item[i])) for i in order
    ]
    return compute_metrics([gold_dict(prep.items[i]) for i in order], assessed)


def _needs_gold(prep: Prepared, order: Sequence[int]) -> list[bool]:
    return [bool(prep.items[i].gold.needs_response) for i in order]


def reweighted(
    prep: Prepared, preds: dict[int, engine.Prediction], weight: float, base: float = engine.RULE_FLAG_WEIGHT
) -> dict[int, engine.Prediction]:
    """The held-out predictions ranked with ``weight`` on the keyword rules' flag score instead of
    ``base`` (the flag model's decision value is the rest of the ranking score); the shown score is
    the plain logistic of the new ranking score, as in a bundle not yet scaled."""
    out = {}
    for i, pred in preds.items():
        if pred.flag_raw <= engine.OTHER_RAW:
            out[i] = pred
            continue
        raw = pred.flag_raw + (weight - base) * prep.features[i].rule_flag
        shown = engine.flag_probability({"flag_scale": [1.0, 0.0]}, raw)
        out[i] = replace(pred, flag_raw=raw, flag_score=shown)
    return out


def choose_rule_weight(prep: Prepared, preds: dict[int, engine.Prediction], among: Sequence[int]) -> float:
    """The weight of the rules' flag score that gives the best held-out average precision over the
    items ``among`` (ties: the smaller weight)."""
    gold = _needs_gold(prep, among)
    chosen = {i: preds[i] for i in among}

    def precision(weight: float) -> float:
        ranked = reweighted(prep, chosen, weight)
        return float(average_precision_score(gold, [ranked[i].flag_raw for i in among]))

    return float(max(RULE_WEIGHTS, key=lambda w: (precision(w), -w)))


def cross_fitted_flags(
    prep: Prepared, preds: dict[int, engine.Prediction], folds: Sequence[tuple[np.ndarray, np.ndarray]]
) -> tuple[dict[int, engine.Prediction], dict[int, float]]:
    """For the items of each held-out fold, the rule weight and the flag threshold chosen on the
    held-out scores of the OTHER folds; neither is ever tuned on the items it is measured on."""
    ranked: dict[int, engine.Prediction] = {}
    thresholds: dict[int, float] = {}
    for _, test in folds:
        mine = set(test.tolist())
        others = [i for i in sorted(preds) if i not in mine]
        weighted = reweighted(prep, preds, choose_rule_weight(prep, preds, others))
        threshold = flag_threshold(_needs_gold(prep, others), [weighted[i].flag_raw for i in others])
        ranked.update((i, weighted[i]) for i in mine)
        thresholds.update(dict.fromkeys(mine, threshold))
    return ranked, thresholds


def flag_scale(gold: Sequence[bool], raw: Sequence[float]) -> list[float]:
    """Slope and intercept of the logistic curve that maps ranking scores to the shown flag score,
    fitted on held-out scores (Platt scaling; items outside Hải Phòng left out, they show 0)."""
    pairs = [(r, g) for r, g in zip(raw, gold, strict=True) if r > engine.OTHER_RAW]
    if len({g for _, g in pairs}) < 2:
        return [1.0, 0.0]
    x = np.array([[r] for r, _ in pairs])
    model = LogisticRegression(C=100.0, max_iter=1000).fit(x, [g for _, g in pairs])
    return [round(float(model.coef_[0][0]), 6), round(float(model.intercept_[0]), 6)]


def label_counts(items: Sequence[Labelled]) -> dict[str, dict[str, int]]:
    """How many items carry each label, for the card (short views counted apart)."""
    views = sum(x.view == "short" for x in items)
    items = [x for x in items if x.view == "full"]
    g = [x.gold for x in items]
    return {
        "short_views": {"items": views},
        "scope": dict(Counter(x.scope for x in g if x.scope)),
        "topics": dict(Counter(t for x in g for t in x.topics or ())),
        "tone": dict(Counter(x.tone for x in g if x.tone)),
        "needs_response": dict(Counter(str(x.needs_response) for x in g if x.needs_response is not None)),
        "origin": dict(Counter(x.origin for x in items)),
    }


def library_versions() -> dict[str, str]:
    """Versions of the libraries the artefact depends on."""
    from importlib.metadata import version

    names = ("scikit-learn", "numpy", "scipy", "skops", "underthesea")
    return {"python": platform.python_version(), **{n: version(n) for n in names}}


def train_bundle(
    prep: Prepared, cross_validate: bool = True, progress: Progress | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The final bundle (fit on everything) and its cross-validation record."""
    record: dict[str, Any] = {}
    scale: list[float] | None = None
    weight = engine.RULE_FLAG_WEIGHT
    if cross_validate:
        folds = grouped_folds(prep)
        preds = out_of_fold(prep, folds, progress)
        order = sorted(preds)
        weight = choose_rule_weight(prep, preds, order)
        ranked, per_fold = cross_fitted_flags(prep, preds, folds)
        preds = reweighted(prep, preds, weight)
        gold = _needs_gold(prep, order)
        raw = [preds[i].flag_raw for i in order]
        threshold = flag_threshold(gold, raw)
        scale = flag_scale(gold, raw)
        record = {
            "folds": len(folds),
            "grouping": GROUPING,
            "rule_flag_weight": weight,
            "needs_threshold_rule": f"rules' weight (among {list(RULE_WEIGHTS)}) by held-out average "
            f"precision, then the highest threshold with held-out recall >= {TARGET_RECALL}; the metrics "
            "below use, for each fold, the weight and threshold chosen on the other folds' held-out scores",
            "metrics": cv_metrics(prep, ranked, per_fold),
            "metrics_pooled_threshold": cv_metrics(prep, preds, threshold)["needs_response"],
            "needs_operating_points": _summary_points(gold, raw, scale),
        }
    if progress:
        progress("fitting the final models")
    started = time.monotonic()
    bundle = engine.fit(prep.features, [x.gold for x in prep.items], prep.topic_codes, prep.representation)
    if scale is not None:
        bundle["meta"]["rule_flag_weight"] = weight
        bundle["meta"]["flag_scale"] = scale
        bundle["meta"]["needs_threshold"] = round(engine.flag_probability(bundle["meta"], threshold), 4)
    record["fit_seconds"] = round(time.monotonic() - started, 1)
    return bundle, record


def write_artefact(
    bundle: dict[str, Any],
    record: dict[str, Any],
    prep: Prepared,
    sources: list[dict[str, Any]],
    output: Path,
    evaluation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Stamp a version on the bundle and save it with its card (plus the ``evaluation`` entries)."""
    trained = datetime.now(UTC)
    version = f"model-{trained:%Y%m%d%H%M}"
    bundle["meta"]["version"] = version
    card: dict[str, Any] = {
        "version": version,
        "trained_at": trained.isoformat(timespec="seconds"),
        "data": sources,
        "label_counts": label_counts(prep.items),
        "libraries": library_versions(),
        "models": _model_description(),
        "signals": signal_names(prep.topic_codes),
        "thresholds": {k: v for k, v in bundle["meta"].items() if k.endswith("threshold")},
        "cross_validation": record,
        **(evaluation or {}),
    }
    save_bundle(bundle, card, output)
    card["size_bytes"] = output.stat().st_size
    return card


def _model_description() -> dict[str, str]:
    return {
        "features": "TF-IDF of underthesea-segmented words (1-2 grams) of title+lead+body[:3000], of title "
        "words, char_wb 2-5 grams of title+lead, plus gazetteer/keyword rule signals; evidence tokens "
        "(pipeline.understand.evidence: residence/origin-only, lists, routes, clubs, officials' "
        "wrongdoing, procurement, public safety, police success, short or full view) for scope, tone, "
        "reasons and the flag; blocks per model in the bundle's 'blocks'",
        "training_views": "every full article also as title + summary (label_counts.short_views)",
        "scope": f"LogisticRegression(C={engine.SCOPE_C}, balanced); gazetteer decides 'other' and 'an-lao'",
        "topics": f"one LogisticRegression(C={engine.TOPIC_C}, balanced) per topic; the best topic always, "
        f"others at or over {engine.TOPIC_THRESHOLD}, at most {engine.MAX_TOPICS}",
        "tone": f"LogisticRegression(C={engine.TONE_C}, balanced) on items about Hải Phòng",
        "needs_response": f"LogisticRegression(C={engine.NEEDS_C}, balanced, liblinear) on words only; "
        "ranked by its decision value + w x the keyword rules' flag score (w chosen on held-out scores, "
        "cross_validation.rule_flag_weight); "
        "shown through a logistic curve fitted on held-out scores; 0 when scope is other",
        "reasons": "one LogisticRegression(C=1, balanced) per reason, on flagged items",
    }


def run_training(
    files: Sequence[Path],
    extra: Sequence[Labelled],
    gaz: Gazetteer,
    tax: Taxonomy,
    output: Path,
    cross_validate: bool = True,
    progress: Progress | None = None,
    evaluate: Callable[[Prepared], dict[str, Any]] | None = None,
    representation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Train on ``files`` plus ``extra`` (analysts' decisions), save to ``output``; returns the card.
    ``evaluate`` adds entries to the card (the temporal evaluation); ``representation`` is the
    unlabelled representation the models also read."""
    items = [x for path in files for x in read_jsonl(path)] + list(extra)
    complete = [x for x in items if _complete(x)]
    scopes = {str(x.gold.scope) for x in complete}
    if len(complete) < 20 or len(scopes) < 2:
        raise TooFewLabels(
            f"Too few labelled items to train ({len(complete)} complete, scopes {sorted(scopes)})."
        )
    if progress:
        progress(f"segmenting and reading evidence of {len(items)} items")
    prep = prepare(items, gaz, tax, representation=representation)
    evaluation = evaluate(prep) if evaluate is not None else {}
    bundle, record = train_bundle(prep, cross_validate and len(complete) >= 50, progress)
    sources = [
        {"path": str(p), "sha256": file_sha256(p), "items": sum(x.origin == p.name for x in items)}
        for p in files
    ]
    if extra:
        sources.append({"path": "database: analysts' decisions", "items": len(extra)})
    if representation is not None:
        evaluation["representation"] = representation["info"]
    return write_artefact(bundle, record, prep, sources, output, evaluation)
