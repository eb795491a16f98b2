"""Benchmark: `pressmon poll` of 30 sources' feeds, with nothing new and with 200 new items, beside the
weekly crawl (`pressmon weekly`) of the same site, in one run.

Usage: ``.venv/bin/python bench/poll.py [--sources 30] [--new 200]``.

A local site on 127.0.0.1 serves one feed and one sitemap per source; the 200 articles are the numbered
demo pages (``tests/support/numbered_site``), shared out over the feeds. Every command is the real CLI in a
subprocess on a fresh SQLite database (start-up, model load and all), timed from start to exit:

1. ``poll`` with one item in each feed (the first poll of an installation);
2. ``poll`` after the 200 items appeared in the feeds (fetch, store, process, alerts);
3. ``poll`` again, nothing new (the usual case every 15 minutes);
4. ``weekly`` of the same site (feeds and sitemaps walked), nothing new left to store.

Ratios are against the weekly run of the same site, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.clock import utcnow  # noqa: E402
from pressmon.demo_site import base_url, serving  # noqa: E402
from tests.support.files import write_registry  # noqa: E402
from tests.support.numbered_site import page  # noqa: E402


class Site:
    """Feeds and sitemaps of ``sources`` sources over the articles published so far."""

    def __init__(self, sources: int) -> None:
        self.sources, self.published, self.base = sources, 0, ""

    def mine(self, source: int) -> list[int]:
        return [i for i in range(self.published) if i % self.sources == source]

    def feed(self, source: int) -> bytes:
        when = format_datetime(utcnow())
        items = "".join(
            f"<item><title>Bản tin số {i}</title><link>{self.base}/bai/{i}.html</link>"
            f"<pubDate>{when}</pubDate></item>"
            for i in self.mine(source)
        )
        channel = f"<channel><title>N{source}</title>{items}</channel>"
        return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()

    def sitemap(self, source: int) -> bytes:
        urls = "".join(f"<url><loc>{self.base}/bai/{i}.html</loc></url>" for i in self.mine(source))
        schema = "http://www.sitemaps.org/schemas/sitemap/0.9"
        return f'<?xml version="1.0"?><urlset xmlns="{schema}">{urls}</urlset>'.encode()


def _serve(site: Site) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            path = self.path
            if path == "/robots.txt":
                body = b"User-agent: *\nAllow: /\n"
            elif path.startswith("/feed/"):
                body = site.feed(int(path[6:-4]))
            elif path.startswith("/sitemap/"):
                body = site.sitemap(int(path[9:-4]))
            elif path.startswith("/bai/"):
                body = page(site.base, int(path[5:-5]))
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


def _timed(workdir: Path, env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pressmon", "-q", *args], cwd=workdir, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"pressmon {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=30)
    parser.add_argument("--new", type=int, default=200)
    args = parser.parse_args()
    site = Site(args.sources)
    server = _serve(site)
    site.base = base_url(server)
    with serving(server, "bench-poll"), tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources = [
            {
                "id": f"nguon-{n:02d}",
                "name": f"Nguồn {n}",
                "kind": "local",
                "confidence": "A",
                "homepage": f"{site.base}/",
                "feeds": [f"{site.base}/feed/{n}.xml"],
                "sitemaps": [f"{site.base}/sitemap/{n}.xml"],
            }
            for n in range(args.sources)
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSMON_")}
        env |= {
            "PYTHONPATH": str(ROOT),
            "PRESSMON_VAR_DIR": str(work / "var"),
            "PRESSMON_SOURCES": str(write_registry(work / "sources.yaml", sources)),
            "PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true",
            "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0",
            "PRESSMON_CRAWL__AUTOTHROTTLE": "false",
            "PRESSMON_CRAWL__POLL_MINUTES": "0",
        }
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        _timed(work, env, "init")
        site.published = args.sources  # one item a feed: an empty feed is a failed source
        first = _timed(work, env, "poll")
        site.published += args.new
        fresh = _timed(work, env, "poll")
        nothing = _timed(work, env, "poll")
        weekly = _timed(work, env, "weekly")
        print(f"{args.sources} sources, {args.new} new items (SQLite, real CLI subprocesses, seconds):")
        for name, seconds in (
            (f"first poll, {args.sources} items", first),
            (f"poll, {args.new} new items", fresh),
            ("poll, nothing new", nothing),
            ("weekly crawl of the same site", weekly),
        ):
            print(f"  {name:<32} {seconds:7.1f} s   {seconds / weekly:5.2f} × weekly")
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
