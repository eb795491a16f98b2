"""pipeline.extract on the demo outlets' saved pages (and, when present, a real VnExpress page)."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from pipeline.collect.extract import decode_html, extract_article
from pipeline.records import ArticleRecord, FeedMeta, RawPage
from pipeline.text.urls import article_id
from tests.support.paths import DEMO_DIR

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "http://127.0.0.1:8000"
DEMO = DEMO_DIR
BOILERPLATE = ("Tin liên quan", "Ý kiến bạn đọc")
EXPECTED: list[dict[str, Any]] = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))[
    "articles"
]
BY_PATH = {a["path"]: a for a in EXPECTED}
PATHS = [a["path"] for a in EXPECTED]


def short_id(path: str) -> str:
    return path.split("/")[0] + "-" + path.rsplit("-", 1)[-1].removesuffix(".html")


def demo_html(path: str) -> bytes:
    return (DEMO / "site" / path).read_bytes().replace(b"__BASE__", BASE.encode())


def raw_page(path: str, fetched_at: datetime, feed: FeedMeta | None = None) -> RawPage:
    url = f"{BASE}/{path}"
    headers = {"content-type": "text/html; charset=utf-8"}
    return RawPage(
        url, url, 200, headers, demo_html(path), fetched_at, path.split("/")[0], feed or FeedMeta()
    )


@cache
def extracted(path: str, fetched_at: datetime) -> ArticleRecord:
    record = extract_article(raw_page(path, fetched_at))
    assert record is not None, f"no article extracted from {path}"
    return record


@pytest.fixture
def crawl_time() -> datetime:
    """A frozen crawl time after the last demo article: 20 November 2026, 12:00 in Vietnam."""
    return datetime(2026, 11, 20, 12, 0, tzinfo=VN)


@pytest.fixture(params=["cangxanh", "tinnhanh", "anlao-portal"])
def outlet(request: pytest.FixtureRequest) -> str:
    return request.param


def test_every_outlet_has_demo_pages(outlet: str) -> None:
    assert any(p.startswith(outlet + "/") for p in PATHS)


@pytest.mark.parametrize("path", PATHS, ids=short_id)
def test_title(path: str, crawl_time: datetime) -> None:
    assert extracted(path, crawl_time).title == BY_PATH[path]["title"]


@pytest.mark.parametrize("path", PATHS, ids=short_id)
def test_byline(path: str, crawl_time: datetime) -> None:
    assert extracted(path, crawl_time).byline == BY_PATH[path]["byline"]


@pytest.mark.parametrize("path", PATHS, ids=short_id)
def test_published(path: str, crawl_time: datetime) -> None:
    published = extracted(path, crawl_time).published_at
    expected = datetime.fromisoformat(BY_PATH[path]["published"])
    assert published is not None
    assert published.utcoffset() == expected.utcoffset()
    if path.startswith("anlao-portal/"):
        # The portal shows only the day; its time comes from the feed or JSON-LD, when at all.
        assert published.date() == expected.date()
    else:
        assert published == expected


@pytest.mark.parametrize("path", PATHS, ids=short_id)
def test_body_contains_expected_phrases(path: str, crawl_time: datetime) -> None:
    body = extracted(path, crawl_time).body
    missing = [p for p in BY_PATH[path]["body_must_contain"] if p not in body]
    assert missing == []


@pytest.mark.parametrize("path", PATHS, ids=short_id)
def test_body_has_no_related_links_or_comments(path: str, crawl_time: datetime) -> None:
    comments = re.findall(r'class="comment-content">([^<]+)<', demo_html(path).decode("utf-8"))
    assert comments, "the demo page should carry a reader comment"
    body = extracted(path, crawl_time).body
    assert [text for text in (*BOILERPLATE, *comments) if text in body] == []


@pytest.mark.parametrize("path", PATHS, ids=short_id)
def test_id_comes_from_canonical_link(path: str, crawl_time: datetime) -> None:
    record = extracted(path, crawl_time)
    assert record.canonical_url == f"{BASE}/{path}"
    assert record.id == article_id(record.canonical_url)
    assert record.source_id == path.split("/")[0]


def test_feed_time_completes_a_date_only_portal_page(crawl_time: datetime) -> None:
    path = "anlao-portal/tin-tuc/ngay-hoi-dai-doan-ket-toan-dan-toc-o-thon-kim-son-xa-an-lao-3010.html"
    record = extract_article(
        raw_page(path, crawl_time, FeedMeta(published="Sun, 15 Nov 2026 19:00:00 +0700"))
    )
    assert record is not None
    assert record.published_at == datetime.fromisoformat(BY_PATH[path]["published"])


def test_tinnhanh_utm_link_gets_the_same_id_as_the_clean_one(crawl_time: datetime) -> None:
    path = "tinnhanh/tin-tuc/gia-lua-dong-bang-song-cuu-long-tang-nhe-nho-don-hang-xuat-khau-2001.html"
    url = f"{BASE}/{path}?utm_source=rss&utm_medium=feed"
    page = RawPage(url, url, 200, {}, demo_html(path), crawl_time, "tinnhanh")
    record = extract_article(page)
    assert record is not None and record.id == extracted(path, crawl_time).id


ARTICLE_HTML = (
    "<html><head><meta charset='utf-8'><title>Tin thử</title></head><body><article>"
    "<h1>Cảng biển tất bật những ngày cuối năm</h1>"
    + "".join(
        f"<p>Đoạn {i}: các cảng biển và người lao động làm việc liên tục để kịp giao hàng dịp cuối năm.</p>"
        for i in range(8)
    )
    + "</article></body></html>"
)


@pytest.mark.parametrize("feed_date", ["Wed, 14 Oct 2026 08:30:00 +0700", "2026-10-14T08:30:00+07:00"])
def test_feed_date_is_used_when_the_page_has_none(feed_date: str, frozen_now: datetime) -> None:
    page = RawPage(
        "https://x.example/a.html",
        "https://x.example/a.html",
        200,
        {},
        ARTICLE_HTML.encode(),
        frozen_now,
        "x",
        FeedMeta(published=feed_date),
    )
    record = extract_article(page)
    assert record is not None
    assert record.published_at == datetime(2026, 10, 14, 8, 30, tzinfo=VN)


def test_page_without_text_gives_none(frozen_now: datetime) -> None:
    page = RawPage(
        "https://x.example/", "https://x.example/", 200, {}, b"<html><body></body></html>", frozen_now, "x"
    )
    assert extract_article(page) is None


def test_decode_html_follows_meta_charset() -> None:
    html = "<html><head><meta charset='windows-1258'></head><body>Hải Phòng</body></html>"
    decoded = decode_html(unicodedata.normalize("NFD", html).encode("cp1258"))
    assert "Hải Phòng" in unicodedata.normalize("NFC", decoded)


@pytest.mark.shared
def test_real_vnexpress_page(shared_dir: Path) -> None:
    folder = shared_dir / "pages" / "vnexpress_2025-10-22"
    if not (folder / "page.html").is_file():
        pytest.skip(f"{folder / 'page.html'} is absent")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["V1"]
    fetched = datetime(2025, 10, 22, 21, 57, tzinfo=VN)
    page = RawPage(
        meta["url"],
        meta["url"],
        200,
        {"content-type": "text/html; charset=utf-8"},
        (folder / "page.html").read_bytes(),
        fetched,
        "vnexpress",
    )
    record = extract_article(page)
    assert record is not None
    assert record.title == expected["title"] == "Đau bụng kéo dài, phát hiện ung thư lymphoma ruột non"
    assert record.byline == "Lê Phương"
    assert record.published_at is not None
    assert record.published_at.isoformat() == "2025-10-22T19:25:52+07:00"
    assert record.body.startswith(expected["body"]["summary"][0])
    assert "\nNgày 22/10, BS.CK2 Cao Thị Hồng" in record.body
