"""The ``crawl_runs`` table: one row per crawl run and source, created when the crawl starts, finished
with its counters and status, marked ``interrupted`` when its process died; the only module that
writes it, and the queries that read it.

A crawl killed or crashed leaves its rows at ``running``; the next crawl marks them ``interrupted`` so
that the sources page does not show a dead run as running. It holds its var folder's crawl lock, so no
other crawl of its installation is alive; a row of another server's crawl is left alone while that
crawl's lease on the source lives (``pipeline.storage.crawl_leases``), and marked once it lapsed.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.storage import sources
from pipeline.storage.schema import CrawlRun

log = logging.getLogger(__name__)

RUNNING = "running"
INTERRUPTED = "interrupted"
INTERRUPTED_NOTE = "the run stopped before it finished (killed or crashed); the pages it stored are kept"
COUNTERS = ("fetched", "new", "updated", "unchanged", "failed", "robots_skipped", "skipped")


@dataclass(frozen=True)
class RunOutcome:
    """What a finished crawl of one source counted and how it ended (ok, partial or unreachable)."""

    status: str
    counts: Mapping[str, int] = field(default_factory=dict)
    last_error: str = ""
    skipped_detail: list[str] = field(default_factory=list)


def start_run(session: Session, run_id: str, source_ids: Iterable[str], started: datetime) -> None:
    """One ``running`` row per source of a starting run, so that a crash stays visible."""
    session.add_all(CrawlRun(run_id=run_id, source_id=s, started_at=started) for s in source_ids)


def finish_run(
    session: Session, run_id: str, outcomes: Mapping[str, RunOutcome], finished: datetime
) -> list[CrawlRun]:
    """Fill in the counters and final status of a run's rows, and each source's last crawl."""
    rows = run_rows(session, run_id)
    for row in rows:
        outcome = outcomes.get(row.source_id, RunOutcome("unreachable"))
        for key in COUNTERS:
            setattr(row, key, int(outcome.counts.get(key, 0)))
        row.finished_at = finished
        row.status = outcome.status
        row.last_error = outcome.last_error
        row.skipped_detail = list(outcome.skipped_detail)
        sources.record_crawl(session, row.source_id, finished, row.status)
    return rows


def mark_interrupted(
    session: Session, alive: Collection[tuple[str, str]], run_id: str | None = None
) -> list[CrawlRun]:
    """Mark the ``running`` rows ``interrupted`` (``finished_at`` stays empty: when the run died is
    unknown), except those whose ``(run_id, source_id)`` is in ``alive`` (crawls of other servers whose
    lease lives); only ``run_id``'s rows when given. Returns the rows changed. Call only while holding
    the crawl lock."""
    query = select(CrawlRun).where(CrawlRun.status == RUNNING)
    if run_id is not None:
        query = query.where(CrawlRun.run_id == run_id)
    rows = [r for r in session.scalars(query) if (r.run_id, r.source_id) not in alive]
    for row in rows:
        row.status = INTERRUPTED
        row.last_error = row.last_error or INTERRUPTED_NOTE
    if rows:
        log.warning("marked %d crawl run rows of an earlier run as interrupted", len(rows))
    return rows


def run_rows(session: Session, run_id: str) -> list[CrawlRun]:
    """The per-source rows of one crawl run."""
    return list(
        session.scalars(select(CrawlRun).where(CrawlRun.run_id == run_id).order_by(CrawlRun.source_id))
    )


def last_good_starts(session: Session, source_ids: list[str]) -> dict[str, datetime]:
    """Per source, when its last crawl with status ``ok`` started."""
    rows = session.execute(
        select(CrawlRun.source_id, func.max(CrawlRun.started_at))
        .where(CrawlRun.status == "ok", CrawlRun.source_id.in_(source_ids))
        .group_by(CrawlRun.source_id)
    )
    found: dict[str, datetime] = {}
    for source_id, started in rows:
        if started is not None:  # max() over the UTCDateTime column comes back as text on SQLite
            when = started if isinstance(started, datetime) else datetime.fromisoformat(str(started))
            found[source_id] = when if when.tzinfo else when.replace(tzinfo=UTC)
    return found


def latest_by_source(session: Session) -> dict[str, Any]:
    """Each source's latest run: its counts of pages fetched, new and failed, and its last error."""
    latest = (
        select(CrawlRun.source_id, func.max(CrawlRun.id).label("last"))
        .group_by(CrawlRun.source_id)
        .subquery()
    )
    # Named columns only: the latest run's counts, whatever else later schemas add to crawl_runs.
    columns = (CrawlRun.source_id, CrawlRun.fetched, CrawlRun.new, CrawlRun.failed, CrawlRun.last_error)
    query = select(*columns).join(latest, CrawlRun.id == latest.c.last)
    return {r.source_id: r for r in session.execute(query)}
