"""The quarterly press briefing (giao ban báo chí hàng quý): report periods and the figures counted.

An item belongs to a period by its publication time in Vietnam's time zone; "about Hải Phòng"
means scope an-lao or hai-phong, incidental mentions are counted apart and never in the totals.
Everything here is a pure function over the item records of a snapshot (``report_snapshot``), so
every format (``report_markdown``, ``report_docx``, ``report_sheets``) shows the same numbers.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pipeline.dates import VN_TZ
from pressmon.errors import UserError

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
RELEVANT = ("an-lao", "hai-phong")
CLOSED_STATUSES = ("responded", "dismissed")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
UNTAGGED = ""  # topic key of relevant items no topic matched, so they still show up
TOTAL_KEYS = ("collected", "hai_phong", "an_lao", "incidental", "flagged")


@dataclass(frozen=True)
class Period:
    """A reporting period, a quarter (``2026Q3``) or a year (``2025``), bounded in Vietnam time."""

    label: str
    start: datetime
    end: datetime
    kind: str = "quarter"

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        year = self.start.year
        if self.kind == "year":
            return parse_year(str(year - 1))
        quarter = (self.start.month - 1) // 3 + 1
        return parse_quarter(f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}")

    @property
    def title_vi(self) -> str:
        """``Quý III năm 2026`` or ``Năm 2025``, as administrative reports name periods."""
        if self.kind == "year":
            return f"Năm {self.start.year}"
        return f"Quý {ROMAN[(self.start.month - 1) // 3 + 1]} năm {self.start.year}"

    @property
    def title_vi_inline(self) -> str:
        """The title inside a sentence: ``quý III năm 2026``."""
        return self.title_vi[0].lower() + self.title_vi[1:]

    @property
    def short_vi(self) -> str:
        """``Quý 3/2026`` or ``Năm 2025``."""
        if self.kind == "year":
            return f"Năm {self.start.year}"
        return f"Quý {(self.start.month - 1) // 3 + 1}/{self.start.year}"

    @property
    def last_day(self) -> date:
        """The last calendar day inside the period (the end bound is exclusive)."""
        return (self.end - timedelta(days=1)).date()


def parse_quarter(text: str) -> Period:
    """``2026Q3`` → the quarter's bounds in Vietnam time; a clear error for anything else."""
    match = _QUARTER.match(text.strip())
    if not match:
        raise UserError(f"Invalid quarter {text!r}: expected the form YYYYQn, e.g. 2026Q3.")
    year, quarter = int(match[1]), int(match[2])
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=VN_TZ)
    end = datetime(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1, tzinfo=VN_TZ)
    return Period(f"{year}Q{quarter}", start, end)


def parse_year(text: str) -> Period:
    """``2025`` → that calendar year in Vietnam time; a clear error for anything else."""
    match = _YEAR.match(text.strip())
    if not match or not 1990 <= int(match[1]) <= 2100:
        raise UserError(f"Invalid year {text!r}: expected the form YYYY, e.g. 2025.")
    year = int(match[1])
    return Period(
        str(year), datetime(year, 1, 1, tzinfo=VN_TZ), datetime(year + 1, 1, 1, tzinfo=VN_TZ), "year"
    )


def parse_period(quarter: str | None, year: str | None) -> Period:
    """Exactly one of ``--quarter`` and ``--year``."""
    if bool(quarter) == bool(year):
        raise UserError("Give exactly one of --quarter YYYYQn (e.g. 2026Q3) or --year YYYY (e.g. 2025).")
    return parse_quarter(quarter) if quarter else parse_year(year or "")


def period_from_label(label: str) -> Period:
    """The period a stored label (``2026Q3`` or ``2025``) names."""
    return parse_year(label) if _YEAR.match(label) else parse_quarter(label)


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
    return f"{(now - before) / before:+.0%}".replace(".", ",")


def weekly_counts(items: list[dict[str, Any]], period: Period) -> list[tuple[date, int, int]]:
    """Per week (starting Monday, clipped to the period): (first day, collected, about Hải Phòng)."""
    first = period.start.date()
    weeks: dict[date, list[int]] = {}
    day = first
    while day < period.end.date():
        weeks.setdefault(max(first, day - timedelta(days=day.weekday())), [0, 0])
        day += timedelta(days=1)
    for item in items:
        published = datetime.fromisoformat(item["published"]).astimezone(VN_TZ).date()
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


def _stories(items: list[dict[str, Any]]) -> list[Story]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        groups[item["story_id"] or item["id"]].append(item)
    stories = []
    for key, members in groups.items():
        members.sort(key=lambda i: (i["published"], i["id"]))
        sources = tuple(sorted({m["source"] for m in members}))
        statuses = tuple(sorted({m["review_status"] or "new" for m in members}))
        stories.append(Story(key, members[0], len(members), sources, statuses))
    return stories


def positive_stories(
    items: list[dict[str, Any]], topics: list[str], per_topic: int = 5
) -> dict[str, list[Story]]:
    """Per topic, the main positive stories about Hải Phòng: one per story, most re-published first."""
    out: dict[str, list[Story]] = {}
    for topic in [*topics, UNTAGGED]:
        chosen = [
            i
            for i in items
            if i["scope"] in RELEVANT and i["tone"] == "positive" and topic in (i["topics"] or [UNTAGGED])
        ]
        ranked = sorted(_stories(chosen), key=lambda s: (-s.items, s.first["published"], s.story_id))
        if ranked:
            out[topic] = ranked[:per_topic]
    return out


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
