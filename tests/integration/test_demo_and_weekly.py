"""``pressmon demo`` from nothing, and ``pressmon weekly`` with its lock and log."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
import yaml
from filelock import FileLock

from pressmon.demo_site import DEMO_DIR, DEMO_REGISTRY, serve_demo_site
from tests.support.cli import CliRun

EXPECTED = yaml.safe_load((DEMO_DIR / "expected.yaml").read_text(encoding="utf-8"))["articles"]


@pytest.fixture
def port() -> int:
    """A free port, so demo runs in parallel test sessions never collide on the default one."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_demo_crawls_processes_and_says_how_to_open_the_dashboard(
    cli: CliRun, tmp_path: Path, port: int
) -> None:
    result = cli("demo", "--port", str(port))
    assert result.returncode == 0, result.stderr
    db = tmp_path / "var" / "demo.db"
    assert f"pressmon --db sqlite:///{db} dashboard" in result.stdout
    assert "Articles in the database" in result.stdout
    assert _rows(db, "SELECT count(*) FROM articles") == [(36,)]
    assert _rows(db, "SELECT count(*) FROM articles WHERE processed_at IS NULL") == [(0,)]


def test_demo_flags_the_stories_that_need_a_response(cli: CliRun, tmp_path: Path, port: int) -> None:
    assert cli("demo", "--port", str(port)).returncode == 0
    flagged = {
        url.rsplit("/", 1)[-1]
        for (url,) in _rows(
            tmp_path / "var" / "demo.db",
            "SELECT a.canonical_url FROM articles a JOIN assessments s ON s.article_id = a.id "
            "WHERE s.is_current AND s.needs_response",
        )
    }
    gold = {g["path"].rsplit("/", 1)[-1] for g in EXPECTED if g["needs_response"]}
    # First-level keyword rules: most gold items are flagged; the rest is measured in the issue notes.
    assert len(gold & flagged) >= 4
    stories = _rows(
        tmp_path / "var" / "demo.db",
        "SELECT story_id, count(*) FROM articles GROUP BY story_id HAVING count(*) > 1",
    )
    assert len(stories) >= 1


def test_running_the_demo_twice_adds_nothing(cli: CliRun, tmp_path: Path, port: int) -> None:
    assert cli("demo", "--port", str(port)).returncode == 0
    db = tmp_path / "var" / "demo.db"
    before = _rows(db, "SELECT id, text_hash, revision FROM articles ORDER BY id")
    assert cli("demo", "--port", str(port)).returncode == 0
    assert _rows(db, "SELECT id, text_hash, revision FROM articles ORDER BY id") == before


def test_weekly_refuses_while_another_run_holds_the_lock(cli: CliRun, db_url: str, tmp_path: Path) -> None:
    assert cli("--db", db_url, "init").returncode == 0
    (tmp_path / "var").mkdir(exist_ok=True)
    with FileLock(str(tmp_path / "var" / "weekly.lock")):
        result = cli("--db", db_url, "weekly")
    assert result.returncode == 75
    assert "Another pressmon weekly run" in result.stderr


def test_crawl_refuses_while_another_crawl_holds_the_lock(cli: CliRun, db_url: str, tmp_path: Path) -> None:
    assert cli("--db", db_url, "init").returncode == 0
    (tmp_path / "var").mkdir(exist_ok=True)
    with FileLock(str(tmp_path / "var" / "crawl.lock")):
        result = cli("--db", db_url, "crawl")
        weekly = cli("--db", db_url, "weekly")
    assert result.returncode == 75
    assert "Another pressmon crawl" in result.stderr
    # A weekly run is refused by the same lock, after taking its own.
    assert weekly.returncode == 75
    assert "Another pressmon crawl" in weekly.stderr


def test_weekly_crawls_processes_and_logs(cli: CliRun, db_url: str, tmp_path: Path) -> None:
    with serve_demo_site() as base_url:
        registry = tmp_path / "sources.yaml"
        registry.write_text(
            DEMO_REGISTRY.read_text(encoding="utf-8").replace("__BASE__", base_url), encoding="utf-8"
        )
        env = {"PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true", "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0"}
        assert cli("--db", db_url, "--sources", str(registry), "init").returncode == 0
        result = cli("--db", db_url, "--sources", str(registry), "weekly", env=env)
    assert result.returncode == 0, result.stderr
    assert "Processed 36 articles" in result.stdout
    log = (tmp_path / "var" / "logs" / "weekly.log").read_text(encoding="utf-8")
    assert "36 processed" in log
