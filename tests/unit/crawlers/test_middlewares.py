"""crawlers.middlewares: refusing requests to loopback, private and link-local hosts, and requests and
redirects out of their source's bounds."""

from __future__ import annotations

import asyncio
import re

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawlers.middlewares import (
    PrivateAddressMiddleware,
    RedirectTargetMiddleware,
    SourceScopeMiddleware,
    is_private_host,
)
from crawlers.spiders.registry import RegistrySpider
from pipeline.registry import SourceConfig


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


def _crawler_for(domains: list[str]) -> Crawler:
    crawler = get_crawler(RegistrySpider)
    source = SourceConfig(id="mot", name="Một", kind="local", confidence="A", domains=domains)
    crawler.spider = RegistrySpider.from_crawler(crawler, sources=[source])
    return crawler


def _redirect(location: str) -> tuple[Request, Response]:
    request = Request("https://mot.vn/a.html", meta={"source_id": "mot"})
    return request, Response(request.url, status=302, headers={"Location": location})


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("https://khac.example/a.html", "host khac.example is off the source's domains (mot.vn)"),
        ("https://mot.vn.khac.example/a.html", "host mot.vn.khac.example is off the source's domains"),
        ("file:///etc/passwd", "not an http(s) address"),
        ("file://mot.vn/dev/zero", "not an http(s) address"),
    ],
)
def test_a_redirect_out_of_the_source_is_dropped_with_its_target(location: str, reason: str) -> None:
    middleware = RedirectTargetMiddleware(_crawler_for(["mot.vn"]))
    with pytest.raises(IgnoreRequest, match=re.escape(f"redirect to {location}: {reason}")):
        middleware.process_response(*_redirect(location))


@pytest.mark.parametrize("location", ["/b.html", "https://www.mot.vn/b.html", "http://mot.vn/b.html"])
def test_a_redirect_within_the_source_is_followed(location: str) -> None:
    request, response = _redirect(location)
    assert RedirectTargetMiddleware(_crawler_for(["mot.vn"])).process_response(request, response) is response


def test_a_redirect_loop_is_still_named() -> None:
    request, response = _redirect("https://mot.vn/a.html")
    with pytest.raises(IgnoreRequest, match="redirect loop"):
        RedirectTargetMiddleware(_crawler_for(["mot.vn"])).process_response(request, response)


def test_every_request_is_held_to_its_source() -> None:
    middleware = SourceScopeMiddleware(_crawler_for(["mot.vn"]))
    refreshed = Request(
        "https://khac.example/x", meta={"source_id": "mot", "redirect_urls": ["https://mot.vn/"]}
    )
    with pytest.raises(
        IgnoreRequest, match=r"redirected to https://khac\.example/x: host khac\.example is off"
    ):
        middleware.process_request(refreshed)
    middleware.process_request(Request("https://mot.vn/b.html", meta={"source_id": "mot"}))
    middleware.process_request(Request("https://khac.example/robots.txt"))  # robots.txt: no source
