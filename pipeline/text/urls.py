"""Canonical URLs and the ids derived from them.

An article's id is a hash of its canonical URL, so crawling or importing the same article
again finds the same row (idempotence) however the outlet decorated the link.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that only track the reader; they never select a different article.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "_hs")
_TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "zarsrc", "zarsrc_id", "ref", "src", "igshid", "cmpid", "_ga"}
)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL without tracking parameters or fragment, with a lower-case host and sorted query."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    cleaned = urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned)


def article_id(canonical: str) -> str:
    """Stable 32-hex-digit id of an article from its canonical URL."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def domain_allowed(url: str, domains: list[str]) -> bool:
    """Whether ``url``'s host is one of ``domains`` or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in (d.lower() for d in domains))
