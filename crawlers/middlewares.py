"""Downloader middleware that refuses requests to loopback, private and link-local addresses.

A crafted feed must not make the crawler reach the office's own network. IP literals and
``localhost`` are checked here; the demo and the tests set ``PRESSMON_ALLOW_PRIVATE``.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

log = logging.getLogger(__name__)


def is_private_host(host: str) -> bool:
    """Whether ``host`` names this machine or a private network by name or IP literal."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved


class PrivateAddressMiddleware:
    """Drop requests to private addresses unless ``PRESSMON_ALLOW_PRIVATE`` is set."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressMiddleware:
        return cls(crawler.settings.getbool("PRESSMON_ALLOW_PRIVATE"))

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if not self.allow_private and is_private_host(host):
            raise IgnoreRequest(f"refused private address {host}")
