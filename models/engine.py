"""The trained understanding models: fit on labelled items, predict labels with scores.

One bundle (a plain dict of scikit-learn objects, so skops can load it with an explicit list of
trusted types) holds five TF-IDF vectorisers (segmented words of the whole item, words of the
title, character n-grams of title and lead, the words around place mentions, syllable 1-2 grams of
the whole article) and linear models for
scope, topics (one-vs-rest), tone, needs_response and reasons. Each model reads the blocks that
measurably help it (``bundle["blocks"]``): the dense rule signals of :mod:`models.features` help
scope and topics but make the flag model lean on artefacts of the training set (text length tells
full articles from feed items), so the flag model reads the article's syllables alone and its score
adds the keyword rules' flag score with a weight that training chooses on held-out scores. That sum
ranks the items; a logistic curve fitted on held-out scores (``meta["flag_scale"]``) turns it into
the 0-1 ``flag_score`` shown to analysts.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from models.features import ItemFeatures
from pipeline.taxonomy import REASONS, RELEVANT_SCOPES
from pipeline.text.normalise import normalise_text
from pipeline.understand.segment import BODY_CHARS

log = logging.getLogger(__name__)

SEED = 42
SIGNAL_WEIGHT = 1.0
SCOPE_C = 1.0
TOPIC_C = 10.0
TONE_C = 1.0
NEEDS_C = 30.0
# Weight of the keyword rules' flag score (0-1) beside the flag model's decision value (log-odds) in
# cross-validation bundles; `train` re-chooses it for the final bundle (models.training.train.RULE_WEIGHTS).
RULE_FLAG_WEIGHT = 2.0
# A token pattern for already-split tokens such as "l<ngụ" (a word before a place in the lead).
SPACE_SEPARATED = r"\S+"
BLOCKS = {
    "scope": ("words", "title_words", "chars", "context", "signals", "evidence"),
    "topics": ("words", "title_words", "chars", "signals"),
    "tone": ("words", "title_words", "chars", "signals", "evidence"),
    "needs": ("syllables", "evidence"),
    "reasons": ("words", "title_words", "chars", "signals", "evidence"),
}
# The models that read the unlabelled representation when training is given one, and its weight. On the
# temporal evaluation (issue 13) it raised topics micro-F1 0.802 -> 0.829 and tone 0.810 -> 0.817, left
# relevance flat (0.906 -> 0.905) and cost the flag model precision (0.685 -> 0.638 at recall 0.85) and
# feed items' flag AP (0.926 -> 0.896): so the topic and tone models read it, scope and the flag do not.
LSA_MODELS = ("topics", "tone")
LSA_WEIGHT = 1.0
# Bundles trained before the blocks were chosen per model read all of these.
# The ranking score of items the gazetteer puts outside Hải Phòng: below every real one.
OTHER_RAW = -1e6
_LEGACY_BLOCKS = ("words", "title_words", "chars", "signals")
_VECTORISED = {
    "words": "vec_words",
    "title_words": "vec_title",
    "chars": "vec_chars",
    "context": "vec_context",
    "syllables": "vec_syllables",
    "evidence": "vec_evidence",
}
# Topics: the best-scoring topic always (an item about Hải Phòng has one), others over this.
TOPIC_THRESHOLD = 0.5
# Bundles trained before that rule: topics over 0.35, else the best one if over half of it.
_LEGACY_TOPIC_THRESHOLD = 0.35
NEEDS_THRESHOLD = 0.3
REASON_THRESHOLD = 0.35
MAX_TOPICS = 3


@dataclass(frozen=True)
class Gold:
    """The labels of one training item (codes of ``data/taxonomy.yaml``); ``None`` where an analyst's
    decision gave only some of them (a dismissed flag says nothing about topics)."""

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
    flag_raw: float = 0.0


def _vectorisers() -> dict[str, TfidfVectorizer]:
    return {
        "vec_words": TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=60_000),
        "vec_title": TfidfVectorizer(ngram_range=(1, 1), min_df=2, sublinear_tf=True),
        "vec_chars": TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=60_000
        ),
        "vec_syllables": TfidfVectorizer(
            ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=60_000
        ),
        "vec_context": TfidfVectorizer(
            token_pattern=SPACE_SEPARATED, lowercase=False, min_df=2, sublinear_tf=True
        ),
        # Few, strong tokens: counts (log-scaled), not TF-IDF, so a rare token is not over-weighted.
        "vec_evidence": TfidfVectorizer(
            token_pattern=SPACE_SEPARATED,
            lowercase=False,
            min_df=2,
            sublinear_tf=True,
            use_idf=False,
            norm=None,
        ),
    }


def lsa_text(title: str, lead: str, body: str) -> str:
    """An item's text as the unlabelled representation was fitted on (and reads it)."""
    return normalise_text(f"{title}\n{lead}\n{body[:BODY_CHARS]}").lower()


