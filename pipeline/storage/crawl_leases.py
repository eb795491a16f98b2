"""The ``crawl_leases`` table: which crawl holds a source, until when; the only module that writes it.

Several crawl servers may share one database, each with its own var folder (and file lock). A crawl
takes a source only when no other crawl holds a live lease on it: one conditional upsert per source
(insert, or take over a lease that has lapsed or whose owner is this very installation), so two
servers never both take one source. The holder's heartbeat moves ``expires_at`` forward while it
crawls; a holder that dies (SIGKILL, power loss) stops renewing, and once its lease lapses another
crawl may take the source and mark the dead run's rows interrupted (``crawl_runs.mark_interrupted``).

Times come from each server's clock: servers sharing a database keep them in step (NTP); a skew of a
few seconds against a lease of minutes is harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from pipeline.storage.bulk import upsert
from pipeline.storage.schema import CrawlLease

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Holder:
    """A crawl asking for leases: its run, its owner (host and var folder) and its process id."""

    run_id: str
    owner: str
    pid: int


@dataclass(frozen=True)
class Taken:
    """What a crawl asked for: the sources it now holds, and the live leases of others it must leave."""

    sources: list[str]
    held_by_others: list[CrawlLease]


def acquire(
    session: Session, holder: Holder, source_ids: Iterable[str], now: datetime, lease: timedelta
) -> Taken:
    """Take the lease of every source in ``source_ids`` that is free, lapsed or left by a dead run of
    the same owner (the caller holds the owner's file lock, so no other of its crawls is alive)."""
    ids = sorted(set(source_ids))  # one order on every server: no two acquisitions wait on each other
    taken_over = or_(CrawlLease.expires_at < now, CrawlLease.owner == holder.owner)
    for source_id in ids:
        row = {
            "source_id": source_id,
            "run_id": holder.run_id,
            "owner": holder.owner,
            "pid": holder.pid,
            "acquired_at": now,
            "expires_at": now + lease,
        }
        replace = ("run_id", "owner", "pid", "acquired_at", "expires_at")
        upsert(session, CrawlLease, [row], "source_id", replace=replace, where=taken_over)
    session.flush()
    query = select(CrawlLease).where(CrawlLease.source_id.in_(ids))
    leases = list(session.scalars(query.execution_options(populate_existing=True)))
    mine = sorted(r.source_id for r in leases if r.run_id == holder.run_id)
    others = sorted((r for r in leases if r.run_id != holder.run_id), key=lambda r: r.source_id)
    return Taken(mine, others)


def renew(session: Session, run_id: str, now: datetime, lease: timedelta) -> int:
    """Move the expiry of ``run_id``'s leases to ``now + lease``; returns how many it still holds."""
    result = session.execute(
        update(CrawlLease).where(CrawlLease.run_id == run_id).values(expires_at=now + lease)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def release(session: Session, run_id: str) -> None:
    """Let go of ``run_id``'s leases (the crawl ended, whatever way)."""
    session.execute(delete(CrawlLease).where(CrawlLease.run_id == run_id))


def live_runs(session: Session, now: datetime, owner: str) -> set[tuple[str, str]]:
    """``(run_id, source_id)`` of every live lease of another owner: crawls of other servers alive now."""
    query = select(CrawlLease.run_id, CrawlLease.source_id).where(
        CrawlLease.expires_at >= now, CrawlLease.owner != owner
    )
    return {(run_id, source_id) for run_id, source_id in session.execute(query)}
