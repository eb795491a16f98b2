"""A real Scrapy crawl (``pressmon crawl``) of the demo site served on 127.0.0.1."""

from __future__ import annotations

import gzip
import hashlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import Article
from pressmon.demo_site import DEMO_DIR, DEMO_REGISTRY, serve_demo_site
from tests.support.cli import CliRun, make_cli

EXPECTED = yaml.safe_load((DEMO_DIR / "expected.yaml").read_text(encoding="utf-8"))["articles"]
# The one demo page that links to /private/, which robots.txt forbids.
PRIVATE_LINKER = "ca-mau-chinh-trang-cong-vien-hong-bang-thanh-khong-gian-cong-dong-2010.html"
CRAWL_ENV = {"PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true", "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0"}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_demo_site() as base_url:
        yield base_url


def _registry(tmp_path: Path, base_url: str, extra: list[dict] | None = None) -> Path:
    data = yaml.safe_load(DEMO_REGISTRY.read_text(encoding="utf-8").replace("__BASE__", base_url))
    data["sources"].extend(extra or [])
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _query(db_url: str, sql: str) -> list[tuple]:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def crawled(site: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, str]:
    """The demo site crawled once into a fresh database; returns (db url, registry, crawl stdout)."""
    tmp_path = tmp_path_factory.mktemp("crawl")
    run = make_cli(tmp_path)
    db_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    registry = _registry(tmp_path, site)
    assert run("--db", db_url, "--sources", str(registry), "init").returncode == 0
    result = run("--db", db_url, "--sources", str(registry), "crawl", env=CRAWL_ENV)
    assert result.returncode == 0, result.stderr
    return db_url, registry, result.stdout


def test_every_demo_article_is_stored_once(crawled: tuple[str, Path, str]) -> None:
    db_url, _, _ = crawled
    rows = _query(db_url, "SELECT canonical_url FROM articles")
    assert len(rows) == len(EXPECTED) == 36
    assert len({r[0] for r in rows}) == 36
    assert not any("utm_" in r[0] for r in rows)


def _articles_by_file(db_url: str) -> dict[str, Article]:
    with transaction(make_engine(db_url)) as session:
        return {a.canonical_url.rsplit("/", 1)[-1]: a for a in session.scalars(select(Article))}


def test_fields_match_the_gold_extraction(crawled: tuple[str, Path, str]) -> None:
    stored = _articles_by_file(crawled[0])
    for gold in EXPECTED:
        article = stored[gold["path"].rsplit("/", 1)[-1]]
        assert article.title == gold["title"]
        assert article.byline == gold["byline"]
        for phrase in gold["body_must_contain"]:
            assert phrase in article.body
        assert "Tin liên quan" not in article.body and "Ý kiến bạn đọc" not in article.body


def test_published_times_keep_the_time_of_day(crawled: tuple[str, Path, str]) -> None:
    stored = _articles_by_file(crawled[0])
    for gold in EXPECTED:
        article = stored[gold["path"].rsplit("/", 1)[-1]]
        assert article.published_at == datetime.fromisoformat(gold["published"]), gold["path"]


def test_raw_pages_are_kept_with_their_sha256(crawled: tuple[str, Path, str]) -> None:
    db_url, _, _ = crawled
    rows = _query(
        db_url, "SELECT r.sha256, r.body_gz FROM articles a JOIN raw_pages r ON a.raw_sha256 = r.sha256"
    )
    assert len(rows) == 36
    for sha, body_gz in rows:
        assert hashlib.sha256(gzip.decompress(body_gz)).hexdigest() == sha


def test_crawl_runs_record_each_source(crawled: tuple[str, Path, str]) -> None:
    db_url, _, stdout = crawled
    rows = _query(db_url, "SELECT source_id, status, fetched, new, failed FROM crawl_runs ORDER BY source_id")
    assert rows == [
        ("anlao-portal", "ok", 10, 10, 0),
        ("cangxanh", "ok", 13, 13, 0),
        ("tinnhanh", "ok", 13, 13, 0),
    ]
    assert "Crawl run" in stdout and "cangxanh" in stdout


def test_a_second_crawl_adds_and_changes_nothing(crawled: tuple[str, Path, str], cli: CliRun) -> None:
    db_url, registry, _ = crawled
    before = _query(db_url, "SELECT id, text_hash, revision, updated_at FROM articles ORDER BY id")
    # --full re-reads every listing page (a plain second run stops at the last crawl, see
    # test_crawl_fixture_site.py), so that all 36 pages are fetched again and found unchanged.
    result = cli("--db", db_url, "--sources", str(registry), "crawl", "--full", env=CRAWL_ENV)
    assert result.returncode == 0, result.stderr
    assert _query(db_url, "SELECT id, text_hash, revision, updated_at FROM articles ORDER BY id") == before
    last = _query(
        db_url, "SELECT sum(new), sum(unchanged) FROM crawl_runs GROUP BY run_id ORDER BY min(id) DESC"
    )
    assert last[0] == (0, 36)


def test_robots_txt_is_obeyed(site: str, cli: CliRun, db_url: str, tmp_path: Path) -> None:
    trap = {
        "id": "robots-trap",
        "name": "robots trap",
        "kind": "national",
        "confidence": "C",
        "listings": [
            {
                "url": f"{site}/tinnhanh/tin-tuc/{PRIVATE_LINKER}",
                "articles": "a[href*=private]::attr(href)",
                "max_pages": 1,
            }
        ],
    }
    registry = _registry(tmp_path, site, [trap])
    cli("--db", db_url, "--sources", str(registry), "init")
    result = cli(
        "--db", db_url, "--sources", str(registry), "crawl", "--source", "robots-trap", env=CRAWL_ENV
    )
    assert result.returncode == 0, result.stderr
    assert _query(db_url, "SELECT robots_skipped, fetched FROM crawl_runs") == [(1, 0)]
    assert _query(db_url, "SELECT count(*) FROM articles WHERE body LIKE '%BI-MAT-KHONG-THU-THAP%'") == [(0,)]


def test_private_addresses_are_refused_by_default(
    site: str, cli: CliRun, db_url: str, tmp_path: Path
) -> None:
    registry = _registry(tmp_path, site)
    cli("--db", db_url, "--sources", str(registry), "init")
    result = cli(
        "--db",
        db_url,
        "--sources",
        str(registry),
        "crawl",
        "--source",
        "cangxanh",
        env={"PRESSMON_CRAWL__DOWNLOAD_DELAY": "0"},
    )
    assert result.returncode == 3
    assert "unreachable" in result.stdout
    assert _query(db_url, "SELECT count(*) FROM articles") == [(0,)]
