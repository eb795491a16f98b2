"""First-level understanding: topics, tone and the needs-response flag from keyword evidence.

A pure function of the article's text, the gazetteer and the taxonomy. Every label carries the
phrases that produced it, so an analyst can see why an item was flagged. Trained models (issue 4)
replace the scoring here; the evidence format stays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.records import Assessment, ItemText, PlaceMatch
from pipeline.settings import RULES_FLAG_THRESHOLD
from pipeline.taxonomy import KeywordSet, Taxonomy
from pipeline.text.normalise import fold, has_diacritics, normalise_text
from pipeline.understand.case_bound import mask_uncapitalised
from pipeline.understand.gazetteer import Gazetteer
from pipeline.understand.keyword_scan import LabelScanners, build_scanners
from pipeline.understand.relevance import decide_scope, places_of

RULES_VERSION = "rules-1"
# Title words weigh most, then the lead, then the body.
_FIELD_WEIGHTS = (2.0, 1.5, 1.0)
_TOPIC_MIN = 2.0
_TONE_MIN = 2.0
_REASON_MIN = 1.5
_RELEVANCE_FACTOR = {"an-lao": 1.0, "hai-phong": 1.0, "incidental": 0.25, "other": 0.0}


Hits = dict[str, tuple[float, list[str]]]


@dataclass(frozen=True)
class _Labels:
    """A taxonomy's topic, tone and reason keyword sets in one tuple, with their one-pass scanners."""

    groups: tuple[tuple[KeywordSet, ...], ...]
    sets: tuple[KeywordSet, ...]
    scanners: LabelScanners | None


# By the id of a taxonomy's topic sets; the entry holds the sets, so that id stays theirs.
_labels: dict[int, _Labels] = {}


def _labels_of(tax: Taxonomy) -> _Labels:
    groups = (tax.topic_keywords, tax.tone_keywords, tax.reason_keywords)
    entry = _labels.get(id(tax.topic_keywords))
    if entry is None or any(a is not b for a, b in zip(entry.groups, groups, strict=True)):
        if len(_labels) >= 8:
            _labels.clear()
        sets = tuple(ks for group in groups for ks in group)
        entry = _labels[id(tax.topic_keywords)] = _Labels(groups, sets, build_scanners(sets))
    return entry


def _found(labels: _Labels, hay: str, plain: bool) -> list[list[str]]:
    """Each set's keywords in ``hay``: one pass for all sets, or set by set (the same lists)."""
    if labels.scanners is None:
        return [ks.find(hay, plain) for ks in labels.sets]
    return (labels.scanners.exact if plain else labels.scanners.folded).find(hay)


def _scores(tax: Taxonomy, haystacks: tuple[str, ...], plain: bool) -> tuple[Hits, Hits, Hits]:
    """Weighted keyword counts and distinct phrases of every topic, tone and reason."""
    labels = _labels_of(tax)
    scores, phrases = [0.0] * len(labels.sets), [set[str]() for _ in labels.sets]
    for hay, weight in zip(haystacks, _FIELD_WEIGHTS, strict=True):
        for index, found in enumerate(_found(labels, hay, plain)):
            if found:
                scores[index] += weight * len(found)
                phrases[index].update(found)
    hits = [(ks.code, (scores[i], sorted(phrases[i]))) for i, ks in enumerate(labels.sets)]
    topics, tones = len(tax.topic_keywords), len(tax.topic_keywords) + len(tax.tone_keywords)
    return dict(hits[:topics]), dict(hits[topics:tones]), dict(hits[tones:])


def _tone(scope: str, tones: dict[str, tuple[float, list[str]]]) -> str:
    if scope == "other":
        return "neutral"
    pos, neg = tones.get("positive", (0.0, []))[0], tones.get("negative", (0.0, []))[0]
    if neg >= _TONE_MIN and neg > 1.2 * pos:
        return "negative"
    if pos >= _TONE_MIN and pos > 1.2 * neg:
        return "positive"
    return "neutral"


def rule_flag_score(ev: RuleEvidence) -> float:
    """The keyword rules' flag score of an item (0-1): the trained flag model adds it to its own
    score, so a complaint phrase the training days never showed still raises an item."""
    return _flag(ev.scope, _tone(ev.scope, ev.tones), ev.reasons)


