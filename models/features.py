"""Model inputs of one item: segmented word text, title text, character text and rule signals.

The text parts go to TF-IDF vectorisers (their default token pattern keeps the underscores that
join the syllables of a word, so no custom tokenizer has to be trusted when loading); the rule
signals are a short dense vector built from the gazetteer and keyword evidence, so the models can
lean on the explainable layer (where the places are named, which keywords fired).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from pipeline.normalise import normalise_text
from pipeline.records import REASONS, SCOPES
from pipeline.segment import segment
from pipeline.tagging import RuleEvidence

# The body beyond this adds little to topic or tone and costs segmentation time.
BODY_CHARS = 3000
CHAR_CHARS = 1500
FIELDS = ("title", "lead", "body")
PLACE_SCOPES = ("an-lao", "hai-phong")


@dataclass(frozen=True)
class ItemFeatures:
    """The inputs of every model for one item."""

    words: str
    title_words: str
    chars: str
    signals: np.ndarray


def _lower_segment(text: str) -> str:
    return segment(normalise_text(text)).lower()


def _place_signals(ev: RuleEvidence) -> list[float]:
    counts = []
    for field in FIELDS:
        for scope in PLACE_SCOPES:
            n = sum(1 for m in ev.places if m.field == field and m.scope == scope)
            counts.append(math.log1p(n))
    distinct = len({m.place_id for m in ev.places})
    return [*counts, math.log1p(distinct), *(float(ev.scope == s) for s in SCOPES)]


def _keyword_signals(ev: RuleEvidence, topic_codes: tuple[str, ...]) -> list[float]:
    topics = [math.log1p(ev.topics.get(c, (0.0, []))[0]) for c in topic_codes]
    tones = [math.log1p(ev.tones.get(c, (0.0, []))[0]) for c in ("positive", "negative")]
    reasons = [math.log1p(ev.reasons.get(c, (0.0, []))[0]) for c in REASONS]
    return [*topics, *tones, *reasons]


def signal_names(topic_codes: tuple[str, ...]) -> list[str]:
    """Names of the dense signals, in vector order (for the model card and debugging)."""
    places = [f"places:{f}:{s}" for f in FIELDS for s in PLACE_SCOPES]
    return [
        *places,
        "places:distinct",
        *(f"rule-scope:{s}" for s in SCOPES),
        *(f"kw-topic:{c}" for c in topic_codes),
        "kw-tone:positive",
        "kw-tone:negative",
        *(f"kw-reason:{c}" for c in REASONS),
        "text:plain",
        "text:length",
    ]


def item_features(ev: RuleEvidence, topic_codes: tuple[str, ...]) -> ItemFeatures:
    """Everything the models read of one item; segments the text once."""
    lead_body = " ".join(part for part in (ev.lead, ev.body[:BODY_CHARS]) if part)
    title = _lower_segment(ev.title)
    rest = _lower_segment(lead_body)
    length = len(ev.title) + len(ev.lead) + len(ev.body)
    signals = [
        *_place_signals(ev),
        *_keyword_signals(ev, topic_codes),
        float(ev.plain),
        math.log1p(length) / 10.0,
    ]
    chars = normalise_text(f"{ev.title}\n{ev.lead}"[:CHAR_CHARS]).lower()
    return ItemFeatures(f"{title} {rest}", title, chars, np.asarray(signals, dtype=np.float64))
