"""Name resolution that refuses private answers: no request forgery through a crafted feed.

A feed or listing can name ``intranet.example`` that resolves to 10.0.0.5, or write 127.0.0.1 as
``127.1`` or ``2130706433``; checking the URL's host as written misses both. This resolver is the
one Scrapy connects through (``TWISTED_DNS_RESOLVER``): every answer, cached or fresh, is checked
before a connection is made to it, so a name that resolved to a public address once and to a
private one later (DNS rebinding) is refused too. It reads ``PRESSMON_ALLOW_PRIVATE`` (the demo
and the tests crawl 127.0.0.1) and Scrapy's DNS cache settings.

Twisted drops the reason of a failed lookup on its way to the connection, so the refusals are
kept in ``refused`` (host → address), where :class:`crawlers.middlewares.PrivateAddressMiddleware`
reads them to drop the request with a message that names the address.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.base import ReactorBase
from twisted.internet.defer import Deferred, fail
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

log = logging.getLogger(__name__)


class PrivateAddressRefused(DNSLookupError):
    """A name resolved to an address the crawler must not reach."""


def is_public_address(text: str) -> bool:
    """Whether ``text`` is an IP address on the public Internet (not private, loopback, link-local,
    shared, reserved, multicast or unspecified; IPv4 mapped into IPv6 judged as IPv4)."""
    try:
        address = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, failing any answer that is not a public address."""

    def __init__(self, reactor: ReactorBase, cache_size: int, timeout: float, allow_private: bool) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.allow_private = allow_private
        self.refused: dict[str, str] = {}
        self.just_failed: dict[str, BaseException] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: ReactorBase) -> PublicAddressResolver:
        # Scrapy passes its CrawlerProcess here, of which only the settings are used.
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(
            reactor, cache_size, settings.getfloat("DNS_TIMEOUT"), settings.getbool("PRESSMON_ALLOW_PRIVATE")
        )

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        failed = self.just_failed.pop(name, None)
        if failed is not None:
            return fail(failed)
        answer = super().getHostByName(name, timeout)
        answer.addErrback(self._report_failure, name)
        if not self.allow_private:
            answer.addCallback(self._public_only, name)
        return answer

    def hand_over_failure(self, name: str, error: BaseException) -> None:
        """Keep the failed lookup of ``name`` for the next one: the request middleware resolves
        before the download does, and a failure is not cached, so without this every attempt on a
        dead name would wait for the DNS twice."""
        self.just_failed[name] = error

    def _report_failure(self, failure: Failure, name: str) -> Failure:
        if not failure.check(PrivateAddressRefused):
            log.info("could not resolve %s: %s", name, failure.getErrorMessage())
        return failure

    def _public_only(self, address: str, name: str) -> str:
        if is_public_address(address):
            return address
        if name not in self.refused:
            log.warning("refused %s: it resolves to the non-public address %s", name, address)
        self.refused[name] = address
        raise PrivateAddressRefused(f"{name} resolves to the non-public address {address}")
