"""The weekly job writes while two analysts review the same queue on one SQLite file.

A real ``pressmon weekly`` (crawl of a local site, then ``process``) runs as a subprocess; meanwhile
two threads, each with its own engine like two dashboard sessions, keep changing reviews through
the same functions the dashboard calls. No "database is locked" may reach them, no change may be
lost: every accepted change is one audit row and one version step, and the job finishes cleanly.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import select

from pipeline.clock import utcnow
from pipeline.review.auth import Identity
from pipeline.review.reviews import StaleReview, get_review, update_review
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import Review
from tests.support.cli import CliRun, cli_env, make_cli
from tests.support.numbered_site import CRAWL_ENV, serve_numbered_site, write_registry

FIRST_WEEK, SECOND_WEEK = 72, 400


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute(sql).fetchone()[0])


class Analyst(threading.Thread):
    """Changes the note of random reviews until told to stop; counts what was accepted."""

    def __init__(self, name: str, url: str, ids: list[str], stop: threading.Event) -> None:
        super().__init__(name=name, daemon=True)
        self.who = Identity(name, "analyst", utcnow())
        self.engine = make_engine(url)
        self.ids, self.stop = ids, stop
        self.accepted: dict[str, int] = {}
        self.stale = 0
        self.errors: list[BaseException] = []

    def run(self) -> None:
        rng = random.Random(self.name)
        try:
            while not self.stop.is_set():
                self._change(rng.choice(self.ids), rng)
                self.stop.wait(0.005)
        except BaseException as exc:  # any failure is the finding; the test reports it
            self.errors.append(exc)

    def _change(self, article_id: str, rng: random.Random) -> None:
        with transaction(self.engine) as session:
            state = get_review(session, article_id)
        assert state is not None
        note = f"{self.name} ghi chú {rng.random():.12f}"
        try:
            with transaction(self.engine) as session:
                update_review(session, article_id, state.version, self.who, note=note)
        except StaleReview:
            self.stale += 1
            return
        self.accepted[article_id] = self.accepted.get(article_id, 0) + 1


def _weekly(cli: CliRun, common: tuple[str, ...], count: int, tmp_path: Path) -> None:
    with serve_numbered_site(count) as base:
        write_registry(tmp_path / "sources.yaml", base)
        result = cli(*common, "weekly", env=CRAWL_ENV)
    assert result.returncode == 0, result.stderr


def test_weekly_job_and_two_analysts_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "pressmon.db"
    url = f"sqlite:///{db}"
    cli = make_cli(tmp_path)
    common = ("--db", url, "--sources", str(tmp_path / "sources.yaml"))
    write_registry(tmp_path / "sources.yaml", "http://127.0.0.1:9")
    assert cli(*common, "init").returncode == 0
    assert (
        cli(
            *common, "users", "add", "lan", "--role", "analyst", "--password-stdin", stdin="mat-khau-dai-1\n"
        ).returncode
        == 0
    )
    _weekly(cli, common, FIRST_WEEK, tmp_path)
    engine = make_engine(url)
    with transaction(engine) as session:
        ids = list(session.scalars(select(Review.article_id)))
    assert len(ids) >= 5, "the first week should leave flagged items to review"

    stop = threading.Event()
    analysts = [Analyst(name, url, ids, stop) for name in ("lan", "minh")]
    with serve_numbered_site(SECOND_WEEK) as base:
        write_registry(tmp_path / "sources.yaml", base)
        job = subprocess.Popen(
            [sys.executable, "-m", "pressmon", *common, "weekly"],
            cwd=tmp_path,
            env={**cli_env(tmp_path), **CRAWL_ENV},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for analyst in analysts:
            analyst.start()
        out, err = job.communicate(timeout=900)
        stop.set()
        for analyst in analysts:
            analyst.join(timeout=60)

    assert job.returncode == 0, err
    assert "database is locked" not in out + err
    for analyst in analysts:
        assert not analyst.errors, f"{analyst.name}: {analyst.errors[0]!r}"
    accepted: dict[str, int] = {}
    for analyst in analysts:
        for article_id, n in analyst.accepted.items():
            accepted[article_id] = accepted.get(article_id, 0) + n
    total = sum(accepted.values())
    assert total >= 20, f"the analysts should have worked during the job (accepted {total})"
    by_analysts = "SELECT count(*) FROM audit_log WHERE actor IN ('lan', 'minh') AND action = 'updated'"
    assert _count(db, by_analysts) == total
    with sqlite3.connect(db) as conn:
        versions = dict(conn.execute("SELECT article_id, version FROM reviews").fetchall())
    for article_id in ids:
        assert versions[article_id] == 1 + accepted.get(article_id, 0), article_id
    assert _count(db, "SELECT count(*) FROM articles") == FIRST_WEEK + SECOND_WEEK
    assert _count(db, "SELECT count(*) FROM articles WHERE processed_at IS NULL") == 0
