"""The reference the issue measures against: plain TF-IDF (syllable 1-2 grams of title, lead and
body) with one class-balanced logistic regression per task (threshold 0.5), no segmentation, no
gazetteer, no keywords.
Cross-validated on the same grouped folds as pressmon's models, in the same run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from models.engine import SEED
from models.training.evaluation import compute_metrics
from models.training.train import (
    Prepared,
    cross_fitted_flags,
    cv_metrics,
    gold_dict,
    grouped_folds,
    out_of_fold,
)
from pipeline.records import Assessment


def _text(prep: Prepared, i: int) -> str:
    item = prep.items[i].item
    return f"{item.title}\n{item.summary}\n{item.body}".lower()


def _lr() -> LogisticRegression:
    return LogisticRegression(max_iter=2000, class_weight="balanced", random_state=SEED)


def baseline_assessments(prep: Prepared, train: np.ndarray, test: np.ndarray) -> list[Assessment]:
    """The baseline trained on the full items of ``train`` (never short views), labelling ``test``."""
    train = np.array([i for i in train if prep.items[i].view == "full"], dtype=int)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    x_train = vec.fit_transform([_text(prep, i) for i in train])
    x_test = vec.transform([_text(prep, i) for i in test])
    gold = [prep.items[i].gold for i in train]
    scope = _lr().fit(x_train, [g.scope for g in gold]).predict(x_test)
    local = np.array([g.scope != "other" for g in gold])
    tone = _lr().fit(x_train[local], [g.tone for g, k in zip(gold, local, strict=True) if k]).predict(x_test)
    needs_model = _lr().fit(x_train, [bool(g.needs_response) for g in gold])
    flag = needs_model.predict_proba(x_test)[:, 1]
    topics: list[list[str]] = [[] for _ in test]
    for code in prep.topic_codes:
        y = np.array([code in (g.topics or ()) for g, k in zip(gold, local, strict=True) if k])
        if 2 <= y.sum() < len(y):
            hit = _lr().fit(x_train[local], y).predict(x_test)
            for row, on in enumerate(hit):
                if on:
                    topics[row].append(code)
    return [
        Assessment(
            str(scope[r]),
            [],
            topics[r],
            {},
            str(tone[r]),
            bool(flag[r] >= 0.5),
            float(flag[r]),
            [],
            {},
            "baseline",
        )
        for r in range(len(test))
    ]


def baseline_metrics(prep: Prepared, folds: Sequence[tuple[np.ndarray, np.ndarray]]) -> dict[str, Any]:
    """Held-out metrics of the baseline over ``folds``."""
    preds: dict[int, Assessment] = {}
    for train, test in folds:
        preds.update(zip(test.tolist(), baseline_assessments(prep, train, test), strict=True))
    order = sorted(preds)
    return compute_metrics([gold_dict(prep.items[i]) for i in order], [preds[i] for i in order])


def compare(prep: Prepared, progress: Any = None) -> dict[str, dict[str, Any]]:
    """pressmon's models and the baseline, cross-validated on the same grouped folds."""
    folds = grouped_folds(prep)
    preds = out_of_fold(prep, folds, progress)
    # Each fold's rule weight and flag threshold: from the other folds' held-out scores, as in `train`.
    ranked, thresholds = cross_fitted_flags(prep, preds, folds)
    if progress:
        progress("baseline")
    return {"pressmon": cv_metrics(prep, ranked, thresholds), "baseline": baseline_metrics(prep, folds)}