def _lsa(rep: dict[str, Any], texts: list[str]) -> np.ndarray:
    x = np.asarray(rep["vec"].transform(texts) @ rep["components"].T, dtype=np.float64)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)


def lsa_block(rep: dict[str, Any], feats: Sequence[ItemFeatures]) -> sparse.csr_matrix:
    """The unlabelled representation of the title and lead, and of the whole article, side by side
    (each L2-normalised), weighted by ``LSA_WEIGHT``."""
    short = _lsa(rep, [f.chars for f in feats])
    whole = _lsa(rep, [f.syllables[: BODY_CHARS * 2] for f in feats])
    return sparse.csr_matrix(np.hstack([short, whole]) * LSA_WEIGHT)


def _block(bundle: dict[str, Any], feats: Sequence[ItemFeatures], name: str) -> sparse.csr_matrix:
    if name == "lsa":
        return lsa_block(bundle["representation"], feats)
    if name == "signals":
        return sparse.csr_matrix(np.vstack([f.signals for f in feats]) * SIGNAL_WEIGHT)
    return bundle[_VECTORISED[name]].transform([getattr(f, name) for f in feats])


def _matrices(bundle: dict[str, Any], feats: Sequence[ItemFeatures]) -> dict[str, sparse.csr_matrix]:
    """One design matrix per model, each from its own blocks (each block computed once)."""
    chosen = bundle.get("blocks") or dict.fromkeys(BLOCKS, _LEGACY_BLOCKS)
    cache = {name: _block(bundle, feats, name) for name in {b for bs in chosen.values() for b in bs}}
    return {
        model: sparse.hstack([cache[b] for b in blocks], format="csr") for model, blocks in chosen.items()
    }


def _logreg(c: float = 10.0, solver: str = "lbfgs") -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=SEED, solver=solver)


def _binary(x: sparse.csr_matrix, y: np.ndarray, c: float = 10.0) -> LogisticRegression | None:
    # liblinear: the same model as lbfgs for one binary task on sparse text, several times faster.
    if y.sum() < 2 or y.sum() == len(y):
        return None
    return _logreg(c, "liblinear").fit(x, y)


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


def fit(
    feats: Sequence[ItemFeatures],
    gold: Sequence[Gold],
    topic_codes: Sequence[str],
    representation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Train every model of the bundle on ``feats`` labelled with ``gold`` (partial labels allowed);
    with a ``representation`` (:mod:`models.training.representation`), the models of
    ``LSA_MODELS`` also read it."""
    bundle: dict[str, Any] = dict(_vectorisers())
    bundle["blocks"] = {model: list(blocks) for model, blocks in BLOCKS.items()}
    if representation is not None:
        bundle["representation"] = {k: representation[k] for k in ("vec", "components")}
        for model in LSA_MODELS:
            bundle["blocks"][model].append("lsa")
    used = {b for blocks in BLOCKS.values() for b in blocks}
    for attr, key in _VECTORISED.items():
        if attr in used:
            bundle[key].fit([getattr(f, attr) for f in feats])
        else:
            del bundle[key]
    xs = _matrices(bundle, feats)
    masks = _masks(gold)
    scoped = _pick(gold, masks["scope"])
    bundle["scope"] = _logreg(SCOPE_C).fit(xs["scope"][masks["scope"]], [g.scope for g in scoped])
    topical = _pick(gold, masks["topics"])
    bundle["topic_codes"] = list(topic_codes)
    bundle["topics"] = [
        _binary(xs["topics"][masks["topics"]], np.array([c in (g.topics or ()) for g in topical]), TOPIC_C)
        for c in topic_codes
    ]
    toned = _pick(gold, masks["tone"])
    bundle["tone"] = _logreg(TONE_C).fit(xs["tone"][masks["tone"]], [g.tone for g in toned])
    needs = np.array([bool(g.needs_response) for g in _pick(gold, masks["needs"])])
    bundle["needs"] = _binary(xs["needs"][masks["needs"]], needs, NEEDS_C)
    flagged = _pick(gold, masks["reasons"])
    bundle["reasons"] = [
        _binary(xs["reasons"][masks["reasons"]], np.array([r in g.reasons for g in flagged]), 1.0)
        for r in REASONS
    ]
    bundle["meta"] = {
        "topic_threshold": TOPIC_THRESHOLD,
        "topic_first_always": True,
        "needs_threshold": NEEDS_THRESHOLD,
        "rule_flag_weight": RULE_FLAG_WEIGHT,
        "flag_scale": [1.0, 0.0],
    }
    return compact(bundle)


def compact(bundle: dict[str, Any]) -> dict[str, Any]:
    """Shrink the bundle for shipping: plain-int vocabularies (skops writes a numpy integer as a
    file of its own) and single-precision weights (the scores change in the seventh decimal)."""
    for key in (k for k in _VECTORISED.values() if k in bundle):
        vec = bundle[key]
        vec.vocabulary_ = {term: int(i) for term, i in vec.vocabulary_.items()}
        if vec.use_idf:
            vec.idf_ = vec.idf_.astype(np.float32)
    for model in _linear_models(bundle):
        model.coef_ = model.coef_.astype(np.float32)
    return bundle


def _linear_models(bundle: dict[str, Any]) -> list[LogisticRegression]:
    found = [bundle["scope"], bundle["tone"], bundle["needs"], *bundle["topics"], *bundle["reasons"]]
    return [m for m in found if isinstance(m, LogisticRegression)]


def final_scope(rule_scope: str, model_scope: str, an_lao_main: bool = False) -> str:
    """The gazetteer's certain decisions win (no place at all → other; An Lão in the title or lead
    → an-lao); the model chooses between Hải Phòng and a passing mention for the rest, and an item
    about Hải Phòng whose body places its story in An Lão is about An Lão."""
    if rule_scope in ("other", "an-lao"):
        return rule_scope
    if model_scope in RELEVANT_SCOPES:
        return "an-lao" if an_lao_main else "hai-phong"
    return model_scope


def flag_raw(bundle: dict[str, Any], x: sparse.csr_matrix, feats: Sequence[ItemFeatures]) -> np.ndarray:
    """The ranking score of the flag: the flag model's decision value plus the weighted keyword
    rules' flag score (old bundles: their calibrated probability)."""
    model = bundle["needs"]
    if model is None:
        return np.zeros(x.shape[0])
    if "rule_flag_weight" not in bundle.get("meta", {}):
        return _positive(model, x)
    weight = float(bundle["meta"]["rule_flag_weight"])
    return np.asarray(model.decision_function(x)) + weight * np.array([f.rule_flag for f in feats])


