"""Why an item was flagged, as the item page explains it: each reason with the phrases behind it (or
marked as the model's alone), and which part of the flag score came from the model and which from the
keyword rules.

How the score is made (``models.engine``): the flag model's decision value (it reads the article's
words) plus ``rule_flag_weight`` times the keyword rules' own 0-1 flag score, turned into the shown
0-1 score by the logistic curve ``flag_scale`` fitted when the model was trained. Taking the rules'
part away again gives the score the model alone would have shown. An assessment made by the keyword
rules alone (``rules-…`` versions) owes its whole score to them.
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.records import ItemText
from pipeline.taxonomy import Taxonomy
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.rules import RULES_VERSION, rule_evidence, rule_flag_score


@dataclass(frozen=True)
class ReasonLine:
    """A reason code, the phrases of it the page highlights, and whether it is one of the item's reasons
    (``chosen``) or only phrases the keyword rules counted."""

    code: str
    phrases: tuple[str, ...]
    chosen: bool

    @property
    def model_only(self) -> bool:
        """A reason given with no phrase of its own in the text: the model's judgement alone."""
        return self.chosen and not self.phrases


def reason_lines(
    reasons: Iterable[str], phrases: Mapping[str, Iterable[str]], shown: set[str]
) -> list[ReasonLine]:
    """The item's reasons first, each with its phrases that are highlighted in the text (``shown``);
    then the other reasons whose phrases are highlighted (they raised the rules' part of the score)."""
    chosen = list(dict.fromkeys(reasons))
    found = {code: tuple(sorted(p for p in set(words) if p in shown)) for code, words in phrases.items()}
    lines = [ReasonLine(code, found.get(code, ()), True) for code in chosen]
    return lines + [ReasonLine(c, ps, False) for c, ps in sorted(found.items()) if ps and c not in chosen]


@dataclass(frozen=True)
class ScoreParts:
    """The shown flag score and its parts (None where they cannot be told apart)."""

    score: float
    threshold: float | None
    rules: float | None  # the keyword rules' own 0-1 flag score
    weight: float | None  # its weight beside the model's decision value
    model_only: float | None  # the score the model alone would have shown

    @property
    def rules_only(self) -> bool:
        return self.weight is None and self.rules is not None


def by_rules_alone(model_version: str) -> bool:
    """Whether an assessment was made by the keyword rules without a trained model."""
    return model_version.startswith(RULES_VERSION)


def _shown_score(slope: float, intercept: float, raw: float) -> float:
    # models.engine.flag_probability, the curve the model applies; importing that module costs the
    # page seconds (scikit-learn), and tests/unit/dashboard/test_explain.py holds the two equal.
    z = max(-30.0, min(30.0, slope * raw + intercept))
    return 1.0 / (1.0 + math.exp(-z))


def score_parts(score: float, rules: float, meta: Mapping[str, Any] | None) -> ScoreParts:
    """Split ``score`` into the model's and the rules' parts with the model's ``meta`` (None: the
    rules labelled alone)."""
    if meta is None:
        return ScoreParts(score, None, rules, None, None)
    threshold = meta.get("needs_threshold")
    threshold = float(threshold) if threshold is not None else None
    scale, weight = meta.get("flag_scale"), meta.get("rule_flag_weight")
    if scale is None or weight is None or not 0.0 < score < 1.0:
        return ScoreParts(score, threshold, None, None, None)
    slope, intercept = (float(v) for v in scale)
    raw = (math.log(score / (1.0 - score)) - intercept) / slope
    model_only = _shown_score(slope, intercept, raw - float(weight) * rules)
    return ScoreParts(score, threshold, rules, float(weight), model_only)


def rules_score(
    title: str, summary: str, body: str, published: datetime | None, gaz: Gazetteer, tax: Taxonomy
) -> float:
    """The keyword rules' flag score of the item's text (the part the model adds to its own)."""
    return rule_flag_score(rule_evidence(ItemText(title, summary, body, published), gaz, tax))


def _plain(node: dict[str, Any]) -> Any:
    """A value of a skops schema made of JSON, list and dict nodes only (anything else: KeyError)."""
    loader = node["__loader__"]
    if loader == "JsonNode":
        return json.loads(node["content"])
    if loader == "ListNode":
        return [_plain(child) for child in node["content"]]
    if loader == "DictNode":
        return {key: _plain(child) for key, child in node["content"].items()}
    raise KeyError(loader)


def stored_meta(path: Path) -> dict[str, Any] | None:
    """The ``meta`` of a model bundle read from its skops file's schema (plain JSON, nothing built or
    run), in a fraction of the seconds loading the bundle takes; None when the file does not have the
    expected layout (the caller then loads the bundle)."""
    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
        meta = _plain(schema["content"]["meta"])
    except (OSError, KeyError, TypeError, ValueError, zipfile.BadZipFile):
        return None
    return meta if isinstance(meta, dict) else None
