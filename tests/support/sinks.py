"""Where the tests' alerts land: a real SMTP server (aiosmtpd) and a webhook receiver on loopback.

The SMTP sink can hold a message at DATA (``hold``): the sender then waits for an answer that never
comes, the moment a test kills it; a held message is answered 451 and never counted as received.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from pressmon.demo_site import base_url, serving


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SmtpSink:
    """Messages accepted, in order; ``hold`` makes the next messages wait at DATA until ``release``."""

    messages: list[EmailMessage] = field(default_factory=list)
    hold: bool = False
    entered: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hold:
            self.entered.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"


@contextmanager
def smtp_sink() -> Iterator[tuple[SmtpSink, int]]:
    """A running SMTP sink and its port on 127.0.0.1."""
    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        sink.release.set()
        controller.stop()


@contextmanager
def webhook_sink() -> Iterator[tuple[list[tuple[dict[str, str], dict[str, Any]]], str]]:
    """A running webhook receiver: the (headers, JSON body) of each POST, and its URL."""
    received: list[tuple[dict[str, str], dict[str, Any]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            received.append((dict(self.headers), json.loads(self.rfile.read(length))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with serving(server, "webhook-sink"):
        yield received, f"{base_url(server)}/hook"
