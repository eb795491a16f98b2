"""Typed records passed between pipeline stages (the record contracts are in the README)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# An item without a summary: its lead is the start of its body, this long.
LEAD_CHARS = 400


@dataclass(frozen=True)
class FeedMeta:
    """What a feed or listing said about an article, kept beside what the page gave."""

    title: str = ""
    summary: str = ""
    published: str = ""
    author: str = ""
    feed_url: str = ""

    def as_dict(self) -> dict[str, str]:
        """Plain dict for JSON storage, without empty fields."""
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class RawPage:
    """One fetched article page, as the crawler received it."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    source_id: str
    feed: FeedMeta = field(default_factory=FeedMeta)
    # The IANA zone the registry assumes for the source's times written without an offset ("" when
    # it assumes none: such times are read as UTC, and the record says so).
    timezone: str = ""


@dataclass(frozen=True)
class ArticleRecord:
    """An article ready for storage: extracted, normalised to NFC, with provenance."""

    id: str
    url: str
    canonical_url: str
    source_id: str
    title: str
    summary: str
    body: str
    byline: str
    published_at: datetime | None
    fetched_at: datetime
    extraction_method: str
    language: str = "vi"
    published_method: str = ""
    feed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemText:
    """The text fields of an item that the stages read."""

    title: str
    summary: str
    body: str
    published: datetime | None

    def parts(self) -> tuple[str, str, str]:
        """Title, lead and body as the stages read them: the summary is the lead when there is one,
        else the first ``LEAD_CHARS`` characters of the body are."""
        if self.summary:
            return self.title, self.summary, self.body
        return self.title, self.body[:LEAD_CHARS], self.body[LEAD_CHARS:]


@dataclass(frozen=True)
class PlaceMatch:
    """A gazetteer place found in an article, with the text that matched."""

    place_id: str
    name: str
    scope: str
    evidence: str
    field: str  # title | lead | body
    ambiguous: bool = False


# The labels of an item in the ``tag`` and ``export`` contracts, in their order there.
LABEL_FIELDS = ("scope", "places", "topics", "tone", "needs_response", "flag_score", "reasons")


@dataclass(frozen=True)
class Assessment:
    """What the understanding stages decided about one article, and why."""

    scope: str
    places: list[PlaceMatch]
    topics: list[str]
    topic_scores: dict[str, float]
    tone: str
    needs_response: bool
    flag_score: float
    reasons: list[str]
    evidence: dict[str, Any]
    model_version: str

    def label_dict(self) -> dict[str, Any]:
        """The assessment fields of the ``tag``/``export`` contract (:data:`LABEL_FIELDS`)."""
        return {
            "scope": self.scope,
            "places": sorted({p.name for p in self.places}),
            "topics": list(self.topics),
            "tone": self.tone,
            "needs_response": self.needs_response,
            "flag_score": round(self.flag_score, 4),
            "reasons": list(self.reasons),
        }
