"""Two crawl servers on one PostgreSQL database, each with its own var folder (and file lock).

Real ``pressmon crawl`` processes crawl two local sites (two sources) into one database. Crawling at
the same time they split the sources by lease: each source is crawled by one server, every article
is stored once, and neither marks the other's live run interrupted (its heartbeat keeps the lease
alive well past ``lease_seconds``). A server killed with SIGKILL keeps its sources leased until its
lease lapses: another server refuses them (exit 75) and leaves its row ``running`` until then, and
after the lapse marks it interrupted and crawls the sources.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from pipeline.storage.engine import make_engine
from tests.support.cli import cli_env
from tests.support.files import write_registry
from tests.support.numbered_site import CRAWL_ENV, serve_numbered_site
from tests.support.pgcluster import fresh_database

pytestmark = pytest.mark.slow


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    with fresh_database(pg_admin_url) as url:
        yield url


def _registry(path: Path, bases: dict[str, str]) -> Path:
    sources = [
        {
            "id": source_id,
            "name": f"Báo {source_id}",
            "kind": "local",
            "homepage": f"{base}/",
            "sitemaps": [f"{base}/sitemap.xml"],
            "confidence": "A",
        }
        for source_id, base in bases.items()
    ]
    return write_registry(path, sources)


def _server(workdir: Path, url: str, registry: Path, lease: float, *args: str) -> subprocess.Popen[str]:
    """``pressmon crawl ARGS`` as a crawl server with its own var folder ``workdir/var``."""
    workdir.mkdir(exist_ok=True)
    env = {**cli_env(workdir), **CRAWL_ENV, "PRESSMON_CRAWL__LEASE_SECONDS": str(lease)}
    return subprocess.Popen(
        [sys.executable, "-m", "pressmon", "--db", url, "--sources", str(registry), "crawl", *args],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(proc: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str]:
    out, _ = proc.communicate(timeout=timeout)
    return proc.returncode, out


def _rows(engine: Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        query = text("SELECT run_id, source_id, status FROM crawl_runs ORDER BY id")
        return [(r[0], r[1], r[2]) for r in conn.execute(query)]


def _scalar(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def _wait(condition: object, proc: subprocess.Popen[str], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert proc.poll() is None, proc.communicate()[0]
        assert time.monotonic() < deadline, "the crawl never got going"
        time.sleep(0.1)


def _init(url: str, registry: Path, workdir: Path) -> None:
    workdir.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "pressmon", "--db", url, "--sources", str(registry), "init"]
    done = subprocess.run(command, cwd=workdir, env=cli_env(workdir), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_two_servers_split_the_sources_and_leave_each_others_runs_alone(tmp_path: Path, pg_url: str) -> None:
    engine = make_engine(pg_url)
    lease = 5.0
    with serve_numbered_site(40, delay=0.4) as slow, serve_numbered_site(12) as fast:
        registry = _registry(tmp_path / "sources.yaml", {"nhom-a": slow, "nhom-b": fast})
        _init(pg_url, registry, tmp_path / "server-a")
        server_a = _server(tmp_path / "server-a", pg_url, registry, lease, "--source", "nhom-a")
        _wait(lambda: _scalar(engine, "SELECT count(*) FROM crawl_runs") > 0, server_a)
        # Past A's first lease: only its heartbeat can keep the source held from here on.
        time.sleep(lease + 1)
        assert server_a.poll() is None, "server A should still be crawling its slow site"
        statuses: set[str] = set()
        watching = threading.Event()

        def watch() -> None:  # a run marked interrupted and then finished would hide it at the end
            while not watching.is_set():
                statuses.update(status for _, _, status in _rows(engine))
                time.sleep(0.1)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        server_b = _server(tmp_path / "server-b", pg_url, registry, lease)  # every source in force
        code_b, out_b = _finish(server_b)
        code_a, out_a = _finish(server_a)
        watching.set()
        watcher.join()
    assert (code_a, code_b) == (0, 0), out_a + out_b
    assert "nhom-a: being crawled by" in out_b and "left out of this crawl" in out_b
    assert "marked interrupted" not in out_a + out_b
    assert "interrupted" not in statuses
    rows = _rows(engine)
    assert sorted((source, status) for _, source, status in rows) == [("nhom-a", "ok"), ("nhom-b", "ok")]
    assert len({run for run, _, _ in rows}) == 2
    assert _scalar(engine, "SELECT count(*) FROM articles") == 52
    assert _scalar(engine, "SELECT count(DISTINCT canonical_url) FROM articles") == 52
    by_source = "SELECT count(*) FROM articles WHERE source_id = '{}'"
    assert (_scalar(engine, by_source.format("nhom-a")), _scalar(engine, by_source.format("nhom-b"))) == (
        40,
        12,
    )
    assert _scalar(engine, "SELECT count(*) FROM crawl_leases") == 0  # both let go at their end
    engine.dispose()


def test_a_killed_servers_sources_wait_for_its_lease_to_lapse(tmp_path: Path, pg_url: str) -> None:
    engine = make_engine(pg_url)
    # Longer than starting a second server on a busy machine, so that it starts within the lease.
    lease = 30.0
    with serve_numbered_site(20, delay=0.5) as slow:
        registry = _registry(tmp_path / "sources.yaml", {"nhom-a": slow})
        _init(pg_url, registry, tmp_path / "server-a")
        server_a = _server(tmp_path / "server-a", pg_url, registry, lease)
        _wait(lambda: _scalar(engine, "SELECT count(*) FROM articles") >= 3, server_a)
        server_a.send_signal(signal.SIGKILL)
        server_a.wait()
        killed = time.monotonic()
        [(dead_run, _, _)] = _rows(engine)

        code, out = _finish(_server(tmp_path / "server-b", pg_url, registry, lease))
        # A renewed its lease at most a third of it before the kill.
        assert time.monotonic() - killed < lease * 2 / 3, "server B started too late to find the lease alive"
        assert code == 75, out
        assert "being crawled by another server: nhom-a" in out
        assert _rows(engine) == [(dead_run, "nhom-a", "running")]

        time.sleep(max(0.0, killed + lease + 1 - time.monotonic()))
        code, out = _finish(_server(tmp_path / "server-b", pg_url, registry, lease))
    assert code == 0, out
    assert "1 earlier crawl run(s) stopped before finishing: marked interrupted" in out
    rows = _rows(engine)
    assert rows[0] == (dead_run, "nhom-a", "interrupted")
    assert [(source, status) for _, source, status in rows[1:]] == [("nhom-a", "ok")]
    assert _scalar(engine, "SELECT count(*) FROM articles") == 20
    assert _scalar(engine, "SELECT count(DISTINCT canonical_url) FROM articles") == 20
    engine.dispose()