def flag_probability(meta: dict[str, Any], raw: float) -> float:
    """The shown 0-1 flag score of a ranking score (a logistic curve fitted on held-out scores)."""
    if "flag_scale" not in meta:
        return raw
    slope, intercept = meta["flag_scale"]
    z = max(-30.0, min(30.0, slope * raw + intercept))
    return 1.0 / (1.0 + math.exp(-z))


def _positive(model: Any, x: sparse.csr_matrix) -> np.ndarray:
    if model is None:
        return np.zeros(x.shape[0])
    return np.asarray(model.predict_proba(x)[:, 1])


def _by_class(model: Any, row: np.ndarray) -> dict[str, float]:
    return {str(c): round(float(p), 4) for c, p in zip(model.classes_, row, strict=True)}


def _topics(scores: dict[str, float], meta: dict[str, Any]) -> list[str]:
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked:
        return []
    if meta.get("topic_first_always"):
        threshold = float(meta.get("topic_threshold", TOPIC_THRESHOLD))
        return [ranked[0][0], *(c for c, s in ranked[1:] if s >= threshold)][:MAX_TOPICS]
    threshold = float(meta.get("topic_threshold", _LEGACY_TOPIC_THRESHOLD))
    chosen = [c for c, s in ranked if s >= threshold][:MAX_TOPICS]
    return chosen or ([ranked[0][0]] if ranked[0][1] >= threshold / 2 else [])


def predict(
    bundle: dict[str, Any], feats: Sequence[ItemFeatures], rule_scopes: Sequence[str]
) -> list[Prediction]:
    """Labels and scores of ``feats``, given the rule scope of each item."""
    xs = _matrices(bundle, feats)
    meta = bundle.get("meta", {})
    scope_p = bundle["scope"].predict_proba(xs["scope"])
    tone_p = bundle["tone"].predict_proba(xs["tone"])
    topic_p = np.column_stack([_positive(m, xs["topics"]) for m in bundle["topics"]])
    reason_p = np.column_stack([_positive(m, xs["reasons"]) for m in bundle["reasons"]])
    raw = flag_raw(bundle, xs["needs"], feats)
    out = []
    for i, rule_scope in enumerate(rule_scopes):
        scopes = _by_class(bundle["scope"], scope_p[i])
        scope = final_scope(rule_scope, max(scopes, key=lambda s: scopes[s]), feats[i].an_lao_main)
        flag = flag_probability(meta, float(raw[i]))
        pred = _one(bundle, meta, scope, scopes, tone_p[i], topic_p[i], reason_p[i], flag)
        out.append(replace(pred, flag_raw=float(raw[i]) if scope != "other" else OTHER_RAW))
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
        topics=_topics(topic_scores, meta) if local else [],
        topic_scores=topic_scores,
        tone=max(tones, key=lambda t: tones[t]) if local else "neutral",
        tone_scores=tones,
        flag_score=flag,
        needs_response=needs,
        reasons=reasons,
        reason_scores=reason_scores,
    )
