"""Model inputs of one item: segmented word text, title text, character text, the words around
each place mention, the plain syllables of the whole article, and rule signals.

The text parts go to TF-IDF vectorisers (their token patterns are plain strings: the default keeps
the underscores that join the syllables of a word, so no custom tokenizer has to be trusted when
loading); the rule signals are a short dense vector built from the gazetteer and keyword evidence,
so the models can lean on the explainable layer (where the places are named, which keywords fired).
The mention context ("ngụ Hải Phòng", "CLB Hải Phòng", "tại Hải Phòng", a list of provinces) is
what tells an item about the city from a passing mention.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from pipeline.taxonomy import REASONS, RELEVANT_SCOPES, SCOPES
from pipeline.text.normalise import fold, has_diacritics, normalise_text
from pipeline.understand.evidence import OTHER_PROVINCES, evidence_tokens
from pipeline.understand.relevance import an_lao_is_main_place
from pipeline.understand.rules import RuleEvidence, rule_flag_score
from pipeline.understand.segment import BODY_CHARS, model_texts, segment

# The flag model reads syllables (no segmentation, so it can afford the whole article, up to this).
SYLLABLE_CHARS = 20_000
CHAR_CHARS = 1500
FIELDS = ("title", "lead", "body")
# Words and punctuation either side of a place mention; how many of each, and of how many mentions.
_CONTEXT_TOKEN = re.compile(r"\w+|[^\w\s]")
CONTEXT_WORDS = 2
CONTEXT_MENTIONS = 6


@dataclass(frozen=True)
class ItemFeatures:
    """The inputs of every model for one item."""

    words: str
    title_words: str
    chars: str
    signals: np.ndarray
    context: str = ""
    syllables: str = ""
    rule_flag: float = 0.0
    an_lao_main: bool = False
    # Tokens of pipeline.understand.evidence (residence, lists, routes, clubs, officials …, the view).
    evidence: str = ""


def _place_signals(ev: RuleEvidence) -> list[float]:
    counts = []
    for field in FIELDS:
        for scope in RELEVANT_SCOPES:
            n = sum(1 for m in ev.places if m.field == field and m.scope == scope)
            counts.append(math.log1p(n))
    distinct = len({m.place_id for m in ev.places})
    return [*counts, math.log1p(distinct), *(float(ev.scope == s) for s in SCOPES)]


def _keyword_signals(ev: RuleEvidence, topic_codes: tuple[str, ...]) -> list[float]:
    topics = [math.log1p(ev.topics.get(c, (0.0, []))[0]) for c in topic_codes]
    tones = [math.log1p(ev.tones.get(c, (0.0, []))[0]) for c in ("positive", "negative")]
    reasons = [math.log1p(ev.reasons.get(c, (0.0, []))[0]) for c in REASONS]
    return [*topics, *tones, *reasons]


def _haystack(text: str) -> str:
    # The form the gazetteer matched in (pipeline.relevance.find_places), so its evidence is found.
    return normalise_text(text).lower() if has_diacritics(text) else fold(text)


def _around(hay: str, start: int, end: int, field: str) -> list[str]:
    before = _CONTEXT_TOKEN.findall(hay[max(0, start - 40) : start])[-CONTEXT_WORDS:]
    after = _CONTEXT_TOKEN.findall(hay[end : end + 40])[:CONTEXT_WORDS]
    near = [f"{field}<{w}" for w in before] + [f"{field}>{w}" for w in after]
    return [*near, f"{field}<{before[-1]}|{after[0]}"] if before and after else near


@lru_cache(maxsize=1)
def _province_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = {normalise_text(n).lower() for n in OTHER_PROVINCES}

    def alternation(words: set[str]) -> re.Pattern[str]:
        ordered = sorted(words, key=len, reverse=True)
        return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)")

    return alternation(names), alternation({fold(n) for n in names})


def province_tokens(ev: RuleEvidence) -> list[str]:
    """One ``t:prov`` / ``l:prov`` token per other province the title / lead names (plus
    ``t:prov2`` / ``l:prov2`` when two or more)."""
    exact, folded = _province_patterns()
    tokens: list[str] = []
    for field, text in (("t", ev.title), ("l", ev.lead)):
        plain = has_diacritics(text)
        found = set((exact if plain else folded).findall(_haystack(text)))
        tokens.extend([f"{field}:prov"] * len(found) + ([f"{field}:prov2"] if len(found) >= 2 else []))
    return tokens


def mention_context(ev: RuleEvidence) -> str:
    """Tokens of the words next to each place mention, by field (``l<ngụ``, ``t>:`` …), and of
    the other provinces the title and lead name."""
    tokens: list[str] = province_tokens(ev)
    for field, text in (("title", ev.title), ("lead", ev.lead), ("body", ev.body[:BODY_CHARS])):
        found = sorted({m.evidence for m in ev.places if m.field == field})
        if not found:
            continue
        hay = _haystack(text)
        spans = sorted((m.start(), m.end()) for e in found for m in re.finditer(re.escape(e), hay))
        for start, end in spans[:CONTEXT_MENTIONS]:
            tokens.extend(_around(hay, start, end, field[0]))
    return " ".join(tokens)


def signal_names(topic_codes: tuple[str, ...]) -> list[str]:
    """Names of the dense signals, in vector order (for the model card and debugging)."""
    places = [f"places:{f}:{s}" for f in FIELDS for s in RELEVANT_SCOPES]
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
    title_text, rest_text = model_texts(ev.title, ev.lead, ev.body)
    title, rest = segment(title_text).lower(), segment(rest_text).lower()
    length = len(ev.title) + len(ev.lead) + len(ev.body)
    signals = [
        *_place_signals(ev),
        *_keyword_signals(ev, topic_codes),
        float(ev.plain),
        math.log1p(length) / 10.0,
    ]
    chars = normalise_text(f"{ev.title}\n{ev.lead}"[:CHAR_CHARS]).lower()
    return ItemFeatures(
        f"{title} {rest}",
        title,
        chars,
        np.asarray(signals, dtype=np.float64),
        mention_context(ev),
        normalise_text(f"{ev.title}\n{ev.lead}\n{ev.body}"[:SYLLABLE_CHARS]).lower(),
        rule_flag_score(ev),
        an_lao_is_main_place(ev.places),
        " ".join(evidence_tokens(ev.title, ev.lead, ev.body, ev.places)),
    )
