"""`pressmon poll` against a local outlet whose feed changes between polls: feeds only, each new flagged
item alerted once by mail within one poll, sources not due left alone, the crawl lock shared."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from sqlalchemy import update

from pipeline.clock import utcnow
from pipeline.storage import crawl_leases
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import CrawlLease
from pressmon.demo_site import base_url, serving
from pressmon.locks import CRAWL_LOCK
from tests.support.cli import CliRun, init_with_subscriber
from tests.support.files import write_registry
from tests.support.sinks import SmtpSink, smtp_sink

pytestmark = pytest.mark.slow

CALM = ("hoi-cho", "Hội chợ nông sản An Lão kéo dài năm ngày", "Hơn một trăm gian hàng giới thiệu đặc sản.")
ALARM = (
    "buc-xuc",
    "Người dân An Lão bức xúc vì chậm bồi thường giải phóng mặt bằng",
    "Hàng chục hộ dân xã An Hưng, huyện An Lão gửi đơn khiếu nại vì chậm bồi thường, dự án treo nhiều năm.",
)


class Outlet:
    """A local outlet: a feed of the articles listed in ``items``, their pages, and a sitemap that a
    poll must never ask for; every path asked is recorded."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = [CALM]
        self.asked: list[str] = []
        self.base = ""

    def feed(self) -> bytes:
        when = format_datetime(utcnow())
        entries = "".join(
            f"<item><title>{title}</title><link>{self.base}/tin/{slug}.html</link>"
            f"<description>{lead}</description><pubDate>{when}</pubDate></item>"
            for slug, title, lead in self.items
        )
        channel = f"<channel><title>Báo Thử</title>{entries}</channel>"
        return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">{channel}</rss>'.encode()

    def page(self, slug: str) -> bytes | None:
        for known, title, lead in self.items:
            if known == slug:
                body = "".join(
                    f"<p>{lead} Đoạn {n}: người dân mong chính quyền sớm trả lời.</p>" for n in range(4)
                )
                return (
                    f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
                    f'<meta property="article:published_time" content="{utcnow().isoformat()}"></head>'
                    f"<body><article><h1>{title}</h1><p><strong>{lead}</strong></p>{body}</article></body></html>"
                ).encode()
        return None


@pytest.fixture
def outlet() -> Iterator[Outlet]:
    site = Outlet()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            site.asked.append(self.path)
            if self.path == "/robots.txt":
                content, kind = b"User-agent: *\nAllow: /\n", "text/plain"
            elif self.path == "/rss.xml":
                content, kind = site.feed(), "application/rss+xml"
            elif self.path.startswith("/tin/") and (found := site.page(self.path[5:-5])) is not None:
                content, kind = found, "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = base_url(server)
    with serving(server, "poll-outlet"):
        yield site


def _setup(cli: CliRun, tmp_path: Path, outlet: Outlet, port: int) -> dict[str, str]:
    source = {
        "id": "baothu",
        "name": "Báo Thử",
        "kind": "local",
        "confidence": "A",
        "homepage": f"{outlet.base}/",
        "feeds": [f"{outlet.base}/rss.xml"],
        "sitemaps": [f"{outlet.base}/sitemap.xml"],
    }
    registry = write_registry(tmp_path / "sources.yaml", [source])
    env = {
        "PRESSMON_SOURCES": str(registry),
        "PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true",
        "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0",
        "PRESSMON_CRAWL__POLL_MINUTES": "0",
        "PRESSMON_ALERTS__SMTP_HOST": "127.0.0.1",
        "PRESSMON_ALERTS__SMTP_PORT": str(port),
    }
    init_with_subscriber(cli, env)
    return env


def _poll(cli: CliRun, env: dict[str, str]) -> str:
    done = cli("poll", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _subjects(mail: SmtpSink) -> list[str]:
    return [str(m["Subject"]) for m in mail.messages]


def test_a_new_flagged_item_is_alerted_once_within_one_poll(
    cli: CliRun, tmp_path: Path, outlet: Outlet
) -> None:
    with smtp_sink() as (mail, port):
        env = _setup(cli, tmp_path, outlet, port)
        _poll(cli, env)
        assert mail.messages == []  # a fair-day item: nothing to tell
        outlet.items.append(ALARM)
        _poll(cli, env)
        assert _subjects(mail) == [f"[pressmon] Tin cần xem xét phản hồi: {ALARM[1]}"]
        _poll(cli, env)  # nothing new: nothing sent again
        assert len(mail.messages) == 1
        assert "Cơ quan báo chí: Báo Thử" in mail.messages[0].get_content()
    assert "/sitemap.xml" not in outlet.asked  # a poll reads feeds only
    # Three polls, each article page fetched once: what is stored is not fetched again.
    assert outlet.asked.count(f"/tin/{CALM[0]}.html") == 1
    assert outlet.asked.count(f"/tin/{ALARM[0]}.html") == 1


def test_a_source_polled_recently_waits_for_its_interval(cli: CliRun, tmp_path: Path, outlet: Outlet) -> None:
    with smtp_sink() as (_, port):
        env = _setup(cli, tmp_path, outlet, port)
        _poll(cli, env)
        asked = outlet.asked.count("/rss.xml")
        out = _poll(cli, {**env, "PRESSMON_CRAWL__POLL_MINUTES": "30"})
    assert "Not due yet: baothu." in out
    assert outlet.asked.count("/rss.xml") == asked


def test_a_poll_while_a_crawl_runs_exits_75_at_once(cli: CliRun, tmp_path: Path, outlet: Outlet) -> None:
    with smtp_sink() as (_, port):
        env = _setup(cli, tmp_path, outlet, port)
        lock = FileLock(str(tmp_path / "var" / CRAWL_LOCK))
        with lock.acquire(timeout=5):
            refused = cli("poll", env=env)
    assert refused.returncode == 75
    assert "holds" in refused.stderr
    assert outlet.asked == []


def test_a_poll_leaves_a_source_another_server_crawls(cli: CliRun, tmp_path: Path, outlet: Outlet) -> None:
    """Poll crawls through the same leases as weekly: a source another server's live crawl holds is
    not polled here (exit 75 when it is the only one due), and is polled once that lease lapsed."""
    with smtp_sink() as (_, port):
        env = _setup(cli, tmp_path, outlet, port)
        engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'pressmon.db'}")
        elsewhere = crawl_leases.Holder("run-elsewhere", "may-2:/opt/pressmon/var", 812)
        with transaction(engine) as session:
            crawl_leases.acquire(session, elsewhere, ["baothu"], utcnow(), timedelta(minutes=3))
        refused = cli("poll", env=env)
        assert refused.returncode == 75, refused.stdout + refused.stderr
        assert "being crawled by another server: baothu (may-2:/opt/pressmon/var, pid 812)" in refused.stderr
        assert outlet.asked == []
        with transaction(engine) as session:  # the other server died three minutes ago
            session.execute(update(CrawlLease).values(expires_at=utcnow() - timedelta(seconds=1)))
        _poll(cli, env)
    assert outlet.asked.count("/rss.xml") == 1
