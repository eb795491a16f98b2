"""pipeline.collect.outlets: imported outlet names meet the registry by id, name or the URL's domain."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.collect.outlets import OutletMatcher, outlet_key
from pipeline.registry import SourceConfig


def _source(id_: str, name: str, domains: list[str]) -> SourceConfig:
    return SourceConfig(id=id_, name=name, kind="national", domains=domains, confidence="A")


@pytest.fixture
def outlets() -> OutletMatcher:
    return OutletMatcher.from_registry(
        [
            _source("thanhnien", "Thanh Niên", ["thanhnien.vn"]),
            _source("vnexpress", "VnExpress", ["vnexpress.net"]),
            _source("dantri", "Dân Trí", ["dantri.com.vn"]),
            _source("haiphong-gov", "Cổng thông tin điện tử thành phố Hải Phòng", ["haiphong.gov.vn"]),
            _source("anlao-hp", "Cổng An Lão", ["anlao.haiphong.gov.vn"]),  # a subdomain of its own
        ]
    )


@pytest.mark.parametrize(
    "source",
    [
        "thanhnien",  # the id
        "Thanh Niên",  # the name
        "THANH NIÊN",
        "thanh nien",  # typed without diacritics
        " Thanh  Niên ",
        unicodedata.normalize("NFD", "Thanh Niên"),  # decomposed
        "Thanh-Niên",
    ],
)
def test_an_outlet_is_found_by_id_or_name_whatever_the_spelling(outlets: OutletMatcher, source: str) -> None:
    assert outlets.match(source) == "thanhnien"


def test_the_url_domain_decides_when_the_name_is_not_the_registrys(outlets: OutletMatcher) -> None:
    assert outlets.match("VnExpress - Kinh Doanh", "https://vnexpress.net/kinh-doanh/a-1.html") == "vnexpress"
    assert outlets.match("", "https://m.dantri.com.vn/xa-hoi/b.htm") == "dantri"  # a subdomain
    assert outlets.match("Báo lạ", "https://anlao.haiphong.gov.vn/tin/1") == "anlao-hp"  # the longer domain
    assert outlets.match("Báo lạ", "https://haiphong.gov.vn/tin/1") == "haiphong-gov"


def test_the_name_wins_over_the_domain_and_unknown_outlets_stay_unmatched(outlets: OutletMatcher) -> None:
    # A Thanh Niên article shared through another site's link is still Thanh Niên's.
    assert outlets.match("Thanh Niên", "https://vnexpress.net/x.html") == "thanhnien"
    assert outlets.match("VietNews", "https://vietnews.example/x.html") is None
    assert outlets.match("", "") is None
    assert outlets.match("Dân", "https://notdantri.com.vn/x") is None  # not a suffix match of the host


def test_outlet_keys_drop_case_diacritics_and_punctuation() -> None:
    assert outlet_key("Dân Trí") == outlet_key("dan-tri") == outlet_key("DAN TRI") == "dantri"
    assert outlet_key("Đời sống") == "doisong"
