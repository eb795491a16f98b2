"""Listings walked by a page template (``pages``), as the timelines of Tuổi Trẻ and Thanh Niên are.

A local site serves two timelines the way those outlets do (``/timeline/<zone>/trang-<N>.htm``, a page
number beyond the last giving the last page again) and the article pages they list. A real
``pressmon crawl`` walks zone 0 page by page until a page lists nothing new, zone 1 only to its
``max_pages``, and, with ``--since``, stops after the first page whose dated items are all older.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import CliRun
from tests.support.clock import vietnam_now
from tests.support.files import write_registry
from tests.support.loopback import HTML, serve_routes
from tests.support.numbered_site import CRAWL_ENV, page

pytestmark = pytest.mark.slow

PER_PAGE = 3
# Zone 0: three pages of new items; zone 1: five, walked only to max_pages 2.
LAST_PAGE = {0: 3, 1: 5}


def _item_number(zone: int, number: int, k: int) -> int:
    return zone * 100 + (number - 1) * PER_PAGE + k


def _timeline(zone: int, number: int, now: datetime) -> bytes:
    """Timeline page ``number`` of ``zone``: its items (the last page's beyond the end), page 2 on
    dated ten days back, in Tuổi Trẻ's timeline markup (../shared/docs/SOURCES-EVIDENCE.md:
    .box-category-item, a.box-category-link-title, the local time in .time-ago-last-news[title])."""
    shown = min(number, LAST_PAGE[zone])
    when = now - timedelta(days=10 if shown >= 2 else 0)
    age = "10 ngày trước" if shown >= 2 else "1 giờ trước"  # Tuổi Trẻ's relative time; the title holds it
    items = "".join(
        f'<div class="box-category-item"><a class="box-category-link-title" '
        f'href="/bai/{_item_number(zone, shown, k)}.html">Tin {k}</a>'
        f'<span class="time-ago-last-news" title="{when:%Y-%m-%dT%H:%M:%S}">{age}</span></div>'
        for k in range(PER_PAGE)
    )
    return f"<html><body><div class='list__listing-main'>{items}</div></body></html>".encode()


@contextmanager
def _serve(requests: list[str]) -> Iterator[str]:
    now = vietnam_now()

    def route(path: str, base: str) -> tuple[int, str, bytes] | None:
        requests.append(path)
        timeline = re.fullmatch(r"/timeline/(\d)/trang-(\d+)\.htm", path)
        article = re.fullmatch(r"/bai/(\d+)\.html", path)
        if timeline and int(timeline[1]) in LAST_PAGE:
            return 200, HTML, _timeline(int(timeline[1]), int(timeline[2]), now)
        if article:
            return 200, HTML, page(base, int(article[1]))
        return None

    with serve_routes(route, "timeline-site") as base:
        yield base


def _registry(path: Path, base: str) -> Path:
    def source(zone: int, max_pages: int) -> dict[str, Any]:
        return {
            "id": f"dong-thoi-gian-{zone}",
            "name": f"Dòng thời gian {zone}",
            "kind": "national",
            "homepage": f"{base}/",
            "listings": [
                {
                    "url": f"{base}/timeline/{zone}/trang-1.htm",
                    "pages": f"{base}/timeline/{zone}/trang-{{n}}.htm",
                    "articles": "a.box-category-link-title::attr(href)",
                    "max_pages": max_pages,
                }
            ],
            "confidence": "B",
        }

    return write_registry(path, [source(0, 10), source(1, 2)])


def _stored(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT source_id, count(*) FROM articles GROUP BY source_id").fetchall())


def _timeline_pages(requests: list[str], zone: int) -> list[int]:
    return sorted(
        int(m[1]) for r in requests if (m := re.fullmatch(rf"/timeline/{zone}/trang-(\d+)\.htm", r))
    )


def _crawl(cli: CliRun, tmp_path: Path, *args: str) -> tuple[list[str], dict[str, int]]:
    """``pressmon crawl ARGS`` of the timeline site: the paths it asked for, the articles per source."""
    requests: list[str] = []
    db = tmp_path / "timeline.db"
    with _serve(requests) as base:
        common = ("--db", f"sqlite:///{db}", "--sources", str(_registry(tmp_path / "sources.yaml", base)))
        assert cli(*common, "init").returncode == 0
        result = cli(*common, "crawl", *args, env=CRAWL_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    return requests, _stored(db)


def test_numbered_pages_are_walked_until_nothing_new_or_max_pages(cli: CliRun, tmp_path: Path) -> None:
    requests, stored = _crawl(cli, tmp_path)
    # Page 4 of zone 0 gives page 3 again: nothing new, the walk ends there.
    assert _timeline_pages(requests, 0) == [1, 2, 3, 4]
    assert _timeline_pages(requests, 1) == [1, 2]
    assert stored == {"dong-thoi-gian-0": 3 * PER_PAGE, "dong-thoi-gian-1": 2 * PER_PAGE}


def test_the_walk_stops_after_a_page_older_than_since(cli: CliRun, tmp_path: Path) -> None:
    since = (vietnam_now() - timedelta(days=5)).strftime("%Y-%m-%d")
    requests, stored = _crawl(cli, tmp_path, "--since", since)
    # Page 2 lists only items ten days old: none is fetched and page 3 is not asked for.
    assert _timeline_pages(requests, 0) == [1, 2]
    assert stored == {"dong-thoi-gian-0": PER_PAGE, "dong-thoi-gian-1": PER_PAGE}
