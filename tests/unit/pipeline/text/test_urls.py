"""pipeline.text.urls: canonical URLs and the article ids derived from them; any text gives a URL or a
ValueError, nothing else."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.urls import article_id, canonical_url, domain_allowed
from tests.support.fuzz import FUZZ

ARTICLE = "https://vnexpress.net/hai-phong-khoi-cong-cau-4954454.html"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{ARTICLE}?utm_source=rss&utm_medium=feed", ARTICLE),
        (f"{ARTICLE}?UTM_Campaign=x", ARTICLE),
        (f"{ARTICLE}?fbclid=IwAR0abc", ARTICLE),
        (f"{ARTICLE}?gclid=1&zarsrc=30", ARTICLE),
        (f"{ARTICLE}#box_comment", ARTICLE),
        ("https://VnExpress.NET/hai-phong-khoi-cong-cau-4954454.html", ARTICLE),
        (f"  {ARTICLE}  ", ARTICLE),
    ],
    ids=["utm", "utm-upper-case", "fbclid", "gclid-zarsrc", "fragment", "host-case", "whitespace"],
)
def test_canonical_url_drops_decoration(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_sorts_query() -> None:
    assert (
        canonical_url("https://example.vn/tim?q=hai+phong&page=2")
        == "https://example.vn/tim?page=2&q=hai+phong"
    )


def test_canonical_url_keeps_meaningful_parameters() -> None:
    assert canonical_url("https://example.vn/tin?id=42&utm_source=fb") == "https://example.vn/tin?id=42"


def test_canonical_url_gives_empty_path_a_slash() -> None:
    assert canonical_url("http://example.vn") == "http://example.vn/"


def test_decorated_variants_share_one_article_id() -> None:
    variants = [
        ARTICLE,
        f"{ARTICLE}?utm_source=rss&utm_medium=feed#comments",
        f"{ARTICLE}?fbclid=abc",
        "https://VNEXPRESS.net/hai-phong-khoi-cong-cau-4954454.html",
    ]
    assert len({article_id(canonical_url(v)) for v in variants}) == 1


def test_different_articles_get_different_ids() -> None:
    other = "https://vnexpress.net/hai-phong-khoi-cong-cau-4954455.html"
    assert article_id(canonical_url(ARTICLE)) != article_id(canonical_url(other))


def test_article_id_is_32_hex_digits() -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", article_id(canonical_url(ARTICLE)))


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.vn/a",
        "javascript:alert(1)",
        "/tin-tuc/a.html",
        "mailto:bbt@example.vn",
        "",
        "https:///a",
    ],
)
def test_canonical_url_rejects_non_http(url: str) -> None:
    with pytest.raises(ValueError, match="not an absolute http"):
        canonical_url(url)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://vnexpress.net/a.html", True),
        ("https://e.vnexpress.net/a.html", True),
        ("https://VNEXPRESS.NET/a.html", True),
        ("https://notvnexpress.net/a.html", False),
        ("https://vnexpress.net.evil.example/a.html", False),
    ],
)
def test_domain_allowed(url: str, allowed: bool) -> None:
    assert domain_allowed(url, ["vnexpress.net"]) is allowed


@FUZZ
@given(st.text(max_size=80))
def test_url_canonicaliser_raises_only_value_error(text: str) -> None:
    try:
        result = canonical_url("https://tin.example/" + text)
    except ValueError:
        return
    assert result.startswith("https://tin.example/")
