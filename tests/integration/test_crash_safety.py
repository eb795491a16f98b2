"""Killed with SIGKILL half-way, `crawl`, `import` and `process` leave no half record; a re-run completes."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli import CliRun, cli_env
from tests.support.numbered_site import CRAWL_ENV, serve_numbered_site, write_registry
from tests.support.paths import FIXTURES

N_ITEMS = 3000


@pytest.fixture
def big_jsonl(tmp_path: Path) -> Path:
    templates = [
        json.loads(line) for line in (FIXTURES / "items.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N_ITEMS):
            item = dict(templates[i % len(templates)])
            item.pop("id", None)
            item["url"] = f"https://tin.example/bai-{i}.html"
            item["body"] = f"{item['body']}\n\nĐoạn bổ sung số {i} của bài viết." * 3
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def _scalar(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute(sql).fetchone()[0])


def _start(tmp_path: Path, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "pressmon", *args],
        cwd=tmp_path,
        env={**cli_env(tmp_path), **(extra_env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_when(proc: subprocess.Popen[bytes], ready: object, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if ready():  # type: ignore[operator]
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _consistent(db: Path) -> None:
    processed = _scalar(db, "SELECT count(*) FROM articles WHERE processed_at IS NOT NULL")
    current = _scalar(db, "SELECT count(*) FROM assessments WHERE is_current")
    assert (
        processed
        == current
        == _scalar(db, "SELECT count(DISTINCT article_id) FROM assessments WHERE is_current")
    )
    flagged = _scalar(db, "SELECT count(*) FROM assessments WHERE is_current AND needs_response")
    assert _scalar(db, "SELECT count(*) FROM reviews") == flagged


def test_killed_import_writes_all_or_nothing(cli: CliRun, tmp_path: Path, big_jsonl: Path) -> None:
    db = tmp_path / "crash.db"
    url = f"sqlite:///{db}"
    assert cli("--db", url, "init").returncode == 0
    proc = _start(tmp_path, "--db", url, "import", str(big_jsonl))
    time.sleep(2.0)  # past start-up, inside the import transaction
    _kill_when(proc, lambda: False, timeout=0)
    assert _scalar(db, "SELECT count(*) FROM articles") in (0, N_ITEMS)
    assert cli("--db", url, "import", str(big_jsonl)).returncode == 0
    assert _scalar(db, "SELECT count(*) FROM articles") == N_ITEMS


def test_killed_process_resumes_without_duplicates(cli: CliRun, tmp_path: Path, big_jsonl: Path) -> None:
    db = tmp_path / "crash.db"
    url = f"sqlite:///{db}"
    for args in (("init",), ("import", str(big_jsonl))):
        assert cli("--db", url, *args).returncode == 0
    proc = _start(tmp_path, "--db", url, "process")
    _kill_when(proc, lambda: _scalar(db, "SELECT count(*) FROM articles WHERE processed_at IS NOT NULL") > 0)
    assert proc.returncode == -signal.SIGKILL
    done = _scalar(db, "SELECT count(*) FROM articles WHERE processed_at IS NOT NULL")
    assert 0 < done < N_ITEMS, "the kill should land half-way"
    _consistent(db)
    result = cli("--db", url, "process")
    assert result.returncode == 0, result.stderr
    assert f"Processed {N_ITEMS - done} articles" in result.stdout
    _consistent(db)
    assert _scalar(db, "SELECT count(*) FROM articles WHERE processed_at IS NULL") == 0


CRAWL_PAGES = 120


def _crawled_intact(db: Path) -> None:
    """Every stored article has its raw page, and no URL is stored twice."""
    assert _scalar(db, "SELECT count(*) FROM articles WHERE raw_sha256 IS NULL") == 0
    assert (
        _scalar(
            db,
            "SELECT count(*) FROM articles a LEFT JOIN raw_pages r ON r.sha256 = a.raw_sha256 "
            "WHERE r.sha256 IS NULL",
        )
        == 0
    )
    assert _scalar(db, "SELECT count(*) FROM articles") == _scalar(
        db, "SELECT count(DISTINCT canonical_url) FROM articles"
    )


def test_killed_crawl_resumes_with_every_article_once(cli: CliRun, tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    url = f"sqlite:///{db}"
    # Slow pages (a few seconds for the whole site) so that a loaded machine still polls the
    # database between two stored batches and the kill lands half-way.
    with serve_numbered_site(CRAWL_PAGES, delay=0.2) as base:
        registry = write_registry(tmp_path / "sources.yaml", base)
        common = ("--db", url, "--sources", str(registry))
        assert cli(*common, "init").returncode == 0
        proc = _start(tmp_path, *common, "crawl", extra_env=CRAWL_ENV)
        _kill_when(proc, lambda: _scalar(db, "SELECT count(*) FROM articles") >= 10)
        assert proc.returncode == -signal.SIGKILL
        stored = _scalar(db, "SELECT count(*) FROM articles")
        assert 0 < stored < CRAWL_PAGES, "the kill should land half-way"
        _crawled_intact(db)
        # The killed run stays visible as never finished.
        assert _scalar(db, "SELECT count(*) FROM crawl_runs WHERE finished_at IS NULL") == 1

        result = cli(*common, "crawl", env=CRAWL_ENV)
        assert result.returncode == 0, result.stderr
        assert "marked interrupted" in result.stdout
        assert _scalar(db, "SELECT count(*) FROM articles") == CRAWL_PAGES
        # The next crawl marks the dead run's row; it still never finished.
        dead = "SELECT count(*) FROM crawl_runs WHERE finished_at IS NULL AND status = 'interrupted'"
        assert _scalar(db, dead) == 1
        assert _scalar(db, "SELECT count(*) FROM crawl_runs WHERE status = 'running'") == 0
        _crawled_intact(db)
        again = cli(*common, "crawl", env=CRAWL_ENV)
        assert again.returncode == 0, again.stderr
    assert _scalar(db, "SELECT count(*) FROM articles") == CRAWL_PAGES
    assert _scalar(db, "SELECT count(*) FROM article_revisions") == 0
    assert (
        _scalar(db, "SELECT sum(new) FROM crawl_runs WHERE finished_at IS NOT NULL") == CRAWL_PAGES - stored
    )
