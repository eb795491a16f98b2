"""The trained understanding models: fit on labelled items, predict labels with scores.

One bundle (a plain dict of scikit-learn objects, so skops can load it with an explicit list of
trusted types) holds three TF-IDF vectorisers (segmented words of the whole item, words of the
title, character n-grams of title and lead) and linear models for scope, topics (one-vs-rest),
tone, needs_response (calibrated, its score is shown) and reasons. The dense rule signals of
:mod:`models.features` are appended to the TF-IDF columns.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from models.features import ItemFeatures
from pipeline.records import REASONS

log = logging.getLogger(__name__)

SEED = 42
SIGNAL_WEIGHT = 1.0
SCOPE_C = 1.0
TOPIC_C = 10.0
TONE_C = 1.0
NEEDS_C = 10.0
TOPIC_THRESHOLD = 0.35
NEEDS_THRESHOLD = 0.3
REASON_THRESHOLD = 0.35
MAX_TOPICS = 3


@dataclass(frozen=True)
class Gold:
    """The labels of one training item (TAXONOMY.md); ``None`` where an analyst's decision gave
    only some of them (a dismissed flag says nothing about topics)."""

    scope: str | None
    topics: tuple[str, ...] | None
    tone: str | None
    needs_response: bool | None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prediction:
    """What the models say about one item, with their scores."""

    scope: str
    scope_scores: dict[str, float]
    topics: list[str]
    topic_scores: dict[str, float]
    tone: str
    tone_scores: dict[str, float]
    flag_score: float
    needs_response: bool
    reasons: list[str]
    reason_scores: dict[str, float] = field(default_factory=dict)


def _vectorisers() -> dict[str, TfidfVectorizer]:
    return {
        "vec_words": TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=60_000),
        "vec_title": TfidfVectorizer(ngram_range=(1, 1), min_df=2, sublinear_tf=True),
        "vec_chars": TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=60_000
        ),
    }


def _matrix(bundle: dict[str, Any], feats: Sequence[ItemFeatures]) -> sparse.csr_matrix:
    parts = [
        bundle["vec_words"].transform([f.words for f in feats]),
        bundle["vec_title"].transform([f.title_words for f in feats]),
        bundle["vec_chars"].transform([f.chars for f in feats]),
        sparse.csr_matrix(np.vstack([f.signals for f in feats]) * SIGNAL_WEIGHT),
    ]
    return sparse.hstack(parts, format="csr")


def _logreg(c: float = 10.0) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=SEED)


def _binary(x: sparse.csr_matrix, y: np.ndarray, c: float = 10.0) -> LogisticRegression | None:
    if y.sum() < 2 or y.sum() == len(y):
        return None
    return _logreg(c).fit(x, y)


def _calibrated(x: sparse.csr_matrix, y: np.ndarray, c: float) -> Any:
    """A logistic regression whose scores are calibrated (sigmoid, internal CV): the flag score
    is shown to analysts as a probability."""
    folds = int(min(3, y.sum(), len(y) - y.sum()))
    if folds < 2:
        return _binary(x, y, c)
    return CalibratedClassifierCV(_logreg(c), cv=folds, method="sigmoid").fit(x, y)


def _masks(gold: Sequence[Gold]) -> dict[str, np.ndarray]:
    local = [g.scope is None or g.scope != "other" for g in gold]
    return {
        "scope": np.array([g.scope is not None for g in gold]),
        "topics": np.array([g.topics is not None and keep for g, keep in zip(gold, local, strict=True)]),
        "tone": np.array([g.tone is not None and keep for g, keep in zip(gold, local, strict=True)]),
        "needs": np.array([g.needs_response is not None for g in gold]),
        "reasons": np.array([bool(g.needs_response) and bool(g.reasons) for g in gold]),
    }


def _pick(gold: Sequence[Gold], mask: np.ndarray) -> list[Gold]:
    return [g for g, keep in zip(gold, mask, strict=True) if keep]


def fit(feats: Sequence[ItemFeatures], gold: Sequence[Gold], topic_codes: Sequence[str]) -> dict[str, Any]:
    """Train every model of the bundle on ``feats`` labelled with ``gold`` (partial labels allowed)."""
    bundle: dict[str, Any] = dict(_vectorisers())
    for key, attr in (("vec_words", "words"), ("vec_title", "title_words"), ("vec_chars", "chars")):
        bundle[key].fit([getattr(f, attr) for f in feats])
    x = _matrix(bundle, feats)
    masks = _masks(gold)
    bundle["scope"] = _logreg(SCOPE_C).fit(x[masks["scope"]], [g.scope for g in _pick(gold, masks["scope"])])
    topical = _pick(gold, masks["topics"])
    bundle["topic_codes"] = list(topic_codes)
    bundle["topics"] = [
        _binary(x[masks["topics"]], np.array([c in (g.topics or ()) for g in topical]), TOPIC_C)
        for c in topic_codes
    ]
    bundle["tone"] = _logreg(TONE_C).fit(x[masks["tone"]], [g.tone for g in _pick(gold, masks["tone"])])
    needs = np.array([bool(g.needs_response) for g in _pick(gold, masks["needs"])])
    bundle["needs"] = _calibrated(x[masks["needs"]], needs, NEEDS_C)
    flagged = _pick(gold, masks["reasons"])
    bundle["reasons"] = [
        _binary(x[masks["reasons"]], np.array([r in g.reasons for g in flagged]), 1.0) for r in REASONS
    ]
    bundle["meta"] = {"topic_threshold": TOPIC_THRESHOLD, "needs_threshold": NEEDS_THRESHOLD}
    return compact(bundle)


def compact(bundle: dict[str, Any]) -> dict[str, Any]:
    """Shrink the bundle for shipping: plain-int vocabularies (skops writes a numpy integer as a
    file of its own) and single-precision weights (the scores change in the seventh decimal)."""
    for key in ("vec_words", "vec_title", "vec_chars"):
        vec = bundle[key]
        vec.vocabulary_ = {term: int(i) for term, i in vec.vocabulary_.items()}
        vec.idf_ = vec.idf_.astype(np.float32)
    for model in _linear_models(bundle):
        model.coef_ = model.coef_.astype(np.float32)
    return bundle


def _linear_models(bundle: dict[str, Any]) -> list[LogisticRegression]:
    found = [bundle["scope"], bundle["tone"], *bundle["topics"], *bundle["reasons"]]
    needs = bundle["needs"]
    if isinstance(needs, CalibratedClassifierCV):
        found.extend(c.estimator for c in needs.calibrated_classifiers_)
    else:
        found.append(needs)
    return [m for m in found if isinstance(m, LogisticRegression)]


def final_scope(rule_scope: str, model_scope: str) -> str:
    """The gazetteer's certain decisions win (no place at all → other; An Lão in the title or lead
    → an-lao); the model chooses between Hải Phòng and a passing mention for the rest."""
    if rule_scope in ("other", "an-lao"):
        return rule_scope
    return "hai-phong" if model_scope == "an-lao" else model_scope


def _positive(model: Any, x: sparse.csr_matrix) -> np.ndarray:
    if model is None:
        return np.zeros(x.shape[0])
    return np.asarray(model.predict_proba(x)[:, 1])


def _by_class(model: Any, row: np.ndarray) -> dict[str, float]:
    return {str(c): round(float(p), 4) for c, p in zip(model.classes_, row, strict=True)}


def _topics(scores: dict[str, float], threshold: float) -> list[str]:
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    chosen = [c for c, s in ranked if s >= threshold][:MAX_TOPICS]
    return chosen or ([ranked[0][0]] if ranked and ranked[0][1] >= threshold / 2 else [])


def predict(
    bundle: dict[str, Any], feats: Sequence[ItemFeatures], rule_scopes: Sequence[str]
) -> list[Prediction]:
    """Labels and scores of ``feats``, given the rule scope of each item."""
    x = _matrix(bundle, feats)
    meta = bundle.get("meta", {})
    scope_p = bundle["scope"].predict_proba(x)
    tone_p = bundle["tone"].predict_proba(x)
    topic_p = np.column_stack([_positive(m, x) for m in bundle["topics"]])
    reason_p = np.column_stack([_positive(m, x) for m in bundle["reasons"]])
    flag = _positive(bundle["needs"], x)
    out = []
    for i, rule_scope in enumerate(rule_scopes):
        scopes = _by_class(bundle["scope"], scope_p[i])
        scope = final_scope(rule_scope, max(scopes, key=lambda s: scopes[s]))
        out.append(_one(bundle, meta, scope, scopes, tone_p[i], topic_p[i], reason_p[i], float(flag[i])))
    return out


def _one(
    bundle: dict[str, Any],
    meta: dict[str, Any],
    scope: str,
    scopes: dict[str, float],
    tone_row: np.ndarray,
    topic_row: np.ndarray,
    reason_row: np.ndarray,
    flag: float,
) -> Prediction:
    local = scope != "other"
    topic_scores = {c: round(float(p), 4) for c, p in zip(bundle["topic_codes"], topic_row, strict=True)}
    tones = _by_class(bundle["tone"], tone_row)
    flag = flag if local else 0.0
    needs = flag >= float(meta.get("needs_threshold", NEEDS_THRESHOLD))
    reason_scores = {r: round(float(p), 4) for r, p in zip(REASONS, reason_row, strict=True)}
    reasons = [r for r, p in reason_scores.items() if p >= REASON_THRESHOLD] if needs else []
    if needs and not reasons:
        reasons = [max(reason_scores, key=lambda r: reason_scores[r])]
    return Prediction(
        scope=scope,
        scope_scores=scopes,
        topics=_topics(topic_scores, float(meta.get("topic_threshold", TOPIC_THRESHOLD))) if local else [],
        topic_scores=topic_scores,
        tone=max(tones, key=lambda t: tones[t]) if local else "neutral",
        tone_scores=tones,
        flag_score=flag,
        needs_response=needs,
        reasons=reasons,
        reason_scores=reason_scores,
    )
