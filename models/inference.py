"""Assessments from the trained bundle, on top of the explainable rule layer.

The gazetteer decides what it is sure of (no Hải Phòng place at all → ``other``; An Lão named in
the title or lead → ``an-lao``); the trained models decide the rest (Hải Phòng or only a passing
mention, topics, tone, the flag). The evidence keeps both: the places and keyword phrases found,
and the models' scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.artefact import load_bundle
from models.engine import Prediction, predict
from models.features import item_features
from pipeline.records import Assessment, ItemText
from pipeline.taxonomy import Taxonomy
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.rules import RuleEvidence, rule_evidence

_SHOWN_TOPICS = 5


def _evidence(version: str, ev: RuleEvidence, pred: Prediction) -> dict[str, Any]:
    top = sorted(pred.topic_scores.items(), key=lambda kv: -kv[1])[:_SHOWN_TOPICS]
    return {
        "method": version,
        "rule_scope": ev.scope,
        **ev.phrases(),
        "scores": {
            "scope": pred.scope_scores,
            "topics": dict(top),
            "tone": pred.tone_scores,
            "flag": round(pred.flag_score, 4),
            "reasons": pred.reason_scores,
        },
    }


def to_assessment(version: str, ev: RuleEvidence, pred: Prediction) -> Assessment:
    """The record stored and exported for one item."""
    return Assessment(
        scope=pred.scope,
        places=ev.places,
        topics=pred.topics,
        topic_scores={c: s for c, s in pred.topic_scores.items() if s >= 0.05},
        tone=pred.tone,
        needs_response=pred.needs_response,
        flag_score=round(pred.flag_score, 4),
        reasons=pred.reasons,
        evidence=_evidence(version, ev, pred),
        model_version=version,
    )


@dataclass(frozen=True)
class ModelAssessor:
    """The loaded bundle with the gazetteer and taxonomy it reads evidence from."""

    bundle: dict[str, Any]
    gazetteer: Gazetteer
    taxonomy: Taxonomy

    @classmethod
    def load(cls, path: Path, gazetteer: Gazetteer, taxonomy: Taxonomy) -> ModelAssessor:
        """Load ``path`` (a checked location) for these data files."""
        return cls(load_bundle(path), gazetteer, taxonomy)

    @property
    def version(self) -> str:
        """Artefact version plus the digests of the data files the evidence comes from."""
        meta = self.bundle["meta"]
        return f"{meta.get('version', 'model')}-{self.gazetteer.digest}-{self.taxonomy.digest}"

    def assess_many(self, items: Sequence[ItemText]) -> list[Assessment]:
        """Assessments of ``items``, vectorised in one go."""
        if not items:
            return []
        evs = [rule_evidence(item, self.gazetteer, self.taxonomy) for item in items]
        codes = tuple(self.bundle["topic_codes"])
        feats = [item_features(ev, codes) for ev in evs]
        preds = predict(self.bundle, feats, [ev.scope for ev in evs])
        version = self.version
        return [to_assessment(version, ev, p) for ev, p in zip(evs, preds, strict=True)]

    def assess(self, item: ItemText) -> Assessment:
        """The assessment of one item."""
        return self.assess_many([item])[0]
