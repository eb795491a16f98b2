"""A local site of N numbered article pages and their sitemap, for crash, concurrency and crawl benchmarks.

Each page is one of the bundled demo articles with its own canonical URL and a numbered paragraph,
so every page is a distinct article. ``delay`` slows each page down, so that a test can kill a
crawl while it is half-way; ``crawled_intact`` checks what such a crawl left in the database.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pressmon.demo_site import SITE_DIR
from tests.support.files import write_registry as registry_file
from tests.support.loopback import HTML, serve_routes

_CANONICAL = re.compile(r'(<link rel="canonical"|<meta property="og:url") [^>]*>')


@functools.cache
def templates() -> tuple[str, ...]:
    """The demo articles the pages are made from."""
    return tuple(p.read_text(encoding="utf-8") for p in sorted(SITE_DIR.glob("*/tin-tuc/*.html")))


def page(base: str, number: int) -> bytes:
    """Article page ``number``: a demo article under its own canonical URL."""
    pages = templates()
    html = pages[number % len(pages)].replace("__BASE__", base)
    html = _CANONICAL.sub(f'<link rel="canonical" href="{base}/bai/{number}.html">', html)
    marker = f"<p>Bản tin số {number} đăng lại để thử độ bền của hệ thống.</p></article>"
    return html.replace("</article>", marker, 1).encode("utf-8")


def sitemap(base: str, count: int) -> bytes:
    """A sitemap listing every page."""
    urls = "".join(f"<url><loc>{base}/bai/{i}.html</loc></url>" for i in range(count))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


@contextmanager
def serve_numbered_site(count: int, delay: float = 0.0) -> Iterator[str]:
    """Serve ``count`` pages and ``/sitemap.xml`` on 127.0.0.1; yields the base URL."""

    def route(path: str, base: str) -> tuple[int, str, bytes] | None:
        if path == "/sitemap.xml":
            return 200, "application/xml", sitemap(base, count)
        match = re.fullmatch(r"/bai/(\d+)\.html", path)
        if match and int(match[1]) < count:
            time.sleep(delay)
            return 200, HTML, page(base, int(match[1]))
        return None

    with serve_routes(route, "numbered-site") as base:
        yield base


def write_registry(path: Path, base: str) -> Path:
    """A one-source registry whose source is the numbered site's sitemap."""
    source = {
        "id": "so-thu-tu",
        "name": "Báo Số Thứ Tự",
        "kind": "local",
        "homepage": f"{base}/",
        "sitemaps": [f"{base}/sitemap.xml"],
        "confidence": "A",
    }
    return registry_file(path, [source])


CRAWL_ENV = {
    "PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true",
    "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0",
    "PRESSMON_CRAWL__TIMEOUT": "20",
}


def scalar(db: Path, sql: str) -> int:
    """The one number ``sql`` selects from the SQLite file ``db`` (waiting out a writer)."""
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute(sql).fetchone()[0])


def crawled_intact(db: Path) -> None:
    """Nothing half-stored: every stored article has its raw page, and no URL is stored twice."""
    assert scalar(db, "SELECT count(*) FROM articles WHERE raw_sha256 IS NULL") == 0
    orphans = (
        "SELECT count(*) FROM articles a LEFT JOIN raw_pages r ON r.sha256 = a.raw_sha256"
        " WHERE r.sha256 IS NULL"
    )
    assert scalar(db, orphans) == 0
    assert scalar(db, "SELECT count(*) FROM articles") == scalar(
        db, "SELECT count(DISTINCT canonical_url) FROM articles"
    )
