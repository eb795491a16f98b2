"""The bundled demo site (``data/demo/site``) served on 127.0.0.1 for ``pressmon demo`` and the tests.

Files are served as they are, except that ``__BASE__`` in HTML, XML and text files becomes the
server's own address, so feeds and canonical links point at wherever the server listens.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pipeline.errors import PressmonError
from pipeline.registry import BASE_TOKEN
from pipeline.settings import DATA_DIR

log = logging.getLogger(__name__)

DEMO_DIR = DATA_DIR / "demo"
SITE_DIR = DEMO_DIR / "site"
DEMO_REGISTRY = DEMO_DIR / "sources.yaml"
_TEMPLATED = (".html", ".xml", ".txt")


class _Handler(SimpleHTTPRequestHandler):
    base_url = ""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_file() and path.suffix in _TEMPLATED:
            body = path.read_bytes().replace(BASE_TOKEN.encode(), self.base_url.encode())
            self.send_response(200)
            ctype = "application/rss+xml" if path.suffix == ".xml" else self.guess_type(str(path))
            charset = "" if "charset" in ctype else "; charset=utf-8"
            self.send_header("Content-Type", ctype + charset)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("demo site: " + format, *args)


@contextmanager
def serve_demo_site(port: int = 0, root: Path = SITE_DIR) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port when ``port`` is 0); yields the base URL."""
    # A subclass per server, so that two servers (parallel tests) keep their own base URL.
    handler: type[_Handler] = type("DemoHandler", (_Handler,), {})
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(root)))
    except OSError as exc:
        raise PressmonError(
            f"Cannot serve the demo site on 127.0.0.1:{port} ({exc.strerror}); try --port N."
        ) from exc
    handler.base_url = base_url(server)
    with serving(server, "demo-site"):
        yield handler.base_url


def base_url(server: ThreadingHTTPServer) -> str:
    """The address a server listening on 127.0.0.1 answers at."""
    return f"http://127.0.0.1:{server.server_address[1]}"


@contextmanager
def serving(server: ThreadingHTTPServer, name: str) -> Iterator[None]:
    """Run ``server`` in a daemon thread while the block runs, then shut it down and close it (the
    demo site here; the tests' local sites too)."""
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
