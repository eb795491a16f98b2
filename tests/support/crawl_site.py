"""Serve the crawl fixture site on 127.0.0.1 with its faults, charsets and a second "week".

Pages are served from this folder; in week 2 a file under ``week2/`` replaces the one of the same
path (the feed has rolled over, the listing has new items, one article was edited). Placeholders
``__ISO(h)__``, ``__VIS(h)__`` and ``__RFC(h)__`` become the site clock minus ``h`` hours (ISO,
VnExpress-style visible date, RFC-822), ``__BASE__`` the server's address. File names choose the
bytes on the wire: ``.cp1258.`` (Windows-1258 with combining tone marks, charset only in
<meta>), ``.nfd.`` (NFD UTF-8), ``.utf16.`` (UTF-16 with BOM, no charset anywhere but the BOM),
``.bom.`` (UTF-8 BOM while the header claims ISO-8859-1). Paths under ``/loi/`` are faults: a 503
that clears on retry, a slow page, a 404, a redirect loop, and two pages of 50 MB (one announcing
its length, one not), streamed in chunks: the crawler must hang up, never read them whole.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pressmon.demo_site import base_url, serving
from tests.support.clock import vietnam_now
from tests.support.paths import FIXTURES

SITE_DIR = FIXTURES / "crawl_site"
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
_PLACEHOLDER = re.compile(r"__(ISO|VIS|RFC)\((\d+)\)__")


@dataclass
class SiteState:
    """What the tests change and observe: the week served, the clock, the requests received."""

    now: datetime
    base_url: str = ""
    week: int = 1
    slow_seconds: float = 1.5
    huge_bytes: int = 50_000_000
    huge_sent: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[int, str]] = field(default_factory=list)
    times: dict[str, list[float]] = field(default_factory=dict)
    served_503: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def published(self, hours_ago: int) -> datetime:
        return self.now - timedelta(hours=hours_ago)

    def requested(self, path: str, week: int | None = None) -> int:
        return sum(1 for w, p in self.requests if p == path and (week is None or w == week))


def _fill(text: str, state: SiteState) -> str:
    def value(match: re.Match[str]) -> str:
        when = state.published(int(match[2]))
        if match[1] == "ISO":
            return when.isoformat()
        if match[1] == "RFC":
            return format_datetime(when)
        return f"{WEEKDAYS[when.weekday()]}, {when.day}/{when.month}/{when.year}, {when:%H:%M} (GMT+7)"

    return _PLACEHOLDER.sub(value, text.replace("__BASE__", state.base_url))


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: letters with circumflex, breve or horn precomposed, tone marks combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones)
    return "".join(out).encode("cp1258")


def _encode(name: str, text: str) -> tuple[bytes, str]:
    """The bytes and Content-Type of a page, chosen by its file name."""
    if ".cp1258." in name:
        return to_cp1258(text), "text/html"
    if ".nfd." in name:
        return unicodedata.normalize("NFD", text).encode("utf-8"), "text/html; charset=utf-8"
    if ".utf16." in name:
        return text.encode("utf-16"), "text/html"
    if ".bom." in name:
        return b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html; charset=iso-8859-1"
    if name.endswith(".xml"):
        return text.encode("utf-8"), "application/rss+xml; charset=utf-8"
    if name.endswith(".txt"):
        return text.encode("utf-8"), "text/plain; charset=utf-8"
    return text.encode("utf-8"), "text/html; charset=utf-8"


class _Handler(BaseHTTPRequestHandler):
    state: SiteState

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _file(self, path: str) -> Path | None:
        relative = path.lstrip("/") or "index.html"
        if ".." in relative:
            return None
        candidates = [SITE_DIR / "week2" / relative] if self.state.week == 2 else []
        return next((c for c in [*candidates, SITE_DIR / relative] if c.is_file()), None)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        with self.state.lock:
            self.state.requests.append((self.state.week, path))
            self.state.times.setdefault(path, []).append(time.monotonic())
        if self._fault(path):
            return
        found = self._file(path)
        if found is None or found.suffix == ".py" or found.name == "expected.yaml":
            self._send(404, b"<html><body>Khong tim thay</body></html>", "text/html")
            return
        text = _fill(found.read_text(encoding="utf-8"), self.state)
        self._send(200, *_encode(found.name, text))

    def _fault(self, path: str) -> bool:
        if path == "/loi/tam-thoi-loi-503.html":
            with self.state.lock:
                first = path not in self.state.served_503
                self.state.served_503.add(path)
            if first:
                self._send(503, b"busy", "text/plain", {"Retry-After": "2"})
                return True
            self._serve_as(path, "/tin/tam-thoi-loi-503.html")
            return True
        if path == "/loi/trang-cham.html":
            time.sleep(self.state.slow_seconds)
            self._serve_as(path, "/tin/trang-cham.html")
            return True
        loop = {"/loi/vong-a.html": "/loi/vong-b.html", "/loi/vong-b.html": "/loi/vong-a.html"}
        if path in loop:
            self._send(302, b"", "text/html", {"Location": self.state.base_url + loop[path]})
            return True
        if path in ("/loi/qua-lon.html", "/loi/qua-lon-khong-do-dai.html"):
            self._stream_huge(path, with_length=path == "/loi/qua-lon.html")
            return True
        return False

    def _stream_huge(self, path: str, with_length: bool) -> None:
        """``huge_bytes`` of page in chunks (never held whole); without a length, ended by closing."""
        head, chunk, tail = b"<html><body>", "<p>Trang rất lớn.</p>\n".encode() * 3000, b"</body></html>"
        count = max(1, (self.state.huge_bytes - len(head) - len(tail)) // len(chunk))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if with_length:
            self.send_header("Content-Length", str(len(head) + count * len(chunk) + len(tail)))
        self.end_headers()
        sent = 0
        try:
            for part in (head, *([chunk] * count), tail):
                self.wfile.write(part)
                sent += len(part)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up, as it should
        finally:
            with self.state.lock:
                self.state.huge_sent[path] = sent

    def _serve_as(self, path: str, source: str) -> None:
        found = self._file(source)
        assert found is not None, source
        self._send(200, *_encode(found.name, _fill(found.read_text(encoding="utf-8"), self.state)))


@contextmanager
def serve_crawl_site() -> Iterator[SiteState]:
    """Serve the site on a free port of 127.0.0.1; yields its state (``base_url`` set)."""
    state = SiteState(now=vietnam_now())
    handler = type("CrawlSiteHandler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.base_url = base_url(server)
    with serving(server, "crawl-site"):
        yield state
