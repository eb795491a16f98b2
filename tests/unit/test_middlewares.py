"""crawlers.middlewares: refusing loopback, private and link-local hosts."""

from __future__ import annotations

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
    ],
)
def test_private_hosts(host: str) -> None:
    assert is_private_host(host) is True


@pytest.mark.parametrize(
    "host", ["vnexpress.net", "8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "haiphong.gov.vn"]
)
def test_public_hosts(host: str) -> None:
    assert is_private_host(host) is False


def test_middleware_refuses_private_address() -> None:
    with pytest.raises(IgnoreRequest, match=r"127\.0\.0\.1"):
        PrivateAddressMiddleware(allow_private=False).process_request(Request("http://127.0.0.1:8000/a.html"))


def test_middleware_lets_public_address_through() -> None:
    assert (
        PrivateAddressMiddleware(allow_private=False).process_request(Request("https://vnexpress.net/a"))
        is None
    )


def test_middleware_allows_private_address_when_configured() -> None:
    assert (
        PrivateAddressMiddleware(allow_private=True).process_request(Request("http://127.0.0.1:8000/"))
        is None
    )
