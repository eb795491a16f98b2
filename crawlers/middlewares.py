"""Downloader middlewares: sources kept to their domains, private addresses refused, redirect loops
named, retries backed off.

A redirect is a new request that the spider never saw: :class:`RedirectTargetMiddleware` holds its
target to the same rule as the spider's own requests (http(s), on the source's domains, by
:meth:`pipeline.registry.SourceConfig.refusal`) before Scrapy follows it, and
:class:`SourceScopeMiddleware` checks every request again before anything is sent (a ``<meta
refresh>`` redirect, say). An outlet's redirect to another host or to ``file://`` is dropped and
listed among the run's skips.

A crafted feed must not make the crawler reach the office's own network. IP literals and
``localhost`` are refused here at once; a host name is resolved here through the crawl's
:class:`crawlers.resolver.PublicAddressResolver`, so that a name answering with a private address
is dropped with a message naming it (the connection itself goes through the same resolver, which
refuses it again should the name change its answer). The demo and the tests set
``PRESSMON_ALLOW_PRIVATE``. A retried request (5xx, timeout) waits ``PRESSMON_RETRY_BACKOFF``
seconds, doubling with each retry, or what the outlet's ``Retry-After`` asked when that is longer
(up to a minute).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import sys
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future

from crawlers.resolver import PrivateAddressRefused, PublicAddressResolver, is_public_address

log = logging.getLogger(__name__)


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def is_private_host(host: str) -> bool:
    """Whether ``host`` names this machine or a non-public network by name or IP literal.

    Only what the host says as written; names are judged by what they resolve to (the resolver).
    """
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    return _is_ip_literal(host) and not is_public_address(host)


def _crawl_resolver() -> PublicAddressResolver | None:
    """The resolver Scrapy installed, when it is ours (never installs a reactor itself)."""
    reactor = sys.modules.get("twisted.internet.reactor")
    resolver = getattr(reactor, "resolver", None)
    return resolver if isinstance(resolver, PublicAddressResolver) else None


def _refusal(crawler: Crawler, request: Request, url: str) -> str | None:
    """Why ``request``'s source may not reach ``url`` (None also for robots.txt requests, which carry
    no source and go to the host of a request already checked)."""
    sources = getattr(crawler.spider, "sources", {})
    source = sources.get(request.meta.get("source_id"))
    return None if source is None else source.refusal(url)


class SourceScopeMiddleware:
    """Drop a request whose address its source may not reach (a redirect that got past
    :class:`RedirectTargetMiddleware`: the spider checks the requests it makes)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceScopeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        reason = _refusal(self.crawler, request, request.url)
        if reason is not None:
            how = "redirected to" if request.meta.get("redirect_urls") else "request for"
            raise IgnoreRequest(f"{how} {request.url}: {reason}")


class PrivateAddressMiddleware:
    """Drop requests to non-public addresses unless ``PRESSMON_ALLOW_PRIVATE`` is set."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressMiddleware:
        return cls(crawler.settings.getbool("PRESSMON_ALLOW_PRIVATE"))

    async def process_request(self, request: Request) -> None:
        if self.allow_private:
            return
        host = (urlsplit(request.url).hostname or "").lower()
        if is_private_host(host):
            raise IgnoreRequest(f"refused private address {host}")
        resolver = _crawl_resolver()
        if resolver is None or _is_ip_literal(host):
            return
        if host not in resolver.refused:
            try:  # answered from Scrapy's DNS cache after the first request to this host
                await maybe_deferred_to_future(resolver.getHostByName(host))
            except PrivateAddressRefused:
                pass
            except Exception as exc:  # the download fails on it too (handed over) and is retried
                resolver.hand_over_failure(host, exc)
                return
        if host in resolver.refused:
            raise IgnoreRequest(
                f"refused {host}: it resolves to the non-public address {resolver.refused[host]}"
            )


class RedirectTargetMiddleware:
    """Drop a redirect back to a URL already in the chain, or out of the source's bounds, with a
    message naming the loop or the target.

    Runs before Scrapy's RedirectMiddleware sees the response; without it the duplicate filter
    would silently swallow a looping request, and a redirect to ``file://`` would end as an
    unexplained "HTTP 302" failure (Scrapy leaves such redirects unfollowed).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectTargetMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status in (301, 302, 303, 307, 308) and location:
            target = urljoin(request.url, location.decode("latin-1"))
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if target in chain:
                raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}")
            if (reason := _refusal(self.crawler, request, target)) is not None:
                raise IgnoreRequest(f"redirect to {target}: {reason}")
        return response


RETRY_AFTER_MAX = 60.0


class RetryBackoffMiddleware:
    """Wait before sending a retry; runs next to Scrapy's RetryMiddleware (550)."""

    def __init__(self, base: float) -> None:
        self.base = base

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        return cls(crawler.settings.getfloat("PRESSMON_RETRY_BACKOFF"))

    async def process_request(self, request: Request) -> None:
        tries = int(request.meta.get("retry_times", 0))
        if tries <= 0:
            return
        delay = max(self.base * 2 ** (tries - 1), float(request.meta.get("pressmon_retry_after", 0)))
        log.info("retry %d of %s in %.1f s", tries, request.url, delay)
        await asyncio.sleep(delay)

    def process_response(self, request: Request, response: Response) -> Response:
        value = (response.headers.get("Retry-After") or b"").decode("latin-1").strip()
        if response.status >= 500 and value.isdigit():
            # RetryMiddleware copies this meta into the retry request it makes from ``request``.
            request.meta["pressmon_retry_after"] = min(float(value), RETRY_AFTER_MAX)
        return response
