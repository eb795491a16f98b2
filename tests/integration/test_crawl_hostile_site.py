"""Real crawls (``pressmon crawl``) of a hostile outlet: nothing off the source's bounds is read.

The outlet lives on 127.0.0.1; the same server answers as ``127.1`` for "another site". Private
addresses are allowed in these runs on purpose: then nothing but the source's own bounds (http(s),
its domains) stands between the crawler and the other host or this machine's files, so the tests
show that rule alone holds. The sitemap index names a child on the other host, ``file://`` children
(one a local sitemap whose article must never be fetched, one ``/dev/zero``) and a gzip bomb; the
listing's "next" leads to the other host; feed items redirect (HTTP and ``<meta refresh>``) to the
other host and to ``file://``. Each is skipped with its reason, and the run says so.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.cli import cli_env, make_cli
from tests.support.files import write_registry
from tests.support.hostile_site import HostileSite, Page, gzip_bomb, serve_hostile_site
from tests.support.numbered_site import page

pytestmark = pytest.mark.slow

ENV = {
    "PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true",
    "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0",
    "PRESSMON_CRAWL__TIMEOUT": "10",
    "PRESSMON_CRAWL__RETRIES": "0",
    "PRESSMON_CRAWL__MAX_PAGE_BYTES": "1000000",
}
XML = "application/xml"


def _urlset(*paths: str, base: str = "__BASE__") -> str:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def _feed(*paths: str) -> str:
    items = "".join(
        f"<item><title>Tin {i}</title><link>__BASE__{p}</link></item>" for i, p in enumerate(paths)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Báo</title>{items}</channel></rss>'


def _hostile_pages(local_sitemap: Path) -> dict[str, Page]:
    index = "".join(
        f"<sitemap><loc>{loc}</loc></sitemap>"
        for loc in (
            "__BASE__/sitemap-tot.xml",
            "__OTHER__/sitemap-ngoai.xml",
            f"file://public-host{local_sitemap}",
            "file://public-host/dev/zero",
            "__BASE__/sitemap-bom.xml.gz",
        )
    )
    listing = '<html><body><ul><li class="item"><h3><a href="/bai/3.html">Ba</a></h3></li></ul>'
    refresh = '<html><head><meta http-equiv="refresh" content="0; url=__OTHER__/bai/10.html"></head></html>'
    return {
        "/sitemap-index.xml": Page(
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>', XML
        ),
        "/sitemap-tot.xml": Page(_urlset("/bai/1.html"), XML),
        "/sitemap-ngoai.xml": Page(_urlset("/bai/4.html"), XML),
        "/rss.xml": Page(
            _feed("/bai/2.html", "/di/ngoai.html", "/di/tep.html", "/di/lam-moi.html"), "application/rss+xml"
        ),
        "/di/ngoai.html": Page(status=302, location="__OTHER__/bai/8.html"),
        "/di/tep.html": Page(status=302, location="file:///etc/passwd"),
        "/di/lam-moi.html": Page(refresh),
        "/chuyen-muc.html": Page(
            listing + '<a class="next" href="__OTHER__/chuyen-muc-2.html">Sau</a></body></html>'
        ),
        "/chuyen-muc-2.html": Page(listing.replace("/bai/3.html", "/bai/6.html") + "</body></html>"),
    }


def _serve_articles(site: HostileSite) -> None:
    for number in range(1, 11):
        site.pages[f"/bai/{number}.html"] = Page(page(site.base_url, number), raw=True)
    # 50 MB of padding after a real entry, 50 kB on the wire, served without Content-Encoding.
    head = _urlset("/bai/7.html", base=site.base_url).removesuffix("</urlset>").encode()
    bomb = gzip_bomb(50_000_000, head=head, tail=b"</urlset>", filler=b" ")
    site.pages["/sitemap-bom.xml.gz"] = Page(bomb, "application/x-gzip", raw=True)


def _source(base: str, **entries: Any) -> dict[str, Any]:
    return {"id": "hiem-hoc", "name": "Báo hiểm hóc", "kind": "local", "confidence": "C", **entries}


def _row(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM crawl_runs ORDER BY id DESC").fetchone())


def _stored(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(r[0].rsplit("/", 1)[-1] for r in conn.execute("SELECT canonical_url FROM articles"))


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("hostile")
    local = tmp / "local-sitemap.xml"
    run, db = make_cli(tmp), tmp / "hostile.db"
    with serve_hostile_site(_hostile_pages(local)) as site:
        local.write_text(_urlset("/bai/5.html", base=site.base_url), encoding="utf-8")
        _serve_articles(site)
        source = _source(
            site.base_url,
            feeds=[f"{site.base_url}/rss.xml"],
            sitemaps=[f"{site.base_url}/sitemap-index.xml"],
            listings=[{"url": f"{site.base_url}/chuyen-muc.html", "next": "a.next::attr(href)"}],
        )
        args = ("--db", f"sqlite:///{db}", "--sources", str(write_registry(tmp / "sources.yaml", [source])))
        assert run(*args, "init").returncode == 0
        result = run(*args, "crawl", env=ENV, timeout=120)
        yield site, db, result


def test_nothing_is_asked_of_another_host_or_read_from_files(hostile_crawl: Any) -> None:
    site, db, result = hostile_crawl
    assert result.returncode == 0, result.stdout + result.stderr
    assert site.hosts() == {"127.0.0.1"}  # not a single request to 127.1
    assert _stored(db) == ["1.html", "2.html", "3.html"]
    # The local sitemap's and the bomb's entries were never learnt, so never fetched.
    assert not site.requested("/bai/5.html") and not site.requested("/bai/7.html")


def test_each_refusal_is_a_skip_with_its_reason(hostile_crawl: Any) -> None:
    site, db, result = hostile_crawl
    row = _row(db)
    detail = yaml.safe_load(row["skipped_detail"])
    other, base = site.other_url, site.base_url
    expected = [
        f"{other}/sitemap-ngoai.xml: host 127.1 is off the source's domains (127.0.0.1)",
        "file://public-host/dev/zero: not an http(s) address",
        f"{base}/sitemap-bom.xml.gz: gzipped sitemap unpacks to more than max_page_bytes (1,000,000 bytes)",
        f"{other}/chuyen-muc-2.html: host 127.1 is off the source's domains (127.0.0.1)",
        f"{base}/di/ngoai.html: redirect to {other}/bai/8.html: host 127.1 is off the source's domains",
        f"{base}/di/tep.html: redirect to file:///etc/passwd: not an http(s) address",
        f"{base}/di/lam-moi.html: redirected to {other}/bai/10.html: host 127.1 is off the source's domains",
    ]
    for line in expected:
        assert any(d.startswith(line) for d in detail), (line, detail)
    assert any(
        d.startswith("file://public-host/") and d.endswith("local-sitemap.xml: not an http(s) address")
        for d in detail
    )
    assert (row["status"], row["skipped"], row["failed"]) == ("ok", len(expected) + 1, 0)
    assert "gzipped sitemap unpacks to more than max_page_bytes" in result.stdout  # listed under the table


def test_a_robots_txt_forbidding_everything_is_reported_as_such(tmp_path: Path) -> None:
    run, db = make_cli(tmp_path), tmp_path / "robots.db"
    pages = {
        "/robots.txt": Page("User-agent: *\nDisallow: /\n", "text/plain"),
        "/rss.xml": Page(_feed(), XML),
    }
    with serve_hostile_site(pages) as site:
        source = _source(
            site.base_url, feeds=[f"{site.base_url}/rss.xml"], sitemaps=[f"{site.base_url}/s.xml"]
        )
        args = (
            "--db",
            f"sqlite:///{db}",
            "--sources",
            str(write_registry(tmp_path / "sources.yaml", [source])),
        )
        assert run(*args, "init").returncode == 0
        result = run(*args, "crawl", env=ENV)
        assert site.requests == [("127.0.0.1", "/robots.txt")]
    assert result.returncode == 3, result.stdout + result.stderr
    row = _row(db)
    assert (row["status"], row["robots_skipped"], row["failed"]) == ("disallowed", 2, 0)
    assert row["last_error"] == "robots.txt disallows every feed, sitemap and listing of this source"
    assert "the robots.txt of hiem-hoc forbids its feeds, sitemaps and listings" in result.stdout
    assert "check its addresses" not in result.stdout


def test_a_registry_address_without_a_scheme_stops_the_crawl_at_load_with_its_line(tmp_path: Path) -> None:
    run = make_cli(tmp_path)
    registry = write_registry(
        tmp_path / "sources.yaml", [_source("", feeds=["vnexpress.net/rss/thoi-su.rss"])]
    )
    line = registry.read_text(encoding="utf-8").splitlines().index("  - vnexpress.net/rss/thoi-su.rss") + 1
    result = run("--db", f"sqlite:///{tmp_path / 'x.db'}", "--sources", str(registry), "crawl")
    assert result.returncode == 2
    assert (
        f"sources.yaml:{line}: sources.0.feeds.0: 'vnexpress.net/rss/thoi-su.rss': not an http(s)"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


# A crawl given sources that never went through the registry loader (as bench/crawl.py does): a bad
# start request of the first source must not stop the second.
RUN_TWO_SOURCES = """
import sys
from crawlers.runner import run_crawl
from pipeline.registry import SourceConfig
from pipeline.settings import load_settings
from pipeline.storage.engine import make_engine
from pipeline.storage.migrate import upgrade

