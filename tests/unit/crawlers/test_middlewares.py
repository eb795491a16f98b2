"""crawlers.middlewares: refusing requests to loopback, private and link-local hosts."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawlers.middlewares import PrivateAddressMiddleware, is_private_host


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "LOCALHOST",
        "app.localhost",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.0.1",
        "::1",
        "[::1]",
        "169.254.169.254",
        "fe80::1",
        "0.0.0.0",
        "localhost.",
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "::ffff:10.0.0.1",  # IPv4 mapped into IPv6
        "224.0.0.251",  # multicast
    ],
)
def test_private_hosts(host: str) -> None:
    assert is_private_host(host) is True


@pytest.mark.parametrize(
    "host", ["vnexpress.net", "8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "haiphong.gov.vn"]
)
def test_public_hosts(host: str) -> None:
    assert is_private_host(host) is False


def _check(middleware: PrivateAddressMiddleware, url: str) -> None:
    asyncio.run(middleware.process_request(Request(url)))


def test_middleware_refuses_private_address() -> None:
    with pytest.raises(IgnoreRequest, match=r"127\.0\.0\.1"):
        _check(PrivateAddressMiddleware(allow_private=False), "http://127.0.0.1:8000/a.html")


def test_middleware_lets_public_address_through() -> None:
    # No crawl resolver is installed in this process: names pass here and are judged at connection.
    _check(PrivateAddressMiddleware(allow_private=False), "https://vnexpress.net/a")


def test_middleware_allows_private_address_when_configured() -> None:
    _check(PrivateAddressMiddleware(allow_private=True), "http://127.0.0.1:8000/")
