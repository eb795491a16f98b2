"""A case followed end to end on a local site of three outlets that changes between polls: a flagged item
is alerted, a case is opened from it, two more outlets re-publish the story and join the case by
themselves, one outlet edits its article (one "edited" alert), another answers 410 and the third
redirects home (one "removed" alert each), and a second recheck tells nobody anything again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.clock import utcnow
from pipeline.review import cases
from pipeline.review.auth import Identity
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import Article, ArticleRevision, CaseCheck
from pressmon.demo_site import base_url, serving
from tests.support.cli import CliRun
from tests.support.files import write_registry
from tests.support.sinks import SmtpSink, smtp_sink

pytestmark = pytest.mark.slow

CALM = ("Hội chợ nông sản An Lão kéo dài năm ngày", "Hơn một trăm gian hàng giới thiệu đặc sản của huyện.")
ALARM = (
    "Người dân An Lão bức xúc vì chậm bồi thường giải phóng mặt bằng",
    "Hàng chục hộ dân xã An Hưng, huyện An Lão gửi đơn khiếu nại vì chậm bồi thường, dự án treo nhiều năm.",
)
EDITED = "Đính chính: dự án đã chi trả bồi thường cho các hộ dân xã An Hưng từ tháng trước."
OUTLETS = ("a", "b", "c")
LAN = Identity("lan", "analyst", utcnow())


@dataclass
class Item:
    slug: str
    title: str
    lead: str
    published: str = field(default_factory=lambda: (utcnow() - timedelta(minutes=5)).isoformat())
    status: int = 200  # 410: gone; 302: redirected to the outlet's home page


class Site:
    """Three outlets on one local server (``/a/``, ``/b/``, ``/c/``): each a feed and article pages."""

    def __init__(self) -> None:
        self.items: dict[str, list[Item]] = {o: [Item(f"le-hoi-{o}", *CALM)] for o in OUTLETS}
        self.asked: list[str] = []
        self.base = ""

    def feed(self, outlet: str) -> bytes:
        when = format_datetime(utcnow())
        entries = "".join(
            f"<item><title>{i.title}</title><link>{self.base}/{outlet}/tin/{i.slug}.html</link>"
            f"<description>{i.lead}</description><pubDate>{when}</pubDate></item>"
            for i in self.items[outlet]
        )
        channel = f"<channel><title>Báo {outlet}</title>{entries}</channel>"
        return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">{channel}</rss>'.encode()

    def find(self, outlet: str, slug: str) -> Item | None:
        return next((i for i in self.items.get(outlet, []) if i.slug == slug), None)

    @staticmethod
    def page(item: Item) -> bytes:
        body = "".join(
            f"<p>{item.lead} Đoạn {n}: người dân mong chính quyền sớm trả lời.</p>" for n in range(4)
        )
        return (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{item.title}</title>'
            f'<meta property="article:published_time" content="{item.published}"></head>'
            f"<body><article><h1>{item.title}</h1><p><strong>{item.lead}</strong></p>{body}</article></body></html>"
        ).encode()


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, content: bytes, kind: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(content)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(content)

        def do_GET(self) -> None:
            state.asked.append(self.path)
            parts = self.path.strip("/").split("/")
            if self.path == "/robots.txt":
                self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            elif len(parts) == 2 and parts[1] == "rss.xml":
                self._send(200, state.feed(parts[0]), "application/rss+xml")
            elif len(parts) == 1 and parts[0] in OUTLETS:  # an outlet's home page
                self._send(200, b"<html><body><h1>Trang chu</h1></body></html>", "text/html")
            elif len(parts) == 3 and (item := state.find(parts[0], parts[2].removesuffix(".html"))):
                if item.status == 302:
                    self._send(302, b"", "text/html", Location=f"{state.base}/{parts[0]}/")
                elif item.status != 200:
                    self._send(item.status, b"gone", "text/plain")
                else:
                    self._send(200, state.page(item), "text/html; charset=utf-8")
            else:
                self.send_error(404)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = base_url(server)
    with serving(server, "case-outlets"):
        yield state


def _setup(cli: CliRun, tmp_path: Path, site: Site, port: int, db_url: str) -> dict[str, str]:
    sources = [
        {
            "id": f"bao{o}",
            "name": f"Báo {o.upper()}",
            "kind": "local",
            "confidence": "A",
            "homepage": f"{site.base}/{o}/",
            "feeds": [f"{site.base}/{o}/rss.xml"],
        }
        for o in OUTLETS
    ]
    env = {
        "PRESSMON_DATABASE_URL": db_url,
        "PRESSMON_SOURCES": str(write_registry(tmp_path / "sources.yaml", sources)),
        "PRESSMON_CRAWL__ALLOW_PRIVATE_ADDRESSES": "true",
        "PRESSMON_CRAWL__DOWNLOAD_DELAY": "0",
        "PRESSMON_CRAWL__POLL_MINUTES": "0",
        "PRESSMON_CRAWL__RETRIES": "0",
        "PRESSMON_ALERTS__SMTP_HOST": "127.0.0.1",
        "PRESSMON_ALERTS__SMTP_PORT": str(port),
    }
    assert cli("init", env=env).returncode == 0
    added = cli(
        "users", "add", "lan", "--role", "analyst", "--password-stdin", stdin="mat-khau-dai-du\n", env=env
    )
    assert added.returncode == 0, added.stderr
    assert cli("alerts", "subscribe", "lan", "--email", "lan@example.org", env=env).returncode == 0
    return env


def _run(cli: CliRun, env: dict[str, str], *args: str) -> str:
    done = cli(*args, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _case_mail(mail: SmtpSink) -> list[str]:
    return [str(m["Subject"]) for m in mail.messages if "vụ việc" in str(m["Subject"])]


def _article_id(db_url: str, source_id: str, title: str) -> str:
    with Session(make_engine(db_url)) as session:
        found = session.scalar(
            select(Article.id).where(Article.source_id == source_id, Article.title == title)
        )
    assert found is not None
    return found


def test_a_case_follows_its_story_edits_and_removals(
    cli: CliRun, tmp_path: Path, site: Site, backend_url: str
) -> None:
    db_url = backend_url
    with smtp_sink() as (mail, port):
        env = _setup(cli, tmp_path, site, port, db_url)
        _run(cli, env, "poll")
        site.items["a"].append(Item("buc-xuc", *ALARM))
        _run(cli, env, "poll")
        assert f"[pressmon] Tin cần xem xét phản hồi: {ALARM[0]}" in [
            str(m["Subject"]) for m in mail.messages
        ]
        first = _article_id(db_url, "baoa", ALARM[0])

        engine = make_engine(db_url)
        with transaction(engine) as session:
            case_id = cases.open_case(
                session, LAN, article_id=first, title="Chậm bồi thường", claim="Dự án treo."
            )

        # Two more outlets re-publish the story: story grouping links them to the case by itself.
        for outlet in ("b", "c"):
            site.items[outlet].append(Item("buc-xuc-dang-lai", *ALARM))
        _run(cli, env, "poll")  # the first recheck of the case runs here too (due: never run)
        with Session(engine) as session:
            items = cases.case_items(session, case_id)
            assert {i.outlet: i.added_by for i in items} == {"Báo A": "lan", "Báo B": "auto", "Báo C": "auto"}
            assert {c.outcome for c in session.scalars(select(CaseCheck))} == {"unchanged"}
        assert _case_mail(mail) == []

        # Outlet A edits its article: the next recheck records it, keeps the old text, alerts once.
        site.find("a", "buc-xuc").lead = EDITED  # type: ignore[union-attr]
        out = _run(cli, env, "recheck")
        assert "1 edited" in out and "2 unchanged" in out
        with Session(engine) as session:
            article = session.get(Article, first)
            assert article is not None and article.revision == 2 and EDITED in article.body
            old = session.scalars(select(ArticleRevision).where(ArticleRevision.article_id == first)).one()
            assert ALARM[1] in old.body and EDITED not in old.body
            assert cases.revision_texts(session, first, 2)[1].startswith(ALARM[0])
        assert _case_mail(mail) == [f"[pressmon] Bài trong vụ việc đã bị sửa: {ALARM[0]}"]
        assert f"Vụ việc số {case_id}: Chậm bồi thường" in mail.messages[-1].get_content()

        # Outlet B answers 410, outlet C redirects to its home page: two removals, one alert each.
        site.find("b", "buc-xuc-dang-lai").status = 410  # type: ignore[union-attr]
        site.find("c", "buc-xuc-dang-lai").status = 302  # type: ignore[union-attr]
        out = _run(cli, env, "recheck")
        assert "2 removed" in out and "1 unchanged" in out
        removed = [s for s in _case_mail(mail) if "bị gỡ" in s]
        assert removed == [f"[pressmon] Bài trong vụ việc đã bị gỡ: {ALARM[0]}"] * 2
        bodies = [m.get_content() for m in mail.messages if "bị gỡ" in str(m["Subject"])]
        assert any("Kiểm tra lại: 410" in b for b in bodies)
        assert any("chuyển về trang chủ" in b for b in bodies)

        # A second recheck finds the same, and outlet A failing (503) is no removal: nothing is told again;
        # the removed articles are kept. A failed fetch makes the run exit 3 (tried again next time).
        site.find("a", "buc-xuc").status = 503  # type: ignore[union-attr]
        sent = len(mail.messages)
        again = cli("recheck", env=env)
        assert again.returncode == 3, again.stdout + again.stderr
        assert "2 removed, 1 failed" in again.stdout
        assert len(mail.messages) == sent
        with Session(engine) as session:
            kept = session.scalars(select(Article.id).where(Article.title == ALARM[0])).all()
            assert len(kept) == 3
            states = {i.outlet: i.state for i in cases.case_items(session, case_id)}
            assert states == {"Báo A": "edited", "Báo B": "removed", "Báo C": "removed"}
            kinds = [e.kind for e in cases.timeline(session, case_id)]
            assert kinds.count("removed") == 2 and kinds.count("edited") == 1 and "alert" in kinds
        engine.dispose()
