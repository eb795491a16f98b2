"""pipeline.storage.crawl_leases on SQLite and PostgreSQL: a source is held by one crawl at a time; a
lapsed lease, or one left by a dead run of the same installation, is taken over; renewal and release."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from pipeline.storage.crawl_leases import Holder, acquire, live_runs, release, renew
from pipeline.storage.engine import transaction
from pipeline.storage.schema import CrawlLease
from tests.support.clock import CRAWL_NOW

LEASE = timedelta(seconds=60)
SERVER_A = Holder("run-a", "may-a:/srv/pressmon/var", 101)
SERVER_B = Holder("run-b", "may-b:/srv/pressmon/var", 202)


@pytest.fixture
def db(backend_engine: Engine) -> Engine:
    return backend_engine


def _acquire(
    engine: Engine, holder: Holder, ids: list[str], seconds: float = 0
) -> tuple[list[str], list[str]]:
    with transaction(engine) as session:
        taken = acquire(session, holder, ids, CRAWL_NOW + timedelta(seconds=seconds), LEASE)
        return taken.sources, [r.source_id for r in taken.held_by_others]


def test_a_source_held_by_one_server_is_left_to_it_by_another(db: Engine) -> None:
    assert _acquire(db, SERVER_A, ["haiphong", "anlao"]) == (["anlao", "haiphong"], [])
    assert _acquire(db, SERVER_B, ["haiphong", "tuoitre"], 30) == (["tuoitre"], ["haiphong"])
    with transaction(db) as session:
        lease = session.get(CrawlLease, "haiphong")
        assert lease is not None
        assert (lease.run_id, lease.owner, lease.pid) == ("run-a", SERVER_A.owner, 101)
        assert lease.expires_at == CRAWL_NOW + LEASE
        # Seen from server B, both of A's sources and none of its own are alive elsewhere.
        assert live_runs(session, CRAWL_NOW + timedelta(seconds=30), SERVER_B.owner) == {
            ("run-a", "anlao"),
            ("run-a", "haiphong"),
        }


def test_a_renewed_lease_holds_and_a_lapsed_one_is_taken_over(db: Engine) -> None:
    _acquire(db, SERVER_A, ["haiphong"])
    with transaction(db) as session:
        assert renew(session, "run-a", CRAWL_NOW + timedelta(seconds=50), LEASE) == 1
    # Without the renewal the lease would have lapsed at 60 s.
    assert _acquire(db, SERVER_B, ["haiphong"], 90) == ([], ["haiphong"])
    # 110 s after the last beat: lapsed, B takes it, and A's run is no longer alive.
    assert _acquire(db, SERVER_B, ["haiphong"], 160) == (["haiphong"], [])
    with transaction(db) as session:
        assert live_runs(session, CRAWL_NOW + timedelta(seconds=160), "another:/var") == {
            ("run-b", "haiphong")
        }
        assert renew(session, "run-a", CRAWL_NOW + timedelta(seconds=170), LEASE) == 0  # A lost it


def test_a_dead_run_of_the_same_installation_is_taken_over_at_once(db: Engine) -> None:
    _acquire(db, SERVER_A, ["haiphong"])
    restarted = Holder("run-a2", SERVER_A.owner, 303)  # holds A's file lock: run-a is dead
    assert _acquire(db, restarted, ["haiphong"], 5) == (["haiphong"], [])
    with transaction(db) as session:
        assert live_runs(session, CRAWL_NOW, SERVER_A.owner) == set()  # its own leases are never "elsewhere"


def test_release_lets_go_of_a_runs_leases_only(db: Engine) -> None:
    _acquire(db, SERVER_A, ["haiphong"])
    _acquire(db, SERVER_B, ["anlao"])
    with transaction(db) as session:
        release(session, "run-a")
    with transaction(db) as session:
        assert list(session.scalars(select(CrawlLease.source_id))) == ["anlao"]
    assert _acquire(db, SERVER_B, ["haiphong"], 1) == (["haiphong"], [])
