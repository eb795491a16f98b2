"""The ``sources`` table: the registry mirrored into the database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pipeline.clock import utcnow
from pipeline.storage.schema import (
    Source,
)


def sync_sources(session: Session, sources: Iterable[dict[str, Any]]) -> int:
    """Mirror the registry into the ``sources`` table; returns how many entries it holds."""
    count = 0
    for entry in sources:
        row = session.get(Source, entry["id"]) or Source(id=entry["id"])
        row.name = entry["name"]
        row.kind = entry["kind"]
        row.homepage = entry.get("homepage", "")
        row.confidence = entry["confidence"]
        row.enabled = bool(entry.get("enabled", True))
        row.config = {k: v for k, v in entry.items() if k not in {"id", "name", "kind", "confidence"}}
        row.updated_at = utcnow()
        session.add(row)
        count += 1
    return count


def record_crawl(session: Session, source_id: str, finished: datetime, status: str) -> None:
    """Remember when a source was last crawled and how that crawl ended."""
    source = session.get(Source, source_id)
    if source is not None:
        source.last_crawl_at, source.last_status = finished, status
