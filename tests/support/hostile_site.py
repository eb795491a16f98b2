"""A hostile outlet on 127.0.0.1: pages written per test, reached under two host names.

The source's own host is ``127.0.0.1``; ``127.1`` is another host name for the same server (the
system resolver answers it with 127.0.0.1, the URL parser takes it for a name), standing for a site
off the source's domains. Pages write ``__BASE__`` for the source's address and ``__OTHER__`` for the
other host's; the server records every request with the host it was addressed to, so a test can
assert that nothing was asked of the other host. ``gzip_bomb`` builds a small gzip file that unpacks
to many bytes without ever holding them.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pressmon.demo_site import base_url, serving

OTHER_HOST = "127.1"


@dataclass(frozen=True)
class Page:
    """What one path answers: a body (placeholders filled in unless ``raw``), or a redirect."""

    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str = ""
    raw: bool = False


@dataclass
class HostileSite:
    """The served pages, both base addresses and the requests received as (host, path)."""

    pages: dict[str, Page]
    base_url: str = ""
    other_url: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fill(self, text: str) -> str:
        return text.replace("__BASE__", self.base_url).replace("__OTHER__", self.other_url)

    def requested(self, path: str, host: str = "127.0.0.1") -> bool:
        return any(h == host and p == path for h, p in self.requests)

    def hosts(self) -> set[str]:
        return {h for h, _ in self.requests}


def gzip_bomb(unpacked: int, head: bytes = b"", tail: bytes = b"", filler: bytes = b"\0") -> bytes:
    """A gzip file of ``head``, ``unpacked`` bytes of ``filler`` and ``tail``, compressed a megabyte at a
    time (the filler packs to about a thousandth of its size), so the whole is never held."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk, parts = filler * (1_000_000 // len(filler)), [packer.compress(head)]
    for start in range(0, unpacked, len(chunk)):
        parts.append(packer.compress(chunk[: unpacked - start]))
    parts += [packer.compress(tail), packer.flush()]
    return b"".join(parts)


def _handler(site: HostileSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            with site.lock:
                site.requests.append(((self.headers.get("Host") or "").rsplit(":", 1)[0], path))
            page = site.pages.get(path, Page(b"not found", "text/plain", 404))
            body = page.body if isinstance(page.body, bytes) else page.body.encode("utf-8")
            if not page.raw:
                body = site.fill(body.decode("utf-8")).encode("utf-8")
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(body)))
            if page.location:
                self.send_header("Location", site.fill(page.location))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serve_hostile_site(pages: dict[str, Page]) -> Iterator[HostileSite]:
    """Serve ``pages`` on a free port of 127.0.0.1; yields the site with both addresses set."""
    site = HostileSite(pages)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base_url = base_url(server)
    site.other_url = f"http://{OTHER_HOST}:{server.server_address[1]}"
    with serving(server, "hostile-site"):
        yield site
