"""Benchmark: the whole crawl (fetch, extract, store) against trafilatura.extract alone.

Usage: ``.venv/bin/python bench/crawl.py [--pages 1000 10000] [--concurrency 16] [--workers 0 2]``.

N article pages are generated from the demo site's 36 pages (each copy gets its own canonical URL
and a numbered paragraph, so every page is a new article) and served from memory on 127.0.0.1
with a sitemap listing them all. For each N, one subprocess runs a real ``crawlers.runner`` crawl
into a fresh SQLite database, and another runs ``trafilatura.extract`` over the same N pages; each
reports its pages/s and its peak resident memory. The crawl runs without download delay and
without AutoThrottle (politeness is not what is measured here), with ``--concurrency`` requests
per domain, once per ``--workers`` value (extraction worker processes; 0 = in the crawler's own
process). Peak memory is the crawler process's own (not its extraction workers').
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEMO_PAGES = sorted((ROOT / "data" / "demo" / "site").glob("*/tin-tuc/*.html"))
_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*"')


def page(base: str, number: int) -> bytes:
    """Article page ``number``: a demo page with its own canonical URL and one numbered paragraph."""
    html = DEMO_PAGES[number % len(DEMO_PAGES)].read_text(encoding="utf-8").replace("__BASE__", base)
    html = _CANONICAL.sub(f'<link rel="canonical" href="{base}/bai/{number}.html"', html, count=1)
    marker = f"<p>Bản tin số {number} của bộ đo tốc độ thu thập, đăng lại để đo.</p></article>"
    return html.replace("</article>", marker, 1).encode("utf-8")


def sitemap(base: str, count: int) -> bytes:
    urls = "".join(f"<url><loc>{base}/bai/{i}.html</loc></url>" for i in range(count))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


@contextmanager
def serve(count: int) -> Iterator[str]:
    """Serve ``count`` generated pages and their sitemap; yields the base URL."""
    state: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            match = re.fullmatch(r"/bai/(\d+)\.html", self.path)
            if self.path == "/sitemap.xml":
                body, ctype = sitemap(state["base"], count), "application/xml"
            elif match and int(match[1]) < count:
                body, ctype = page(state["base"], int(match[1])), "text/html; charset=utf-8"
            else:
                body, ctype = b"not found", "text/plain"
            self.send_response(200 if ctype != "text/plain" else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state["base"] = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state["base"]
    finally:
        server.shutdown()
        server.server_close()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def worker_crawl(base: str, db: str, concurrency: int, workers: int, count: int) -> dict[str, float]:
    """Crawl the served sitemap into ``db`` (a fresh SQLite file); runs in its own process."""
    from crawlers.runner import run_crawl
    from pipeline.db import make_engine
    from pipeline.migrate import upgrade
    from pipeline.registry import SourceConfig
    from pressmon.settings import load_settings

    url = f"sqlite:///{db}"
    upgrade(make_engine(url))
    source = SourceConfig(
        id="bench", name="bench", kind="national", sitemaps=[f"{base}/sitemap.xml"], confidence="A"
    )
    overrides = {"crawl": {"allow_private_addresses": True, "download_delay": 0.0, "obey_robots": False}}
    settings = load_settings(overrides, environ={})
    started = time.perf_counter()
    run_crawl(
        settings,
        url,
        [source],
        scrapy_overrides={
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "PRESSMON_EXTRACT_WORKERS": workers,
            "PRESSMON_MAX_SITEMAP_ITEMS": 10 * count,
        },
    )
    seconds = time.perf_counter() - started
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"pages": stored, "seconds": seconds, "peak_mb": _peak_mb()}


def worker_extract(count: int) -> dict[str, float]:
    """trafilatura.extract alone over the same ``count`` pages, held in memory."""
    import trafilatura

    base = "http://127.0.0.1:1"
    started = time.perf_counter()
    done = 0
    for number in range(count):
        html = page(base, number).decode("utf-8")
        done += bool(trafilatura.extract(html, url=f"{base}/bai/{number}.html"))
    seconds = time.perf_counter() - started
    return {"pages": done, "seconds": seconds, "peak_mb": _peak_mb()}


def _run_worker(*args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _line(label: str, result: dict[str, float]) -> float:
    rate = result["pages"] / result["seconds"]
    print(
        f"  {label:<34} {rate:8.1f} pages/s  {result['pages']:>6.0f} pages in {result['seconds']:7.1f} s"
        f"  peak {result['peak_mb']:6.0f} MB"
    )
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        if kind == "crawl":
            result = worker_crawl(rest[0], rest[1], int(rest[2]), int(rest[3]), int(rest[4]))
        else:
            result = worker_extract(int(rest[0]))
        print(json.dumps(result))
        return 0
    for count in args.pages:
        print(f"{count} pages (from {len(DEMO_PAGES)} demo pages), concurrency {args.concurrency}:")
        alone = _run_worker("extract", str(count))
        alone_rate = _line("baseline trafilatura.extract alone", alone)
        for workers in args.workers:
            with tempfile.TemporaryDirectory() as tmp, serve(count) as base:
                db = str(Path(tmp) / "bench.db")
                crawl = _run_worker("crawl", base, db, str(args.concurrency), str(workers), str(count))
            label = f"crawl, extraction {'in-process' if not workers else f'in {workers} workers'}"
            rate = _line(label, crawl)
            share = rate / alone_rate
            print(f"    = {share:.0%} of extract-alone; {crawl['pages']:.0f}/{count} pages stored")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