def _flag(scope: str, tone: str, reasons: dict[str, tuple[float, list[str]]]) -> float:
    factor = _RELEVANCE_FACTOR[scope]
    raw = sum(score for score, _ in reasons.values())
    bonus = 0.1 if tone == "negative" and factor == 1.0 and raw > 0 else 0.0
    return min(1.0, factor * (1.0 - math.exp(-raw / 3.0)) + bonus)


@dataclass(frozen=True)
class RuleEvidence:
    """What the gazetteer and the taxonomy keywords find in an item: the explainable layer."""

    title: str
    lead: str
    body: str
    places: list[PlaceMatch]
    scope: str
    plain: bool
    topics: dict[str, tuple[float, list[str]]]
    tones: dict[str, tuple[float, list[str]]]
    reasons: dict[str, tuple[float, list[str]]]

    def phrases(self) -> dict[str, Any]:
        """Keyword phrases found, by label kind and code (the evidence shown to analysts)."""
        return {
            "topics": {c: p for c, (s, p) in self.topics.items() if p},
            "tone": {c: p for c, (s, p) in self.tones.items() if p},
            "reasons": {c: p for c, (s, p) in self.reasons.items() if p},
        }


@lru_cache(maxsize=8)
def _lowered(names: tuple[str, ...], plain: bool) -> tuple[str, ...]:
    return tuple(n.lower() if plain else fold(n) for n in names)


def _haystack(text: str, plain: bool, names: tuple[str, ...]) -> str:
    """The text as keywords are matched on: lower-cased (or folded, without diacritics), with names
    written without their capitals ("biển đông": a crowded beach) masked, as they are not the name."""
    hay = normalise_text(text).lower() if plain else fold(text)
    if any(name in hay for name in _lowered(names, plain)):  # rare: only then map the text by character
        hay = (
            mask_uncapitalised(normalise_text(text), names).lower()
            if plain
            else fold(mask_uncapitalised(text, names))
        )
    return hay


def rule_evidence(item: ItemText, gaz: Gazetteer, tax: Taxonomy) -> RuleEvidence:
    """Places, rule scope and keyword hits of one item."""
    title, lead, body = item.parts()
    places = places_of(gaz, title, lead, body, item.published)
    plain = has_diacritics(" ".join((title, lead, body[:2000])))
    # Names written without their capitals ("biển đông": a crowded beach) are not the name.
    hay = tuple(_haystack(t, plain, tax.names) for t in (title, lead, body))
    return RuleEvidence(
        title,
        lead,
        body,
        places,
        decide_scope(places),
        plain,
        *_scores(tax, hay, plain),
    )


def assess_rules(ev: RuleEvidence, version: str, threshold: float = RULES_FLAG_THRESHOLD) -> Assessment:
    """The keyword-rule labels of an item from its evidence."""
    scope, topic_hits, reason_hits = ev.scope, ev.topics, ev.reasons
    ranked = sorted(topic_hits.items(), key=lambda kv: -kv[1][0])
    topics = [code for code, (s, _) in ranked if s >= _TOPIC_MIN][:3] if scope != "other" else []
    tone = _tone(scope, ev.tones)
    flag_score = _flag(scope, tone, reason_hits)
    needs = flag_score >= threshold
    reasons = [code for code, (s, _) in reason_hits.items() if s >= _REASON_MIN] if needs else []
    if needs and not reasons:
        reasons = [max(reason_hits.items(), key=lambda kv: kv[1][0])[0]]
    return Assessment(
        scope=scope,
        places=ev.places,
        topics=topics,
        topic_scores={c: round(s / (s + _TOPIC_MIN), 3) for c, (s, _) in topic_hits.items() if s},
        tone=tone,
        needs_response=needs,
        flag_score=flag_score,
        reasons=reasons,
        evidence={"method": RULES_VERSION, **ev.phrases()},
        model_version=version,
    )


def rules_version(gaz: Gazetteer, tax: Taxonomy) -> str:
    """The version recorded with rule assessments: the rules and the data files they read."""
    return f"{RULES_VERSION}-{gaz.digest}-{tax.digest}"


def assess(
    item: ItemText, gaz: Gazetteer, tax: Taxonomy, threshold: float = RULES_FLAG_THRESHOLD
) -> Assessment:
    """Scope, places, topics, tone and the needs-response flag of one item by the keyword rules."""
    return assess_rules(rule_evidence(item, gaz, tax), rules_version(gaz, tax), threshold)