db, base = sys.argv[1], sys.argv[2]
upgrade(make_engine(db))
bad = SourceConfig(id="sai", name="Sai", kind="local", confidence="C", domains=["vnexpress.net"],
                   feeds=["vnexpress.net/rss/thoi-su.rss", "file://vnexpress.net/etc/passwd"])
good = SourceConfig(id="dung", name="Đúng", kind="local", confidence="A", feeds=[base + "/rss.xml"])
crawl = {"allow_private_addresses": True, "download_delay": 0.0, "retries": 0}
run_crawl(load_settings({"crawl": crawl}, environ={}), db, [bad, good])
"""


def test_a_bad_start_request_fails_its_own_source_only(tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    with serve_hostile_site({"/rss.xml": Page(_feed("/bai/2.html"), XML)}) as site:
        _serve_articles(site)
        done = subprocess.run(
            [sys.executable, "-c", RUN_TWO_SOURCES, f"sqlite:///{db}", site.base_url],
            cwd=tmp_path,
            env=cli_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT source_id, status, new, failed, last_error FROM crawl_runs ORDER BY source_id"
        )
        (good, bad) = rows.fetchall()
    assert good[:4] == ("dung", "ok", 1, 0)
    assert bad[:4] == ("sai", "unreachable", 0, 2)
    assert bad[4] == "file://vnexpress.net/etc/passwd: not an http(s) address"
