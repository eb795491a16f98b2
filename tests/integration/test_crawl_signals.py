"""SIGTERM stops a real `pressmon crawl` within seconds: lock released, run recorded as interrupted.

Two outlets: one whose pages take a minute each (the stop cannot wait for them: after the grace
time the crawl stops without them), and one answering in 0.2 s (pages keep arriving and being stored
while the stop waits). Either way the command exits 130 a few seconds after the signal, the crawl
lock is free, the run's row is finished ``interrupted`` by the crawl itself with the articles it
stored counted, and every stored article is whole.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from crawlers.runner import STOP_GRACE_SECONDS
from tests.support.cli import CliRun, cli_env
from tests.support.numbered_site import CRAWL_ENV, crawled_intact, scalar, serve_numbered_site, write_registry

# Start-up of the command on a busy machine aside, what the stop may take beyond its grace time.
STOP_SLACK_SECONDS = 7.0


def _wait_for(ready: object, proc: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():  # type: ignore[operator]
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the crawl never got going"
        time.sleep(0.1)


def _stopped_crawl(cli: CliRun, tmp_path: Path, delay: float, started: str) -> tuple[str, float, Path]:
    """Start a crawl of a site answering in ``delay`` s, SIGTERM it once ``started`` counts >0 rows."""
    db = tmp_path / "stop.db"
    with serve_numbered_site(60, delay=delay) as base:
        common = (
            "--db",
            f"sqlite:///{db}",
            "--sources",
            str(write_registry(tmp_path / "sources.yaml", base)),
        )
        assert cli(*common, "init").returncode == 0
        proc = subprocess.Popen(
            [sys.executable, "-m", "pressmon", *common, "crawl"],
            cwd=tmp_path,
            env={**cli_env(tmp_path), **CRAWL_ENV, "PRESSMON_CRAWL__TIMEOUT": "100"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        _wait_for(lambda: scalar(db, started) > 0, proc)
        time.sleep(0.5)  # requests on their way
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=60)
        took = time.monotonic() - signalled
    assert proc.returncode == 130, output
    return output, took, db


def _stopped_cleanly(tmp_path: Path, db: Path, output: str, took: float) -> None:
    assert took < STOP_GRACE_SECONDS + STOP_SLACK_SECONDS, f"stopped {took:.1f} s after SIGTERM"
    FileLock(str(tmp_path / "var" / "crawl.lock")).acquire(timeout=0)  # free: Timeout otherwise
    assert scalar(db, "SELECT count(*) FROM crawl_runs WHERE status <> 'interrupted'") == 0
    finished = "finished_at IS NOT NULL AND last_error LIKE 'stopped by SIGTERM before it finished%'"
    assert scalar(db, f"SELECT count(*) FROM crawl_runs WHERE {finished}") == 1
    assert scalar(db, "SELECT new FROM crawl_runs") == scalar(db, "SELECT count(*) FROM articles")
    assert "Crawl stopped by SIGTERM" in output
    assert "Traceback" not in output
    crawled_intact(db)


@pytest.mark.slow
def test_sigterm_on_a_stalled_outlet_stops_after_the_grace_time(cli: CliRun, tmp_path: Path) -> None:
    output, took, db = _stopped_crawl(cli, tmp_path, delay=60, started="SELECT count(*) FROM crawl_runs")
    _stopped_cleanly(tmp_path, db, output, took)
    assert took >= STOP_GRACE_SECONDS - 0.5  # it did wait for the pages on their way
    assert scalar(db, "SELECT count(*) FROM articles") == 0


@pytest.mark.slow
def test_sigterm_stores_the_pages_on_their_way_and_finishes_the_row(cli: CliRun, tmp_path: Path) -> None:
    output, took, db = _stopped_crawl(cli, tmp_path, delay=0.2, started="SELECT count(*) FROM articles")
    _stopped_cleanly(tmp_path, db, output, took)
    assert 0 < scalar(db, "SELECT count(*) FROM articles") < 60
