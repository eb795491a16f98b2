"""The figures of the quarterly press briefing (giao ban báo chí hàng quý).

An item belongs to a period by its publication time in Vietnam's time zone; "about Hải Phòng"
means scope an-lao or hai-phong, incidental mentions are counted apart and never in the totals.
Everything here is a pure function over the item records of a snapshot (``pipeline.report.snapshot``),
so every format shows the same numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pipeline.clock import local_zone
from pipeline.report.period import Period
from pipeline.taxonomy import CLOSED_STATUSES
from pipeline.taxonomy import RELEVANT_SCOPES as RELEVANT
from pipeline.text.vi_format import vi_number, vi_percent

UNTAGGED = ""  # topic key of relevant items no topic matched, so they still show up

TOTAL_KEYS = ("collected", "hai_phong", "an_lao", "incidental", "flagged")
NBSP = "\u00a0"  # between a figure and its "%", so "+341 %" never breaks across lines
# A story about An Lão weighs more in the highlights than one about the rest of the city.
SCOPE_WEIGHT = {"an-lao": 2.0, "hai-phong": 1.0}


@dataclass
class Summary:
    """Counts of one period: totals, and per outlet, topic and tone (topic/tone: relevant items only)."""

    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TOTAL_KEYS, 0))
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)
    by_topic: dict[str, dict[str, int]] = field(default_factory=dict)
    by_tone: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        return cls(**data)


def _bump(table: dict[str, dict[str, int]], key: str, scope: str) -> None:
    row = table.setdefault(key, {"collected": 0, "hai_phong": 0, "an_lao": 0, "incidental": 0})
    row["collected"] += 1
    if scope in RELEVANT:
        row["hai_phong"] += 1
    if scope == "an-lao":
        row["an_lao"] += 1
    if scope == "incidental":
        row["incidental"] += 1


def summarise(items: list[dict[str, Any]]) -> Summary:
    """The counts of ``items`` (snapshot or export records)."""
    summary = Summary()
    for item in items:
        scope = item["scope"]
        _bump(summary.by_source, item["source"], scope)
        summary.totals["collected"] += 1
        summary.totals["hai_phong"] += scope in RELEVANT
        summary.totals["an_lao"] += scope == "an-lao"
        summary.totals["incidental"] += scope == "incidental"
        summary.totals["flagged"] += bool(item["needs_response"])
        if scope in RELEVANT:
            for topic in item["topics"] or [UNTAGGED]:
                _bump(summary.by_topic, topic, scope)
            _bump(summary.by_tone, item["tone"], scope)
    return summary


def change(now: int, before: int | None) -> str:
    """The relative change against the previous period, as reports write it."""
    if before is None:
        return "—"
    if before == 0:
        return "—" if now == 0 else "mới"
    return percent((now - before) / before, signed=True)


def number(n: int) -> str:
    """``1120`` → ``1.120``, as Vietnamese writes thousands."""
    return vi_number(n)


def percent(share: float, signed: bool = False) -> str:
    """``0.25`` → ``25 %`` (``+25 %`` when signed): whole percentages in the briefing."""
    return vi_percent(share, 0, signed)


def weekly_counts(items: list[dict[str, Any]], period: Period) -> list[tuple[date, int, int]]:
    """Per week (starting Monday, clipped to the period): (first day, collected, about Hải Phòng)."""
    first = period.start.date()
    weeks: dict[date, list[int]] = {}
    day = first
    while day < period.end.date():
        weeks.setdefault(max(first, day - timedelta(days=day.weekday())), [0, 0])
        day += timedelta(days=1)
    for item in items:
        published = datetime.fromisoformat(item["published"]).astimezone(local_zone()).date()
        key = max(first, published - timedelta(days=published.weekday()))
        if key in weeks:
            weeks[key][0] += 1
            weeks[key][1] += item["scope"] in RELEVANT
    return [(k, v[0], v[1]) for k, v in sorted(weeks.items())]


@dataclass(frozen=True)
class Story:
    """A story (items sharing a story_id) represented by its earliest item."""

    story_id: str
    first: dict[str, Any]
    items: int
    sources: tuple[str, ...]
    statuses: tuple[str, ...] = ()
    promotional: bool = False  # any of its items reads as PR or advertising (pipeline.report.promo)
    weight: float = 1.0  # relevance: the strongest scope among its items (SCOPE_WEIGHT)
    topic_scores: dict[str, float] = field(default_factory=dict)  # per topic, its items' highest score

    @property
    def reach(self) -> float:
        """How widely it was carried (outlets × items), weighted by its relevance."""
        return len(self.sources) * self.items * self.weight


def _stories(items: list[dict[str, Any]]) -> list[Story]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        groups[item["story_id"] or item["id"]].append(item)
    stories = []
    for key, members in groups.items():
        members.sort(key=lambda i: (i["published"], i["id"]))
        sources = tuple(sorted({m["source"] for m in members}))
        statuses = tuple(sorted({m["review_status"] or "new" for m in members}))
        promotional = any(m.get("promotional", False) for m in members)
        weight = max(SCOPE_WEIGHT.get(m["scope"], 1.0) for m in members)
        scores: dict[str, float] = {}
        for member in members:  # snapshots frozen before topic scores were kept have none
            for topic, score in member.get("topic_scores", {}).items():
                scores[topic] = max(score, scores.get(topic, 0.0))
        story = Story(key, members[0], len(members), sources, statuses, promotional, weight, scores)
        stories.append(story)
    return stories


def _positive(items: list[dict[str, Any]], topic: str | None = None) -> list[Story]:
    """Stories of the positive items about Hải Phòng (of ``topic`` when given): widest reach first, then
    the ones most about the topic (its score; the best of any topic without one), then the earliest."""
    chosen = [
        i
        for i in items
        if i["scope"] in RELEVANT
        and i["tone"] == "positive"
        and (topic is None or topic in (i["topics"] or [UNTAGGED]))
    ]

    def relevance(story: Story) -> float:
        scores = story.topic_scores
        return scores.get(topic, 0.0) if topic is not None else max(scores.values(), default=0.0)

    ranked = sorted(
        _stories(chosen), key=lambda s: (-s.reach, -relevance(s), s.first["published"], s.story_id)
    )
    return ranked


def highlight_candidates(items: list[dict[str, Any]]) -> list[Story]:
    """Every positive story about Hải Phòng, widest reach first: what an analyst may pin or drop."""
    return _positive(items)


def positive_stories(
    items: list[dict[str, Any]],
    topics: list[str],
    pinned: tuple[str, ...] = (),
    dropped: tuple[str, ...] = (),
    per_topic: int = 5,
) -> dict[str, list[Story]]:
    """Per topic, the main positive stories about Hải Phòng, one line per story.

    Ranked by reach (outlets × items, weighted by relevance); PR and advertising left out; the
    analyst's pinned stories come first (even one that reads as PR), dropped ones never show.
    """
    out: dict[str, list[Story]] = {}
    for topic in [*topics, UNTAGGED]:
        stories = [s for s in _positive(items, topic) if s.story_id not in dropped]
        first = [s for s in stories if s.story_id in pinned]
        rest = [s for s in stories if s.story_id not in pinned and not s.promotional]
        if first or rest:
            out[topic] = (first + rest)[: max(per_topic, len(first))]
    return out


def negative_topics(items: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Topics of the negative items about Hải Phòng, most first (untagged items left out)."""
    counter = Counter(
        topic for i in items if i["scope"] in RELEVANT and i["tone"] == "negative" for topic in i["topics"]
    )
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def flagged_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items flagged for a response, in publication order."""
    return sorted((i for i in items if i["needs_response"]), key=lambda i: (i["published"], i["id"]))


def open_stories(items: list[dict[str, Any]]) -> list[Story]:
    """Stories with a flagged item whose review is not closed (responded or dismissed)."""
    still_open = [i for i in flagged_items(items) if i["review_status"] not in CLOSED_STATUSES]
    return sorted(_stories(still_open), key=lambda s: (s.first["published"], s.story_id))


def model_versions(items: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """The assessment model versions behind the counted items, most used first."""
    counter = Counter(i["model_version"] or "—" for i in items)
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
