"""crawlers.middlewares and crawlers.resolver: refusing loopback, private and link-local hosts."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawlers.middlewares import PrivateAddressMiddleware, is_private_host
from crawlers.resolver import PrivateAddressRefused, PublicAddressResolver, is_public_address


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


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.5", "169.254.169.254", "::1", "fd00::1"])
def test_resolver_fails_a_non_public_answer_and_remembers_it(address: str) -> None:
    resolver = PublicAddressResolver.__new__(PublicAddressResolver)  # the check alone, no reactor
    resolver.refused = {}
    with pytest.raises(PrivateAddressRefused, match=f"intranet.example resolves to .*{address}"):
        resolver._public_only(address, "intranet.example")
    assert resolver.refused == {"intranet.example": address}


def test_resolver_passes_a_public_answer() -> None:
    resolver = PublicAddressResolver.__new__(PublicAddressResolver)
    resolver.refused = {}
    assert resolver._public_only("203.113.131.1", "vnexpress.net") == "203.113.131.1"
    assert resolver.refused == {}


@pytest.mark.parametrize("text", ["8.8.8.8", "2001:4860:4860::8888", "[2001:4860:4860::8888]"])
def test_public_addresses(text: str) -> None:
    assert is_public_address(text)


@pytest.mark.parametrize("text", ["192.168.1.1", "127.1", "not an address", "::ffff:127.0.0.1", "0.0.0.0"])
def test_non_public_or_unreadable_addresses(text: str) -> None:
    assert not is_public_address(text)
