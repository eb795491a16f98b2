"""The label vocabulary: its codes, and the taxonomy (``data/taxonomy.yaml``) that names them in
Vietnamese and gives the keyword evidence of topics, tones and reasons.

This is the one place that knows the codes. Scopes, tones, reasons and review statuses are a contract
(the labelled data, ``tag`` and ``export`` records, the stored assessments), so the code names them
here once and :func:`load_taxonomy` refuses a file whose codes differ; topics are the file's own. The
Vietnamese names come only from the file. Each topic, tone and reason may carry keywords;
:class:`KeywordSet` finds them in text with word boundaries, on the normalised text or, for text typed
without diacritics, on its folded form.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import PressmonError
from pipeline.text.normalise import fold, normalise_text

SCOPES = ("an-lao", "hai-phong", "incidental", "other")
# Items about the city, An Lão included: what the office follows; incidental mentions are counted apart.
RELEVANT_SCOPES = ("an-lao", "hai-phong")
TONES = ("positive", "neutral", "negative")
REASONS = ("wrongdoing", "complaint", "misinformation", "sensitive", "public-impact")
REVIEW_STATUSES = ("new", "in-review", "response-needed", "responded", "dismissed")
OPEN_STATUSES = ("new", "in-review", "response-needed")
CLOSED_STATUSES = ("responded", "dismissed")
# The sections whose codes are fixed by the code, in the file's order.
_FIXED = {"scopes": SCOPES, "tones": TONES, "reasons": REASONS, "review_statuses": REVIEW_STATUSES}


@dataclass(frozen=True)
class KeywordSet:
    """Keywords of one label, compiled for text with and without diacritics."""

    code: str
    exact: re.Pattern[str] | None
    folded: re.Pattern[str] | None

    @classmethod
    def build(cls, code: str, keywords: list[str]) -> KeywordSet:
        """Compile ``keywords`` (longest first so a phrase beats its own prefix)."""
        words = sorted({normalise_text(k).lower() for k in keywords if k.strip()}, key=len, reverse=True)
        if not words:
            return cls(code, None, None)
        folded = sorted({fold(w) for w in words}, key=len, reverse=True)
        return cls(code, _alternation(words), _alternation(folded))

    def find(self, haystack: str, plain: bool) -> list[str]:
        """The keywords present in ``haystack`` (already lower-cased, or folded when not ``plain``)."""
        pattern = self.exact if plain else self.folded
        return pattern.findall(haystack) if pattern else []


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


@dataclass(frozen=True)
class Taxonomy:
    scopes: dict[str, str]
    topics: dict[str, str]
    tones: dict[str, str]
    reasons: dict[str, str]
    statuses: dict[str, str]
    topic_keywords: tuple[KeywordSet, ...]
    tone_keywords: tuple[KeywordSet, ...]
    reason_keywords: tuple[KeywordSet, ...]
    digest: str
    # Keywords written with a capital letter: names, matched only where the text capitalises them too
    # ("biển Đông", the East Sea, against "biển đông", a crowded beach: pipeline.understand.case_bound).
    names: tuple[str, ...] = ()


def _names(entries: list[dict[str, Any]]) -> dict[str, str]:
    return {e["code"]: e["name"] for e in entries}


def _keywords(entries: list[dict[str, Any]]) -> tuple[KeywordSet, ...]:
    return tuple(KeywordSet.build(e["code"], e.get("keywords") or []) for e in entries)


def _capitalised(*sections: list[dict[str, Any]]) -> tuple[str, ...]:
    words = {str(k).strip() for entries in sections for e in entries for k in e.get("keywords") or []}
    return tuple(sorted(normalise_text(k) for k in words if k != k.lower()))


def _check_codes(path: Path, data: dict[str, Any]) -> None:
    for section, codes in _FIXED.items():
        found = tuple(e.get("code") for e in data.get(section) or [])
        if found != codes:
            raise PressmonError(
                f"Taxonomy {path}: section {section!r} must list the codes {', '.join(codes)} in this "
                f"order (they are the contract of the labelled data and the exports); it lists {found}."
            )


@lru_cache(maxsize=4)
def load_taxonomy(path: Path) -> Taxonomy:
    """Read ``taxonomy.yaml`` once per process."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    _check_codes(path, data)
    return Taxonomy(
        scopes=_names(data["scopes"]),
        topics=_names(data["topics"]),
        tones=_names(data["tones"]),
        reasons=_names(data["reasons"]),
        statuses=_names(data["review_statuses"]),
        topic_keywords=_keywords(data["topics"]),
        tone_keywords=_keywords(data["tones"]),
        reason_keywords=_keywords(data["reasons"]),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest()[:8],
        names=_capitalised(data["topics"], data["tones"], data["reasons"]),
    )
