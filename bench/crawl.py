"""Benchmark: the whole crawl (fetch, extract, store) against trafilatura.extract alone.

Usage: ``.venv/bin/python bench/crawl.py [--pages 1000 10000] [--concurrency 16] [--workers 0 2]
[--repeat 3]``.

N article pages are generated from the demo site's 36 pages (each copy gets its own canonical URL
and a numbered paragraph, so every page is a new article) and served on 127.0.0.1, with a sitemap
listing them all, by a small asyncio HTTP/1.1 server in a process of its own: it answers a
keep-alive request in tens of microseconds, so the crawl, not the server, is measured (Python's
``http.server`` spent more per page than the crawler's downloader and made the crawl wait).

For each N, one subprocess runs a real ``crawlers.runner`` crawl into a fresh SQLite database (from
start-up of the Scrapy process to the last page committed), and another runs ``trafilatura.extract``
over the same N pages (timing only the calls). The crawl runs without download delay and without
AutoThrottle (politeness is not what is measured here), with ``--concurrency`` requests per domain,
once per ``--workers`` value (extraction worker processes; 0 = in the crawler's own process).
Each line gives pages/s, CPU milliseconds per page (the crawl's own and its extraction workers'),
and peak resident memory of the measured process (not of its extraction workers). With
``--repeat R`` every measurement runs R times, interleaved, and the fastest run of each is kept,
which is what a busy shared machine allows; the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.numbered_site import page, sitemap, templates  # noqa: E402


class _Site(asyncio.Protocol):
    """HTTP/1.1 with keep-alive for GET requests, which is all a crawler sends."""

    def __init__(self, base: str, count: int) -> None:
        self.base, self.count, self.buffer = base, count, b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            path = head.split(b" ", 2)[1].decode("latin-1")
            status, ctype, body = self._answer(path)
            assert self.transport is not None
            self.transport.write(
                f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )

    def _answer(self, path: str) -> tuple[int, str, bytes]:
        match = re.fullmatch(r"/bai/(\d+)\.html", path)
        if path == "/sitemap.xml":
            return 200, "application/xml", sitemap(self.base, self.count)
        if match and int(match[1]) < self.count:
            return 200, "text/html; charset=utf-8", page(self.base, int(match[1]))
        return 404, "text/plain", b"not found"


def _server_main(count: int, conn: Connection) -> None:
    async def run() -> None:
        loop = asyncio.get_running_loop()
        state: dict[str, str] = {}
        server = await loop.create_server(lambda: _Site(state["base"], count), "127.0.0.1", 0)
        state["base"] = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        conn.send(state["base"])
        await loop.run_in_executor(None, conn.recv)  # until the parent says stop
        server.close()

    asyncio.run(run())


@contextmanager
def serve(count: int) -> Iterator[str]:
    """Serve ``count`` generated pages and their sitemap from another process; yields the base URL."""
    parent, child = multiprocessing.get_context("spawn").Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=_server_main, args=(count, child), daemon=True
    )
    process.start()
    try:
        yield str(parent.recv())
    finally:
        parent.send("stop")
        process.join(10)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (extraction workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def worker_crawl(base: str, db: str, concurrency: int, workers: int, count: int) -> dict[str, float]:
    """Crawl the served sitemap into ``db`` (a fresh SQLite file); runs in its own process."""
    from crawlers.runner import run_crawl
    from pipeline.registry import SourceConfig
    from pipeline.settings import load_settings
    from pipeline.storage.engine import make_engine
    from pipeline.storage.migrate import upgrade

    url = f"sqlite:///{db}"
    upgrade(make_engine(url))
    source = SourceConfig(
        id="bench", name="bench", kind="national", sitemaps=[f"{base}/sitemap.xml"], confidence="A"
    )
    crawl = {
        "allow_private_addresses": True,
        "download_delay": 0.0,
        "obey_robots": False,
        "autothrottle": False,
        "concurrent_requests": concurrency,
        "concurrent_per_domain": concurrency,
        "extract_workers": workers,
        "max_sitemap_items": 10 * count,
    }
    settings = load_settings({"crawl": crawl}, environ={})
    started, cpu = time.perf_counter(), _cpu_seconds()
    run_crawl(settings, url, [source])
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"pages": stored, "seconds": seconds, "cpu": cpu, "peak_mb": _peak_mb()}


def worker_extract(count: int) -> dict[str, float]:
    """trafilatura.extract alone over the same ``count`` pages (only the calls are timed)."""
    import trafilatura

    base = "http://127.0.0.1:1"
    seconds = cpu = 0.0
    done = 0
    for number in range(count):
        html = page(base, number).decode("utf-8")
        started, cpu_started = time.perf_counter(), time.process_time()
        done += bool(trafilatura.extract(html, url=f"{base}/bai/{number}.html"))
        seconds += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
    return {"pages": done, "seconds": seconds, "cpu": cpu, "peak_mb": _peak_mb()}


def _run_worker(*args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _line(label: str, result: dict[str, float]) -> float:
    rate = result["pages"] / result["seconds"]
    print(
        f"  {label:<34} {rate:8.1f} pages/s  {result['pages']:>6.0f} pages in {result['seconds']:7.1f} s"
        f"  {1000 * result['cpu'] / max(result['pages'], 1):5.2f} ms CPU/page"
        f"  peak {result['peak_mb']:6.0f} MB"
    )
    return rate


def _fastest(runs: list[dict[str, float]]) -> dict[str, float]:
    return max(runs, key=lambda r: r["pages"] / r["seconds"])


def _crawl_once(count: int, concurrency: int, workers: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, serve(count) as base:
        db = str(Path(tmp) / "bench.db")
        return _run_worker("crawl", base, db, str(concurrency), str(workers), str(count))


def measure(count: int, concurrency: int, workers: list[int], repeat: int) -> None:
    """Print the baseline and each crawl mode for ``count`` pages."""
    print(f"{count} pages (from {len(templates())} demo pages), concurrency {concurrency}, best of {repeat}:")
    alone: list[dict[str, float]] = []
    crawls: dict[int, list[dict[str, float]]] = {w: [] for w in workers}
    for _ in range(repeat):  # interleaved, so that a burst of load elsewhere hits both sides
        alone.append(_run_worker("extract", str(count)))
        for w in workers:
            crawls[w].append(_crawl_once(count, concurrency, w))
    alone_rate = _line("baseline trafilatura.extract alone", _fastest(alone))
    for w, runs in crawls.items():
        crawl = _fastest(runs)
        rate = _line(f"crawl, extraction {'in-process' if not w else f'in {w} workers'}", crawl)
        print(f"    = {rate / alone_rate:.0%} of extract-alone; {crawl['pages']:.0f}/{count} pages stored")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    parser.add_argument("--repeat", type=int, default=1)
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
    if min(args.pages) < 1 or args.concurrency < 1 or args.repeat < 1 or min(args.workers) < 0:
        parser.error("--pages, --concurrency and --repeat must be at least 1, --workers at least 0")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    for count in args.pages:
        measure(count, args.concurrency, args.workers, args.repeat)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
