"""Frozen report snapshots: the items and figures a period's report counted, kept in ``reports``.

The first report of a period stores its snapshot; later runs render from it, so the document handed
over stays the same even when items dated inside the period arrive later or are re-assessed.
``--refresh`` builds a new snapshot, replaces the stored one and lists what changed. The previous
period's figures come from its own snapshot when it has one (what was reported then), else live.
The analyst's draft (pinned and dropped highlights, edited sections: ``pipeline.report.drafts``) is
frozen with it. Each item carries ``promotional`` (``pipeline.report.promo``), read from the title
and summary when the snapshot is built.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from pipeline.clock import iso_local
from pipeline.records import LABEL_FIELDS
from pipeline.report.cases import collect_cases
from pipeline.report.drafts import Editorial, load_editorial
from pipeline.report.figures import Summary, summarise
from pipeline.report.period import Period, period_from_label
from pipeline.report.promo import is_promotional
from pipeline.storage.schema import Article, AssessmentRow, ReportRow, Review, Source
from pipeline.storage.sources import switches
from pipeline.storage.views import articles_query

log = logging.getLogger(__name__)

SNAPSHOT_VERSION = 1
ITEM_FIELDS = (
    "id",
    "published",
    "source",
    "title",
    "url",
    *LABEL_FIELDS,
    "story_id",
    "review_status",
    "response_note",
    "response_url",
    "model_version",
    "promotional",
)


@dataclass
class Snapshot:
    """Everything a report renders from; JSON-serialisable through ``to_json``."""

    period: Period
    frozen_at: datetime
    items: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    previous: Summary
    previous_basis: str = "live"
    previous_frozen_at: str = ""
    editorial: Editorial = field(default_factory=Editorial)
    # The cases of the period (``pipeline.report.cases``): absent from snapshots frozen before cases.
    cases: list[dict[str, Any]] = field(default_factory=list)
    summary: Summary = field(init=False)

    def __post_init__(self) -> None:
        self.summary = summarise(self.items)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": SNAPSHOT_VERSION,
            "period": self.period.label,
            "frozen_at": self.frozen_at.isoformat(),
            "items": self.items,
            "sources": self.sources,
            "previous": {
                "label": self.period.previous().label,
                "basis": self.previous_basis,
                "frozen_at": self.previous_frozen_at,
                "summary": self.previous.to_json(),
            },
            "editorial": self.editorial.to_json(),
            "cases": self.cases,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        prev = data["previous"]
        return cls(
            period=period_from_label(data["period"]),
            frozen_at=datetime.fromisoformat(data["frozen_at"]),
            items=data["items"],
            sources=data["sources"],
            previous=Summary.from_json(prev["summary"]),
            previous_basis=prev["basis"],
            previous_frozen_at=prev["frozen_at"],
            editorial=Editorial.from_json(data.get("editorial")),  # absent from snapshots before drafts
            cases=data.get("cases", []),
        )

    @property
    def source_names(self) -> dict[str, str]:
        return {s["id"]: s["name"] for s in self.sources}


# Plain columns rather than ORM objects: building 20,000 entities costs more than the query itself.
_COLUMNS = (
    Article.id,
    Article.published_at,
    Article.source_id,
    Article.title,
    Article.summary,
    Article.url,
    Article.story_id,
    AssessmentRow.scope,
    AssessmentRow.places,
    AssessmentRow.topics,
    AssessmentRow.topic_scores,
    AssessmentRow.tone,
    AssessmentRow.needs_response,
    AssessmentRow.flag_score,
    AssessmentRow.reasons,
    AssessmentRow.model_version,
    Review.status,
    Review.note,
    Review.response_url,
)


def _item(row: Row[Any]) -> dict[str, Any]:
    """The export record's fields (``flat_record``) without the text, plus the review's response."""
    return {
        "id": row.id,
        "published": iso_local(row.published_at),
        "source": row.source_id,
        "title": row.title,
        "url": row.url,
        "scope": row.scope or "",
        "places": sorted({p["name"] for p in row.places or []}),
        "topics": list(row.topics or []),
        "tone": row.tone or "",
        "needs_response": bool(row.needs_response),
        "flag_score": row.flag_score or 0.0,
        "reasons": list(row.reasons or []),
        "story_id": row.story_id or "",
        "review_status": row.status or "",
        "response_note": row.note or "",
        "response_url": row.response_url or "",
        "model_version": row.model_version or "",
        "promotional": is_promotional(row.title, row.summary or ""),
        # How strongly the item is about each topic: ranks highlights of equal reach (not exported).
        "topic_scores": dict(row.topic_scores or {}),
    }


def collect_items(session: Session, period: Period) -> list[dict[str, Any]]:
    """The snapshot records of the items published in ``period``, in publication order."""
    query = articles_query(period.start, period.end).with_only_columns(*_COLUMNS)
    return [_item(row) for row in session.execute(query)]


def _sources(session: Session, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    followed = switches(session)  # whether each source is in force: the registry or an administrator
    known = {
        s.id: {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "confidence": s.confidence,
            "enabled": followed[s.id].enabled,
        }
        for s in session.scalars(select(Source))
    }
    for source in {i["source"] for i in items} - set(known):
        # An item imported from an outlet absent from the registry still needs a row in the appendix.
        known[source] = {"id": source, "name": source, "kind": "", "confidence": "", "enabled": False}
    return sorted(known.values(), key=lambda s: s["id"])


def _previous(session: Session, period: Period) -> tuple[Summary, str, str]:
    prev = period.previous()
    row = load_row(session, prev.label)
    if row is not None:
        stored = Snapshot.from_json(row.snapshot)
        return stored.summary, "snapshot", stored.frozen_at.isoformat()
    return summarise(collect_items(session, prev)), "live", ""


def latest_published(session: Session, now: datetime) -> datetime | None:
    """When the newest item not dated in the future was published (None: no dated item)."""
    return session.scalar(select(func.max(Article.published_at)).where(Article.published_at <= now))


def build_snapshot(session: Session, period: Period, now: datetime) -> Snapshot:
    """A new snapshot of ``period`` from the database as it is now."""
    items = collect_items(session, period)
    previous, basis, frozen = _previous(session, period)
    editorial = load_editorial(session, period.label)
    cases = collect_cases(session, period)
    return Snapshot(period, now, items, _sources(session, items), previous, basis, frozen, editorial, cases)


def load_row(session: Session, label: str) -> ReportRow | None:
    return session.scalars(select(ReportRow).where(ReportRow.period == label)).one_or_none()


def load_snapshot(session: Session, period: Period) -> Snapshot | None:
    """The stored snapshot of ``period``, if any."""
    row = load_row(session, period.label)
    return Snapshot.from_json(row.snapshot) if row is not None else None


def store_snapshot(session: Session, snapshot: Snapshot) -> None:
    """Insert or replace the snapshot of its period (the file hashes are reset with it)."""
    row = load_row(session, snapshot.period.label)
    if row is None:
        row = ReportRow(period=snapshot.period.label)
        session.add(row)
    row.snapshot = snapshot.to_json()
    row.files = {}
    row.created_at = snapshot.frozen_at


def record_file(session: Session, period: Period, fmt: str, sha256: str) -> str | None:
    """Remember the hash of a file generated from the stored snapshot; returns the earlier hash."""
    row = load_row(session, period.label)
    if row is None:
        return None
    earlier = row.files.get(fmt)
    if earlier is None:
        row.files = {**row.files, fmt: sha256}
    return earlier if isinstance(earlier, str) else None


def diff_snapshots(old: Snapshot, new: Snapshot) -> list[str]:
    """What a refresh changed, one line per difference (empty when nothing did)."""
    lines = []
    for key, before in old.summary.totals.items():
        after = new.summary.totals[key]
        if after != before:
            lines.append(f"{key}: {before} → {after}")
    old_items = {i["id"]: i for i in old.items}
    new_items = {i["id"]: i for i in new.items}
    added, removed = new_items.keys() - old_items.keys(), old_items.keys() - new_items.keys()
    if added:
        lines.append(f"{len(added)} new items, e.g. {new_items[min(added)]['title']!r}")
    if removed:
        lines.append(f"{len(removed)} items no longer counted, e.g. {old_items[min(removed)]['title']!r}")
    watched = ("scope", "topics", "tone", "needs_response", "review_status", "response_url")
    for field_name in watched:
        changed = [
            k
            for k in old_items.keys() & new_items.keys()
            if old_items[k][field_name] != new_items[k][field_name]
        ]
        if changed:
            lines.append(f"{len(changed)} items with a different {field_name}")
    if old.editorial != new.editorial:
        lines.append("the analyst's highlights or texts changed since the last freeze")
    if old.previous.totals != new.previous.totals:
        lines.append(f"previous period totals: {old.previous.totals} → {new.previous.totals}")
    return lines
