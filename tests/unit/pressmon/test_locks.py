"""pressmon.locks.leased on a real SQLite database: the heartbeat renews a crawl's leases while it runs,
they are let go at its end (an error included), and a crawl whose every source is held elsewhere refuses."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from pipeline.clock import utcnow
from pipeline.errors import AlreadyRunning
from pipeline.storage import crawl_leases
from pipeline.storage.engine import transaction
from pipeline.storage.schema import CrawlLease
from pressmon.locks import lease_owner, leased, new_holder

LEASE_SECONDS = 3.0


def _expiry(engine: Engine, source_id: str) -> object:
    with transaction(engine) as session:
        return session.scalar(select(CrawlLease.expires_at).where(CrawlLease.source_id == source_id))


def test_the_heartbeat_renews_the_leases_and_the_end_lets_them_go(engine: Engine, tmp_path: Path) -> None:
    holder = new_holder(tmp_path / "var", "run-1")
    assert holder.owner == lease_owner(tmp_path / "var") and holder.owner.endswith(str(tmp_path / "var"))
    broke = pytest.raises(RuntimeError, match="the crawl broke")
    with broke, leased(engine, holder, ["haiphong", "anlao"], LEASE_SECONDS) as taken:
        assert taken.sources == ["anlao", "haiphong"]
        first = _expiry(engine, "haiphong")
        time.sleep(LEASE_SECONDS / 3 + 0.8)  # one beat
        assert _expiry(engine, "haiphong") > first  # type: ignore[operator]
        raise RuntimeError("the crawl broke")
    with transaction(engine) as session:
        assert list(session.scalars(select(CrawlLease))) == []


def test_a_crawl_whose_every_source_is_held_elsewhere_refuses(engine: Engine, tmp_path: Path) -> None:
    other = crawl_leases.Holder("run-other", "may-2:/opt/pressmon/var", 812)
    with transaction(engine) as session:
        crawl_leases.acquire(session, other, ["haiphong"], utcnow(), timedelta(minutes=3))
    holder = new_holder(tmp_path / "var", "run-2")
    refused = pytest.raises(
        AlreadyRunning, match=r"another server: haiphong \(may-2:/opt/pressmon/var, pid 812\)"
    )
    with refused, leased(engine, holder, ["haiphong"], LEASE_SECONDS):
        pass
    with leased(engine, holder, ["haiphong", "anlao"], LEASE_SECONDS) as taken:
        assert taken.sources == ["anlao"]
        assert [(r.source_id, r.run_id) for r in taken.held_by_others] == [("haiphong", "run-other")]
