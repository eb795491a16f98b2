"""crawlers.resolver: names that resolve to non-public addresses fail, and are remembered."""

from __future__ import annotations

import pytest

from crawlers.resolver import PrivateAddressRefused, PublicAddressResolver, is_public_address


def _checker() -> PublicAddressResolver:
    """The resolver's address check alone, without a reactor."""
    resolver = PublicAddressResolver.__new__(PublicAddressResolver)
    resolver.refused = {}
    return resolver


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.5", "169.254.169.254", "::1", "fd00::1"])
def test_resolver_fails_a_non_public_answer_and_remembers_it(address: str) -> None:
    resolver = _checker()
    with pytest.raises(PrivateAddressRefused, match=f"intranet.example resolves to .*{address}"):
        resolver._public_only(address, "intranet.example")
    assert resolver.refused == {"intranet.example": address}


def test_resolver_passes_a_public_answer() -> None:
    resolver = _checker()
    assert resolver._public_only("203.113.131.1", "vnexpress.net") == "203.113.131.1"
    assert resolver.refused == {}


@pytest.mark.parametrize("text", ["8.8.8.8", "2001:4860:4860::8888", "[2001:4860:4860::8888]"])
def test_public_addresses(text: str) -> None:
    assert is_public_address(text)


@pytest.mark.parametrize("text", ["192.168.1.1", "127.1", "not an address", "::ffff:127.0.0.1", "0.0.0.0"])
def test_non_public_or_unreadable_addresses(text: str) -> None:
    assert not is_public_address(text)
