"""pipeline.storage.crawl_runs on a migrated SQLite database: a run's rows from start to finish, runs
that died marked interrupted, and the queries the crawler and the sources page read."""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

import pytest
from sqlalchemy.orm import Session

from pipeline.storage.crawl_runs import (
    INTERRUPTED,
    INTERRUPTED_NOTE,
    RUNNING,
    RunOutcome,
    finish_run,
    last_good_starts,
    latest_by_source,
    mark_interrupted,
    run_rows,
    start_run,
)
from pipeline.storage.schema import Source
from pipeline.storage.sources import sync_sources
from tests.support.clock import FROZEN_NOW

START = FROZEN_NOW
END = FROZEN_NOW + timedelta(minutes=7)


def _run(session: Session, run_id: str, status: str, started_hours_ago: int, **counts: int) -> None:
    """A finished run of source ``tinnhanh``, started that many hours before ``START``."""
    started = START - timedelta(hours=started_hours_ago)
    start_run(session, run_id, ["tinnhanh"], started)
    session.flush()
    finish_run(session, run_id, {"tinnhanh": RunOutcome(status, counts)}, started + timedelta(minutes=5))
    session.commit()


def test_a_starting_run_has_one_running_row_per_source(session: Session) -> None:
    start_run(session, "r1", ["tinnhanh", "cangxanh"], START)
    session.commit()
    rows = run_rows(session, "r1")
    assert [(r.source_id, r.status, r.started_at, r.finished_at) for r in rows] == [
        ("cangxanh", RUNNING, START, None),
        ("tinnhanh", RUNNING, START, None),
    ]
    assert run_rows(session, "r2") == []


def test_finishing_fills_counters_and_status_and_the_sources_last_crawl(session: Session) -> None:
    sync_sources(session, [{"id": "tinnhanh", "name": "Tin Nhanh", "kind": "local", "confidence": "A"}])
    start_run(session, "r1", ["tinnhanh", "cangxanh"], START)
    session.flush()
    outcome = RunOutcome("partial", {"fetched": 12, "new": 5, "failed": 2}, "timeout", ["404 /a.html"])
    rows = finish_run(session, "r1", {"tinnhanh": outcome}, END)
    session.commit()
    by_source = {r.source_id: r for r in rows}
    done = by_source["tinnhanh"]
    assert (done.status, done.fetched, done.new, done.failed, done.unchanged) == ("partial", 12, 5, 2, 0)
    assert (done.last_error, done.skipped_detail, done.finished_at) == ("timeout", ["404 /a.html"], END)
    # A source the run says nothing about was not reached.
    assert (by_source["cangxanh"].status, by_source["cangxanh"].fetched) == ("unreachable", 0)
    source = session.get(Source, "tinnhanh")
    assert source is not None and (source.last_crawl_at, source.last_status) == (END, "partial")


def test_rows_left_running_are_marked_interrupted_and_only_they(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    _run(session, "old", "ok", 30)
    start_run(session, "dead", ["tinnhanh", "cangxanh"], START)
    start_run(session, "elsewhere", ["baomoi"], START)  # alive on another server
    session.commit()
    with caplog.at_level(logging.WARNING):
        changed = mark_interrupted(session, {("elsewhere", "baomoi")})
    session.commit()
    assert sorted(r.run_id for r in changed) == ["dead", "dead"]
    assert {(r.status, r.last_error, r.finished_at) for r in run_rows(session, "dead")} == {
        (INTERRUPTED, INTERRUPTED_NOTE, None)
    }
    assert [r.status for r in run_rows(session, "old")] == ["ok"]
    assert [r.status for r in run_rows(session, "elsewhere")] == [RUNNING]
    assert "marked 2 crawl run rows" in caplog.text
    assert mark_interrupted(session, {("elsewhere", "baomoi")}) == []
    # One run's rows only: the rows a stopped crawl had no time to finish.
    start_run(session, "stopped", ["tinnhanh"], END)
    session.commit()
    assert [r.run_id for r in mark_interrupted(session, (), run_id="stopped")] == ["stopped"]
    assert [r.status for r in run_rows(session, "elsewhere")] == [RUNNING]


def test_last_good_start_is_the_latest_ok_run_of_each_source_asked(session: Session) -> None:
    _run(session, "r1", "ok", 48)
    _run(session, "r2", "ok", 24)
    _run(session, "r3", "unreachable", 2)
    start_run(session, "r4", ["cangxanh"], START)
    session.commit()
    found = last_good_starts(session, ["tinnhanh", "cangxanh", "khac"])
    assert found == {"tinnhanh": START - timedelta(hours=24)}
    assert found["tinnhanh"].tzinfo is not None
    assert found["tinnhanh"].astimezone(UTC) == (START - timedelta(hours=24)).astimezone(UTC)
    assert last_good_starts(session, ["cangxanh"]) == {}


def test_latest_run_of_each_source_with_its_counts(session: Session) -> None:
    _run(session, "r1", "ok", 48, fetched=40, new=10)
    _run(session, "r2", "partial", 24, fetched=7, new=1, failed=3)
    start_run(session, "r3", ["cangxanh"], START)
    session.commit()
    latest = latest_by_source(session)
    assert set(latest) == {"tinnhanh", "cangxanh"}
    assert (latest["tinnhanh"].fetched, latest["tinnhanh"].new, latest["tinnhanh"].failed) == (7, 1, 3)
    assert (latest["cangxanh"].fetched, latest["cangxanh"].last_error) == (0, "")
