"""A loopback site for crawl tests: a function from a request path to a reply, served over HTTP/1.1 on
a free port of 127.0.0.1 (robots.txt allows everything; unknown paths answer 404)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pressmon.demo_site import base_url, serving

HTML = "text/html; charset=utf-8"
# (status, content type, body) for a path, given the site's base URL; None: 404.
Route = Callable[[str, str], tuple[int, str, bytes] | None]


@contextmanager
def serve_routes(route: Route, name: str) -> Iterator[str]:
    """Serve ``route`` until the block ends; yields the base URL."""
    state: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                reply: tuple[int, str, bytes] | None = (200, "text/plain", b"User-agent: *\nAllow: /\n")
            else:
                reply = route(self.path, state["base"])
            status, ctype, body = reply or (404, "text/plain", b"not found")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state["base"] = base_url(server)
    with serving(server, name):
        yield state["base"]
