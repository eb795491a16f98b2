"""Real crawls (``pressmon crawl``) of the fault-laden fixture site, over two "weeks".

Week 1: a feed with a browser banner holding only the 3 newest items, a 3-page listing whose last
"next" points back to page 1, tracking parameters, a 503 that clears on retry, a 404, a slow page,
a redirect loop, two 50 MB pages (with and without a length), a body that is not HTML, a
robots.txt-forbidden page,
an offsite link, and pages in Windows-1258, NFD, UTF-16 and UTF-8-with-BOM-under-a-wrong-header.
Week 2: the feed has rolled over (2 new items only in the listing) and one article was edited.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
import socket
import sqlite3
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.cli import make_cli
from tests.support.crawl_site import SITE_DIR, SiteState, serve_crawl_site
from tests.support.files import write_registry

EXPECTED: list[dict[str, Any]] = yaml.safe_load((SITE_DIR / "expected.yaml").read_text(encoding="utf-8"))[
    "articles"
]
WEEK1 = [a for a in EXPECTED if a["week"] == 1]
CRAWL_ENV = {
    "PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true",
    "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0",
    "PRESSMON_CRAWL__TIMEOUT": "10",
    "PRESSMON_CRAWL__MAX_PAGE_BYTES": "1000000",
}


def _registry(path: Path, base: str) -> Path:
    source = {
        "id": "thu-nghiem",
        "name": "Báo Thử Nghiệm",
        "kind": "local",
        "homepage": f"{base}/",
        "feeds": [f"{base}/rss.xml"],
        "listings": [
            {"url": f"{base}/chuyen-muc/thoi-su.html", "next": "a.next-page::attr(href)", "max_pages": 10}
        ],
        "confidence": "A",
    }
    return write_registry(path, [source])


def _rows(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


class TwoWeeks:
    """The site, the database and the output of both crawls."""

    def __init__(
        self, site: SiteState, db: Path, week1: str, week1_articles: list[tuple[Any, ...]], week2: str
    ):
        self.site, self.db, self.week1, self.week1_articles, self.week2 = (
            site,
            db,
            week1,
            week1_articles,
            week2,
        )


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoWeeks]:
    tmp = tmp_path_factory.mktemp("fixture-site")
    run, db = make_cli(tmp), tmp / "crawl.db"
    with serve_crawl_site() as site:
        args = ("--db", f"sqlite:///{db}", "--sources", str(_registry(tmp / "sources.yaml", site.base_url)))
        assert run(*args, "init").returncode == 0
        first = run(*args, "crawl", env=CRAWL_ENV)
        assert first.returncode == 0, first.stdout + first.stderr
        articles = _rows(db, "SELECT id, canonical_url, text_hash, revision FROM articles ORDER BY id")
        site.week = 2
        second = run(*args, "crawl", env=CRAWL_ENV)
        assert second.returncode == 0, second.stdout + second.stderr
        yield TwoWeeks(site, db, first.stdout, articles, second.stdout)


def _stored(db: Path) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM articles").fetchall()
    return {r["canonical_url"].rsplit("/", 1)[-1].removesuffix(".html"): dict(r) for r in rows}


def test_week_one_stores_every_article_once(crawled: TwoWeeks) -> None:
    slugs = sorted(u.rsplit("/", 1)[-1].removesuffix(".html") for _, u, _, _ in crawled.week1_articles)
    assert slugs == sorted(a["slug"] for a in WEEK1)
    assert not any("utm_" in u or "?" in u for _, u, _, _ in crawled.week1_articles)


def test_fields_are_right_with_time_of_day_and_offset(crawled: TwoWeeks) -> None:
    stored = _stored(crawled.db)
    for gold in EXPECTED:
        article = stored[gold["slug"]]
        assert article["title"] == gold["title"], gold["slug"]
        assert article["byline"] == gold["byline"], gold["slug"]
        published = datetime.fromisoformat(article["published_at"]).replace(tzinfo=UTC)  # stored in UTC
        assert published == crawled.site.published(gold["hours_ago"]), gold["slug"]
        assert article["published_method"] == "meta", gold["slug"]
        assert article["published_offset"] == 420, gold["slug"]  # the page's own +07:00, kept
        for phrase in gold["body_must_contain"]:
            assert phrase in article["body"], (gold["slug"], phrase)
        for noise in ("Tin liên quan", "Ý kiến bạn đọc", "cảm ơn tòa soạn", "Trang sau"):
            assert noise not in article["body"], (gold["slug"], noise)


def test_charsets_and_nfd_are_stored_as_nfc(crawled: TwoWeeks) -> None:
    stored = _stored(crawled.db)
    for slug in ("ma-cp1258", "ma-nfd", "ma-utf16", "ma-bom-sai-header"):
        article = stored[slug]
        for field in ("title", "body", "byline"):
            assert unicodedata.is_normalized("NFC", article[field]), (slug, field)
    assert "Hải Phòng đẩy mạnh chuyển đổi số" in stored["ma-cp1258"]["title"]
    assert "Thủy Nguyên" in stored["ma-nfd"]["body"]


def _served_heading(slug: str) -> str:
    """The <h1> of the page file a slug is served from, in NFC (the file of week 2 when edited)."""
    files = sorted(SITE_DIR.glob(f"week2/tin/{slug}*.html")) or sorted(SITE_DIR.glob(f"tin/{slug}*.html"))
    heading = re.search(r"<h1>(.*?)</h1>", files[0].read_text(encoding="utf-8"), re.DOTALL)
    assert heading is not None, slug
    return unicodedata.normalize("NFC", heading[1].strip())


def test_export_gives_every_title_exactly_as_served(crawled: TwoWeeks, tmp_path: Path) -> None:
    """Old-style tone marks ("hoà", "uỷ", "thuỷ", "Thanh Hoá") and all: nothing re-marked."""
    out = tmp_path / "export.csv"
    result = make_cli(tmp_path)(
        "--db", f"sqlite:///{crawled.db}", "export", "--output", str(out), "--format", "csv"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        titles = {
            r["url"].split("?")[0].rsplit("/", 1)[-1].split(".")[0]: r["title"] for r in csv.DictReader(fh)
        }
    served = {a["slug"]: _served_heading(a["slug"]) for a in EXPECTED}
    assert {slug: titles.get(slug) for slug in served} == served
    assert titles["a11-dau-thanh-kieu-cu"] == "Thanh Hoá và Hải Phòng hoà nhịp: uỷ ban bàn chuyện thuỷ lợi"
    body = _stored(crawled.db)["a11-dau-thanh-kieu-cu"]["body"]
    assert "\x1b" not in body and "\x1f" not in body  # the ESC byte did not cost the article


def test_raw_page_is_kept_as_served(crawled: TwoWeeks) -> None:
    ((sha, body_gz),) = _rows(
        crawled.db,
        "SELECT r.sha256, r.body_gz FROM articles a JOIN raw_pages r ON a.raw_sha256 = r.sha256"
        " WHERE a.canonical_url LIKE '%ma-cp1258.html'",
    )
    raw = gzip.decompress(body_gz)
    assert hashlib.sha256(raw).hexdigest() == sha
    assert "Hải".encode() not in raw and b"H\xe1i" not in raw  # Windows-1258 bytes, not re-encoded


def test_the_run_says_what_it_skipped(crawled: TwoWeeks) -> None:
    (row,) = _rows(
        crawled.db,
        "SELECT status, failed, skipped, robots_skipped, skipped_detail FROM crawl_runs ORDER BY id LIMIT 1",
    )
    status, failed, skipped, robots, detail = row
    assert (status, failed, robots) == ("ok", 0, 1)
    reasons = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line for line in yaml.safe_load(detail)}
    assert "HTTP 404" in reasons["khong-co.html"]
    assert "redirect" in reasons["vong-a.html"]
    assert "max_page_bytes" in reasons["qua-lon.html"]
    assert "max_page_bytes" in reasons["qua-lon-khong-do-dai.html"]
    assert "not HTML" in reasons["khong-phai-html.html"]
    assert "loops back" in reasons["thoi-su.html"]
    assert skipped == 6
    for name in ("khong-co.html", "vong-a.html", "qua-lon.html", "qua-lon-khong-do-dai.html"):
        assert name in crawled.week1


def test_the_50_mb_pages_were_not_read_whole(crawled: TwoWeeks) -> None:
    site = crawled.site
    for path in ("/loi/qua-lon.html", "/loi/qua-lon-khong-do-dai.html"):
        assert site.requested(path, week=1) == 1  # a size skip is not retried
        assert site.huge_sent[path] < site.huge_bytes // 2, path  # the crawler hung up early
    assert _rows(crawled.db, "SELECT count(*) FROM raw_pages WHERE size > 1000000") == [(0,)]


def test_the_503_cleared_on_retry_and_the_slow_page_arrived(crawled: TwoWeeks) -> None:
    assert crawled.site.requested("/loi/tam-thoi-loi-503.html", week=1) == 2
    first, retry = crawled.site.times["/loi/tam-thoi-loi-503.html"][:2]
    assert retry - first >= 2.0  # the 503's Retry-After: 2 was honoured (backoff alone is 1 s)
    assert crawled.site.requested("/loi/trang-cham.html", week=1) == 1
    assert crawled.site.requested("/cam/noi-bo.html") == 0


def test_week_two_fills_the_gap_of_the_rolled_over_feed(crawled: TwoWeeks) -> None:
    stored = _stored(crawled.db)
    assert {"b01-thong-xe-duong-ven-bien", "b02-an-lao-ra-mat-hop-tac-xa"} <= set(stored)
    assert len(stored) == len(EXPECTED)
    ((new, updated, failed),) = _rows(
        crawled.db, "SELECT new, updated, failed FROM crawl_runs ORDER BY id DESC LIMIT 1"
    )
    assert (new, updated, failed) == (5, 1, 0)


def test_week_two_walks_back_only_to_the_last_crawl(crawled: TwoWeeks) -> None:
    site = crawled.site
    assert site.requested("/chuyen-muc/thoi-su-p2.html", week=2) == 1  # page 1 still had new items
    assert site.requested("/chuyen-muc/thoi-su-p3.html", week=2) == 0  # page 2 was all older
    assert site.requested("/tin/a07-benh-vien-mo-khoa-moi.html", week=2) == 0  # old, not in the feed


def test_an_edited_article_is_updated_and_its_previous_text_kept(crawled: TwoWeeks) -> None:
    article = _stored(crawled.db)["a09-mua-lon-gay-ngap-pho"]
    assert article["revision"] == 2
    assert "182 mm" in article["body"]
    ((old_body, old_hash),) = _rows(
        crawled.db, "SELECT body, text_hash FROM article_revisions WHERE article_id = ?", article["id"]
    )
    assert "182 mm" not in old_body and "Thanh Tùng" not in old_body
    before = {i: h for i, _, h, _ in crawled.week1_articles}
    assert before[article["id"]] == old_hash != article["text_hash"]
    unchanged = [i for i, _, h, _ in crawled.week1_articles if i != article["id"]]
    now = {r[0]: r[1] for r in _rows(crawled.db, "SELECT id, text_hash FROM articles")}
    assert all(now[i] == before[i] for i in unchanged)


def test_crawl_table_shows_duration_and_skips(crawled: TwoWeeks) -> None:
    assert "Crawl run" in crawled.week1 and "thu-nghiem" in crawled.week1
    for header in ("skip", "robots", "last error"):
        assert header in crawled.week1
    assert "skipped " in crawled.week1


def test_feed_metadata_is_kept_beside_the_page(crawled: TwoWeeks) -> None:
    feed = json.loads(_stored(crawled.db)["a08-xuat-khau-qua-cang-tang"]["feed"])
    assert feed["feed_url"].endswith("/rss.xml")  # read through the banner line
    assert feed["title"] == "Hàng xuất khẩu qua cảng Hải Phòng tăng mạnh"


def test_since_bounds_sitemaps_and_listings(tmp_path: Path) -> None:
    run, db = make_cli(tmp_path), tmp_path / "since.db"
    with serve_crawl_site() as site:
        registry = _registry(tmp_path / "sources.yaml", site.base_url)
        data = yaml.safe_load(registry.read_text(encoding="utf-8"))
        # The feed given as a sitemap, as Tuổi Trẻ publishes its "sitemaps" in RSS.
        sitemaps = [f"{site.base_url}/sitemap.xml", f"{site.base_url}/rss.xml"]
        data["sources"][0].update(feeds=[], sitemaps=sitemaps)
        registry.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        args = ("--db", f"sqlite:///{db}", "--sources", str(registry))
        assert run(*args, "init").returncode == 0
        since = (site.now - timedelta(days=9)).date().isoformat()
        result = run(*args, "crawl", "--since", since, env=CRAWL_ENV)
        assert result.returncode == 0, result.stdout + result.stderr
        assert site.requested("/sitemap-tin-cu.xml") == 0
        assert site.requested("/chuyen-muc/thoi-su-p2.html") == 1
        assert site.requested("/chuyen-muc/thoi-su-p3.html") == 0
    stored = _stored(db)
    assert sorted(stored) == [
        "a08-xuat-khau-qua-cang-tang",
        "a09-mua-lon-gay-ngap-pho",
        "a10-hoi-cho-nong-san",
    ]
    assert json.loads(stored["a08-xuat-khau-qua-cang-tang"]["feed"])["feed_url"].endswith("/rss.xml")


def test_an_unreachable_source_is_reported_and_the_others_land(tmp_path: Path) -> None:
    run, db = make_cli(tmp_path), tmp_path / "dead.db"
    with socket.socket() as probe:  # a port nothing listens on: bound, never listening
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
        with serve_crawl_site() as site:
            registry = _registry(tmp_path / "sources.yaml", site.base_url)
            data = yaml.safe_load(registry.read_text(encoding="utf-8"))
            data["sources"][0]["listings"] = []
            data["sources"].append(
                {
                    "id": "sai-dia-chi",
                    "name": "Nguồn sai địa chỉ",
                    "kind": "local",
                    "feeds": [f"{dead}/rss.xml"],
                    "confidence": "C",
                }
            )
            registry.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            args = ("--db", f"sqlite:///{db}", "--sources", str(registry))
            assert run(*args, "init").returncode == 0
            result = run(*args, "crawl", env={**CRAWL_ENV, "PRESSMON_CRAWL__RETRIES": "1"})
    assert result.returncode == 3
    rows = _rows(db, "SELECT source_id, status, new, failed, last_error FROM crawl_runs ORDER BY source_id")
    assert [r[:4] for r in rows] == [("sai-dia-chi", "unreachable", 0, 1), ("thu-nghiem", "ok", 3, 0)]
    assert "/rss.xml" in rows[0][4]
    assert "no feed, sitemap or listing of sai-dia-chi answered" in result.stdout


def test_malformed_feeds_are_read_as_far_as_they_go_or_reported(tmp_path: Path) -> None:
    """A feed cut off mid-item gives its whole items; an HTML error page where the feed should be
    is a failure of the source, with its URL; the run finishes."""
    run, db = make_cli(tmp_path), tmp_path / "feeds.db"
    with serve_crawl_site() as site:
        registry = _registry(tmp_path / "sources.yaml", site.base_url)
        data = yaml.safe_load(registry.read_text(encoding="utf-8"))
        feeds = [f"{site.base_url}/hong/rss-cat-ngang.xml", f"{site.base_url}/hong/rss-la-html.xml"]
        data["sources"][0].update(feeds=feeds, listings=[])
        registry.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        args = ("--db", f"sqlite:///{db}", "--sources", str(registry))
        assert run(*args, "init").returncode == 0
        result = run(*args, "crawl", env=CRAWL_ENV)
    assert result.returncode == 3, result.stdout + result.stderr  # a source only partly read
    assert sorted(_stored(db)) == ["a09-mua-lon-gay-ngap-pho", "a10-hoi-cho-nong-san"]
    ((status, new, failed, last_error),) = _rows(db, "SELECT status, new, failed, last_error FROM crawl_runs")
    assert (status, new, failed) == ("partial", 2, 1)
    assert "rss-la-html.xml: not a feed" in last_error
    assert "rss-la-html.xml" in result.stdout
